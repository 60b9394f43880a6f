import csv
import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from action_plans.models import ActionPlan
from commitments.models import Commitment, PolicyArea
from commitments.policy_areas import POLICY_AREA_NAMES
from irm_reviews.models import CommitmentAssessment, ReviewCycle, ReviewKind
from members.models import Member, Region
from ogp_portal.ogp_import import (
    AREA_NAMES,
    PARENT_AREA_COLUMNS,
    ExportRefused,
    normalise_commitment_number,
    ogp_export_import,
    parse_ogp_date,
)

REAL_EXPORT = settings.BASE_DIR / "data/ogp/ogp_commitments_open_parliament_2024-07-03.csv"
TODAY = datetime.date(2026, 11, 23)

pytestmark = pytest.mark.django_db


def real_rows() -> tuple[list[str], list[dict[str, str]]]:
    with REAL_EXPORT.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames), list(reader)


def write_export(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def database_snapshot() -> dict:
    """Every imported row with its last change, so that any write shows up."""
    return {
        "members": list(Member.objects.order_by("pk").values_list("pk", "updated_at")),
        "plans": list(ActionPlan.objects.order_by("pk").values_list("pk", "updated_at")),
        "commitments": list(Commitment.objects.order_by("pk").values_list("pk", "updated_at")),
        "history": Commitment.history.count(),
        "areas": list(PolicyArea.objects.order_by("pk").values_list("pk", "parent_id")),
        "links": list(
            Commitment.policy_areas.through.objects.order_by("pk").values_list("pk", flat=True)
        ),
        "cycles": list(ReviewCycle.objects.order_by("pk").values_list("pk", "updated_at")),
        "assessments": list(
            CommitmentAssessment.objects.order_by("pk").values_list("pk", "updated_at")
        ),
    }


def nothing_stored() -> bool:
    return not (
        Member.objects.exists()
        or ActionPlan.objects.exists()
        or Commitment.objects.exists()
        or PolicyArea.objects.exists()
    )


def test_it_imports_every_member_plan_and_commitment_of_the_real_extract():
    report = ogp_export_import(REAL_EXPORT, today=TODAY)

    assert (report.rows, report.created, report.updated, report.rejected) == (558, 558, 0, 0)
    assert Member.objects.count() == 75
    assert ActionPlan.objects.count() == 214
    assert Commitment.objects.count() == 558
    assert Commitment.objects.published().count() == 558
    assert report.seconds < 10


def test_it_keeps_both_commitments_numbered_alike_and_warns():
    report = ogp_export_import(REAL_EXPORT, today=TODAY)

    numbers = dict(
        Commitment.objects.filter(ogp_id__in=["CL0005", "CL0006"]).values_list("ogp_id", "number")
    )
    assert numbers == {"CL0005": "2.1", "CL0006": "2.1 (2)"}
    assert any(
        warning.identifier == "CL0006" and "2.1 (2)" in warning.message
        for warning in report.warnings
    )


def test_a_second_run_of_the_same_file_changes_nothing():
    ogp_export_import(REAL_EXPORT, today=TODAY)
    before = database_snapshot()

    report = ogp_export_import(REAL_EXPORT, today=TODAY)

    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 558, 0)
    assert (report.members_updated, report.plans_updated, report.review_cycles_updated) == (0, 0, 0)
    assert database_snapshot() == before


def test_a_second_run_makes_a_constant_number_of_queries(django_assert_max_num_queries):
    ogp_export_import(REAL_EXPORT, today=TODAY)

    # 3, and 9 for each group of whole plans (558 rows: two groups of about BATCH_ROWS).
    with django_assert_max_num_queries(21):
        ogp_export_import(REAL_EXPORT, today=TODAY)


