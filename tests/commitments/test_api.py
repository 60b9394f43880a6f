import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from commitments.models import Commitment, Completion
from irm_reviews.models import CycleState
from members.models import Region
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import (
    CommitmentFactory,
    MilestoneFactory,
    PolicyAreaFactory,
    ProgressUpdateFactory,
)
from tests.irm_reviews.factories import CommitmentAssessmentFactory
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/commitments/"


@pytest.fixture
def client():
    return APIClient()


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_it_lists_commitments_with_milestones_policy_areas_and_values(client):
    area = PolicyAreaFactory(name="Open Parliaments", slug="open-parliaments")
    commitment = CommitmentFactory(ogp_id="AL0002", is_civic_participation=True)
    commitment.policy_areas.add(area)
    MilestoneFactory(commitment=commitment, number=2, completion=Completion.COMPLETE)
    MilestoneFactory(commitment=commitment, number=1)

    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["ogp_id"] == "AL0002"
    assert row["plan_ogp_id"] == commitment.plan.ogp_id
    assert row["member_slug"] == commitment.plan.member.slug
    assert row["policy_areas"] == ["Open Parliaments"]
    assert row["ogp_values"] == ["access_to_information", "civic_participation"]
    assert [m["number"] for m in row["milestones"]] == [1, 2]
    assert row["milestones"][1]["completion"] == "complete"
    assert row["milestones"][1]["completion_label"] == "Complete"


def test_it_finds_a_commitment_by_ogp_id_or_number(client):
    commitment = CommitmentFactory(ogp_id="AL0002")

    assert client.get(f"{URL}AL0002/").json()["id"] == commitment.pk
    assert client.get(f"{URL}al0002/").json()["id"] == commitment.pk
    assert client.get(f"{URL}{commitment.pk}/").json()["ogp_id"] == "AL0002"
    assert client.get(f"{URL}XX9999/").status_code == 404


def test_anonymous_users_see_only_published_commitments(client):
    published = CommitmentFactory()
    draft = CommitmentFactory(publication_state=Commitment.PublicationState.DRAFT)

    assert ids(client.get(URL)) == [published.pk]
    assert client.get(f"{URL}{draft.pk}/").status_code == 404


def test_the_members_own_officials_see_its_drafts(client):
    from tests.members.factories import UserFactory

    draft = CommitmentFactory(publication_state=Commitment.PublicationState.DRAFT)
    other_draft = CommitmentFactory(publication_state=Commitment.PublicationState.DRAFT)
    client.force_authenticate(UserFactory(member=draft.plan.member))

    assert ids(client.get(URL)) == [draft.pk]
    assert client.get(f"{URL}{other_draft.pk}/").status_code == 404


def test_it_filters_by_member_region_plan_status_value_area_and_dates(client):
    asia = CommitmentFactory(
        plan=ActionPlanFactory(member=MemberFactory(slug="korea", region=Region.ASIA_PACIFIC)),
        is_access_to_information=False,
        is_technology=True,
        start_date=datetime.date(2022, 1, 1),
    )
    europe = CommitmentFactory(plan__status="ended")
    parent = PolicyAreaFactory(slug="fiscal-openness")
    child = PolicyAreaFactory(slug="open-contracting", parent=parent)
    europe.policy_areas.add(child)

    assert ids(client.get(URL, {"member": "korea"})) == [asia.pk]
    assert ids(client.get(URL, {"region": "asia_pacific"})) == [asia.pk]
    assert ids(client.get(URL, {"plan_status": "ended"})) == [europe.pk]
    assert ids(client.get(URL, {"plan": europe.plan.ogp_id})) == [europe.pk]
    assert ids(client.get(URL, {"ogp_value": "technology"})) == [asia.pk]
    assert ids(client.get(URL, {"policy_area": "fiscal-openness"})) == [europe.pk]
    assert ids(client.get(URL, {"start_date_before": "2023-01-01"})) == [asia.pk]
    assert ids(client.get(URL, {"start_date_after": "2023-01-01"})) == [europe.pk]


def test_it_filters_by_levels_of_published_irm_reports(client):
    rated = CommitmentAssessmentFactory(
        potential_for_results="substantial",
        cycle__state=CycleState.PUBLISHED,
        cycle__published_on=datetime.date(2024, 6, 1),
    ).commitment
    CommitmentAssessmentFactory(potential_for_results="substantial")  # report not published

    assert ids(client.get(URL, {"potential_for_results": "substantial"})) == [rated.pk]


