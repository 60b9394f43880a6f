"""The demo's plan ready for sign-off (AP_IDN08): its point of contact and civil-society
co-chair can take it to "submitted" at once, while Albania's consultation stays open."""

import datetime

import pytest
import time_machine

from action_plans.models import ActionPlan, PlanStatus, SignerRole
from commitments import plan_workflow
from commitments.permissions import can_close_consultation, can_edit_consultation
from commitments.plan_preconditions import SUBMISSION_PRECONDITIONS
from commitments.plan_workflow import SIGN_OFF
from members.models import User
from ogp_portal.demo import demo_seed

TODAY = datetime.date(2026, 12, 2)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, tzinfo=datetime.UTC)):
        demo_seed(today=TODAY)
        yield


def test_the_demo_plan_passes_every_submission_precondition_and_both_sign_it_to_submitted(
    seeded,
):
    plan = ActionPlan.objects.get(ogp_id="AP_IDN08")
    poc, chair = (User.objects.get(username=name) for name in ("poc.indonesia", "cso.indonesia"))

    assert plan.status == PlanStatus.CO_CREATION
    for precondition in SUBMISSION_PRECONDITIONS:
        assert list(precondition(plan)) == [], precondition.__name__
    consultation = plan.consultation
    assert consultation.has_closed and consultation.closes_on < TODAY
    assert consultation.inputs.count() == 4
    assert plan_workflow.can_take(poc, plan, SIGN_OFF)
    assert plan_workflow.can_take(chair, plan, SIGN_OFF)

    government = plan_workflow.plan_sign_off(user=poc, plan=plan, version=plan.version)
    civil_society = plan_workflow.plan_sign_off(user=chair, plan=plan, version=plan.version)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_on == TODAY
    assert government.signer_role == SignerRole.POINT_OF_CONTACT
    assert civil_society.signer_role == SignerRole.CIVIL_SOCIETY_CO_CHAIR
    assert not plan.commitments.filter(publication_state="draft").exists()


def test_albanias_consultation_stays_open_for_its_point_of_contact_to_change_or_close(seeded):
    consultation = ActionPlan.objects.get(ogp_id="AP_ALB07").consultation
    poc = User.objects.get(username="poc.albania")
    assert consultation.is_open
    assert can_edit_consultation(poc, consultation) and can_close_consultation(poc, consultation)
