"""`make bench`, the API's other cases (issue 14): a commitment's detail, a filtered list, full-text
search, a deep page, an `updated_since` sync page and the CSV of a filtered list, each against
its own raw limit: the same rows (commitments.api.rows, one SQL query per table), the same count
and joins written by hand in SQL, rendered with the API's orjson (or the portal's CSV writer),
without the framework. The two paths take turns request by request, as in api_bench.

Also the commitments page on OGP's real data (`python -m benchmarks.api_bench --real`): the
importer's copy of OGP's export plus the demo (what `make run` loads), in its own database
(BENCH_REAL_DATABASE_URL, default ogp_bench_real on the bench database's server).
"""

import functools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import orjson

from benchmarks import api_bench
from benchmarks.measuring import statements_sent

WARMUP = 20
REQUESTS = 200
TARGET_RATIO = 2.0  # every API list but the commitments page
PAGE_TARGET_RATIO = 1.5  # the commitments page, on both data sets
PAGE_SIZE = 100
REAL_MARKER = "api_real:"  # the line of `--real`'s output that carries its figures as JSON

PUBLISHED = "published"
# What the API's visibility rule leaves an anonymous reader (commitments.api.selectors), as
# the ORM writes it: the partial indexes hold only these rows.
VISIBLE = "c.deleted_at IS NULL AND c.publication_state = 'published'"
ORDER = "c.plan_id, c.position, c.id"
SEARCH_WORDS = ["budget", "procurement", "lobbying", "health", "climate", "open data"]

# The filtered list's filters, by their API names (commitments.filters, irm_reviews.filters).
REGIONS = ["europe", "americas", "africa_middle_east", "asia_pacific"]
IRM_LEVELS = ["substantial", "limited", "complete"]

FILTER_WHERE = f"""
{VISIBLE} AND m.region = %(region)s
AND EXISTS (
    SELECT 1 FROM commitments_commitment_policy_areas t
    JOIN commitments_policyarea a ON a.id = t.policyarea_id
    LEFT JOIN commitments_policyarea parent ON parent.id = a.parent_id
    WHERE t.commitment_id = c.id AND (a.slug = %(area)s OR parent.slug = %(area)s)
)
AND EXISTS (
    SELECT 1 FROM irm_reviews_commitmentassessment s
    JOIN irm_reviews_reviewcycle y ON y.id = s.cycle_id
    WHERE s.commitment_id = c.id AND y.state = 'published' AND s.completion = %(level)s
)
"""
FROM_JOINS = """
FROM commitments_commitment c
JOIN action_plans_actionplan p ON p.id = c.plan_id
JOIN members_member m ON m.id = p.member_id
"""
FROM_COMMITMENTS = "FROM commitments_commitment c"
SEARCH_WHERE = f"""
{VISIBLE}
AND (c.search_document @@ websearch_to_tsquery('english', %(words)s)
     OR UPPER(c.ogp_id) = UPPER(%(words)s))
"""
# As commitments.selectors.commitment_search orders: rank by the short title vector, then the
# stored copies of the plan's start and the member's name (commitments.sort_keys).
SEARCH_ORDER = (
    "ts_rank(c.rank_document, websearch_to_tsquery('english', %(words)s)) DESC, "
    "c.plan_period_start DESC, c.member_sort_name, c.position, c.id"
)


@dataclass(frozen=True)
class ApiCase:
    """One API request (by request number) and its raw limit, which must give the same body."""

    name: str
    target: float
    api: Callable[[int], tuple[str, dict]]  # request number -> path, query
    limit: Callable[[int], bytes]  # request number -> the same body without the framework
    csv: bool = False


