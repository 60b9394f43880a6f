"""Assessments saved in the admin keep the rules of irm_reviews.services: the report's
methodology, and a published report's assessments are final."""

import pytest
from django.urls import reverse

from irm_reviews.models import CommitmentAssessment, CycleState
from tests.commitments.factories import CommitmentFactory
from tests.irm_reviews.factories import CommitmentAssessmentFactory, ReviewCycleFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:irm_reviews_commitmentassessment_add")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role="", member=None, is_staff=True, is_superuser=True))
    return client


def change_url(assessment) -> str:
    return reverse("admin:irm_reviews_commitmentassessment_change", args=[assessment.pk])


def form_data(cycle, commitment, **values) -> dict:
    data = {"cycle": cycle.pk, "commitment": commitment.pk, "narrative": "", "cluster": ""}
    data.update(values)
    return data


def test_the_admin_adds_an_assessment_the_methodology_allows(admin_client):
    cycle = ReviewCycleFactory()
    commitment = CommitmentFactory(plan=cycle.plan)

    response = admin_client.post(
        ADD_URL, form_data(cycle, commitment, verifiable="yes", potential_for_results="modest")
    )

    assert response.status_code == 302
    assessment = CommitmentAssessment.objects.get()
    assert (assessment.verifiable, assessment.potential_for_results) == ("yes", "modest")


def test_the_admin_shows_an_indicator_the_report_does_not_assess_next_to_its_field(
    admin_client,
):
    cycle = ReviewCycleFactory()
    commitment = CommitmentFactory(plan=cycle.plan)

    response = admin_client.post(ADD_URL, form_data(cycle, commitment, early_results="moderate"))

    assert response.status_code == 200
    assert "early_results" in response.context["adminform"].form.errors
    assert not CommitmentAssessment.objects.exists()


def test_the_admin_refuses_a_commitment_outside_the_reviewed_plan(admin_client):
    cycle = ReviewCycleFactory()

    response = admin_client.post(ADD_URL, form_data(cycle, CommitmentFactory(), verifiable="yes"))

    assert response.status_code == 200
    assert "commitment" in response.context["adminform"].form.errors
    assert not CommitmentAssessment.objects.exists()


def test_the_admin_refuses_a_new_assessment_in_a_published_report(admin_client):
    cycle = ReviewCycleFactory(state=CycleState.PUBLISHED, published_on="2024-06-01")
    commitment = CommitmentFactory(plan=cycle.plan)

    response = admin_client.post(ADD_URL, form_data(cycle, commitment, verifiable="yes"))

    assert response.status_code == 200
    assert "cycle" in response.context["adminform"].form.errors
    assert not CommitmentAssessment.objects.exists()


def test_the_admin_changes_an_assessment_of_an_unpublished_report(admin_client):
    assessment = CommitmentAssessmentFactory()

    response = admin_client.post(
        change_url(assessment),
        {"verifiable": "yes", "potential_for_results": "substantial", "narrative": "Ambitious."},
    )

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.potential_for_results == "substantial"
    assert assessment.narrative == "Ambitious."


def test_the_admin_shows_but_never_changes_an_assessment_of_a_published_report(admin_client):
    assessment = CommitmentAssessmentFactory(
        cycle__state=CycleState.PUBLISHED, cycle__published_on="2024-06-01"
    )

    page = admin_client.get(change_url(assessment))
    response = admin_client.post(
        change_url(assessment), {"verifiable": "yes", "potential_for_results": "substantial"}
    )
    delete = admin_client.post(
        reverse("admin:irm_reviews_commitmentassessment_delete", args=[assessment.pk]),
        {"post": "yes"},
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert response.status_code == 403
    assert delete.status_code == 403
    assessment.refresh_from_db()
    assert assessment.potential_for_results == "modest"
