"""`make bench` cannot rot: its two paths run on a handful of rows and must agree. No timing."""

import os

import orjson
import pytest
from django.test import Client

from benchmarks import api_bench, dataset, pages_bench

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


class InTransactionClient:
    """The benchmark's client interface over Django's test client, which keeps the test's
    transaction open (a bare WSGI call would close the connection after each request)."""

    cookie = ""  # set by benchmarks.irm_bench, as on api_bench.WsgiClient
    authorization = ""  # set by benchmarks.signed_in_bench for its token requests

    def _headers(self) -> dict[str, str]:
        headers = {"HTTP_COOKIE": self.cookie} if self.cookie else {}
        if self.authorization:
            headers["HTTP_AUTHORIZATION"] = self.authorization
        return headers

    def get(
        self, path: str, query: dict | str, accept: str = "application/json"
    ) -> tuple[str, bytes]:
        response = Client().get(
            f"{path}?{query}" if isinstance(query, str) else path,
            {} if isinstance(query, str) else query,
            HTTP_ACCEPT=accept,
            **self._headers(),
        )
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return str(response.status_code), body

    def get_path(self, path_and_query: str) -> bytes:
        headers = self._headers()
        response = Client().get(path_and_query, **headers)
        assert response.status_code == 200, path_and_query
        return response.content


TINY = dataset.Size(
    members=2, plans_per_member=2, commitments_per_plan=3, milestones_per_commitment=2
)


def test_the_api_and_its_rows_without_the_framework_return_the_same_commitments():
    dataset.build(TINY)
    assert dataset.is_built(TINY)

    seen = []
    for page in (1, 2, 3):
        api_body = api_bench.api_page(InTransactionClient(), page, page_size=5)
        rows_body = api_bench.rows_page(page, page_size=5)
        api = api_bench.summary(api_body)

        assert orjson.loads(api_body)["results"] == orjson.loads(rows_body)["results"]
        assert {milestones for _ogp_id, milestones in api} == {2}
        seen += [ogp_id for ogp_id, _milestones in api]
    assert len(seen) == len(set(seen)) == TINY.commitments


SMALL_WITH_SHOWCASE = dataset.Size(
    members=2,
    plans_per_member=1,
    commitments_per_plan=3,
    milestones_per_commitment=1,
    progress_per_commitment=2,
    assessed_per_plan=2,
    showcase=True,
    users_per_member=2.5,
)


def test_every_benchmarked_page_answers_and_reports_its_queries():
    dataset.build(SMALL_WITH_SHOWCASE)
    assert dataset.is_built(SMALL_WITH_SHOWCASE)

    results = pages_bench.run(InTransactionClient(), SMALL_WITH_SHOWCASE, requests=2, warmup=0)

    assert len(results) == 10
    assert any(row["page"].startswith("member list") for row in results)
    assert all(row["queries"] > 0 and row["p95_ms"] > 0 for row in results)
    assert "| home `/` |" in pages_bench.markdown_table(results)


FIVE_CYCLES = dataset.Size(
    members=3,
    plans_per_member=5,
    commitments_per_plan=2,
    milestones_per_commitment=2,
    assessed_per_plan=1,
    users_per_member=2,
)


def test_the_deadline_calendar_benchmark_hands_out_reminders_and_leaves_the_data_set_as_built(
    django_capture_on_commit_callbacks,
):
    """(The reminders are handed out once each batch commits, which the test's transaction
    never does: the jobs' own counts are checked.)"""
    from action_plans.models import ActionPlan
    from benchmarks import calendar_bench
    from members.models import User

    dataset.build(FIVE_CYCLES)
    plans = ActionPlan.objects.count()

    with django_capture_on_commit_callbacks(execute=False) as handed_to_on_commit:
        rows = calendar_bench.run(calendar_bench.BENCH_DAY)

    handed_out = {(row["scale"], row["job"]): row["result"] for row in rows}
    # The points of contact and forum co-chairs: the benchmark's and the data set's, two each.
    assert handed_out[("10x", "plan submission (flag missed, remind)")] == 3 * 4
    # each report: its five researchers; its comment period: the forum (4) and the researchers
    assert handed_out[("10x", "IRM reports due, comment periods closing")] == 3 * (5 + 4 + 5)
    assert handed_out[("10x", "milestones ending")] > 0
    # each member's two points of contact
    assert handed_out[("10x", "consultations closing with inputs unanswered")] == 3 * 2
    assert len(handed_to_on_commit) == sum(
        row["result"] for row in rows if isinstance(row["result"], int)
    )
    assert all(row["seconds"] >= 0 and row["peak_mb"] >= 0 for row in rows)
    assert "| 10x (3 members) |" in calendar_bench.markdown_table(rows)
    assert ActionPlan.objects.count() == plans
    assert not User.objects.filter(username__startswith=calendar_bench.PREFIX).exists()
    assert dataset.is_built(FIVE_CYCLES)


