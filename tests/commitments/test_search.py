import csv
import datetime
import io
import json

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from commitments.models import Commitment, Completion
from commitments.search import SEARCH_CONFIG
from commitments.selectors import commitment_search
from members.models import Region
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.bulk import build_many_commitments
from tests.commitments.factories import CommitmentFactory, PolicyAreaFactory, ProgressUpdateFactory
from tests.irm_reviews.factories import CommitmentAssessmentFactory, ReviewCycleFactory
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _ids(response) -> list[str]:
    return [c.ogp_id for c in response.context["page"].object_list]


def _described(**fields) -> Commitment:
    """A commitment whose only searchable words are those given."""
    return CommitmentFactory(**{"title": "Other", "short_title": "", "problem": "", **fields})


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_search_finds_commitments_by_words_in_the_description(client):
    CommitmentFactory(ogp_id="AL0001", description="Register the beneficial owners of companies.")
    CommitmentFactory(ogp_id="AL0002", description="Publish every bill as open data.")

    response = client.get("/commitments/?q=beneficial+owner")

    assert _ids(response) == ["AL0001"]


def test_search_ranks_title_matches_first(client):
    CommitmentFactory(ogp_id="AL0001", title="Budget transparency", description="Lobbying too.")
    CommitmentFactory(ogp_id="AL0002", title="Lobbying register", description="Register lobbyists.")

    assert _ids(client.get("/commitments/?q=lobbying")) == ["AL0002", "AL0001"]


def test_search_understands_web_search_syntax(client):
    CommitmentFactory(ogp_id="AL0001", description="Open contracting in health.")
    CommitmentFactory(ogp_id="AL0002", description="Open contracting in education.")

    assert _ids(client.get('/commitments/?q="open contracting" -health')) == ["AL0002"]


def test_a_search_for_an_ogp_id_goes_straight_to_that_commitment(client):
    CommitmentFactory(ogp_id="AL0001")
    CommitmentFactory(ogp_id="AL0002")

    response = client.get("/commitments/?q=al0002")

    assert response.status_code == 302 and response["Location"] == "/commitments/AL0002/"


def test_the_api_search_finds_a_commitment_by_its_ogp_id(client):
    CommitmentFactory(ogp_id="AL0001")
    CommitmentFactory(ogp_id="AL0002")

    response = client.get("/api/v1/commitments/?search=al0002")

    assert [row["ogp_id"] for row in response.json()["results"]] == ["AL0002"]


def test_a_search_for_a_draft_identifier_does_not_reveal_it(client):
    CommitmentFactory(ogp_id="AL0009", publication_state="draft")

    response = client.get("/commitments/?q=AL0009")

    assert response.status_code == 200 and _ids(response) == []


def test_search_matches_a_quoted_phrase_only_as_a_phrase(client):
    _described(ogp_id="AL0001", description="An open parliament for everyone.")
    _described(ogp_id="AL0002", description="Parliament publishes open data.")

    assert _ids(client.get('/commitments/?q="open parliament"')) == ["AL0001"]


def test_search_leaves_out_words_after_a_minus(client):
    _described(ogp_id="AL0001", description="An open parliament for everyone.")
    _described(ogp_id="AL0002", description="Parliament committees meet in public.")

    assert _ids(client.get("/commitments/?q=parliament+-open")) == ["AL0002"]


def test_search_finds_words_in_any_order(client):
    _described(ogp_id="AL0001", description="A register of the beneficial ownership.")

    assert _ids(client.get("/commitments/?q=ownership+beneficial")) == ["AL0001"]


def test_search_matches_word_stems(client):
    _described(ogp_id="AL0001", description="Publish the budget in full.")
    _described(ogp_id="AL0002", description="Citizens' budgets for every region.")

    assert sorted(_ids(client.get("/commitments/?q=budgets"))) == ["AL0001", "AL0002"]
    assert sorted(_ids(client.get("/commitments/?q=budget"))) == ["AL0001", "AL0002"]


def test_search_either_word_with_or(client):
    _described(ogp_id="AL0001", description="Lobbying register.")
    _described(ogp_id="AL0002", description="Asset declarations.")
    _described(ogp_id="AL0003", description="Open contracting.")

    assert sorted(_ids(client.get("/commitments/?q=lobbying+or+asset"))) == ["AL0001", "AL0002"]


def test_equally_relevant_results_come_newest_plan_first(client):
    old = ActionPlanFactory(
        period_start=datetime.date(2012, 1, 1), period_end=datetime.date(2014, 1, 1)
    )
    new = ActionPlanFactory(
        period_start=datetime.date(2022, 1, 1), period_end=datetime.date(2024, 1, 1)
    )
    _described(ogp_id="AL0001", plan=old, description="Lobbying register.")
    _described(ogp_id="AL0002", plan=new, description="Lobbying register.")

    assert _ids(client.get("/commitments/?q=lobbying")) == ["AL0002", "AL0001"]


