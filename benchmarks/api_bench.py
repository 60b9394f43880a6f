"""`make bench`: the API's commitment list against its own rows without the framework, then
the pages visitors open (benchmarks.pages_bench).

(a) GET /api/v1/commitments/?page_size=100 through Django's full stack, called as gunicorn
    calls it (the WSGI application: middleware, DRF, filters, pagination, throttling,
    serialisation), and
(b) the same page from hand-written SQL, the count and the page's ids, then its 100 commitments
    read by the code that builds the API's rows (commitments.api.rows: one SQL query per table)
    and rendered with the API's orjson, without the framework: no middleware, DRF, filters,
    pagination or throttling.

It runs against its own database (BENCH_DATABASE_URL, default ogp_bench on the DATABASE_URL
server), built once at ten times OGP's size (benchmarks.dataset.TEN_X: 50,000 commitments) and
reused while its size matches, and writes the figures to docs/performance.md and
benchmarks/results/.
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
TARGET_RATIO = 1.5  # issue 14: the commitments page at most 1.5x its limit
BENCH_REDIS_URL = "redis://127.0.0.1:6379/12"
RESULTS_START = "<!-- bench:results:start -->"
RESULTS_END = "<!-- bench:results:end -->"

PAGE_COUNT_SQL = """
SELECT COUNT(*) FROM commitments_commitment
WHERE deleted_at IS NULL AND publication_state = 'published'
"""
PAGE_IDS_SQL = """
SELECT id FROM commitments_commitment WHERE deleted_at IS NULL AND publication_state = 'published'
ORDER BY plan_id, position, id LIMIT %s OFFSET %s
"""


class WsgiClient:
    """Calls the portal's WSGI application the way gunicorn does, minus the socket."""

    def __init__(self):
        from ogp_portal.wsgi import application

        self.application = application
        self.cookie = ""  # a session cookie, for the signed-in pages (benchmarks.irm_bench)

    def get_path(self, path_and_query: str) -> bytes:
        """A page as a browser asks for it; its HTML. Raises on any answer but 200."""
        path, _sep, query = path_and_query.partition("?")
        status, body = self.get(path, query, accept="text/html")
        if not status.startswith("200"):
            raise RuntimeError(f"{path_and_query} answered {status}: {body[:300]!r}")
        return body

    def get(
        self, path: str, query: dict | str, accept: str = "application/json"
    ) -> tuple[str, bytes]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query if isinstance(query, str) else urlencode(query),
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_ACCEPT": accept,
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if self.cookie:
            # A browser sends the (secure) session cookie over HTTPS only, which the TLS proxy
            # ends in front of the application.
            environ.update(
                {"HTTP_COOKIE": self.cookie, "wsgi.url_scheme": "https", "SERVER_PORT": "443"}
            )
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


def rows_page(page: int, page_size: int = PAGE_SIZE) -> bytes:
    """Path (b): the count and the page's ids from the index, then the very rows the API
    serves (commitments.api.rows.commitment_rows) rendered with the API's orjson; no
    framework. The count is part of the page (issue 14's limit: the same rows and count)."""
    from django.db import connection

    from commitments.api.rows import commitment_rows
    from core.api.renderers import dumps

    with connection.cursor() as cursor:
        cursor.execute(PAGE_COUNT_SQL)
        (count,) = cursor.fetchone()
        cursor.execute(PAGE_IDS_SQL, (page_size, (page - 1) * page_size))
        ids = [pk for (pk,) in cursor.fetchall()]
    return dumps({"count": count, "results": commitment_rows(ids)})


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
    from benchmarks.databases import server_admin

    name = urlsplit(url).path.lstrip("/")
    with server_admin(url) as admin:
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


def _write_json(data: dict) -> Path:
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M")
    path = folder / f"{stamp}-{data['commit']}.json"
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    return path


