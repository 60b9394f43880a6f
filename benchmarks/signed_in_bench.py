"""Signed-in and token requests against anonymous ones (issue 14: within 1.5x of them), on
benchmarks.dataset's data set:

- the API's commitments page of 100, anonymous, with an API token (`Authorization: Token …`)
  and with a browser's session cookie;
- home, search, the showcase plan's page and the showcase commitment's page, anonymous, as a
  government official of the showcase member and as a civil-society member of its forum;
- the edit form of a draft commitment, as the official.

The data set is all published, so the benchmark adds to the showcase member the two users (no
authenticator app: their roles need none, see MFA_REQUIRED_ROLES), a forum with the civil-society
user's seat, the member's next plan in co-creation with DRAFTS draft commitments (what the
visibility rule lets these users see beyond the published ones) and a read-only token, and
removes all of it at the end. The identities take turns on each request, so that a change in the
machine's speed weighs on all alike.

`python -m benchmarks.api_bench --signed-in` runs it alone; `make bench` runs it after the IRM
pages."""

import copy
import datetime
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.test import Client

from benchmarks import dataset, pages_bench
from benchmarks.measuring import percentile

PREFIX = "bench-signedin"
DRAFT_PLAN = "AP_BSIGN01"
DRAFTS = 20
DRAFT_MILESTONES = 5
API_PAGE_SIZE = 100
TARGET_RATIO = 1.5
DESCRIPTION = f"""The same requests anonymous, with a read-only API token and signed in
(benchmarks.signed_in_bench): a government official and a civil-society forum member of the
showcase member, which has a plan in co-creation with {DRAFTS} drafts; the identities take turns
on each request; the ratio is to the first row of each request (target: {TARGET_RATIO}x)."""


@dataclass(frozen=True)
class Case:
    name: str
    path: Callable[[int], str]  # request number -> path with query string
    identities: tuple[str, ...]  # the first is the baseline of the ratios


@dataclass
class Setup:
    official_id: int
    cso_id: int
    token_key: str
    draft_ref: str


def _draft_ogp_id(n: int) -> str:
    return f"BSGN{n:04d}"


def remove_added() -> None:
    from action_plans.models import ActionPlan
    from members.models import ForumSeat, MultiStakeholderForum, User

    # The drafts' milestones and history go with their plan (on_delete=CASCADE).
    ActionPlan.objects.filter(ogp_id=DRAFT_PLAN).delete()
    ForumSeat.objects.filter(person_name=f"{PREFIX} seat").delete()
    MultiStakeholderForum.objects.filter(name=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()


def add_users_and_drafts() -> Setup:
    from action_plans.models import ActionPlan
    from commitments.models import Commitment, Milestone
    from core.api.tokens import api_token_issue
    from core.models import ApiToken
    from members.models import ForumSeat, MultiStakeholderForum, Role, Sector, User

    showcase = ActionPlan.objects.select_related("member").get(ogp_id=dataset.SHOWCASE_PLAN)
    member = showcase.member
    official = User.objects.create(
        username=f"{PREFIX}-official",
        role=Role.GOVERNMENT_OFFICIAL,
        member=member,
        first_name="Bench",
        last_name="Official",
        email="bench-official@example.org",
    )
    cso = User.objects.create(
        username=f"{PREFIX}-cso",
        role=Role.CIVIL_SOCIETY,
        member=member,
        first_name="Bench",
        last_name="Forum member",
        email="bench-cso@example.org",
    )
    # A forum of the data set's own is kept; one made here is named PREFIX, to be removed.
    forum = MultiStakeholderForum.objects.filter(member=member).first()
    if forum is None:
        forum = MultiStakeholderForum.objects.create(member=member, name=PREFIX)
    ForumSeat.objects.create(
        forum=forum, person_name=f"{PREFIX} seat", user=cso, sector=Sector.CIVIL_SOCIETY
    )
    last_number = ActionPlan.objects.filter(member=member).order_by("-number").first()
    plan = ActionPlan.objects.create(
        member=member,
        ogp_id=DRAFT_PLAN,
        number=(last_number.number if last_number else 0) + 1,
        title="Next action plan, in co-creation",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2027, 12, 31),
        status=ActionPlan.Status.CO_CREATION,
    )
    drafts = Commitment.objects.bulk_create(
        Commitment(
            plan=plan,
            ogp_id=_draft_ogp_id(n),
            number=str(n),
            position=n,
            title=f"Draft commitment {n}: open budget hearings",
            short_title="Open budget",
            description="Publish every budget hearing as open data within a day. " * 4,
            lead_agency="Ministry of Finance",
            start_date=plan.period_start,
            end_date=plan.period_end,
            publication_state=Commitment.PublicationState.DRAFT,
        )
        for n in range(1, DRAFTS + 1)
    )
    Milestone.objects.bulk_create(
        Milestone(
            commitment=draft,
            number=k,
            description=f"Milestone {k}: the hearings calendar online.",
            start_date=plan.period_start,
            end_date=plan.period_end,
        )
        for draft in drafts
        for k in range(1, DRAFT_MILESTONES + 1)
    )
    _token, key = api_token_issue(user=official, scope=ApiToken.Scope.READ, label=PREFIX)
    return Setup(official.pk, cso.pk, key, _draft_ogp_id(1))