def _fetch(sql: str, params: dict | tuple | list) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _page(count_sql: str, ids_sql: str, params: dict, page: int) -> bytes:
    """What the API's page answers, from hand-written SQL: the count, the page's ids, then the
    API's own rows of them, rendered with the API's orjson."""
    from commitments.api.rows import commitment_rows
    from core.api.renderers import dumps

    ((count,),) = _fetch(count_sql, params)
    ids = [
        pk
        for (pk,) in _fetch(
            ids_sql, {**params, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
        )
    ]
    return dumps({"count": count, "results": commitment_rows(ids)})


def _list_limit(
    where: str,
    order: str,
    params: Callable[[int], dict],
    page: Callable[[int], int],
    count_from: str = FROM_COMMITMENTS,
    ids_from: str = FROM_COMMITMENTS,
):
    """The joins are those each query needs (as the ORM's), no more."""
    count_sql = f"SELECT COUNT(*) {count_from} WHERE {where}"
    ids_sql = (
        f"SELECT c.id {ids_from} WHERE {where} ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s"
    )
    return lambda n: _page(count_sql, ids_sql, params(n), page(n))


def _detail_limit(ogp_ids: list[str]) -> Callable[[int], bytes]:
    from commitments.api.rows import commitment_rows
    from core.api.renderers import dumps

    def limit(n: int) -> bytes:
        ((pk,),) = _fetch(
            f"SELECT c.id {FROM_COMMITMENTS} WHERE UPPER(c.ogp_id) = UPPER(%s) AND {VISIBLE}",
            [ogp_ids[n % len(ogp_ids)]],
        )
        return dumps(commitment_rows([pk])[0])

    return limit


def _csv_limit(params: Callable[[int], dict], columns: list[str]) -> Callable[[int], bytes]:
    """Every row of the filtered list, in the list's order, CSV_CHUNK at a time through the
    portal's CSV writer, as the API streams it."""
    from commitments.api.rows import commitment_rows
    from core.api.renderers import iter_csv
    from core.api.views import CSV_CHUNK
    from core.csv_export import BYTE_ORDER_MARK

    ids_sql = f"SELECT c.id {FROM_JOINS} WHERE {FILTER_WHERE} ORDER BY {ORDER}"

    def limit(n: int) -> bytes:
        ids = [pk for (pk,) in _fetch(ids_sql, params(n))]
        chunks = (commitment_rows(ids[i : i + CSV_CHUNK]) for i in range(0, len(ids), CSV_CHUNK))
        return (BYTE_ORDER_MARK + "".join(iter_csv(columns, chunks))).encode()

    return limit


def _filters(area_slugs: list[str]) -> Callable[[int], dict]:
    def params(n: int) -> dict:
        return {
            "region": REGIONS[n % len(REGIONS)],
            "area": area_slugs[n % len(area_slugs)],
            "level": IRM_LEVELS[n % len(IRM_LEVELS)],
        }

    return params


def _filter_query(params: dict) -> dict:
    return {
        "region": params["region"],
        "policy_area": params["area"],
        "irm_completion": params["level"],
    }


def cases(client) -> list[ApiCase]:
    """The cases on the data set in the database (any size: the smoke runs them on a few
    rows). The CSV's columns are the API's header, read once."""
    published = [
        ogp_id
        for (ogp_id,) in _fetch(
            "SELECT ogp_id FROM commitments_commitment WHERE publication_state = %s ORDER BY id",
            [PUBLISHED],
        )
    ]
    details = published[:: max(1, len(published) // 50)]
    ((total,),) = _fetch(
        "SELECT COUNT(*) FROM commitments_commitment WHERE publication_state = %s", [PUBLISHED]
    )
    pages = max(1, -(-total // PAGE_SIZE))
    deep = max(1, pages * 4 // 5)  # page 400 of 501 at 10x
    deep_pages = [min(pages, deep + k) for k in range(20)]
    ((since,),) = _fetch(
        "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY updated_at) "
        "FROM commitments_commitment WHERE publication_state = %s",
        [PUBLISHED],
    )
    ((synced,),) = _fetch(
        "SELECT COUNT(*) FROM commitments_commitment WHERE publication_state = %s "
        "AND updated_at >= %s",
        [PUBLISHED, since],
    )
    sync_pages = max(1, -(-synced // PAGE_SIZE))
    areas = [
        slug for (slug,) in _fetch("SELECT slug FROM commitments_policyarea ORDER BY slug", [])
    ]
    filters = _filters(areas[:4] or [""])
    since_text = since.isoformat()

    def csv_query(n: int) -> dict:
        return {**_filter_query(filters(n)), "format": "csv"}

    _status, csv_body = client.get("/api/v1/commitments/", csv_query(0), accept="text/csv")
    header = csv_body.decode().lstrip("\ufeff").split("\r\n", 1)[0]
    columns = header.split(",")
    return [
        ApiCase(
            "detail `GET /api/v1/commitments/<ogp_id>/`",
            TARGET_RATIO,
            lambda n: (f"/api/v1/commitments/{details[n % len(details)]}/", {}),
            _detail_limit(details),
        ),
        ApiCase(
            "filtered list `?policy_area=…&region=…&irm_completion=…`",
            TARGET_RATIO,
            lambda n: (
                "/api/v1/commitments/",
                {**_filter_query(filters(n)), "page_size": PAGE_SIZE},
            ),
            _list_limit(FILTER_WHERE, ORDER, filters, lambda n: 1, FROM_JOINS, FROM_JOINS),
        ),
        ApiCase(
            "full-text `?search=…`",
            TARGET_RATIO,
            lambda n: (
                "/api/v1/commitments/",
                {"search": SEARCH_WORDS[n % len(SEARCH_WORDS)], "page_size": PAGE_SIZE},
            ),
            _list_limit(
                SEARCH_WHERE,
                SEARCH_ORDER,
                lambda n: {"words": SEARCH_WORDS[n % len(SEARCH_WORDS)]},
                lambda n: 1,
                ids_from=FROM_JOINS,
            ),
        ),
        ApiCase(
            f"deep page `?page={deep}…`",
            TARGET_RATIO,
            lambda n: (
                "/api/v1/commitments/",
                {"page": deep_pages[n % len(deep_pages)], "page_size": PAGE_SIZE},
            ),
            _list_limit(
                VISIBLE,
                ORDER,
                lambda n: {},
                lambda n: deep_pages[n % len(deep_pages)],
            ),
        ),
        ApiCase(
            "sync page `?updated_since=…` (half the commitments)",
            TARGET_RATIO,
            lambda n: (
                "/api/v1/commitments/",
                {"updated_since": since_text, "page": 1 + n % sync_pages, "page_size": PAGE_SIZE},
            ),
            _list_limit(
                f"{VISIBLE} AND c.updated_at >= %(since)s",
                ORDER,
                lambda n: {"since": since},
                lambda n: 1 + n % sync_pages,
            ),
        ),
        ApiCase(
            "CSV of the filtered list `?format=csv&policy_area=…`",
            TARGET_RATIO,
            lambda n: ("/api/v1/commitments/", csv_query(n)),
            _csv_limit(filters, columns),
            csv=True,
        ),
    ]


def api_body(client, case: ApiCase, n: int) -> bytes:
    path, query = case.api(n)
    status, body = client.get(path, query, accept="text/csv" if case.csv else "application/json")
    if not status.startswith("200"):
        raise RuntimeError(f"{case.name}: {path}?{query} answered {status}: {body[:300]!r}")
    return body


def comparable(case: ApiCase, body: bytes):
    """What both paths must agree on: the CSV's text, or the JSON's count and rows."""
    if case.csv:
        return body
    data = orjson.loads(body)
    if "results" not in data:
        return data
    return data["count"], data["results"]


def _stats(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)],
    }


def run(client, requests: int = REQUESTS, warmup: int = WARMUP) -> list[dict]:
    """Each case against its limit: median and p95 ms, queries of one request, the ratio of the
    medians. Raises if a case's two paths disagree."""
    results = []
    for case in cases(client):
        for n in (0, 1):
            if comparable(case, api_body(client, case, n)) != comparable(case, case.limit(n)):
                raise RuntimeError(f"{case.name}: the API and its limit disagree on request {n}")
        for n in range(warmup):
            api_body(client, case, n)
            case.limit(n)
        api_timings, limit_timings = api_bench._time_side_by_side(
            [functools.partial(api_body, client, case), case.limit], list(range(requests))
        )
        api, limit = _stats(api_timings), _stats(limit_timings)
        results.append(
            {
                "case": case.name,
                "api": api,
                "limit": limit,
                "api_queries": statements_sent(functools.partial(api_body, client, case, 0)),
                "limit_queries": statements_sent(functools.partial(case.limit, 0)),
                "ratio": api["median"] / limit["median"],
                "target": case.target,
            }
        )
        print(f"  {case.name}: {results[-1]['ratio']:.2f}x", flush=True)
    return results


def markdown_table(results: list[dict]) -> str:
    lines = [
        "| case | API median ms | API p95 ms | API queries | limit median ms | limit p95 ms "
        "| limit queries | ratio (medians) | within target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for row in results:
        within = "yes" if row["ratio"] <= row["target"] else "**no**"
        lines.append(
            f"| {row['case']} | {row['api']['median']:.1f} | {row['api']['p95']:.1f} "
            f"| {row['api_queries']} | {row['limit']['median']:.1f} | {row['limit']['p95']:.1f} "
            f"| {row['limit_queries']} | {row['ratio']:.2f}x | {within} ({row['target']:.1f}x) |"
        )
    return "\n".join(lines)


# OGP's real data -------------------------------------------------------------------------


def real_database_url(bench_url: str) -> str:
    """BENCH_REAL_DATABASE_URL, else ogp_bench_real on the bench database's server."""
    explicit = os.environ.get("BENCH_REAL_DATABASE_URL")
    if explicit:
        return explicit
    return urlunsplit(urlsplit(bench_url)._replace(path="/ogp_bench_real"))


def real_run(client, requests: int = REQUESTS, warmup: int = WARMUP) -> dict:
    """The commitments page of 100 against its rows on OGP's real export plus the demo,
    imported as `make run` does (seed_demo: the importer, then the demo) into an empty
    database; the database is reused after."""
    from django.core.management import call_command

    from members.models import Member

    if not Member.objects.exists():
        started = time.perf_counter()
        call_command("seed_demo", if_empty=True)
        print(f"Imported OGP's export and the demo in {time.perf_counter() - started:.1f} s.")
    ((total,),) = _fetch(
        "SELECT COUNT(*) FROM commitments_commitment WHERE publication_state = %s", [PUBLISHED]
    )
    pages_available = max(1, -(-total // PAGE_SIZE))
    pages = [1 + n % pages_available for n in range(requests)]
    if api_bench.summary(api_bench.api_page(client, 1)) != api_bench.summary(
        api_bench.rows_page(1)
    ):
        raise RuntimeError("On the real data the API and its rows disagree on page 1.")
    for page in pages[:warmup]:
        api_bench.api_page(client, page)
        api_bench.rows_page(page)
    api_timings, rows_timings = api_bench._time_side_by_side(
        [lambda page: api_bench.api_page(client, page), api_bench.rows_page], pages
    )
    api, rows = _stats(api_timings), _stats(rows_timings)
    return {
        "commitments": total,
        "api": api,
        "rows": rows,
        "api_queries": statements_sent(lambda: api_bench.api_page(client, 1)),
        "ratio": api["median"] / rows["median"],
        "target": PAGE_TARGET_RATIO,
    }


def real_main(client) -> int:
    """`api_bench --real`: prints the figures, the last line as JSON for the full run."""
    figures = real_run(client)
    print(real_markdown(figures))
    print(REAL_MARKER + json.dumps(figures))
    return 0


def real_in_subprocess() -> dict:
    """The real-data figures from `api_bench --real` in its own process (its own database)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.api_bench", "--real"],
        cwd=api_bench.ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith(REAL_MARKER))
    return json.loads(line.removeprefix(REAL_MARKER))


def real_markdown(figures: dict) -> str:
    within = "within" if figures["ratio"] <= figures["target"] else "NOT within"
    return "\n".join(
        [
            f"OGP's real export plus the demo ({figures['commitments']:,} published commitments), "
            f"page of {PAGE_SIZE}, the two paths taking turns:",
            "",
            "| path | median ms | p95 ms |",
            "|---|---:|---:|",
            f"| (a) API `GET /api/v1/commitments/?page_size={PAGE_SIZE}` ({figures['api_queries']} queries) "
            f"| {figures['api']['median']:.2f} | {figures['api']['p95']:.2f} |",
            f"| (b) the API's rows + orjson | {figures['rows']['median']:.2f} | {figures['rows']['p95']:.2f} |",
            "",
            f"Ratio (medians): **{figures['ratio']:.2f}x**, {within} the {figures['target']:.1f}x target.",
        ]
    )
