"""Which figures of a `make bench` run moved against the previous run's JSON.

Every run writes benchmarks/results/<date>-<commit>.json; `make bench` ends by printing the
figures that moved against the newest earlier file (or `python -m benchmarks.compare_runs
OLD.json NEW.json`). Timings on this shared machine drift by about a third between runs, so a
time counts as moved past MOVED_SHARE; a query count or a count of items moves on any change.
"""

import sys
from pathlib import Path

import orjson

RESULTS = Path(__file__).resolve().parent / "results"
MOVED_SHARE = 0.25
# The leaves worth comparing; anything else in the JSON (paths, request counts) is context.
TIMINGS = {
    "median",
    "p90",
    "p95",
    "p99",
    "mean",
    "median_ms",
    "p95_ms",
    "p99_ms",
    "time_s",
    "seconds",
}
RATIOS = {"ratio", "requests_per_s"}
MEMORY = {"peak_mb", "peak_memory_mb"}
COUNTS = {"queries", "sql_queries", "handed_out", "errors"}
# In a list of figures, the entry's name is the first of these keys it has.
NAME_KEYS = ("page", "case", "name", "job", "path")


def _entry_name(entry: dict, index: int) -> str:
    parts = [str(entry[key]) for key in ("scale",) if key in entry]
    for key in NAME_KEYS:
        if key in entry:
            parts.append(str(entry[key]))
            break
    return " ".join(parts) or str(index)


def figures(data: object, prefix: str = "") -> dict[str, float]:
    """Flatten a results JSON into {"pages / home `/` / p95_ms": 41.2, ...}, numeric leaves of
    the kinds above only."""
    flat: dict[str, float] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix} / {key}" if prefix else str(key)
            if isinstance(value, dict | list):
                flat.update(figures(value, name))
            elif isinstance(value, int | float) and not isinstance(value, bool):
                if key in TIMINGS | RATIOS | MEMORY | COUNTS:
                    flat[name] = float(value)
    elif isinstance(data, list):
        for index, entry in enumerate(data):
            if isinstance(entry, dict):
                flat.update(figures(entry, f"{prefix} / {_entry_name(entry, index)}"))
    return flat


def _leaf(name: str) -> str:
    return name.rsplit(" / ", 1)[-1]


def moved(previous: dict, current: dict) -> list[tuple[str, float, float]]:
    """(figure, previous value, current value) for each figure that moved, in current's order;
    figures that one run has and the other has not are left out."""
    before, after = figures(previous), figures(current)
    changes = []
    for name, now in after.items():
        if name not in before:
            continue
        was = before[name]
        if _leaf(name) in COUNTS:
            if now != was:
                changes.append((name, was, now))
        elif was and abs(now - was) / abs(was) > MOVED_SHARE:
            changes.append((name, was, now))
    return changes


def report(previous: dict, current: dict) -> str:
    changes = moved(previous, current)
    heading = (
        f"Against the run at `{previous.get('commit', '?')}` ({previous.get('measured_at', '?')}):"
    )
    if not changes:
        return f"{heading} nothing moved by more than {MOVED_SHARE:.0%}."
    lines = [heading, "", "| figure | before | now | change |", "|---|---:|---:|---:|"]
    for name, was, now in changes:
        change = f"{(now - was) / was:+.0%}" if was else "new"
        lines.append(f"| {name} | {was:,.2f} | {now:,.2f} | {change} |")
    return "\n".join(lines)


def previous_results(current: Path) -> Path | None:
    """The newest results file written before `current` (names sort by date and time)."""
    earlier = sorted(path for path in RESULTS.glob("*.json") if path.name < current.name)
    return earlier[-1] if earlier else None


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m benchmarks.compare_runs OLD.json NEW.json")
        return 2
    old, new = (orjson.loads(Path(name).read_bytes()) for name in argv)
    print(report(old, new))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