def _session_cookie(user_id: int) -> str:
    from members.models import User

    browser = Client()
    browser.force_login(User.objects.get(pk=user_id))
    return f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"


def _with_token(client, key: str):
    """A copy of the WSGI client whose requests carry `Authorization: Token <key>`."""
    token_client = copy.copy(client)
    token_client.cookie = ""
    if hasattr(client, "application"):
        application = client.application

        def with_header(environ, start_response):
            return application({**environ, "HTTP_AUTHORIZATION": f"Token {key}"}, start_response)

        token_client.application = with_header
    else:  # the smoke test's client (tests/test_bench_smoke.py)
        token_client.authorization = f"Token {key}"
    return token_client


def cases(plan_path: str, draft_ref: str, api_pages: int) -> list[Case]:
    """`api_pages`: how many full API pages the public sees, over which requests vary."""
    words = pages_bench.SEARCH_WORDS
    pages = ("anonymous", "official", "CSO forum member")
    return [
        Case(
            f"API `GET /api/v1/commitments/?page_size={API_PAGE_SIZE}`",
            lambda n: (
                f"/api/v1/commitments/?page_size={API_PAGE_SIZE}&page={1 + (n * 37) % api_pages}"
            ),
            ("anonymous", "token", "session"),
        ),
        Case("home `/`", lambda n: "/", pages),
        Case(
            "search `/commitments/?q=…`",
            lambda n: f"/commitments/?q={words[n % len(words)].replace(' ', '+')}",
            pages,
        ),
        Case(
            f"plan page ({dataset.SHOWCASE_PLAN_COMMITMENTS} commitments)",
            lambda n: plan_path,
            pages,
        ),
        Case(
            f"commitment page ({dataset.SHOWCASE_MILESTONES} milestones, "
            f"{dataset.SHOWCASE_PROGRESS} progress updates)",
            lambda n: f"/commitments/{dataset.SHOWCASE_COMMITMENT}/",
            pages,
        ),
        Case(
            f"commitment edit form (a draft, {DRAFT_MILESTONES} milestones)",
            lambda n: f"/commitments/{draft_ref}/edit/",
            ("official",),
        ),
    ]


def _get(client, path: str) -> None:
    if path.startswith("/api/"):
        route, _sep, query = path.partition("?")
        status, body = client.get(route, query)
        if not status.startswith("200"):
            raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
    else:
        client.get_path(path)


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _get(client, path)
    return len(captured)


def time_cases(clients: dict, case_list: list[Case], requests: int, warmup: int) -> list[dict]:
    """[{page, identity, median_ms, p95_ms, queries, ratio}] per case and identity; `ratio` is
    the median over the case's first identity's median."""
    results = []
    for case in case_list:
        for n in range(warmup):
            for identity in case.identities:
                _get(clients[identity], case.path(n))
        timings: dict[str, list[float]] = {identity: [] for identity in case.identities}
        for n in range(requests):
            for identity in case.identities:
                start = time.perf_counter()
                _get(clients[identity], case.path(n))
                timings[identity].append((time.perf_counter() - start) * 1000)
        baseline = statistics.median(timings[case.identities[0]])
        for identity in case.identities:
            ordered = sorted(timings[identity])
            median = statistics.median(ordered)
            results.append(
                {
                    "page": case.name,
                    "identity": identity,
                    "path": case.path(0),
                    "median_ms": round(median, 2),
                    "p95_ms": round(percentile(ordered, 0.95), 2),
                    "queries": _queries(clients[identity], case.path(0)),
                    "ratio": round(median / baseline, 2),
                    "requests": requests,
                }
            )
    return results


def run(
    client, requests: int = pages_bench.REQUESTS, warmup: int = pages_bench.WARMUP
) -> list[dict]:
    """The figures of time_cases for every case; what the run added is removed after."""
    from action_plans.models import ActionPlan
    from commitments.models import Commitment

    remove_added()
    try:
        setup = add_users_and_drafts()
        showcase = ActionPlan.objects.select_related("member").get(ogp_id=dataset.SHOWCASE_PLAN)
        plan_path = f"/members/{showcase.member.slug}/plans/{showcase.pk}/"
        anonymous = copy.copy(client)
        anonymous.cookie = ""
        official = copy.copy(client)
        official.cookie = _session_cookie(setup.official_id)
        cso = copy.copy(client)
        cso.cookie = _session_cookie(setup.cso_id)
        clients = {
            "anonymous": anonymous,
            "token": _with_token(client, setup.token_key),
            "session": official,
            "official": official,
            "CSO forum member": cso,
        }
        api_pages = max(1, Commitment.objects.published().count() // API_PAGE_SIZE)
        case_list = cases(plan_path, setup.draft_ref, api_pages)
        return time_cases(clients, case_list, requests, warmup)
    finally:
        remove_added()


def markdown_table(results: list[dict]) -> str:
    lines = [
        "| request | as | median ms | p95 ms | SQL queries | ratio to the first | within 1.5x |",
        "|---|---|---:|---:|---:|---:|:---:|",
    ]
    for row in results:
        ok = "yes" if row["ratio"] <= TARGET_RATIO else "**no**"
        lines.append(
            f"| {row['page']} | {row['identity']} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['queries']} | {row['ratio']:.2f} | {ok} |"
        )
    return "\n".join(lines)