def test_a_newer_export_updates_only_the_changed_commitment(tmp_path):
    ogp_export_import(REAL_EXPORT, today=TODAY)
    before = database_snapshot()
    header, rows = real_rows()
    for row in rows:
        if row["Commitment Unique Identifier"] == "AL0003":
            row["Commitment Title"] = "e-Parliament, second phase"
            row["Completion (Progress Report)"] = "Complete"

    report = ogp_export_import(write_export(tmp_path / "newer.csv", header, rows), today=TODAY)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 557)
    changed = Commitment.objects.get(ogp_id="AL0003")
    assert changed.title == "e-Parliament, second phase"
    assert changed.assessments.get(cycle__kind=ReviewKind.PROGRESS_REPORT).completion == "complete"
    after = database_snapshot()
    changed_commitments = set(after["commitments"]) - set(before["commitments"])
    assert [pk for pk, _updated in changed_commitments] == [changed.pk]
    assert after["members"] == before["members"]
    assert after["plans"] == before["plans"]
    assert after["history"] == before["history"] + 1


def test_it_rejects_bad_rows_with_their_row_number_and_imports_the_rest(tmp_path):
    header, rows = real_rows()
    good, bad_id, bad_plan, bad_date, bad_level = (dict(row) for row in rows[:5])
    bad_id["Commitment Unique Identifier"] = "ALBANIA-3"
    bad_plan["Action Plan ID"] = "PLAN_ALB01"
    bad_date["Start Date"] = "when the budget allows"
    bad_level["Specificity"] = "Very high"

    report = ogp_export_import(
        write_export(tmp_path / "bad.csv", header, [good, bad_id, bad_plan, bad_date, bad_level]),
        today=TODAY,
    )

    assert report.created == 1
    assert [(rejection.row, rejection.identifier) for rejection in report.rejections] == [
        (3, "ALBANIA-3"),
        (4, bad_plan["Commitment Unique Identifier"]),
        (5, bad_date["Commitment Unique Identifier"]),
        (6, bad_level["Commitment Unique Identifier"]),
    ]
    reasons = [rejection.reason for rejection in report.rejections]
    assert "not an OGP identifier" in reasons[0]
    assert "Action Plan ID" in reasons[1]
    assert "Start Date" in reasons[2] and "when the budget allows" in reasons[2]
    assert "Specificity" in reasons[3] and "Very high" in reasons[3]
    assert list(Commitment.objects.values_list("ogp_id", flat=True)) == [
        good["Commitment Unique Identifier"]
    ]


def test_it_rejects_a_repeated_identifier(tmp_path):
    header, rows = real_rows()

    report = ogp_export_import(
        write_export(tmp_path / "twice.csv", header, [rows[0], rows[0]]), today=TODAY
    )

    assert report.created == 1
    assert report.rejections[0].row == 3
    assert "already appears in row 2" in report.rejections[0].reason


def test_it_leaves_placeholder_dates_blank_without_rejecting(tmp_path):
    header, rows = real_rows()
    row = dict(rows[0])
    row["Start Date"], row["End Date"] = "Ongoing", "NA"

    report = ogp_export_import(write_export(tmp_path / "ongoing.csv", header, [row]), today=TODAY)

    assert report.rejected == 0
    commitment = Commitment.objects.get()
    assert (commitment.start_date, commitment.end_date) == (None, None)