def test_the_irm_pages_answer_signed_in_and_the_benchmark_removes_what_it_added():
    from benchmarks import irm_bench
    from irm_reviews.models import ReviewCycle
    from members.models import User

    dataset.build(SMALL_WITH_SHOWCASE)
    cycles, users = ReviewCycle.objects.count(), User.objects.count()

    results = irm_bench.run(InTransactionClient(), requests=2, warmup=0)

    assert [row["page"].split(" ")[:2] for row in results] == [
        ["IRM", "workspace"],
        ["IRM", "review"],
        ["IRM", "assessment"],
    ]
    assert all(row["queries"] > 0 for row in results)
    assert (ReviewCycle.objects.count(), User.objects.count()) == (cycles, users)


ASSESSED = dataset.Size(
    members=4,
    plans_per_member=2,
    commitments_per_plan=5,
    milestones_per_commitment=2,
    assessed_per_plan=5,
)


def test_every_api_case_and_its_raw_limit_give_the_same_body():
    from benchmarks import api_cases

    dataset.build(ASSESSED)
    client = InTransactionClient()

    rows_seen = {}
    for case in api_cases.cases(client):
        for n in range(12):
            api = api_cases.comparable(case, api_cases.api_body(client, case, n))
            assert api == api_cases.comparable(case, case.limit(n)), (case.name, n)
            rows_seen[case.name] = rows_seen.get(case.name, 0) + (
                api.count(b"\r\n") - 1 if case.csv else len(api[1]) if isinstance(api, tuple) else 1
            )
    assert len(rows_seen) == 6
    assert all(rows_seen.values()), rows_seen


def test_the_api_cases_report_their_queries_and_ratio():
    from benchmarks import api_cases

    dataset.build(ASSESSED)

    results = api_cases.run(InTransactionClient(), requests=2, warmup=0)

    assert all(row["api_queries"] > 0 and row["limit_queries"] > 0 for row in results)
    assert "| detail `GET /api/v1/commitments/<ogp_id>/` |" in api_cases.markdown_table(results)


def test_the_real_data_set_has_its_own_database_on_the_bench_server(monkeypatch):
    from benchmarks import api_cases

    monkeypatch.delenv("BENCH_REAL_DATABASE_URL", raising=False)
    assert (
        api_cases.real_database_url("postgres://postgres@db:5432/ogp_bench")
        == "postgres://postgres@db:5432/ogp_bench_real"
    )
    monkeypatch.setenv("BENCH_REAL_DATABASE_URL", "postgres://u@h/real")
    assert (
        api_cases.real_database_url("postgres://postgres@db:5432/ogp_bench")
        == "postgres://u@h/real"
    )


def test_signed_in_and_token_requests_answer_and_the_benchmark_removes_what_it_added():
    from action_plans.models import ActionPlan
    from benchmarks import signed_in_bench
    from commitments.models import Commitment
    from core.models import ApiToken
    from members.models import ForumSeat, MultiStakeholderForum, User

    dataset.build(SMALL_WITH_SHOWCASE)

    def counts():
        return [
            model.objects.count()
            for model in (User, ActionPlan, Commitment, ForumSeat, MultiStakeholderForum, ApiToken)
        ]

    before = counts()

    results = signed_in_bench.run(InTransactionClient(), requests=2, warmup=0)

    assert {(row["page"].split(" ")[0], row["identity"]) for row in results} >= {
        ("API", "anonymous"),
        ("API", "token"),
        ("API", "session"),
        ("home", "official"),
        ("commitment", "CSO forum member"),
    }
    assert len(results) == 3 + 4 * 3 + 1  # the API, four pages, the edit form
    assert all(row["queries"] > 0 and row["ratio"] > 0 for row in results)
    api = {row["identity"]: row["queries"] for row in results if row["page"].startswith("API")}
    assert api["token"] > api["anonymous"] and api["session"] > api["anonymous"]  # signed in
    assert "| home `/` | official |" in signed_in_bench.markdown_table(results)
    assert counts() == before
    assert dataset.is_built(SMALL_WITH_SHOWCASE)


