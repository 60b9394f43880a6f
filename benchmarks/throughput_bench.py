"""Throughput for `make bench`: the load test of `make loadtest` (benchmarks/run_loadtest.sh,
benchmarks/locustfile.py) on a copy of the 10x data set: gunicorn with 2 workers on PostgreSQL
and Redis, driven by locust in a second process on 127.0.0.1, with visitors, anonymous and
token API readers and a signed-in official. Requests per second, p50/p95/p99 and errors per
user class.

The locust process imports the figures' shape from here (it runs without Django's
settings), so nothing at module level may need them.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import orjson

from benchmarks.databases import server_admin
from benchmarks.measuring import percentile

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = """The load test of `make loadtest` on a copy of the data set (benchmarks.throughput_bench):
gunicorn with 2 workers (4 threads each) on PostgreSQL and Redis, DEBUG off, driven by locust in
a second process on 127.0.0.1 sharing the machine's cores: visitors (home, member, plan and
commitment pages, search), anonymous and token API readers, and a signed-in official (home,
search, plan and commitment pages, the API from the session, a draft's edit form). Only a 5xx or
no answer is an error."""
USERS = 20
SECONDS = 60
# The load test writes (sessions, tokens, its accounts): it runs on a copy, dropped after.
COPY_SUFFIX = "_loadtest"


def _row(name: str, times: list[float], errors: int, seconds: float) -> dict:
    ordered = sorted(times)
    return {
        "name": name,
        "requests": len(ordered),
        "requests_per_s": round(len(ordered) / seconds, 1),
        "median_ms": round(percentile(ordered, 0.5)),
        "p95_ms": round(percentile(ordered, 0.95)),
        "p99_ms": round(percentile(ordered, 0.99)),
        "errors": errors,
    }


def class_figures(
    times_by_class: Mapping[str, list[float]], errors_by_class: Mapping[str, int], seconds: float
) -> list[dict]:
    """One row per user class with requests, requests per second, p50/p95/p99 (ms) and 5xx or
    unanswered requests, then the row "all"."""
    rows = [
        _row(name, times, errors_by_class.get(name, 0), seconds)
        for name, times in sorted(times_by_class.items())
        if times
    ]
    everything = [time for times in times_by_class.values() for time in times]
    if everything:
        rows.append(_row("all", everything, sum(errors_by_class.values()), seconds))
    return rows


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| user class | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx or no answer |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['requests']:,} | {row['requests_per_s']:.1f} "
            f"| {row['median_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['errors']} |"
        )
    return "\n".join(lines)


def _copy_url(bench_url: str) -> str:
    parts = urlsplit(bench_url)
    return urlunsplit(parts._replace(path=parts.path + COPY_SUFFIX))


def _copy_create(bench_url: str, copy_url: str) -> None:
    source = urlsplit(bench_url).path.lstrip("/")
    copy = urlsplit(copy_url).path.lstrip("/")
    with server_admin(bench_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')


def _copy_drop(copy_url: str) -> None:
    with server_admin(copy_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{urlsplit(copy_url).path.lstrip("/")}"')


OUTPUT = ROOT / "benchmarks" / "results" / "loadtest-10x"


def run(
    bench_url: str, *, users: int = USERS, seconds: int = SECONDS, output: Path = OUTPUT
) -> dict:
    """The load test on a copy of the bench database: its figures per user class, the answers
    by status, and where its output went. Needs no other session on the bench database (a
    template copy), so Django's connections are closed first."""
    from django.db import connections

    connections.close_all()
    copy_url = _copy_url(bench_url)
    _copy_create(bench_url, copy_url)
    try:
        with tempfile.TemporaryDirectory() as folder:
            figures_path = Path(folder) / "figures.json"
            env = dict(os.environ)
            # The bench's own process runs without a statement timeout (it builds the data set);
            # the web tier under load keeps the production default.
            env.pop("DATABASE_STATEMENT_TIMEOUT_MS", None)
            env.update(
                LOADTEST_DATABASE=copy_url,
                LOADTEST_USERS=str(users),
                LOADTEST_TIME=f"{seconds}s",
                LOADTEST_OUT=str(output),
                LOADTEST_JSON=str(figures_path),
            )
            done = subprocess.run(
                ["benchmarks/run_loadtest.sh"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
                check=False,
            )
            if not figures_path.exists():
                raise RuntimeError(
                    f"the load test wrote no figures (exit {done.returncode}): {output}.txt"
                )
            figures = orjson.loads(figures_path.read_bytes())
    finally:
        _copy_drop(copy_url)
    shown = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
    figures.update(users=users, output=f"{shown}.txt")
    return figures


def markdown(figures: dict) -> str:
    statuses = ", ".join(f"{status}: {count:,}" for status, count in figures["statuses"].items())
    return "\n".join(
        [
            f"{figures['users']} locust users for {figures['seconds']:.0f} s (setup requests "
            f"included); answers by status: {statuses}; output in {figures['output']}.",
            "",
            markdown_table(figures["classes"]),
        ]
    )
