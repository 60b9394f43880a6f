"""`make bench`, part 2: the pages visitors open, through the WSGI application, each timed over
REQUESTS requests after WARMUP, with the number of SQL queries one request makes."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks import dataset
from benchmarks.measuring import percentile

WARMUP = 20
REQUESTS = 200
TARGET_P95_MS = 150.0
SEARCH_WORDS = ["budget", "procurement", "lobbying", "health", "climate", "open data"]


@dataclass(frozen=True)
class PageCase:
    name: str
    path: Callable[[int], str]  # request number -> path with query string


# The indicators the data set's reports give (its results reports' and design reviews'): the
# legacy ones would time pages with nothing to compare.
COMPARE_INDICATORS = ("completion", "potential_for_results")


def page_cases(member_slug: str, plan_path: str, size: dataset.Size) -> list[PageCase]:
    deep = max(1, (size.commitments_total // 20) * 4 // 5)  # page 400 of 2,502 at 10x
    return [
        PageCase("home `/`", lambda n: "/"),
        PageCase(
            "search `/commitments/?q=…&region=…&completion=…`",
            lambda n: (
                f"/commitments/?q={SEARCH_WORDS[n % len(SEARCH_WORDS)].replace(' ', '+')}"
                "&region=europe&completion=limited"
            ),
        ),
        PageCase(
            "search text only `/commitments/?q=budget`",
            lambda n: f"/commitments/?q={SEARCH_WORDS[n % len(SEARCH_WORDS)].replace(' ', '+')}",
        ),
        PageCase(
            f"deep search page `/commitments/?page={min(400, deep)}…`",
            lambda n: f"/commitments/?page={min(400, deep) + n % 20}",
        ),
        PageCase(
            f"plan page ({dataset.SHOWCASE_PLAN_COMMITMENTS} commitments)", lambda n: plan_path
        ),
        PageCase(
            f"commitment page ({dataset.SHOWCASE_MILESTONES} milestones, "
            f"{dataset.SHOWCASE_PROGRESS} progress updates)",
            lambda n: f"/commitments/{dataset.SHOWCASE_COMMITMENT}/",
        ),
        PageCase("member page", lambda n: f"/members/{member_slug}/"),
        PageCase(
            "member list `/members/?page=…` (100 a page)",
            lambda n: f"/members/?page={1 + n % max(1, size.members // 100)}",
        ),
        PageCase("plan sign-off page", lambda n: f"{plan_path.rstrip('/')}/sign-off/"),
        PageCase(
            "IRM comparison `/compare/?indicator=…`",
            lambda n: f"/compare/?indicator={COMPARE_INDICATORS[n % len(COMPARE_INDICATORS)]}",
        ),
    ]


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get_path(path)
    return len(captured)


def run(client, size: dataset.Size, requests: int = REQUESTS, warmup: int = WARMUP) -> list[dict]:
    """[{page, median_ms, p95_ms, queries, requests}] for each case."""
    from action_plans.models import ActionPlan

    plan = ActionPlan.objects.select_related("member").get(ogp_id=dataset.SHOWCASE_PLAN)
    plan_path = f"/members/{plan.member.slug}/plans/{plan.pk}/"
    return time_cases(client, page_cases(plan.member.slug, plan_path, size), requests, warmup)


def time_cases(client, cases: list[PageCase], requests: int, warmup: int) -> list[dict]:
    """[{page, median_ms, p95_ms, queries, requests}] for each case, as the client is signed
    in (benchmarks.irm_bench) or not."""
    results = []
    for case in cases:
        for n in range(warmup):
            client.get_path(case.path(n))
        timings = []
        for n in range(requests):
            start = time.perf_counter()
            client.get_path(case.path(n))
            timings.append((time.perf_counter() - start) * 1000)
        ordered = sorted(timings)
        results.append(
            {
                "page": case.name,
                "path": case.path(0),
                "median_ms": round(statistics.median(ordered), 2),
                "p95_ms": round(percentile(ordered, 0.95), 2),
                "queries": _queries(client, case.path(0)),
                "requests": requests,
            }
        )
    return results


def markdown_table(results: list[dict]) -> str:
    lines = [
        "| page | median ms | p95 ms | SQL queries | p95 under 150 ms |",
        "|---|---:|---:|---:|:---:|",
    ]
    for row in results:
        ok = "yes" if row["p95_ms"] < TARGET_P95_MS else "**no**"
        lines.append(
            f"| {row['page']} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['queries']} | {ok} |"
        )
    return "\n".join(lines)
