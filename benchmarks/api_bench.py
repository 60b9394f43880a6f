"""`make bench`: the API's commitment list against the fastest path the machine allows.

(a) GET /api/v1/commitments/?page_size=100 through Django's full stack, called as gunicorn
    calls it (the WSGI application: middleware, DRF, filters, pagination, throttling,
    serialisation), and
(b) the same 100 commitments and their milestones and policy areas read with one raw SQL query
    per table on the bare psycopg connection and serialised with orjson: no framework.

It runs against its own database (BENCH_DATABASE_URL, default ogp_bench on the DATABASE_URL
server), built once with 30,000 commitments and reused while its size matches, and writes the
figures to docs/performance.md.
"""

import datetime
import io
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import orjson

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = 100
WARMUP = 20
REQUESTS = 200
TARGET_RATIO = 2.0
RESULTS_START = "<!-- bench:results:start -->"
RESULTS_END = "<!-- bench:results:end -->"

COMMITMENTS_SQL = """
SELECT c.id, c.ogp_id, c.plan_id AS plan, c.number, c.position, c.title, c.short_title,
       c.theme, c.problem, c.status_quo, c.description, c.objective, c.relevance,
       c.additional_information, c.lead_agency, c.supporting_government,
       c.supporting_civil_society, c.contact, c.start_date, c.end_date, c.publication_state,
       c.carried_forward_from_id AS carried_forward_from, c.ogp_url, c.created_at, c.updated_at,
       c.is_access_to_information, c.is_civic_participation, c.is_public_accountability,
       c.is_technology, p.ogp_id AS plan_ogp_id, p.member_id AS member, m.slug AS member_slug,
       cf.ogp_id AS carried_forward_from_ogp_id
FROM (
    SELECT id FROM commitments_commitment WHERE publication_state = 'published'
    ORDER BY plan_id, position, id LIMIT %s OFFSET %s
) page
JOIN commitments_commitment c ON c.id = page.id
JOIN action_plans_actionplan p ON p.id = c.plan_id
JOIN members_member m ON m.id = p.member_id
LEFT JOIN commitments_commitment cf ON cf.id = c.carried_forward_from_id
ORDER BY c.plan_id, c.position, c.id
"""
MILESTONES_SQL = """
SELECT commitment_id, id, number, description, expected_output, start_date, end_date,
       completion, completed_on, updated_at
FROM commitments_milestone WHERE commitment_id = ANY(%s) ORDER BY number, id
"""
AREAS_SQL = """
SELECT t.commitment_id, a.name FROM commitments_commitment_policy_areas t
JOIN commitments_policyarea a ON a.id = t.policyarea_id
WHERE t.commitment_id = ANY(%s) ORDER BY a.name
"""
OGP_VALUES = {
    "access_to_information": "is_access_to_information",
    "civic_participation": "is_civic_participation",
    "public_accountability": "is_public_accountability",
    "technology": "is_technology",
}


class WsgiClient:
    """Calls the portal's WSGI application the way gunicorn does, minus the socket."""

    def __init__(self):
        from ogp_portal.wsgi import application

        self.application = application

    def get(self, path: str, query: dict) -> tuple[str, bytes]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": urlencode(query),
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_ACCEPT": "application/json",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        statuses: list[str] = []
        written: list[bytes] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: object = None
        ) -> Callable[[bytes], object]:
            statuses.append(status)
            return written.append  # WSGI's write(); Django never calls it

        result = self.application(environ, start_response)
        try:
            body = b"".join([*written, *result])
        finally:
            result.close()
        return statuses[0], body


def api_page(client, page: int, page_size: int = PAGE_SIZE) -> bytes:
    """Path (a): one request through the whole Django stack; the JSON body."""
    status, body = client.get("/api/v1/commitments/", {"page_size": page_size, "page": page})
    if not status.startswith("200"):
        raise RuntimeError(f"API answered {status}: {body[:300]!r}")
    return body


def raw_page(raw_connection, page: int, page_size: int = PAGE_SIZE) -> bytes:
    """Path (b): one SQL query per table on the bare psycopg connection, orjson; no framework."""
    with raw_connection.cursor() as cursor:
        cursor.execute(COMMITMENTS_SQL, (page_size, (page - 1) * page_size))
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        ids = [row["id"] for row in rows]
        milestones: dict[int, list[dict]] = {}
        cursor.execute(MILESTONES_SQL, (ids,))
        milestone_names = [column.name for column in cursor.description][1:]
        for commitment_id, *values in cursor.fetchall():
            milestones.setdefault(commitment_id, []).append(
                dict(zip(milestone_names, values, strict=True))
            )
        areas: dict[int, list[str]] = {}
        cursor.execute(AREAS_SQL, (ids,))
        for commitment_id, name in cursor.fetchall():
            areas.setdefault(commitment_id, []).append(name)
    for row in rows:
        row["ogp_values"] = [value for value, column in OGP_VALUES.items() if row.pop(column)]
        row["policy_areas"] = areas.get(row["id"], [])
        row["milestones"] = milestones.get(row["id"], [])
    return orjson.dumps({"results": rows})