def test_the_jobs_benchmark_runs_each_job_at_both_scales_and_leaves_the_data_set_as_built(
    tmp_path,
):
    from action_plans.models import ActionPlan
    from benchmarks import jobs_bench
    from core.models import Event
    from members.models import Member, User
    from ogp_portal.notifications.models import DeadlineNotice, Digest

    dataset.build(FIVE_CYCLES)
    members, plans = Member.objects.count(), ActionPlan.objects.count()
    export = _export_head(tmp_path / "export.csv", 12)

    rows = jobs_bench.run(
        export=export, import_scales=(("1x", 1), ("10x", 3)), digest_people={"1x": 3, "10x": 7}
    )

    by_job = {(row["scale"], row["job"].split(" (")[0]): row for row in rows}
    # each member's two points of contact, the benchmark's and the data set's
    assert by_job[("10x", "consultations closing with inputs unanswered")]["result"] == 3 * 2
    assert by_job[("10x", "followers' deadline notices")]["result"] > 0
    assert [by_job[(scale, "daily digests handed out")]["result"] for scale in ("1x", "10x")] == [
        3,
        7,
    ]
    dumped = by_job[("10x", "open-data dump")]["result"]["rows"]
    assert 0 < by_job[("1x", "open-data dump")]["result"]["rows"] <= dumped
    imported = [by_job[(scale, "OGP export import")]["result"] for scale in ("1x", "10x")]
    assert imported == [
        {"rows": 12, "created": 12, "rejected": 0},
        {"rows": 36, "created": 36, "rejected": 0},
    ]
    assert all(row["queries"] > 0 and row["peak_mb"] >= 0 for row in rows)
    assert "| 10x (36 rows) | OGP export import |" in jobs_bench.markdown_table(rows)
    assert (Member.objects.count(), ActionPlan.objects.count()) == (members, plans)
    assert not User.objects.filter(username__startswith="bench-").exists()
    # The followers' notices and the digests' notifications were rolled back (events are
    # append-only); the reminders' own events are the calendar's, as in production.
    assert not Event.objects.filter(kind__in=["milestone.ending", "consultation.closing"]).exists()
    assert not (DeadlineNotice.objects.exists() or Digest.objects.exists())
    assert dataset.is_built(FIVE_CYCLES)


