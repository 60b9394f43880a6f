"""`python -m ogp_portal.healthcheck [/readyz]`: exit 0 when this container's /healthz (or the
path given, such as /readyz) answers 200.

Docker runs it inside the web container (the slim image has no curl). It sends a Host header
taken from ALLOWED_HOSTS, so that Django's host validation accepts the request."""

import os
import sys
import urllib.error
import urllib.request


def allowed_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else "/healthz"
    request = urllib.request.Request(
        f"http://127.0.0.1:8000{path}", headers={"Host": allowed_host()}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
