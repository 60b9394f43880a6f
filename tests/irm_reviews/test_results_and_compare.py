"""A review's figures (charts with their tables) on plan and member pages, and /compare/."""

import csv
import datetime
import io
import re

import pytest

from commitments.display import COMPLETION_ORDER
from irm_reviews.display import indicator_chart, level_counts, review_results
from irm_reviews.errata import assessment_erratum_record
from irm_reviews.models import ReviewCycle
from irm_reviews.selectors import review_results_data_for_plan
from irm_reviews.services import review_cycle_advance
from members.models import MemberKind, Region, Role
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import MemberFactory, UserFactory

from .factories import CommitmentAssessmentFactory, ReviewCycleFactory
from .publication import review_with_people

pytestmark = pytest.mark.django_db
S = ReviewCycle.State
APR = ({"potential_for_results": "substantial", "is_promising": True},) * 2 + (
    {"potential_for_results": "modest", "is_promising": False},
    {"verifiable": "no", "potential_for_results": "", "is_promising": None},
)


def _published_review(levels=APR, **kwargs):
    return review_with_people(state=S.PUBLISHED, levels=levels, **kwargs)


def test_the_figures_count_commitments_by_level_with_their_shares():
    people = _published_review()
    results = review_results(*review_results_data_for_plan(people.cycle.plan))
    charts = {chart.field: chart for chart in results[0].charts}
    assert set(charts) == {
        "verifiable",
        "open_government_lens",
        "potential_for_results",
        "is_promising",
    }
    potential = {
        s.level: (s.count, round(s.percent)) for s in charts["potential_for_results"].segments
    }
    assert potential == {"substantial": (2, 50), "modest": (1, 25), "none": (1, 25)}
    promising = {s.level: s.count for s in charts["is_promising"].segments}
    assert promising == {"yes": 2, "no": 1, "none": 1}
    assert charts["verifiable"].segments[0].offset == 0
    assert charts["potential_for_results"].segments[1].offset == 50


def test_the_figures_count_the_values_in_force_after_an_erratum():
    people = _published_review(
        levels=({"completion": "limited"}, {"completion": "complete"}),
        kind=ReviewCycle.Kind.RESULTS_REPORT,
    )
    assessment_erratum_record(
        user=people.irm,
        assessment=people.assessments[0],
        field="completion",
        value="complete",
        reason="Late evidence.",
        today=datetime.date(2026, 11, 2),
    )
    results = review_results(*review_results_data_for_plan(people.cycle.plan))
    completion = next(chart for chart in results[0].charts if chart.field == "completion")
    assert [(s.level, s.count) for s in completion.segments] == [("complete", 2)]
    assert len(results[0].errata) == 1


def test_a_chart_of_legacy_starred_commitments():
    chart = indicator_chart("x", "is_starred", level_counts("is_starred", [True, False, False]))
    assert [(s.label, s.count) for s in chart.segments] == [("Yes", 1), ("No", 2)]
    assert "3 commitments" in chart.description


def test_the_plan_and_member_pages_show_each_chart_with_its_table(
    client, django_assert_max_num_queries
):
    people = _published_review()
    plan = people.cycle.plan
    html = client.get(plan.get_absolute_url()).content.decode()
    assert html.count('<svg class="stacked-bar"') >= 5  # four indicators and completion
    assert '<desc id="irm-' in html and "Promising commitments" in html
    assert "chart-table" in html
    with django_assert_max_num_queries(20):
        member_html = client.get(plan.member.get_absolute_url()).content.decode()
    assert "Latest IRM results" in member_html and "Potential for results" in member_html


def _member_with_review(name, region, kind, published_on, completions, report=None):
    member = MemberFactory(name=name, region=region, kind=kind)
    plan = ActionPlanFactory(member=member)
    cycle = ReviewCycleFactory(
        plan=plan,
        kind=report or ReviewCycle.Kind.RESULTS_REPORT,
        state=S.PUBLISHED,
        published_on=published_on,
    )
    for completion in completions:
        CommitmentAssessmentFactory(
            cycle=cycle,
            commitment=CommitmentFactory(plan=plan),
            verifiable="",
            open_government_lens=None,
            potential_for_results="",
            completion=completion,
        )
    return cycle