def _malformed_exports(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    header, rows = real_rows()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(REAL_EXPORT.read_bytes().decode("utf-8").encode("latin-1", "replace"))
    spreadsheet = tmp_path / "book.xlsx"
    spreadsheet.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe")
    other_csv = tmp_path / "other.csv"
    other_csv.write_text("name,amount\nbudget,12\n", encoding="utf-8")
    header_only = write_export(tmp_path / "header.csv", header, [])
    without_region = write_export(
        tmp_path / "no-region.csv",
        [column for column in header if column != "Region"],
        [{key: value for key, value in row.items() if key != "Region"} for row in rows],
    )
    return {
        "empty": (empty, "empty"),
        "not UTF-8": (latin1, "not UTF-8"),
        "binary": (spreadsheet, "not UTF-8"),
        "not the export": (other_csv, "Commitment Unique Identifier"),
        "header only": (header_only, "no commitment rows"),
        "missing column": (without_region, "1 required column(s) missing: Region."),
    }


@pytest.mark.parametrize(
    "case", ["empty", "not UTF-8", "binary", "not the export", "header only", "missing column"]
)
def test_a_malformed_file_is_refused_before_anything_is_written(tmp_path, case):
    path, message = _malformed_exports(tmp_path)[case]

    with pytest.raises(ExportRefused, match=re.escape(message)):
        ogp_export_import(path)

    assert nothing_stored()


def test_the_command_refuses_a_malformed_file_with_one_readable_line(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,amount\nbudget,12\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command("import_ogp_commitments", str(path))

    message = str(refused.value)
    assert "\n" not in message
    assert "was not imported" in message and "required column(s) missing" in message
    assert nothing_stored()


def test_the_command_reports_its_figures(capsys):
    call_command("import_ogp_commitments", str(REAL_EXPORT), "--quiet-warnings")

    output = capsys.readouterr().out
    assert "558 rows: 558 created, 0 updated, 0 unchanged, 0 rejected" in output
    assert "Members: 75 created" in output


def test_known_rows_are_mapped_exactly():
    ogp_export_import(REAL_EXPORT, today=TODAY)

    al0002 = Commitment.objects.select_related("plan__member").get(ogp_id="AL0002")
    assert al0002.plan.ogp_id == "AP_ALB01"
    assert al0002.plan.title == "Albania Action Plan 2012-2014"
    assert al0002.plan.status == ActionPlan.Status.ENDED
    assert (al0002.plan.submitted_year, al0002.plan.submitted_on) == (2012, None)
    albania = al0002.plan.member
    assert (albania.name, albania.slug, albania.region) == ("Albania", "albania", Region.EUROPE)
    assert (albania.kind, albania.country_code, albania.ogp_code) == ("national", "AL", "ALB")
    assert al0002.ogp_url == "https://opengovpartnership.org/members/albania/commitments/al0002"
    assert al0002.is_access_to_information and not al0002.is_civic_participation
    assert set(al0002.policy_areas.values_list("name", flat=True)) == {
        "Democratizing Decision-Making",
        "Open Parliaments",
        "Regulatory Governance",
    }
    progress = al0002.assessments.get(cycle__kind=ReviewKind.PROGRESS_REPORT)
    assert (progress.specificity, progress.potential_impact, progress.completion) == (
        "medium",
        "moderate",
        "substantial",
    )
    assert progress.verifiable == "yes" and progress.is_starred is False
    assert progress.cycle.state == ReviewCycle.State.PUBLISHED
    assert progress.cycle.published_on.year == 2014

    gr0025 = Commitment.objects.get(ogp_id="GR0025")
    assert gr0025.number == "4.1"
    assert (gr0025.start_date, gr0025.end_date) == (
        datetime.date(2014, 7, 1),
        datetime.date(2016, 6, 30),
    )
    assert Commitment.objects.get(ogp_id="PY0081").number == "8.2"
    assert Commitment.objects.get(ogp_id="EE0043").number == "2.3"

    ie0051 = Commitment.objects.get(ogp_id="IE0051")
    review = ie0051.assessments.get(cycle__kind=ReviewKind.ACTION_PLAN_REVIEW)
    assert (review.verifiable, review.potential_for_results) == ("yes", "substantial")
    results = ie0051.assessments.get(cycle__kind=ReviewKind.RESULTS_REPORT)
    assert (results.completion, results.early_results) == ("substantial", "moderate")
    assert results.cycle.published_on.year == 2024
    assert not ie0051.assessments.filter(cycle__kind__in=["progress_report", "end_of_term_report"])

    cluster = Commitment.objects.get(ogp_id="MW0006").assessments.get()
    assert cluster.cluster == "MW0006, MW0010"

    kosovo = Member.objects.get(ogp_code="XKX")
    assert (kosovo.kind, kosovo.country_code) == ("national", "XK")
    assert Member.objects.get(ogp_code="MAR").country_code == "MA"
    buenos_aires = Member.objects.get(ogp_code="ARBA")
    assert (buenos_aires.kind, buenos_aires.country_code) == ("local", "")
    assert buenos_aires.slug == "buenos-aires-argentina"


def test_policy_areas_keep_the_export_s_parent_structure():
    ogp_export_import(REAL_EXPORT, today=TODAY)

    area = PolicyArea.objects.select_related("parent")
    for parent in PARENT_AREA_COLUMNS:
        assert area.get(name=AREA_NAMES.get(parent, parent)).parent is None
    assert area.get(name="Environment and Climate").children.count() == 4
    assert area.get(name="Right to Information").parent.name == "Anti-Corruption and Integrity"
    assert area.get(name="Education").parent.name == "Public Service Delivery"
    assert area.get(name="Legislation").parent is None
    assert area.get(name="Participation in Lawmaking").parent is None


def test_imported_data_satisfies_the_review_rules():
    ogp_export_import(REAL_EXPORT, today=TODAY)

    assert not CommitmentAssessment.objects.filter(verifiable="no").exclude(
        potential_for_results=""
    )
    assert not ActionPlan.objects.filter(period_end__lte=datetime.date(2011, 1, 1))
    for plan_id, kinds in {
        "AP_GRC02": {"progress_report", "end_of_term_report"},
        "AP_IRL03": {"action_plan_review", "results_report"},
    }.items():
        assert (
            set(ReviewCycle.objects.filter(plan__ogp_id=plan_id).values_list("kind", flat=True))
            == kinds
        )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2.2999999999999998", "2.3"),
        ("4.0999999999999996", "4.1"),
        ("10.130000000000001", "10.13"),
        ("1.1.", "1.1"),
        ("2.3.2.A", "2.3.2.A"),
        (" 12 ", "12"),
    ],
)
def test_commitment_numbers_lose_spreadsheet_float_artefacts(raw, expected):
    assert normalise_commitment_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "day_first", "expected"),
    [
        ("1/1/2024", False, (datetime.date(2024, 1, 1), datetime.date(2024, 1, 1))),
        ("12/31/18", False, (datetime.date(2018, 12, 31), datetime.date(2018, 12, 31))),
        ("31/12/2016", False, (datetime.date(2016, 12, 31), datetime.date(2016, 12, 31))),
        ("1/7/2014", True, (datetime.date(2014, 7, 1), datetime.date(2014, 7, 1))),
        ("July 2014", False, (datetime.date(2014, 7, 1), datetime.date(2014, 7, 31))),
        ("Quarter 1 2014", False, (datetime.date(2014, 1, 1), datetime.date(2014, 3, 31))),
        ("IV quarter of 2020", False, (datetime.date(2020, 10, 1), datetime.date(2020, 12, 31))),
        ("2014", False, (datetime.date(2014, 1, 1), datetime.date(2014, 12, 31))),
        ("43525", False, (datetime.date(2019, 3, 1), datetime.date(2019, 3, 1))),
        ("7/15/1905", False, (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))),
        ("NA", False, None),
        ("Ongoing", False, None),
    ],
)
def test_it_reads_the_date_forms_of_the_export(raw, day_first, expected):
    assert parse_ogp_date(raw, day_first=day_first) == expected


