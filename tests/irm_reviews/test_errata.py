"""Errata: a published assessment is corrected beside its original value, which stays."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from commitments.models import Commitment
from core.models import Event
from irm_reviews.errata import assessment_erratum_record
from irm_reviews.models import AssessmentErratum, CommitmentAssessment, ReviewCycle
from ogp_portal.accounts.audit import SECURITY_EVENT_KINDS
from ogp_portal.accounts.selectors import security_event_list

from .publication import review_with_people

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


def _published_results_report():
    return review_with_people(
        state=ReviewCycle.State.PUBLISHED,
        kind=ReviewCycle.Kind.RESULTS_REPORT,
        levels=({"completion": "limited", "early_results": "moderate"},),
    )


def test_an_erratum_keeps_the_original_value_and_records_an_audited_event():
    people = _published_results_report()
    assessment = people.assessments[0]
    erratum = assessment_erratum_record(
        user=people.irm,
        assessment=assessment,
        field="completion",
        value="substantial",
        reason="The ministry's evidence arrived late.",
        today=TODAY,
    )
    assert CommitmentAssessment.objects.get(pk=assessment.pk).completion == "limited"
    assert (erratum.original_value, erratum.corrected_value) == ("limited", "substantial")
    event = Event.objects.get(kind="review.erratum")
    assert event.data["from"] == "limited" and event.data["to"] == "substantial"
    assert "review.erratum" in SECURITY_EVENT_KINDS
    assert "review.erratum" in security_event_list().values_list("kind", flat=True)
    # The completion shown for the commitment follows the erratum.
    assert Commitment.objects.get(pk=assessment.commitment_id).completion_level == "substantial"


def test_a_second_erratum_starts_from_the_value_in_force():
    people = _published_results_report()
    assessment = people.assessments[0]
    for value in ("substantial", "complete"):
        assessment_erratum_record(
            user=people.support_unit,
            assessment=assessment,
            field="completion",
            value=value,
            reason="Correction.",
            today=TODAY,
        )
    last = AssessmentErratum.objects.order_by("-pk").first()
    assert (last.original_value, last.corrected_value) == ("substantial", "complete")


@pytest.mark.parametrize("person", ["point_of_contact", "forum_member", "other", "anonymous"])
def test_only_the_irm_and_support_unit_record_errata(person):
    people = _published_results_report()
    with pytest.raises(PermissionDenied):
        assessment_erratum_record(
            user=people.by_name(person),
            assessment=people.assessments[0],
            field="completion",
            value="complete",
            reason="x",
            today=TODAY,
        )
    assert not AssessmentErratum.objects.exists()


def test_a_draft_report_takes_no_erratum():
    people = review_with_people(state=ReviewCycle.State.PUBLIC_COMMENT)
    with pytest.raises(PermissionDenied):
        assessment_erratum_record(
            user=people.irm,
            assessment=people.assessments[0],
            field="potential_for_results",
            value="modest",
            reason="x",
            today=TODAY,
        )


@pytest.mark.parametrize(
    ("field", "value", "reason", "bad"),
    [
        ("completion", "wonderful", "r", "value"),
        ("potential_for_results", "modest", "r", "field"),
        ("completion", "limited", "r", "value"),
        ("completion", "complete", "  ", "reason"),
    ],
)
def test_a_bad_erratum_names_the_field_and_stores_nothing(field, value, reason, bad):
    people = _published_results_report()
    with pytest.raises(ValidationError) as error:
        assessment_erratum_record(
            user=people.irm,
            assessment=people.assessments[0],
            field=field,
            value=value,
            reason=reason,
            today=TODAY,
        )
    assert bad in error.value.message_dict
    assert not AssessmentErratum.objects.exists()


def test_the_erratum_shows_beside_the_original_on_the_commitment_review_and_plan_pages(client):
    people = _published_results_report()
    assessment = people.assessments[0]
    assessment_erratum_record(
        user=people.irm,
        assessment=assessment,
        field="completion",
        value="substantial",
        reason="Evidence from the ministry <b>arrived</b>.",
        today=TODAY,
    )
    commitment = assessment.commitment
    plan = people.cycle.plan
    pages = [
        commitment.get_absolute_url(),
        people.cycle.get_absolute_url(),
        plan.get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Limited" in html and "Substantial" in html, url
        assert "Evidence from the ministry &lt;b&gt;arrived&lt;/b&gt;." in html, url


def test_the_api_shows_the_erratum_beside_the_published_value():
    people = _published_results_report()
    assessment = people.assessments[0]
    assessment_erratum_record(
        user=people.irm,
        assessment=assessment,
        field="completion",
        value="complete",
        reason="Late evidence.",
        today=TODAY,
    )
    row = APIClient().get(f"/api/v1/assessments/{assessment.pk}/").json()
    assert row["completion"] == "limited"
    assert row["errata"][0]["corrected_value"] == "complete"
    assert row["errata"][0]["original_value"] == "limited"
    assert row["errata"][0]["corrected_on"] == "2026-11-20"
    listed = APIClient().get("/api/v1/errata/").json()["results"]
    assert [erratum["reason"] for erratum in listed] == ["Late evidence."]


def test_an_erratum_through_the_api_is_idempotent_and_refused_to_others():
    people = _published_results_report()
    assessment = people.assessments[0]
    body = {
        "assessment": assessment.pk,
        "field": "completion",
        "value": "complete",
        "reason": "Late evidence.",
    }
    client = APIClient()
    client.force_authenticate(people.forum_member)
    assert client.post("/api/v1/errata/", body, format="json").status_code == 403
    client.force_authenticate(people.irm)
    first = client.post("/api/v1/errata/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post("/api/v1/errata/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == 201 and again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert AssessmentErratum.objects.count() == 1
    bad = client.post("/api/v1/errata/", {**body, "value": "nope"}, format="json")
    assert bad.status_code == 400 and "value" in bad.json()["error"]["fields"]


def test_the_assessment_list_reads_a_constant_number_of_queries_with_errata(
    django_assert_max_num_queries,
):
    people = review_with_people(
        state=ReviewCycle.State.PUBLISHED,
        kind=ReviewCycle.Kind.RESULTS_REPORT,
        levels=tuple({"completion": "limited"} for _ in range(5)),
    )
    for assessment in people.assessments:
        assessment_erratum_record(
            user=people.irm,
            assessment=assessment,
            field="completion",
            value="complete",
            reason="Late evidence.",
            today=TODAY,
        )
    with django_assert_max_num_queries(6):
        rows = APIClient().get("/api/v1/assessments/").json()["results"]
    assert [len(row["errata"]) for row in rows] == [1] * 5


@pytest.mark.parametrize("query", ["assessment=9.223372036854776e%2B18", "cycle=0", "cycle=-4"])
def test_an_id_filter_out_of_range_is_a_400_naming_it(client, query):
    response = client.get(f"/api/v1/errata/?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["error"]["fields"]