@pytest.fixture
def compared():
    return {
        "alba": _member_with_review(
            "Alba",
            Region.EUROPE,
            MemberKind.NATIONAL,
            datetime.date(2025, 3, 1),
            ["complete", "limited"],
        ),
        "bora": _member_with_review(
            "Bora",
            Region.AFRICA_MIDDLE_EAST,
            MemberKind.LOCAL,
            datetime.date(2026, 5, 1),
            ["complete", "complete", "complete", "substantial"],
        ),
        "legacy": _member_with_review(
            "Cora",
            Region.EUROPE,
            MemberKind.NATIONAL,
            datetime.date(2016, 1, 1),
            ["substantial"],
            report=ReviewCycle.Kind.END_OF_TERM_REPORT,
        ),
    }


def _names(response):
    return [row.cycle.plan.member.name for row in response.context["rows"]]


def test_compare_takes_each_members_latest_review_and_filters(client, compared):
    older = ReviewCycleFactory(
        plan=ActionPlanFactory(member=compared["alba"].plan.member),
        kind=ReviewCycle.Kind.RESULTS_REPORT,
        state=S.PUBLISHED,
        published_on=datetime.date(2020, 1, 1),
    )
    assert older.pk
    assert _names(client.get("/compare/")) == ["Alba", "Bora", "Cora"]
    assert _names(client.get("/compare/", {"region": Region.EUROPE})) == ["Alba", "Cora"]
    assert _names(client.get("/compare/", {"kind": MemberKind.LOCAL})) == ["Bora"]
    assert _names(client.get("/compare/", {"year": 2016})) == ["Cora"]
    assert _names(client.get("/compare/", {"indicator": "potential_impact"})) == []


def test_compare_sorts_by_the_share_of_the_best_level(client, compared):
    assert _names(client.get("/compare/", {"ordering": "-best"})) == ["Bora", "Alba", "Cora"]
    assert _names(client.get("/compare/", {"ordering": "-published_on"})) == [
        "Bora",
        "Alba",
        "Cora",
    ]
    assert _names(client.get("/compare/", {"ordering": "-member"})) == ["Cora", "Bora", "Alba"]
    assert client.get("/compare/", {"ordering": "sideways"}).status_code == 400