@pytest.mark.parametrize("raw", ["soon", "13/13/2020", "Smarch 2020", "1/1/1850"])
def test_it_refuses_to_guess_an_unreadable_date(raw):
    with pytest.raises(ValueError):
        parse_ogp_date(raw)


def test_every_policy_area_of_the_real_export_is_known_for_translation():
    ogp_export_import(REAL_EXPORT, today=TODAY)

    assert set(PolicyArea.objects.values_list("name", flat=True)) <= set(POLICY_AREA_NAMES)


def test_a_value_longer_than_any_old_limit_is_stored_whole_without_a_warning(tmp_path):
    header, rows = real_rows()
    lead = "Ministry of Digital Affairs, " * 30  # 870 characters; the column once held 500
    title = "T" * 1200
    rows[0]["Lead Institution"], rows[0]["Commitment Title"] = lead, title
    rows[0]["Theme"] = "Open parliament; " * 40

    report = ogp_export_import(write_export(tmp_path / "long.csv", header, rows), today=TODAY)

    commitment = Commitment.objects.get(ogp_id=rows[0]["Commitment Unique Identifier"])
    assert commitment.lead_agency == lead.strip()
    assert commitment.title == title
    assert commitment.theme == ("Open parliament; " * 40).strip()
    assert not [w for w in report.warnings if "shortened" in w.message]


