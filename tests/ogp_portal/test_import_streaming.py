"""The importer reads OGP's export row by row and stores it in batches (bounded memory): the
result does not depend on the batch size, the queries do not grow with the rows of a batch,
what it holds for each row beyond its batches stays small, and a file is refused
exactly as when it was read whole."""

import codecs
import csv
import io
import re
import tracemalloc

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from action_plans.models import ActionPlan
from benchmarks.jobs_bench import export_copy_write
from commitments.models import Commitment
from irm_reviews.models import CommitmentAssessment, ReviewCycle
from members.models import Member
from ogp_portal.ogp_import import ExportRefused, ogp_export_import, reading, services

from .test_import import REAL_EXPORT, TODAY

pytestmark = pytest.mark.django_db


def export_head(path, rows: int):
    with (
        REAL_EXPORT.open(encoding="utf-8", newline="") as source,
        path.open("w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.reader(source)
        csv.writer(out).writerows(next(reader) for _n in range(rows + 1))
    return path


def stored() -> dict:
    """What an import stored, in the order it stored it, without ids and times."""
    return {
        "members": list(Member.objects.order_by("pk").values_list("ogp_code", "slug", "name")),
        "plans": list(
            ActionPlan.objects.order_by("pk").values_list(
                "ogp_id", "number", "period_start", "period_end", "status"
            )
        ),
        "commitments": list(
            Commitment.objects.order_by("pk").values_list(
                "ogp_id", "plan__ogp_id", "number", "position", "title", "description"
            )
        ),
        "areas": sorted(
            Commitment.policy_areas.through.objects.values_list(
                "commitment__ogp_id", "policyarea__slug"
            )
        ),
        "cycles": list(
            ReviewCycle.objects.order_by("pk").values_list("plan__ogp_id", "kind", "published_on")
        ),
        "assessments": list(
            CommitmentAssessment.objects.order_by("pk").values_list(
                "commitment__ogp_id", "cycle__kind", "specificity", "completion"
            )
        ),
    }


def imported(path) -> tuple[dict, dict]:
    with transaction.atomic():
        report = ogp_export_import(path, today=TODAY)
        result = stored()
        transaction.set_rollback(True)
    figures = {key: value for key, value in vars(report).items() if key != "seconds"}
    return figures, result


def test_the_batch_size_changes_nothing_in_what_is_stored_or_reported(tmp_path, monkeypatch):
    # Three copies of the real export: its plans' rows are not together in the file.
    path = tmp_path / "export.csv"
    export_copy_write(export_head(tmp_path / "head.csv", 60), path, 3)
    in_one_batch = imported(path)

    monkeypatch.setattr(services, "BATCH_ROWS", 7)
    in_batches = imported(path)

    assert in_batches == in_one_batch
    assert in_one_batch[0]["created"] == 180 and not in_one_batch[0]["rejections"]


@pytest.mark.postgres  # SQLite splits each bulk insert by its limit on parameters
def test_the_queries_of_a_batch_do_not_grow_with_its_rows(tmp_path, django_assert_max_num_queries):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    export_copy_write(export_head(tmp_path / "head.csv", 40), small, 1)
    export_copy_write(export_head(tmp_path / "head.csv", 40), large, 4)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        assert ogp_export_import(small, today=TODAY).created == 40
        transaction.set_rollback(True)

    with django_assert_max_num_queries(len(queries)):
        assert ogp_export_import(large, today=TODAY).created == 160


def peak_bytes(path) -> int:
    """Python's peak memory (tracemalloc) while importing the file, rolled back after."""
    tracemalloc.start()
    try:
        with transaction.atomic():
            ogp_export_import(path, today=TODAY)
            transaction.set_rollback(True)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_beyond_its_batches_the_import_holds_under_one_and_a_half_kilobytes_a_row(
    tmp_path, monkeypatch
):
    # Each plan a batch by itself: the large file's batches are the small one's, copied, so
    # what the peak gains is what the import holds for every row (its identifier, checked
    # for duplicates, and its place on disk), not a larger batch.
    monkeypatch.setattr(services, "BATCH_ROWS", 1)
    # Both files are longer than a chunk read at once.
    monkeypatch.setattr(reading, "CHUNK_BYTES", 1 << 16)
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    export_copy_write(export_head(tmp_path / "head.csv", 50), small, 1)
    export_copy_write(export_head(tmp_path / "head.csv", 50), large, 5)
    peak_bytes(small)  # what the first import loads once (translations, caches) is not counted

    small_peak, large_peak = peak_bytes(small), peak_bytes(large)

    # About 1 KB; keeping an outline of every row until the end took 4.5 KB.
    assert (large_peak - small_peak) / (5 * 50 - 50) < 1536, (small_peak, large_peak)


def test_a_file_object_imports_as_its_path_does(tmp_path):
    path = export_head(tmp_path / "head.csv", 30)
    expected = imported(path)

    assert imported(io.BytesIO(path.read_bytes())) == expected
    assert imported(io.StringIO(path.read_text(encoding="utf-8"))) == expected


def test_a_byte_that_is_not_utf8_is_named_where_reading_the_whole_file_would(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "CHUNK_BYTES", 7)  # chunks end inside characters
    text = codecs.BOM_UTF8 + "Commitment Unique Identifier,Région\néàü,".encode() + b"\xff,x\n"
    path = tmp_path / "latin.csv"
    path.write_bytes(text)
    with pytest.raises(UnicodeDecodeError) as whole:
        text.decode("utf-8-sig")

    with pytest.raises(ExportRefused, match=re.escape(f"(byte {whole.value.start} cannot")):
        ogp_export_import(path)
