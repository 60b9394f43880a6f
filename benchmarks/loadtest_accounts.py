"""The load test's signed-in accounts on the 10x data set (`make loadtest LOADTEST_DATABASE=…`):
`add` gives the showcase member the government official, the civil-society forum member and the
plan in co-creation with drafts of benchmarks.signed_in_bench, with PASSWORD; `remove` takes
them away again. The demo data has its own accounts (benchmarks.locustfile.DEMO_PASSWORD).

    python -m benchmarks.loadtest_accounts add|remove   # prints the official's username
"""

import os
import sys

PASSWORD = "loadtest-official-2026"


def add() -> str:
    from benchmarks import signed_in_bench
    from members.models import User

    signed_in_bench.remove_added()
    setup = signed_in_bench.add_users_and_drafts()
    for user in User.objects.filter(pk__in=[setup.official_id, setup.cso_id]):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return User.objects.get(pk=setup.official_id).username


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")
    import django

    django.setup()
    from benchmarks import signed_in_bench

    if sys.argv[1:] == ["add"]:
        print(add())
    elif sys.argv[1:] == ["remove"]:
        signed_in_bench.remove_added()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