def main() -> int:
    from benchmarks import api_cases

    real = "--real" in sys.argv
    url = api_cases.real_database_url(_bench_database_url()) if real else _bench_database_url()
    os.environ["DATABASE_URL"] = url
    # Throttling counts in Redis, as in production; Celery tasks still run in the process.
    os.environ.setdefault("REDIS_URL", BENCH_REDIS_URL)
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
    # Production-like: no query log, no debug pages; throttling stays on with a rate the
    # benchmark cannot reach, so its cost is measured but it never answers 429.
    os.environ["DEBUG"] = "false"
    # The WSGI calls stand in for requests behind the TLS proxy: plain HTTP, no redirect to it.
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-not-for-production-use-0123456789"
    )
    os.environ["API_THROTTLE_ANON"] = "100000000/min"
    os.environ["API_THROTTLE_USER"] = "100000000/min"  # benchmarks.signed_in_bench's token
    # Building the data set is a job (one UPDATE computes 50,000 completions): no statement
    # timeout, as docs/operations.md says of jobs. The pages stay far below it.
    os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")
    sys.path.insert(0, str(ROOT))
    _create_database_if_missing(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import dataset, pages_bench
    from commitments.models import ProgressUpdate
    from irm_reviews.models import CommitmentAssessment

    call_command("migrate", verbosity=0)
    # DEBUG is off: pages link to hashed static files, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    if real:
        return api_cases.real_main(WsgiClient())
    size = dataset.TEN_X
    if dataset.is_built(size):
        print(f"Reusing {url.rsplit('/', 1)[-1]}: {size.commitments_total} commitments.")
        # A migration may have rewritten every row (stored sort keys, say): fresh statistics,
        # or the planner times yesterday's table.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        started = time.perf_counter()
        print(f"Building {size.commitments_total} commitments in {url.rsplit('/', 1)[-1]}...")
        dataset.build(size)
        with connection.cursor() as cursor:
            # The build writes every commitment twice (inserted, then its stored completion
            # computed), which leaves half the table's pages dead: compact it, as a table
            # restored from a dump is (a search scanning it took a third longer).
            cursor.execute("VACUUM (FULL, ANALYZE) commitments_commitment")
            cursor.execute("VACUUM ANALYZE")
        print(f"Built in {time.perf_counter() - started:.1f} s.")
    if "--build" in sys.argv:
        return 0

    if "--calendar" in sys.argv:
        from benchmarks import calendar_bench

        print("Timing the deadline calendar's jobs...")
        rows = calendar_bench.run(calendar_bench.BENCH_DAY)
        print(calendar_bench.markdown_table(rows))
        return 0

    if "--jobs" in sys.argv:
        from benchmarks import jobs_bench

        print("Timing the jobs (notices, digests, open-data dump, importer) at 1x and 10x...")
        print(jobs_bench.markdown_table(jobs_bench.run()))
        return 0

    if "--throughput" in sys.argv:
        from benchmarks import throughput_bench

        print("Load-testing a copy of the data set through gunicorn...")
        print(throughput_bench.markdown(throughput_bench.run(url)))
        return 0

    client = WsgiClient()
    if "--pages" in sys.argv:
        print("Timing the pages...")
        print(pages_bench.markdown_table(pages_bench.run(client, size)))
        return 0
    if "--irm" in sys.argv:
        from benchmarks import irm_bench

        print("Timing the IRM workspace's pages, signed in as a researcher...")
        print(pages_bench.markdown_table(irm_bench.run(client)))
        return 0
    if "--signed-in" in sys.argv:
        from benchmarks import signed_in_bench

        print("Timing signed-in and token requests against anonymous ones...")
        print(signed_in_bench.markdown_table(signed_in_bench.run(client)))
        return 0
    pages_available = size.commitments // PAGE_SIZE
    pages = [1 + (n * 37) % pages_available for n in range(REQUESTS)]
    if summary(api_page(client, 3)) != summary(rows_page(3)):
        print("The two paths disagree on page 3: fix that before comparing speeds.")
        return 1
    for page in pages[:WARMUP]:
        api_page(client, page)
        rows_page(page)
    api_timings, rows_timings = _time_side_by_side(
        [lambda page: api_page(client, page), rows_page], pages
    )
    api, fast = _stats(api_timings), _stats(rows_timings)
    ratio = api["median"] / fast["median"]
    print("Timing the API's other cases...")
    case_figures = api_cases.run(client)
    print("Timing the commitments page on OGP's real data (api_bench --real)...")
    real_figures = api_cases.real_in_subprocess()
    print("Timing the pages...")
    page_figures = pages_bench.run(client, size)
    from benchmarks import irm_bench

    print("Timing the IRM workspace's pages...")
    irm_figures = irm_bench.run(client)
    from benchmarks import signed_in_bench

    print("Timing signed-in and token requests against anonymous ones...")
    signed_in_figures = signed_in_bench.run(client)
    from benchmarks import calendar_bench

    print("Timing the deadline calendar's jobs...")
    calendar_figures = calendar_bench.run(calendar_bench.BENCH_DAY)
    from benchmarks import jobs_bench

    print("Timing the other jobs (notices, digests, open-data dump, importer)...")
    jobs_figures = jobs_bench.run()
    from benchmarks import throughput_bench

    print("Load-testing a copy of the data set through gunicorn...")
    throughput_figures = throughput_bench.run(url)

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
            f"| (b) the API's rows (commitments.api.rows) + orjson, no framework | {fast['median']:.2f} | {fast['p90']:.2f} | {fast['mean']:.2f} |",
        ]
    )
    verdict = "within" if ratio <= TARGET_RATIO else "NOT within"
    markdown = f"""
Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC at commit `{_git_commit()}` on {machine}.
Data (benchmarks.dataset.TEN_X): {size.members:,} members, {size.plans + 1:,} plans,
{size.commitments_total:,} published commitments, {size.milestones_total:,} milestones,
{ProgressUpdate.objects.count():,} progress updates, {CommitmentAssessment.objects.count():,}
published IRM assessments (results reports and design reviews), {size.users:,} people,
{size.forums:,} forums, {size.consultation_inputs:,} consultation inputs.

### API

{REQUESTS} requests per path, the two paths taking turns on each page, after {WARMUP}
warm-up requests, over varying pages (default order: plan, position, id).

{table}

Ratio API / rows alone (medians): **{ratio:.2f}x**, {verdict} the {TARGET_RATIO:.1f}x target.

### API, every case

Each case against its own limit (benchmarks.api_cases), {api_cases.REQUESTS} requests each after
{api_cases.WARMUP} warm-up, the two paths taking turns; SQL queries counted on one request.

{api_cases.markdown_table(case_figures)}

{api_cases.real_markdown(real_figures)}

### Pages

Anonymous, through the WSGI application with DEBUG off; {pages_bench.REQUESTS} requests each after
{pages_bench.WARMUP} warm-up requests (search words and deep page numbers vary by request); SQL
queries counted on one request.

{pages_bench.markdown_table(page_figures)}

Signed in as an IRM researcher assigned to {irm_bench.REVIEWS} reviews in research (benchmarks.irm_bench),
the same way:

{pages_bench.markdown_table(irm_figures)}

### Signed in and token

{signed_in_bench.DESCRIPTION}

{signed_in_bench.markdown_table(signed_in_figures)}

### Deadline calendar

The reminder and cycle jobs (benchmarks.calendar_bench) on {calendar_bench.BENCH_DAY}, with a
point of contact, an official and a co-chair per member, a plan due in a week and a review in
public comment per member; each e-mail counted, not sent; peak memory by tracemalloc.

{calendar_bench.markdown_table(calendar_figures)}

### Jobs

The other scheduled jobs and the importer (benchmarks.jobs_bench) at 1x and 10x: SQL
statements counted, peak memory by tracemalloc; each e-mail, notice and digest counted, not
sent.

{jobs_bench.markdown_table(jobs_figures)}

### Throughput

{throughput_bench.DESCRIPTION}

{throughput_bench.markdown(throughput_figures)}
"""
    print(markdown)
    _write_results(markdown)
    results_path = _write_json(
        {
            "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "commit": _git_commit(),
            "machine": machine,
            "data": {
                "members": size.members,
                "plans": size.plans + 1,
                "commitments": size.commitments_total,
                "milestones": size.milestones_total,
                "progress_updates": ProgressUpdate.objects.count(),
                "assessments": CommitmentAssessment.objects.count(),
            },
            "api": {"api": api, "rows": fast, "ratio": ratio},
            "api_cases": case_figures,
            "api_real": real_figures,
            "pages": page_figures,
            "irm_pages": irm_figures,
            "signed_in": signed_in_figures,
            "calendar": calendar_figures,
            "jobs": jobs_figures,
            "throughput": throughput_figures,
        }
    )
    print(f"Written to docs/performance.md and {results_path.relative_to(ROOT)}")
    from benchmarks import compare_runs

    previous = compare_runs.previous_results(results_path)
    if previous is not None:
        print(
            compare_runs.report(
                orjson.loads(previous.read_bytes()), orjson.loads(results_path.read_bytes())
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
