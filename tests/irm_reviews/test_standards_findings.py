"""The IRM's own finding beside the computed standards check: who records it, who sees it,
the version check, and the form."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from core.versioning import StaleVersion
from irm_reviews.models import ReviewAssignment, ReviewCycle, StandardsFinding
from irm_reviews.standards import plan_standards_check
from irm_reviews.standards_findings import standards_finding_record
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.irm_reviews.factories import ReviewCycleFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db
CODES = {"1.1", "2.1", "2.2", "3.1", "3.2", "3.3", "4.1", "5.1"}


@pytest.fixture
def cycle():
    plan = ActionPlanFactory(status="submitted")
    return ReviewCycleFactory(plan=plan, state=ReviewCycle.State.OPEN)


@pytest.fixture
def irm(cycle):
    """The researcher assigned to the review (findings are recorded as assessments are)."""
    researcher = UserFactory(role=Role.IRM_STAFF, member=None)
    ReviewAssignment.objects.create(cycle=cycle, researcher=researcher)
    return researcher


def _record(user, cycle, **kwargs):
    values = {"requirement": "3.3", "verdict": "met", "justification": "An online form."}
    return standards_finding_record(
        user=user, cycle=cycle, requirements=CODES, **{**values, **kwargs}
    )


def test_irm_staff_record_and_revise_a_finding_with_the_version(cycle, irm):
    finding = _record(irm, cycle)
    revised = _record(
        irm, cycle, verdict="not_met", justification="Closed after 3 days.", version=1
    )
    assert (revised.pk, revised.version, revised.verdict) == (finding.pk, 2, "not_met")
    assert Event.objects.filter(kind="irm.standards_finding_recorded").count() == 2


def test_a_stale_or_missing_version_stores_nothing(cycle, irm):
    _record(irm, cycle)
    with pytest.raises(StaleVersion):
        _record(irm, cycle, verdict="not_met")
    with pytest.raises(StaleVersion):
        _record(irm, cycle, verdict="not_met", version=5)
    assert StandardsFinding.objects.get().verdict == "met"


@pytest.mark.parametrize(
    "role", [Role.POINT_OF_CONTACT, Role.CIVIL_SOCIETY, Role.GOVERNMENT_OFFICIAL]
)
def test_only_the_irm_records_findings(cycle, role):
    with pytest.raises(PermissionDenied):
        _record(UserFactory(role=role, member=cycle.plan.member), cycle)


def test_an_unassigned_researcher_records_no_finding(cycle):
    with pytest.raises(PermissionDenied):
        _record(UserFactory(role=Role.IRM_STAFF, member=None), cycle)


def test_the_support_unit_records_a_finding_as_it_edits_the_review(cycle):
    assert _record(UserFactory(role=Role.SUPPORT_UNIT, member=None), cycle).verdict == "met"


def test_a_published_reviews_findings_are_final(cycle, irm):
    cycle.state, cycle.published_on = ReviewCycle.State.PUBLISHED, datetime.date(2026, 11, 1)
    cycle.save()
    with pytest.raises(PermissionDenied):
        _record(irm, cycle)


def test_a_finding_needs_a_known_requirement_a_verdict_and_a_justification(cycle, irm):
    with pytest.raises(ValidationError) as refused:
        _record(irm, cycle, requirement="9.9", verdict="maybe", justification=" ")
    assert set(refused.value.message_dict) == {"requirement", "verdict", "justification"}


def test_the_public_sees_findings_once_the_review_is_published(cycle, irm, client):
    _record(irm, cycle, justification="An online form, open four weeks.")
    public = UserFactory(role="", member=None)
    assert plan_standards_check(cycle.plan, viewer=public).cycle is None
    assert "open four weeks" not in client.get(cycle.plan.get_absolute_url()).content.decode()
    cycle.state, cycle.published_on = ReviewCycle.State.PUBLISHED, datetime.date(2026, 11, 1)
    cycle.save()
    page = client.get(cycle.plan.get_absolute_url()).content.decode()
    assert "open four weeks" in page
    assert "Record a finding" not in page


def test_irm_staff_record_a_finding_from_the_plan_page(cycle, irm, client):
    client.force_login(irm)
    page = client.get(cycle.plan.get_absolute_url()).content.decode()
    url = f"/members/{cycle.plan.member.slug}/plans/{cycle.plan.pk}/standards/3.3/"
    assert url in page
    bad = client.post(url, {"verdict": "met", "justification": ""})
    assert bad.status_code == 400 and "id_justification_error" in bad.content.decode()
    done = client.post(url, {"verdict": "not_met", "justification": "No mechanism found."})
    assert done.status_code == 302
    assert "No mechanism found." in client.get(cycle.plan.get_absolute_url()).content.decode()


def test_the_finding_form_is_refused_to_others_and_unknown_requirements(cycle, irm, client):
    client.force_login(UserFactory(role=Role.POINT_OF_CONTACT, member=cycle.plan.member))
    url = f"/members/{cycle.plan.member.slug}/plans/{cycle.plan.pk}/standards/3.3/"
    assert client.get(url).status_code == 403
    client.force_login(irm)
    assert client.get(url.replace("3.3", "9.9")).status_code == 404