def test_compare_downloads_as_csv_with_a_link_to_each_review(client, compared):
    response = client.get("/compare/", {"format": "csv", "ordering": "-best"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [row["member"] for row in rows] == ["Bora", "Alba", "Cora"]
    assert rows[0]["complete_count"] == "3" and rows[0]["complete_share"] == "75.0"
    assert rows[0]["url"].endswith(compared["bora"].get_absolute_url())


def test_compare_works_on_legacy_indicators(client, compared):
    UserFactory()
    response = client.get("/compare/", {"indicator": "completion", "year": 2016})
    assert response.context["rows"][0].cycle.kind == ReviewCycle.Kind.END_OF_TERM_REPORT


def test_compare_reads_a_constant_number_of_queries(
    client, compared, django_assert_max_num_queries
):
    for n in range(5):
        _member_with_review(
            f"Extra {n}",
            Region.EUROPE,
            MemberKind.NATIONAL,
            datetime.date(2024, 1, 1),
            ["limited"] * 3,
        )
    with django_assert_max_num_queries(4):
        assert client.get("/compare/").status_code == 200


def test_compare_column_headers_sort_and_say_so(client, compared):
    html = client.get("/compare/", {"ordering": "-best", "region": Region.EUROPE}).content.decode()
    assert 'aria-sort="descending"' in html
    assert "region=europe&amp;ordering=best" in html


def test_compare_sorts_all_members_before_cutting_the_page(client, compared, monkeypatch):
    monkeypatch.setattr("ogp_portal.pages.compare.ROWS_PER_PAGE", 2)
    first = client.get("/compare/", {"ordering": "-member"})
    second = client.get("/compare/", {"ordering": "-member", "page": 2})

    assert _names(first) == ["Cora", "Bora"]
    assert _names(second) == ["Alba"]
    assert "Completion: 3 members" in first.content.decode()
    assert "ordering=-member&amp;page=2" in first.content.decode()
    csv_rows = b"".join(client.get("/compare/", {"format": "csv"}).streaming_content)
    assert csv_rows.count(b"\n") == 4  # the header and all three members, not one page


def test_compare_counts_the_values_in_force_after_an_erratum(client, compared):
    alba = compared["alba"]
    limited = alba.assessments.get(completion="limited")
    assessment_erratum_record(
        user=UserFactory(role=Role.SUPPORT_UNIT, member=None),
        assessment=limited,
        field="completion",
        value="complete",
        reason="Late evidence.",
        today=datetime.date(2026, 11, 2),
    )
    row = next(r for r in client.get("/compare/").context["rows"] if r.cycle == alba)

    assert (row.count_of("complete"), row.count_of("limited"), row.share_of("complete")) == (
        2,
        0,
        100.0,
    )


def test_a_compare_row_shows_its_labels_and_whole_shares_in_the_readers_language(client, compared):
    _member_with_review(
        "Dara",
        Region.EUROPE,
        MemberKind.LOCAL,
        datetime.date(2026, 6, 1),
        ["complete", "limited", "limited"],  # 33.3 % and 66.7 %
    )
    html = client.get("/compare/", {"region": Region.EUROPE}).content.decode()
    dara = html[html.index(">Dara</a>") :].split("</tr>")[0]
    assert "Local, Europe" in dara and ">Results Report</a>" in dara
    cells = re.findall(r'<td class="num">([^<]*)</td>', dara)
    # commitments, then complete, substantial, limited and the scale's other levels, no value
    assert cells == ["3", "33 %", "0 %", "67 %"] + ["0 %"] * (len(COMPLETION_ORDER) - 3 + 1)
    french = client.get("/fr/compare/", {"region": Region.EUROPE}).content.decode()
    assert "Local, Europe" in french and "Rapport sur les résultats" in french


def test_compare_is_read_from_the_cache_until_a_report_is_published(
    client, compared, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    people = review_with_people(
        state=ReviewCycle.State.PUBLIC_COMMENT,
        kind=ReviewCycle.Kind.RESULTS_REPORT,
        levels=({"completion": "complete"},),
    )
    assert _names(client.get("/compare/")) == ["Alba", "Bora", "Cora"]
    with django_assert_max_num_queries(2):  # the shown reports only (and the session's)
        assert _names(client.get("/compare/")) == ["Alba", "Bora", "Cora"]

    with django_capture_on_commit_callbacks(execute=True):
        review_cycle_advance(user=people.irm, cycle=people.cycle, today=datetime.date(2026, 12, 1))

    assert people.cycle.plan.member.name in _names(client.get("/compare/"))


def test_an_erratum_of_any_indicator_shows_on_compare_at_once(
    client, compared, django_capture_on_commit_callbacks
):
    people = review_with_people(state=ReviewCycle.State.PUBLISHED)  # potential: substantial
    compare = {"indicator": "potential_for_results"}
    (row,) = client.get("/compare/", compare).context["rows"]
    assert row.count_of("substantial") == 1

    with django_capture_on_commit_callbacks(execute=True):
        assessment_erratum_record(
            user=people.support_unit,
            assessment=people.assessments[0],
            field="potential_for_results",
            value="modest",
            reason="The milestones were misread.",
            today=datetime.date(2026, 12, 1),
        )

    (row,) = client.get("/compare/", compare).context["rows"]
    assert (row.count_of("substantial"), row.count_of("modest")) == (0, 1)
