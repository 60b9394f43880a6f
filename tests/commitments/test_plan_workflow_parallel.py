"""The sign-off that submits a plan and the edits of its commitments, in parallel: an edit lands
before the submission (and then stops it: the first signer signed another text) or is refused
after it, never in between."""

import pytest
from django.core.exceptions import PermissionDenied

from action_plans.models import PlanStatus
from commitments import drafting, plan_workflow
from commitments.plan_workflow import StepRefused
from core.models import Event
from core.versioning import StaleVersion
from tests.core.test_api_concurrency import run_in_parallel

from .plan_workflow_fixtures import person, ready_plan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_an_edit_racing_the_submitting_sign_off_lands_before_it_or_is_refused():
    plan = ready_plan()
    poc = person("point_of_contact", plan.member)
    chair = person("civil_society_co_chair", plan.member)
    plan_workflow.plan_sign_off(user=poc, plan=plan, version=plan.version)
    plan.refresh_from_db()
    commitment = plan.commitments.get()

    def act(index: int) -> str:
        try:
            if index == 0:
                plan_workflow.plan_sign_off(user=chair, plan=plan, version=plan.version)
            else:
                drafting.commitment_update(
                    user=poc,
                    commitment=commitment,
                    version=commitment.version,
                    values={"title": "Edited while signing"},
                )
        except (PermissionDenied, StepRefused):
            return "refused"
        return "done"

    results = run_in_parallel(2, act)

    plan.refresh_from_db()
    edits = Event.objects.filter(kind="commitment.updated", object_id=commitment.pk)
    assert sorted(results) == ["done", "refused"]
    if results[0] == "done":
        assert plan.status == PlanStatus.SUBMITTED and not edits.exists()
    else:
        assert plan.status == PlanStatus.CO_CREATION and edits.count() == 1


def test_of_two_sign_offs_from_one_page_version_one_is_stale():
    plan = ready_plan()
    signers = [
        person("point_of_contact", plan.member),
        person("civil_society_co_chair", plan.member),
    ]
    version = plan.version

    def sign(index: int) -> str:
        try:
            plan_workflow.plan_sign_off(user=signers[index], plan=plan, version=version)
        except StaleVersion:
            return "stale"
        return "signed"

    assert sorted(run_in_parallel(2, sign)) == ["signed", "stale"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CO_CREATION
    assert plan.sign_offs.count() == 1