def summary(body: bytes) -> list[tuple[str, int]]:
    """(ogp_id, number of milestones) per commitment of a page, from either path's JSON."""
    return [(row["ogp_id"], len(row["milestones"])) for row in orjson.loads(body)["results"]]


def _time_side_by_side(calls: list, pages: list[int]) -> list[list[float]]:
    """Milliseconds per call and page, the calls taking turns on each page so that a change
    in the machine's speed during the run weighs on every path alike."""
    timings: list[list[float]] = [[] for _call in calls]
    for page in pages:
        for call, path_timings in zip(calls, timings, strict=True):
            start = time.perf_counter()
            call(page)
            path_timings.append((time.perf_counter() - start) * 1000)
    return timings


def _stats(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {
        "median": statistics.median(ordered),
        "p90": ordered[int(len(ordered) * 0.9) - 1],
        "mean": statistics.fmean(ordered),
    }


def _bench_database_url() -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ogp_portal")
    if not base.startswith("postgres"):
        base = "postgres://postgres@127.0.0.1:5432/ogp_portal"
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/ogp_bench"))


def _create_database_if_missing(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _write_results(markdown: str) -> None:
    path = ROOT / "docs" / "performance.md"
    block = f"{RESULTS_START}\n{markdown.strip()}\n{RESULTS_END}"
    if path.exists():
        text = path.read_text()
        if RESULTS_START in text and RESULTS_END in text:
            text = re.sub(
                re.escape(RESULTS_START) + ".*?" + re.escape(RESULTS_END),
                lambda _match: block,
                text,
                flags=re.S,
            )
        else:
            text = text.rstrip() + "\n\n## Results of `make bench`\n\n" + block + "\n"
    else:
        text = "# Performance\n\n## Results of `make bench`\n\n" + block + "\n"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)


def main() -> int:
    url = _bench_database_url()
    os.environ["DATABASE_URL"] = url
    # Production-like: no query log, no debug pages; throttling stays on with a rate the
    # benchmark cannot reach, so its cost is measured but it never answers 429.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-not-for-production-use-0123456789"
    )
    os.environ["API_THROTTLE_ANON"] = "100000000/min"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")
    sys.path.insert(0, str(ROOT))
    _create_database_if_missing(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import dataset

    call_command("migrate", verbosity=0)
    size = dataset.LARGE
    if dataset.is_built(size):
        print(f"Reusing {url.rsplit('/', 1)[-1]}: {size.commitments} commitments.")
    else:
        started = time.perf_counter()
        print(f"Building {size.commitments} commitments in {url.rsplit('/', 1)[-1]}...")
        dataset.build(size)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"Built in {time.perf_counter() - started:.1f} s.")

    client = WsgiClient()
    connection.ensure_connection()
    raw = connection.connection
    pages_available = size.commitments // PAGE_SIZE
    pages = [1 + (n * 37) % pages_available for n in range(REQUESTS)]
    if summary(api_page(client, 3)) != summary(raw_page(raw, 3)):
        print("The two paths disagree on page 3: fix that before comparing speeds.")
        return 1
    for page in pages[:WARMUP]:
        api_page(client, page)
        raw_page(raw, page)
    api_timings, raw_timings = _time_side_by_side(
        [lambda page: api_page(client, page), lambda page: raw_page(raw, page)], pages
    )
    api, fast = _stats(api_timings), _stats(raw_timings)
    ratio = api["median"] / fast["median"]

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    machine = (
        f"{_cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"PostgreSQL {pg_version}"
    )
    table = "\n".join(
        [
            f"| path (page of {PAGE_SIZE} commitments, {size.milestones_per_commitment} milestones each) "
            "| median ms | p90 ms | mean ms |",
            "|---|---:|---:|---:|",
            f"| (a) API `GET /api/v1/commitments/?page_size={PAGE_SIZE}` | {api['median']:.2f} "
            f"| {api['p90']:.2f} | {api['mean']:.2f} |",
            f"| (b) raw SQL + orjson | {fast['median']:.2f} | {fast['p90']:.2f} | {fast['mean']:.2f} |",
        ]
    )
    verdict = "within" if ratio <= TARGET_RATIO else "NOT within"
    markdown = f"""
Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC at commit `{_git_commit()}` on {machine}.
Data: {size.members} members, {size.members * size.plans_per_member} plans,
{size.commitments:,} published commitments, {size.commitments * size.milestones_per_commitment:,}
milestones. {REQUESTS} requests per path, the two paths taking turns on each page, after {WARMUP}
warm-up requests, over varying pages (default order: plan, position, id).

{table}

Ratio API / raw (medians): **{ratio:.2f}x**, {verdict} the {TARGET_RATIO:.0f}x target.
"""
    print(markdown)
    _write_results(markdown)
    print("Written to docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
