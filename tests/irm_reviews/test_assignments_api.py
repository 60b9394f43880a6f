"""Review assignments in the API: readable by IRM staff and the Support Unit (the public sees
those of published reviews), written by the Support Unit with Idempotency-Key and If-Match;
and assessment writes follow the assignments."""

import datetime

import pytest
from rest_framework.test import APIClient

from irm_reviews.models import CycleState, ReviewAssignment
from members.models import Role
from tests.commitments.factories import CommitmentFactory
from tests.irm_reviews.factories import (
    CommitmentAssessmentFactory,
    ReviewAssignmentFactory,
    ReviewCycleFactory,
)
from tests.members.factories import ForumSeatFactory, UserFactory

pytestmark = pytest.mark.django_db
PUBLISHED = {"state": CycleState.PUBLISHED, "published_on": datetime.date(2026, 6, 1)}


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_drafts_assignments_are_for_irm_staff_and_the_support_unit_published_ones_public():
    draft = ReviewAssignmentFactory()
    published = ReviewAssignmentFactory(cycle=ReviewCycleFactory(**PUBLISHED))
    member = published.cycle.plan.member
    forum_member = UserFactory(role=Role.CIVIL_SOCIETY, member=member)
    ForumSeatFactory(forum__member=member, user=forum_member)

    def ids(user) -> list[int]:
        return [row["id"] for row in api(user).get("/api/v1/review-assignments/").json()["results"]]

    assert ids(None) == [published.pk]
    assert ids(forum_member) == [published.pk]
    assert sorted(ids(UserFactory(role=Role.IRM_STAFF, member=None))) == sorted(
        [draft.pk, published.pk]
    )
    assert sorted(ids(UserFactory(role=Role.SUPPORT_UNIT, member=None))) == sorted(
        [draft.pk, published.pk]
    )
    assert api(None).get(f"/api/v1/review-assignments/{draft.pk}/").status_code == 404


def test_the_support_unit_assigns_once_per_idempotency_key():
    cycle = ReviewCycleFactory()
    researcher = UserFactory(role=Role.IRM_STAFF, member=None, username="paula")
    client = api(UserFactory(role=Role.SUPPORT_UNIT, member=None))
    body = {"cycle": cycle.pk, "researcher": "paula"}

    first = client.post(
        "/api/v1/review-assignments/", body, format="json", HTTP_IDEMPOTENCY_KEY="a"
    )
    retry = client.post(
        "/api/v1/review-assignments/", body, format="json", HTTP_IDEMPOTENCY_KEY="a"
    )
    again = client.post("/api/v1/review-assignments/", body, format="json")

    assert first.status_code == 201, first.json()
    assert first.json()["researcher_username"] == "paula"
    assert first["ETag"]
    assert retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert again.status_code == 400
    assert "researcher" in again.json()["error"]["fields"]
    assert ReviewAssignment.objects.filter(cycle=cycle, researcher=researcher).count() == 1


@pytest.mark.parametrize("role", [Role.IRM_STAFF, Role.CIVIL_SOCIETY, Role.POINT_OF_CONTACT])
def test_only_the_support_unit_assigns(role):
    cycle = ReviewCycleFactory()
    UserFactory(role=Role.IRM_STAFF, member=None, username="paula")

    response = api(UserFactory(role=role)).post(
        "/api/v1/review-assignments/", {"cycle": cycle.pk, "researcher": "paula"}, format="json"
    )

    assert response.status_code == 403
    assert not ReviewAssignment.objects.exists()


def test_assigning_someone_who_is_not_irm_staff_is_a_400_naming_researcher():
    cycle = ReviewCycleFactory()
    UserFactory(role=Role.CIVIL_SOCIETY, username="activist")

    response = api(UserFactory(role=Role.SUPPORT_UNIT, member=None)).post(
        "/api/v1/review-assignments/", {"cycle": cycle.pk, "researcher": "activist"}, format="json"
    )

    assert response.status_code == 400
    assert "researcher" in response.json()["error"]["fields"]


def test_an_assignment_is_removed_with_if_match_and_a_stale_etag_is_a_412():
    assignment = ReviewAssignmentFactory()
    client = api(UserFactory(role=Role.SUPPORT_UNIT, member=None))
    url = f"/api/v1/review-assignments/{assignment.pk}/"
    etag = client.get(url)["ETag"]

    stale = client.delete(url, HTTP_IF_MATCH='"not-the-etag"')
    removed = client.delete(url, HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert removed.status_code == 204
    assert not ReviewAssignment.objects.exists()


def test_a_published_review_keeps_its_assignments():
    assignment = ReviewAssignmentFactory(cycle=ReviewCycleFactory(**PUBLISHED))

    response = api(UserFactory(role=Role.SUPPORT_UNIT, member=None)).delete(
        f"/api/v1/review-assignments/{assignment.pk}/"
    )

    assert response.status_code == 403
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("assigned", 201), ("support_unit", 201), ("unassigned_irm", 403), ("public", 401)],
)
def test_assessment_writes_follow_the_assignments(who, status):
    assignment = ReviewAssignmentFactory()
    commitment = CommitmentFactory(plan=assignment.cycle.plan)
    user = {
        "assigned": assignment.researcher,
        "support_unit": UserFactory(role=Role.SUPPORT_UNIT, member=None),
        "unassigned_irm": UserFactory(role=Role.IRM_STAFF, member=None),
        "public": None,
    }[who]

    response = api(user).post(
        "/api/v1/assessments/",
        {
            "cycle": assignment.cycle.pk,
            "commitment": commitment.pk,
            "verifiable": "yes",
            "justifications": {"verifiable": "Each milestone has an output."},
            "evidence_links": ["https://example.org/plan"],
        },
        format="json",
    )

    assert response.status_code == status
    if status == 201:
        assert response.json()["justifications"] == {"verifiable": "Each milestone has an output."}
        assert response.json()["evidence_links"] == ["https://example.org/plan"]


def test_an_api_change_of_a_published_assessment_is_a_403_saying_it_is_final():
    assignment = ReviewAssignmentFactory(cycle=ReviewCycleFactory(**PUBLISHED))
    assessment = CommitmentAssessmentFactory(cycle=assignment.cycle)

    response = api(assignment.researcher).patch(
        f"/api/v1/assessments/{assessment.pk}/", {"potential_for_results": "unclear"}, format="json"
    )

    assert response.status_code == 403
    assert "published; its assessments are final" in response.json()["error"]["message"]
    assessment.refresh_from_db()
    assert assessment.potential_for_results == "modest"


def test_an_api_write_on_a_published_review_is_a_403_saying_it_is_final():
    assignment = ReviewAssignmentFactory(cycle=ReviewCycleFactory(**PUBLISHED))
    commitment = CommitmentFactory(plan=assignment.cycle.plan)

    response = api(assignment.researcher).post(
        "/api/v1/assessments/",
        {"cycle": assignment.cycle.pk, "commitment": commitment.pk, "verifiable": "yes"},
        format="json",
    )

    assert response.status_code == 403
    assert "published; its assessments are final" in response.json()["error"]["message"]
