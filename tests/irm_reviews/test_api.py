import datetime

import pytest
from rest_framework.test import APIClient

from commitments.models import Commitment
from core.models import Event, IdempotencyKey
from irm_reviews.models import CommitmentAssessment, CycleState
from members.models import Role
from tests.commitments.factories import CommitmentFactory
from tests.irm_reviews.factories import (
    CommitmentAssessmentFactory,
    ReviewCycleFactory,
    assigned_researcher,
)
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db
PUBLISHED = {"state": CycleState.PUBLISHED, "published_on": datetime.date(2024, 6, 1)}


def test_the_public_sees_assessments_of_published_reports_only():
    published = CommitmentAssessmentFactory(
        cycle__state=CycleState.PUBLISHED, cycle__published_on=datetime.date(2024, 6, 1)
    )
    in_progress = CommitmentAssessmentFactory()
    client = APIClient()

    rows = client.get("/api/v1/assessments/").json()["results"]
    assert [row["id"] for row in rows] == [published.pk]
    assert rows[0]["potential_for_results_label"] == "Modest"
    assert client.get(f"/api/v1/assessments/{in_progress.pk}/").status_code == 404

    client.force_authenticate(UserFactory(role=Role.IRM_STAFF, member=None))
    assert client.get("/api/v1/assessments/").json()["count"] == 2


def test_assessments_are_filtered_by_level_and_report():
    CommitmentAssessmentFactory(cycle=ReviewCycleFactory(**PUBLISHED))
    substantial = CommitmentAssessmentFactory(
        cycle=ReviewCycleFactory(**PUBLISHED), potential_for_results="substantial"
    )
    client = APIClient()

    response = client.get(
        "/api/v1/assessments/",
        {"potential_for_results": "substantial", "kind": "action_plan_review"},
    )

    assert [row["id"] for row in response.json()["results"]] == [substantial.pk]


def test_a_report_summary_is_public_once_the_report_is_published():
    ReviewCycleFactory(narrative="Draft findings")
    ReviewCycleFactory(narrative="Final findings", **PUBLISHED)

    rows = APIClient().get("/api/v1/review-cycles/", {"ordering": "id"}).json()["results"]

    assert [row["narrative"] for row in rows] == ["", "Final findings"]
    assert rows[1]["state_label"] == "Published"


def test_marking_a_rated_assessment_not_verifiable_is_a_400_naming_verifiable():
    assessment = CommitmentAssessmentFactory(verifiable="yes", potential_for_results="modest")
    client = APIClient()
    client.force_authenticate(assigned_researcher(assessment.cycle))

    response = client.patch(
        f"/api/v1/assessments/{assessment.pk}/", {"verifiable": "no"}, format="json"
    )

    assert response.status_code == 400
    assert "verifiable" in response.json()["error"]["fields"]
    assessment.refresh_from_db()
    assert assessment.verifiable == "yes"


def _assessment_post(client, cycle, commitment, key: str, **values):
    return client.post(
        "/api/v1/assessments/",
        {"cycle": cycle.pk, "commitment": commitment.pk, "verifiable": "yes", **values},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_retried_assessment_post_with_one_idempotency_key_replays_the_first_answer():
    commitment = CommitmentFactory(publication_state=Commitment.PublicationState.PUBLISHED)
    cycle = ReviewCycleFactory(plan=commitment.plan)
    client = APIClient()
    client.force_authenticate(assigned_researcher(cycle))
    events_before = Event.objects.count()

    first = _assessment_post(client, cycle, commitment, "assess-1")
    events_after_first = Event.objects.count()
    retry = _assessment_post(client, cycle, commitment, "assess-1")

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert CommitmentAssessment.objects.count() == 1
    assert Event.objects.count() == events_after_first >= events_before
    assert IdempotencyKey.objects.count() == 1


def test_an_assessment_idempotency_key_reused_for_another_body_is_a_422():
    commitment = CommitmentFactory(publication_state=Commitment.PublicationState.PUBLISHED)
    cycle = ReviewCycleFactory(plan=commitment.plan)
    client = APIClient()
    client.force_authenticate(assigned_researcher(cycle))
    _assessment_post(client, cycle, commitment, "assess-2")

    other = _assessment_post(
        client, cycle, commitment, "assess-2", potential_for_results="substantial"
    )

    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert CommitmentAssessment.objects.get().potential_for_results != "substantial"


def test_a_commitment_page_with_a_clustered_assessment_shows_the_cluster():
    """Found by the load test: a cluster (free text, no choices) was a 500 on the page."""
    from django.test import Client

    assessment = CommitmentAssessmentFactory(
        cluster="CL0069, CL0070",
        commitment__ogp_id="CL0069",
        **{f"cycle__{key}": value for key, value in PUBLISHED.items()},
    )
    assessment.commitment.publication_state = Commitment.PublicationState.PUBLISHED
    assessment.commitment.save()

    response = Client().get("/commitments/CL0069/")

    assert response.status_code == 200
    assert "CL0069, CL0070" in response.content.decode()