def test_results_show_the_matched_words_highlighted_in_a_snippet(client):
    CommitmentFactory(
        ogp_id="AL0001",
        description="Brief description of the commitment. " * 30
        + "The ministry will publish R&D firms' beneficial owners in a register.",
    )

    html = client.get("/commitments/?q=beneficial").content.decode()

    assert "<mark>beneficial</mark>" in html
    assert "R&amp;D" in html
    assert "R&D" not in html


def test_search_text_that_is_only_punctuation_finds_nothing_and_does_not_fail(client):
    CommitmentFactory(ogp_id="AL0001", description="Anything.")

    response = client.get('/commitments/?q=" - or ( *')

    assert response.status_code == 200 and _ids(response) == []


def _planned_as_on_a_large_table():
    """On a table of one row any index will do (a whole scan of the visible order, partial on
    not deleted, with the search as a filter wins). With 2,000 commitments of which one matches,
    as on a real table, the planner must choose the search's own indexes."""
    one = CommitmentFactory(title="A budget commitment")
    Commitment.objects.bulk_create(
        [
            Commitment(
                plan=one.plan,
                ogp_id=f"ZZ{n:05d}",
                number=f"z{n}",
                position=n,
                title=f"Access to information, commitment {n}",
            )
            for n in range(2, 2002)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE commitments_commitment")
        cursor.execute("SET enable_seqscan = off")


@pytest.mark.postgres
def test_search_uses_the_gin_index():
    # All rows, deleted ones too: on the live rows a whole scan of the partial visible-order
    # index competes with the match on a table this small, whatever the statistics say.
    queryset = (
        Commitment.with_deleted.filter(
            search_document=SearchQuery("budget", search_type="websearch", config=SEARCH_CONFIG)
        )
        .order_by()
        .values("pk")
    )
    _planned_as_on_a_large_table()

    assert "commitment_search_document" in queryset.explain()


@pytest.mark.postgres
def test_search_by_words_or_ogp_id_reads_indexes_only():
    queryset = commitment_search(Commitment.objects.all(), "budget").order_by().values("pk")
    _planned_as_on_a_large_table()

    plan = queryset.explain()

    assert "commitment_search_document" in plan
    assert "commitment_ogp_id_upper" in plan
    assert "Seq Scan" not in plan


def test_search_ranks_title_above_short_title_above_the_other_texts(client):
    CommitmentFactory(ogp_id="AL0001", title="Other", lead_agency="Ministry of Lobbying")
    CommitmentFactory(ogp_id="AL0002", title="Other", description="Regulate lobbying.")
    CommitmentFactory(ogp_id="AL0003", title="Other", short_title="Lobbying")
    CommitmentFactory(ogp_id="AL0004", title="Lobbying register", description="Lobbying.")

    ids = _ids(client.get("/commitments/?q=lobbying"))

    # PostgreSQL ranks by the title and short title only (commitments.search.RANKED_FIELDS).
    assert ids[:2] == ["AL0004", "AL0003"]
    assert set(ids[2:]) == {"AL0001", "AL0002"}


def test_a_title_match_ranks_above_a_description_match_in_a_newer_plan(client):
    newer = ActionPlanFactory(period_start=datetime.date(2024, 1, 1))
    older = ActionPlanFactory(period_start=datetime.date(2016, 1, 1))
    _described(ogp_id="AL0001", plan=newer, description="Open the budget to citizens.")
    _described(ogp_id="AL0002", plan=older, title="Citizens' budget")

    assert _ids(client.get("/commitments/?q=budget")) == ["AL0002", "AL0001"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("member=albania", ["AL0001"]),
        ("region=africa_middle_east", ["KE0001"]),
        ("policy_area=fiscal-openness", ["KE0001"]),
        ("ogp_value=civic_participation", ["KE0001"]),
        ("plan_status=ended", ["KE0001"]),
        ("completion=complete", ["AL0001"]),
        ("potential_for_results=substantial", ["AL0001"]),
        ("early_results=significant", ["KE0001"]),
        ("year_from=2018&year_to=2019", ["KE0001"]),
        ("plan=AP_ALB01", ["AL0001"]),
    ],
)
def test_filters_narrow_results(client, query, expected):
    albania = ActionPlanFactory(
        member=MemberFactory(slug="albania", region=Region.EUROPE), ogp_id="AP_ALB01"
    )
    kenya = ActionPlanFactory(
        member=MemberFactory(slug="kenya", region=Region.AFRICA_MIDDLE_EAST),
        status="ended",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2019, 12, 31),
    )
    fiscal = PolicyAreaFactory(name="Fiscal Openness", slug="fiscal-openness")
    budget = PolicyAreaFactory(name="Open Budgets", slug="open-budgets", parent=fiscal)
    al = CommitmentFactory(plan=albania, ogp_id="AL0001")
    ke = CommitmentFactory(plan=kenya, ogp_id="KE0001", is_civic_participation=True)
    ke.policy_areas.add(budget)
    ProgressUpdateFactory(commitment=al, completion=Completion.COMPLETE)
    CommitmentAssessmentFactory(
        cycle=ReviewCycleFactory(
            plan=albania, state="published", published_on=datetime.date(2024, 5, 1)
        ),
        commitment=al,
        potential_for_results="substantial",
    )
    CommitmentAssessmentFactory(
        cycle=ReviewCycleFactory(
            plan=kenya,
            kind="results_report",
            state="published",
            published_on=datetime.date(2020, 5, 1),
        ),
        commitment=ke,
        early_results="significant",
    )

    assert _ids(client.get(f"/commitments/?{query}")) == expected


