"""`make bench` says which figures moved against the previous run (benchmarks.compare_runs)."""

from benchmarks import compare_runs

PREVIOUS = {
    "commit": "aaaaaaa",
    "measured_at": "2026-12-01T19:30:00+00:00",
    "api": {"api": {"median": 50.0, "p90": 80.0}, "ratio": 1.6},
    "pages": [
        {"page": "home", "path": "/", "median_ms": 140.0, "p95_ms": 300.0, "queries": 5},
        {"page": "member page", "path": "/members/x/", "median_ms": 28.0, "queries": 4},
    ],
    "calendar": [{"scale": "1x", "job": "milestones", "time_s": 28.0, "peak_mb": 6.1}],
}


def _current(**changes):
    current = {
        "commit": "bbbbbbb",
        "api": {"api": {"median": 52.0, "p90": 81.0}, "ratio": 1.62},
        "pages": [
            {"page": "home", "path": "/", "median_ms": 40.0, "p95_ms": 60.0, "queries": 5},
            {"page": "member page", "path": "/members/x/", "median_ms": 29.0, "queries": 4},
        ],
        "calendar": [{"scale": "1x", "job": "milestones", "time_s": 27.0, "peak_mb": 6.0}],
    }
    current.update(changes)
    return current


def test_a_time_that_moved_past_the_drift_is_reported_and_one_within_it_is_not():
    names = [name for name, _was, _now in compare_runs.moved(PREVIOUS, _current())]

    assert names == ["pages / home / median_ms", "pages / home / p95_ms"]


def test_any_change_in_a_query_count_is_reported():
    pages = _current()["pages"]
    pages[1]["queries"] = 5

    assert ("pages / member page / queries", 4.0, 5.0) in compare_runs.moved(
        PREVIOUS, _current(pages=pages)
    )


def test_figures_only_one_run_has_are_left_out():
    current = _current(irm_pages=[{"page": "workspace", "median_ms": 900.0}])

    assert not any(
        name.startswith("irm_pages") for name, *_ in compare_runs.moved(PREVIOUS, current)
    )


def test_the_report_names_the_previous_commit_and_the_change():
    text = compare_runs.report(PREVIOUS, _current())

    assert "`aaaaaaa`" in text
    assert "| pages / home / p95_ms | 300.00 | 60.00 | -80% |" in text


def test_a_run_where_nothing_moved_says_so():
    assert "nothing moved" in compare_runs.report(PREVIOUS, PREVIOUS)


def test_the_previous_run_is_the_newest_file_before_this_one(tmp_path, monkeypatch):
    for name in ("20261130-1000-a.json", "20261201-1930-b.json", "20261202-1100-c.json"):
        (tmp_path / name).write_text("{}")
    monkeypatch.setattr(compare_runs, "RESULTS", tmp_path)

    assert compare_runs.previous_results(tmp_path / "20261202-1100-c.json").name == (
        "20261201-1930-b.json"
    )
    assert compare_runs.previous_results(tmp_path / "20261130-1000-a.json") is None


def test_a_load_test_rate_that_moved_and_any_new_error_are_reported():
    before = {"throughput": {"classes": [{"name": "all", "requests_per_s": 15.0, "errors": 0}]}}
    after = {"throughput": {"classes": [{"name": "all", "requests_per_s": 9.0, "errors": 1}]}}

    assert compare_runs.moved(before, after) == [
        ("throughput / classes / all / requests_per_s", 15.0, 9.0),
        ("throughput / classes / all / errors", 0.0, 1.0),
    ]