def _export_head(path, count: int):
    """The header and first `count` rows of OGP's export (its texts hold line breaks)."""
    import csv

    from benchmarks import jobs_bench

    with (
        jobs_bench.OGP_EXPORT.open(encoding="utf-8-sig", newline="") as source,
        path.open("w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.reader(source)
        csv.writer(out).writerows(next(reader) for _n in range(count + 1))
    return path


PEOPLE = dataset.Size(
    members=4,
    plans_per_member=2,
    commitments_per_plan=2,
    milestones_per_commitment=2,
    assessed_per_plan=2,
    users_per_member=2.5,
)


def test_the_data_set_has_people_forums_consultations_and_both_kinds_of_report():
    from commitments.models import Commitment, ConsultationInput, ConsultationText
    from irm_reviews.models import CommitmentAssessment, ReviewKind
    from members.models import ForumSeat, Member, Role, Sector, User

    dataset.build(PEOPLE)
    assert dataset.is_built(PEOPLE)

    members = Member.objects.order_by("name")
    assert [member.users.count() for member in members] == [2, 3, 2, 3]
    assert User.objects.count() == PEOPLE.users == 10
    assert not User.objects.filter(username__startswith="bench-").exists()
    assert not any(user.has_usable_password() for user in User.objects.all())
    for member in members:
        chairs = ForumSeat.objects.filter(forum__member=member, is_co_chair=True)
        assert sorted(chairs.values_list("sector", flat=True)) == [
            Sector.CIVIL_SOCIETY,
            Sector.GOVERNMENT,
        ]
        assert member.users.filter(role=Role.POINT_OF_CONTACT).count() == 1
        latest = member.action_plans.get(number=PEOPLE.plans_per_member)
        inputs = ConsultationInput.objects.filter(consultation__plan=latest)
        assert inputs.count() == 3
        assert set(inputs.values_list("author__role", flat=True)) == {Role.CIVIL_SOCIETY}
        assert inputs.filter(response__isnull=False).count() == 2
        assert ConsultationText.objects.filter(consultation__plan=latest).count() == 2
    kinds = {
        kind: CommitmentAssessment.objects.filter(cycle__kind=kind)
        for kind in (ReviewKind.RESULTS_REPORT, ReviewKind.ACTION_PLAN_REVIEW)
    }
    assert kinds[ReviewKind.RESULTS_REPORT].filter(cycle__plan__number=1).count() == 4 * 2
    design = kinds[ReviewKind.ACTION_PLAN_REVIEW]
    assert design.filter(cycle__plan__number=2).count() == 4 * 2
    assert not design.exclude(completion="").exists()
    assert not design.filter(verifiable="").exists()
    # The stored completion is the results reports' word, never the design reviews'.
    assert Commitment.objects.filter(plan__number=1).exclude(completion_irm_assessed="").exists()
    assert (
        not Commitment.objects.filter(plan__number=2).exclude(completion_irm_assessed="").exists()
    )


def test_the_load_test_writes_each_user_class_rate_percentiles_and_errors_for_make_bench(
    tmp_path,
):
    """The locust file's own report, in its own process (locust patches the standard library
    when imported): two classes' requests counted, one of them a 500."""
    import subprocess
    import sys

    figures_path = tmp_path / "figures.json"
    script = """
from types import SimpleNamespace
from benchmarks import locustfile
for ms in (10, 20, 30, 40):
    locustfile._count(SimpleNamespace(status_code=200), None, ms, {"user_class": "Visitor"})
locustfile._count(SimpleNamespace(status_code=500), None, 90, {"user_class": "ApiReader"})
environment = SimpleNamespace(process_exit_code=0)
locustfile._report(environment)
assert environment.process_exit_code == 1
"""
    subprocess.run(
        [sys.executable, "-c", script],
        cwd=api_bench.ROOT,
        env={**os.environ, "LOADTEST_JSON": str(figures_path), "PYTHONPATH": str(api_bench.ROOT)},
        check=True,
        capture_output=True,
    )

    figures = orjson.loads(figures_path.read_bytes())
    assert figures["statuses"] == {"200": 4, "500": 1}
    by_name = {row["name"]: row for row in figures["classes"]}
    assert by_name["Visitor"]["requests"] == 4
    assert by_name["Visitor"]["median_ms"] == 20
    assert by_name["Visitor"]["p99_ms"] == 40
    assert by_name["Visitor"]["errors"] == 0
    assert by_name["ApiReader"]["errors"] == 1
    assert by_name["all"]["requests"] == 5
    assert by_name["all"]["errors"] == 1


def test_the_throughput_section_names_the_answers_and_every_user_class():
    from benchmarks import throughput_bench

    rows = throughput_bench.class_figures(
        {"Visitor": [5.0, 15.0], "ApiReader": [7.0]}, {"ApiReader": 0}, seconds=2.0
    )
    text = throughput_bench.markdown(
        {"seconds": 2.0, "classes": rows, "statuses": {"200": 3}, "users": 2, "output": "x.txt"}
    )

    assert "answers by status: 200: 3" in text
    assert "| Visitor | 2 | 1.0 | 5 | 15 | 15 | 0 |" in text
    assert "| all | 3 | 1.5 | 7 | 15 | 15 | 0 |" in text


def test_the_load_test_copy_is_its_own_database_on_the_bench_server():
    from benchmarks import throughput_bench

    copy = throughput_bench._copy_url("postgres://postgres@db.example:5432/ogp_bench")

    assert copy == "postgres://postgres@db.example:5432/ogp_bench_loadtest"


def _other_sessions_end(bench_url: str, name: str) -> None:
    """A template copy needs the source database to itself. `make bench` has no other session
    on it; the suite does: earlier tests' threads leave their idle connections open."""
    from django.db import connections

    from benchmarks.databases import server_admin

    connections.close_all()
    with server_admin(bench_url) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND state = 'idle'",
            (name,),
        )


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_throughput_benchmark_load_tests_a_copy_through_gunicorn_and_drops_it(
    tmp_path, monkeypatch
):
    """The whole path of `make bench`'s throughput, for a few seconds: the data set copied,
    run_loadtest.sh (gunicorn, locust, the signed-in accounts), the figures read back, the copy
    dropped. Its Redis database is its own, so the suite's cache never sees the copy's pages."""
    from urllib.parse import urlsplit, urlunsplit

    import redis
    from django.conf import settings
    from django.db import connection

    from benchmarks import throughput_bench
    from benchmarks.databases import server_admin

    dataset.build(SMALL_WITH_SHOWCASE)
    database = connection.settings_dict
    bench_url = (
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    own_redis = urlunsplit(urlsplit(settings.REDIS_URL)._replace(path="/13"))
    _other_sessions_end(bench_url, database["NAME"])
    monkeypatch.setenv("REDIS_URL", own_redis)
    try:
        figures = throughput_bench.run(bench_url, users=4, seconds=4, output=tmp_path / "load")
    finally:
        redis.Redis.from_url(own_redis).flushdb()

    by_name = {row["name"]: row for row in figures["classes"]}
    assert {"Visitor", "ApiReader", "ApiTokenReader", "SignedInOfficial"} <= set(by_name)
    assert all(row["requests"] > 0 for row in figures["classes"])
    assert by_name["all"]["errors"] == 0
    assert all(int(status) < 500 for status in figures["statuses"])
    assert "| all |" in throughput_bench.markdown(figures)
    with server_admin(bench_url) as admin:
        copies = admin.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s",
            (f"{database['NAME']}{throughput_bench.COPY_SUFFIX}",),
        ).fetchone()
    assert copies == (0,)