def test_irm_ratings_of_unpublished_reports_do_not_count(client):
    commitment = CommitmentFactory(ogp_id="AL0001")
    CommitmentAssessmentFactory(
        cycle__plan=commitment.plan, commitment=commitment, potential_for_results="substantial"
    )

    assert _ids(client.get("/commitments/?potential_for_results=substantial")) == []


@pytest.mark.parametrize(
    "query",
    [
        "region=mars",
        "page=abc",
        "page=999",
        "year_from=x",
        "year_from=2020&year_to=2010",
        "completion=done",
        "member=atlantis",
        "format=xml",
        "q=" + "x" * 300,
    ],
)
def test_a_bad_filter_shows_the_page_with_a_message(client, query):
    CommitmentFactory(ogp_id="AL0001")

    response = client.get(f"/commitments/?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not understood" in html or 'class="message' in html
    assert 'href="/commitments/AL0001/"' in html


def test_drafts_never_appear_in_search(client):
    CommitmentFactory(ogp_id="AL0001", publication_state="draft", title="Secret draft")

    response = client.get("/commitments/?q=secret")

    assert _ids(response) == []
    assert b"".join(client.get("/commitments/?format=csv").streaming_content).count(b"\n") == 1


def test_a_formula_in_a_title_comes_back_neutralised_in_the_list_csv(client):
    CommitmentFactory(ogp_id="AL0001", title='=HYPERLINK("http://example.com/steal","Click")')

    [row] = csv.DictReader(io.StringIO(_body(client.get("/commitments/?format=csv"))))

    assert row["title"] == '\'=HYPERLINK("http://example.com/steal","Click")'


def test_downloads_carry_the_filters(client):
    CommitmentFactory(ogp_id="AL0001", description="Beneficial ownership register.")
    CommitmentFactory(ogp_id="AL0002", description="Open the budget hearings.")

    rows = list(
        csv.DictReader(io.StringIO(_body(client.get("/commitments/?q=beneficial&format=csv"))))
    )
    assert [row["ogp_id"] for row in rows] == ["AL0001"]
    assert rows[0]["url"] == "http://testserver/commitments/AL0001/"

    data = json.loads(_body(client.get("/commitments/?q=hearings&format=json")))
    assert [row["ogp_id"] for row in data] == ["AL0002"]

    html = client.get("/commitments/?q=hearings").content.decode()
    assert 'href="/commitments/?q=hearings&amp;format=csv"' in html


def test_results_are_paginated_with_links_carrying_the_filters(client):
    build_many_commitments(members=1, plans_per_member=1, per_plan=45)

    html = client.get("/commitments/?q=parliamentary").content.decode()

    assert html.count('href="/commitments/BK') == 20
    assert 'href="?q=parliamentary&amp;page=2"' in html
    page3 = client.get("/commitments/?q=parliamentary&page=3")
    assert len(_ids(page3)) == 5


def test_words_matching_more_than_the_limit_are_counted_and_paged_only_that_far(
    client, monkeypatch
):
    build_many_commitments(members=1, plans_per_member=1, per_plan=45)
    monkeypatch.setattr("ogp_portal.pages.commitments.SEARCH_COUNT_UP_TO", 30)

    first = client.get("/commitments/?q=parliamentary")
    html = first.content.decode()
    assert "More than 30 commitments found: the 30 most relevant are listed" in html
    assert "Page 1 of 2" in html
    assert len(_ids(client.get("/commitments/?q=parliamentary&page=2"))) == 10
    beyond = client.get("/commitments/?q=parliamentary&page=3")
    assert len(_ids(beyond)) == 10 and "There is no page 3" in beyond.content.decode()
    # Fewer matches than the limit, and lists without words, are counted in full.
    monkeypatch.setattr("ogp_portal.pages.commitments.SEARCH_COUNT_UP_TO", 45)
    assert "45 commitments found" in client.get("/commitments/?q=parliamentary").content.decode()
    monkeypatch.setattr("ogp_portal.pages.commitments.SEARCH_COUNT_UP_TO", 30)
    assert "45 commitments found" in client.get("/commitments/").content.decode()


def test_search_page_makes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    build_many_commitments(members=5, plans_per_member=2, per_plan=30)

    with django_assert_max_num_queries(9):
        response = client.get("/commitments/?q=parliamentary&region=europe&completion=limited")
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        response = client.get("/commitments/")
    assert response.content.decode().count('href="/commitments/BK') == 20


def test_the_full_download_streams_every_row_in_few_queries(client, django_assert_max_num_queries):
    build_many_commitments(members=5, plans_per_member=2, per_plan=30)

    with django_assert_max_num_queries(8):
        body = _body(client.get("/commitments/?format=csv"))
    assert body.count("\n") == 301
