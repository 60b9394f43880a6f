"""What the benchmarks measure a job or a request by: SQL statements sent, seconds and peak
Python memory; and jobs run in a transaction rolled back after."""

import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

from django.db import connection, transaction

T = TypeVar("T")


class StatementCounter:
    """A `connection.execute_wrapper` that counts the statements sent and keeps nothing else,
    so that counting costs no memory (CaptureQueriesContext keeps every statement's text)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def percentile(ordered: list[float], share: float) -> float:
    """The value at that share (0.95 for p95) of timings sorted in ascending order."""
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * share) - 1))]


def statements_sent(call: Callable[[], object]) -> int:
    counter = StatementCounter()
    with connection.execute_wrapper(counter):
        call()
    return counter.count


def measure(job: Callable[[], object]) -> dict:
    """Seconds, SQL statements sent, peak Python memory (tracemalloc) and what the job
    returned."""
    counter = StatementCounter()
    with connection.execute_wrapper(counter):
        tracemalloc.start()
        started = time.perf_counter()
        result = job()
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "seconds": round(seconds, 2),
        "queries": counter.count,
        "peak_mb": round(peak / 2**20, 1),
        "result": result,
    }


def rolled_back(job: Callable[[], T]) -> T:
    """Run the job in a transaction rolled back after: for jobs that write what could not be
    removed (the event table is append-only) or that the next measurement must not see."""
    with transaction.atomic():
        result = job()
        transaction.set_rollback(True)
    return result