def test_it_filters_changes_since_a_date_time_for_incremental_sync(client):
    old = CommitmentFactory()
    Commitment.objects.filter(pk=old.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    new = CommitmentFactory()

    assert ids(client.get(URL, {"updated_since": "2021-01-01T00:00:00Z"})) == [new.pk]


def test_it_searches_the_text_of_commitments(client):
    budget = CommitmentFactory(title="Publish the parliamentary budget")
    CommitmentFactory(title="Open lobbying register", description="Lobbyists register.")

    assert ids(client.get(URL, {"search": "budget"})) == [budget.pk]
    assert ids(client.get(URL, {"search": budget.ogp_id})) == [budget.pk]


def test_it_orders_by_a_field_and_then_by_id(client):
    first = CommitmentFactory(end_date=datetime.date(2025, 1, 1))
    second = CommitmentFactory(end_date=datetime.date(2025, 1, 1))
    third = CommitmentFactory(end_date=datetime.date(2024, 1, 1))

    assert ids(client.get(URL, {"ordering": "end_date"})) == [third.pk, first.pk, second.pk]
    assert ids(client.get(URL, {"ordering": "-end_date"})) == [first.pk, second.pk, third.pk]


def test_an_unknown_filter_value_is_a_400_naming_the_filter(client):
    for params, field in [
        ({"region": "mars"}, "region"),
        ({"ogp_value": "x"}, "ogp_value"),
        ({"policy_area": "nope"}, "policy_area"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"ordering": "password"}, "ordering"),
        ({"start_date_after": "2024-13-45"}, "start_date_after"),
    ]:
        response = client.get(URL, params)
        assert response.status_code == 400, params
        assert field in response.json()["error"]["fields"], params


def test_the_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(110):
        commitment = CommitmentFactory()
        MilestoneFactory(commitment=commitment)
        MilestoneFactory(commitment=commitment)
    commitment.policy_areas.add(PolicyAreaFactory())

    with django_assert_max_num_queries(5):
        response = client.get(URL, {"page_size": 100})

    assert len(response.json()["results"]) == 100


def test_the_csv_has_every_row_of_the_filtered_list(client):
    for _ in range(3):
        MilestoneFactory(commitment=CommitmentFactory(plan__member__slug="albania"))
    CommitmentFactory()

    response = client.get(URL, {"format": "csv", "member": "albania", "page_size": 1})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 4
    assert "milestones.completion" in lines[0].split(",")


def test_progress_updates_are_listed_and_filtered_by_source(client):
    government = ProgressUpdateFactory()
    ProgressUpdateFactory(source="civil_society")

    response = client.get("/api/v1/progress-updates/", {"source": "government"})

    assert ids(response) == [government.pk]
    assert response.json()["results"][0]["commitment_ogp_id"] == government.commitment.ogp_id


def test_milestones_are_listed_by_commitment(client):
    milestone = MilestoneFactory(commitment__ogp_id="AL0002")
    MilestoneFactory()

    response = client.get("/api/v1/milestones/", {"commitment": "AL0002"})

    assert ids(response) == [milestone.pk]
    assert reverse("api-milestones-detail", args=[milestone.pk]).startswith("/api/v1/")


def test_an_updated_since_with_any_time_zone_offset_is_answered_not_a_500(client):
    CommitmentFactory()

    far_east = client.get(URL, {"updated_since": "2020-01-01T00:00:00+18:56"})
    overflow = client.get(URL, {"updated_since": "0001-01-01T00:00:00+18:00"})

    assert far_east.status_code == 200
    assert far_east.json()["count"] == 1
    assert overflow.status_code == 400
    assert "updated_since" in overflow.json()["error"]["fields"]


def test_the_list_comes_in_plan_then_position_order(client):
    plan = ActionPlanFactory(member__name="Zambia")
    next_plan = ActionPlanFactory(member__name="Albania")
    second = CommitmentFactory(plan=plan, position=2)
    first = CommitmentFactory(plan=plan, position=1)
    third = CommitmentFactory(plan=next_plan, position=1)

    assert ids(client.get(URL)) == [first.pk, second.pk, third.pk]