def test_columns_the_import_does_not_know_are_named_in_the_report(tmp_path, capsys):
    header, rows = real_rows()
    header = [*header, "Notes From The Secretariat", ""]
    for row in rows:
        row["Notes From The Secretariat"], row[""] = "internal", "x"
    path = write_export(tmp_path / "extra.csv", header, rows)

    report = ogp_export_import(path, today=TODAY)
    call_command("import_ogp_commitments", str(path), "--quiet-warnings")

    assert report.ignored_columns == ["Notes From The Secretariat", f"column {len(header)}"]
    assert report.created == 558
    output = capsys.readouterr().out
    assert "Ignored 2 column(s) the import does not know: Notes From The Secretariat" in output


def test_the_real_export_has_no_ignored_columns():
    assert ogp_export_import(REAL_EXPORT, today=TODAY).ignored_columns == []


def test_the_full_text_s_marked_sections_fill_the_empty_template_fields():
    ogp_export_import(REAL_EXPORT, today=TODAY)

    gh0042 = Commitment.objects.get(ogp_id="GH0042")
    assert gh0042.problem.startswith("● The commitment seeks to reform the existing law")
    assert "Public Financial Management Act" in gh0042.objective
    assert "OGP values of accountability" in gh0042.relevance
    assert gh0042.description.startswith("Problem to be addressed")  # the full text, whole
    al0086 = Commitment.objects.get(ogp_id="AL0086")
    assert al0086.problem.startswith("Municipalities are the government tier closest")
    assert al0086.status_quo.startswith("During these years, we have carried out activities")


def test_a_field_someone_wrote_is_never_overwritten_by_the_full_text(tmp_path):
    ogp_export_import(REAL_EXPORT, today=TODAY)
    Commitment.objects.filter(ogp_id="GH0042").update(problem="Asset declarations go unchecked.")

    report = ogp_export_import(REAL_EXPORT, today=TODAY)

    assert report.updated == 0
    assert Commitment.objects.get(ogp_id="GH0042").problem == "Asset declarations go unchecked."


def test_a_second_run_leaves_the_fields_the_full_text_filled_unchanged():
    ogp_export_import(REAL_EXPORT, today=TODAY)
    filled = dict(Commitment.objects.exclude(problem="").values_list("ogp_id", "problem"))
    before = database_snapshot()

    report = ogp_export_import(REAL_EXPORT, today=TODAY)

    assert len(filled) > 100
    assert (report.updated, report.unchanged) == (0, 558)
    assert database_snapshot() == before
    assert dict(Commitment.objects.exclude(problem="").values_list("ogp_id", "problem")) == filled


def test_supporting_institutions_go_to_the_sector_the_export_names():
    ogp_export_import(REAL_EXPORT, today=TODAY)

    ee0050 = Commitment.objects.get(ogp_id="EE0050")  # the full text lists them as CSOs
    assert ee0050.supporting_government == ""
    assert ee0050.supporting_civil_society.startswith("The Estonian Cooperation Assembly")
    ke0021 = Commitment.objects.get(ogp_id="KE0021")  # the column names both sectors
    assert ke0021.supporting_government.startswith("Office of the Deputy President")
    assert ke0021.supporting_civil_society.startswith("Mzalendo, INFONET Africa")
    gh0042 = Commitment.objects.get(ogp_id="GH0042")  # nothing says which is which
    assert gh0042.supporting_government.startswith("Commission on Human Rights")
    assert gh0042.supporting_civil_society == ""
