import datetime

import pytest
from rest_framework.test import APIClient

from irm_reviews.models import CycleState
from members.models import Role
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
