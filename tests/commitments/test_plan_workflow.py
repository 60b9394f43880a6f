"""The plan workflow's rules, through its services: the dual sign-off, each precondition refused
with its explanation, the later steps, and the text frozen after submission."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from action_plans.models import PlanSignOff, PlanStatus, SignerRole, SignOffSide
from commitments import drafting, plan_preconditions, plan_workflow
from commitments.plan_workflow import StepRefused
from core.models import Event
from core.versioning import StaleVersion

from .factories import CommitmentFactory, MilestoneFactory
from .plan_workflow_fixtures import _today, person, ready_plan  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return ready_plan()


@pytest.fixture
def poc(plan):
    return person("point_of_contact", plan.member)


@pytest.fixture
def chair(plan):
    return person("civil_society_co_chair", plan.member)


def sign(user, plan):
    plan.refresh_from_db()
    return plan_workflow.plan_sign_off(user=user, plan=plan, version=plan.version)


def test_a_sign_off_is_recorded_with_name_role_and_time(plan, poc):
    sign_off = sign(poc, plan)
    assert sign_off.side == SignOffSide.GOVERNMENT
    assert sign_off.signer_name == poc.get_full_name()
    assert sign_off.signer_role == SignerRole.POINT_OF_CONTACT
    assert sign_off.signer_organisation == poc.organization.name
    assert sign_off.signer_role_label == f"Point of contact, {poc.organization.name}"
    assert sign_off.signed_at.date() == datetime.date(2026, 12, 1)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CO_CREATION
    assert Event.objects.filter(kind="plan.signed_off", object_id=plan.pk).count() == 1


def test_the_civil_society_co_chair_signs_for_civil_society_with_the_forum_in_the_role(plan, chair):
    sign_off = sign(chair, plan)
    assert sign_off.side == SignOffSide.CIVIL_SOCIETY
    assert sign_off.signer_role == SignerRole.CIVIL_SOCIETY_CO_CHAIR
    assert sign_off.signer_forum == f"{plan.member.name} OGP Forum"
    assert sign_off.signer_role_label.startswith(
        f"Civil-society co-chair of {plan.member.name} OGP Forum"
    )


def test_the_signers_role_is_shown_in_the_readers_language(plan, poc):
    sign_off = sign(poc, plan)
    with translation.override("es"):
        assert sign_off.signer_role_label == f"Punto de contacto, {poc.organization.name}"
    with translation.override("fr"):
        assert sign_off.signer_role_label == f"Point de contact, {poc.organization.name}"


def test_both_sign_offs_submit_the_plan_dated_today_and_publish_its_commitments(plan, poc, chair):
    sign(poc, plan)
    sign(chair, plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.submitted_on == datetime.date(2026, 12, 1)
    assert set(plan.commitments.values_list("publication_state", flat=True)) == {"published"}
    kinds = list(
        Event.objects.filter(object_id=plan.pk, kind__startswith="plan.")
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["plan.signed_off", "plan.signed_off", "plan.submitted"]


def test_a_sign_off_is_withdrawn_before_the_other_side_signs_and_can_be_given_again(
    plan, poc, chair
):
    sign(poc, plan)
    plan.refresh_from_db()
    withdrawn = plan_workflow.plan_sign_off_withdraw(user=poc, plan=plan, version=plan.version)
    assert withdrawn.withdrawn_at is not None
    assert plan_workflow.standing_sign_offs(plan) == {}
    assert Event.objects.filter(kind="plan.signoff_withdrawn").count() == 1
    sign(chair, plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CO_CREATION  # one side only
    sign(poc, plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert PlanSignOff.objects.filter(plan=plan).count() == 3


def test_no_sign_off_is_withdrawn_once_the_plan_is_submitted(plan, poc, chair):
    sign(poc, plan)
    sign(chair, plan)
    plan.refresh_from_db()
    with pytest.raises(PermissionDenied):
        plan_workflow.plan_sign_off_withdraw(user=poc, plan=plan, version=plan.version)


def test_a_commitment_changed_after_the_first_sign_off_stops_the_second_until_re_signed(
    plan, poc, chair, time_machine
):
    sign(poc, plan)
    time_machine.move_to(datetime.datetime(2026, 12, 1, 11, 0, tzinfo=datetime.UTC), tick=False)
    commitment = plan.commitments.get()
    drafting.commitment_update(
        user=chair,
        commitment=commitment,
        version=commitment.version,
        values={"description": "A stronger promise."},
    )

    with pytest.raises(StepRefused) as refusal:
        sign(chair, plan)
    (problem,) = refusal.value.problems
    assert "was changed after" in problem.message and poc.get_full_name() in problem.message
    assert problem.url.endswith("#sign-off")

    plan.refresh_from_db()
    plan_workflow.plan_sign_off_withdraw(user=poc, plan=plan, version=plan.version)
    sign(poc, plan)
    sign(chair, plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_a_side_signs_once(plan, poc):
    sign(poc, plan)
    with pytest.raises(PermissionDenied, match="signed off already"):
        sign(poc, plan)


def test_a_sign_off_from_a_stale_page_stores_nothing(plan, poc, chair):
    seen = plan.version
    sign(poc, plan)
    with pytest.raises(StaleVersion):
        plan_workflow.plan_sign_off(user=chair, plan=plan, version=seen)
    assert PlanSignOff.objects.filter(side=SignOffSide.CIVIL_SOCIETY).count() == 0


def _refusal(plan, user) -> list[str]:
    with pytest.raises(StepRefused) as refused:
        sign(user, plan)
    assert not PlanSignOff.objects.filter(plan=plan).exists()
    return [problem.message for problem in refused.value.problems]


def test_signing_is_refused_while_a_commitment_has_no_lead_agency(plan, poc):
    commitment = plan.commitments.get()
    commitment.lead_agency = "  "
    commitment.save()
    problems = plan_workflow.transition_problems(plan, plan_workflow.SIGN_OFF)
    assert [p.message for p in problems] == [
        "Commitment 1 (Open parliamentary data) has no lead implementing agency."
    ]
    assert problems[0].url == f"/commitments/{commitment.pk}/edit/#id_lead_agency"
    assert _refusal(plan, poc) == [problems[0].message]


def test_signing_is_refused_while_a_commitment_has_no_milestone(plan, poc):
    CommitmentFactory(
        plan=plan,
        ogp_id=None,
        number="2",
        short_title="Lobbying register",
        publication_state="draft",
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    assert _refusal(plan, poc) == ["Commitment 2 (Lobbying register) has no milestone."]


def test_signing_is_refused_while_dates_lie_outside_the_plans_period(plan, chair):
    commitment = plan.commitments.get()
    commitment.end_date = datetime.date(2029, 3, 31)
    commitment.save()
    milestone = commitment.milestones.get()
    milestone.start_date = datetime.date(2026, 6, 1)
    milestone.save()
    assert _refusal(plan, chair) == [
        "Commitment 1 (Open parliamentary data) runs outside the plan's period "
        "(Jan. 1, 2027 to Dec. 31, 2028).",
        "Milestone 1 of Commitment 1 (Open parliamentary data) runs outside the plan's period "
        "(Jan. 1, 2027 to Dec. 31, 2028).",
    ]


def test_signing_is_refused_while_a_commitment_has_no_dates(plan, poc):
    plan.commitments.update(start_date=None)
    assert _refusal(plan, poc) == [
        "Commitment 1 (Open parliamentary data) has no start or end date."
    ]


def test_signing_is_refused_for_a_plan_without_commitments(poc):
    from .drafting_fixtures import plan_in_co_creation

    empty = plan_in_co_creation(poc.member)
    assert _refusal(empty, poc)[0] == "The plan has no commitment yet."


def test_a_precondition_added_to_the_list_is_asked_and_may_return_pairs(plan, poc, monkeypatch):
    monkeypatch.setattr(
        plan_workflow,
        "SUBMISSION_PRECONDITIONS",
        [*plan_workflow.SUBMISSION_PRECONDITIONS, lambda p: [("Close the consultation.", "/c/")]],
    )
    monkeypatch.setitem(
        plan_workflow.TRANSITIONS,
        plan_workflow.SIGN_OFF,
        plan_workflow.Transition(
            **{
                **plan_workflow.TRANSITIONS[plan_workflow.SIGN_OFF].__dict__,
                "preconditions": plan_workflow.SUBMISSION_PRECONDITIONS,
            }
        ),
    )
    assert plan_workflow.transition_problems(plan, plan_workflow.SIGN_OFF) == [
        plan_preconditions.Problem("Close the consultation.", "/c/")
    ]


def test_the_same_person_cannot_sign_for_both_sides(plan, poc):
    from members.models import Sector
    from tests.members.factories import ForumSeatFactory

    sign(poc, plan)
    ForumSeatFactory(
        forum=plan.member.forum, user=poc, sector=Sector.CIVIL_SOCIETY, is_co_chair=True
    )
    # The point of contact always signs for government, so the side is taken.
    with pytest.raises(PermissionDenied):
        sign(poc, plan)


def test_after_submission_the_text_is_frozen_with_a_clear_message(plan, poc, chair):
    sign(poc, plan)
    sign(chair, plan)
    commitment = plan.commitments.get()
    with pytest.raises(PermissionDenied, match="no longer in co-creation.*final"):
        drafting.commitment_update(
            user=poc, commitment=commitment, version=commitment.version, values={"title": "New"}
        )
    with pytest.raises(PermissionDenied, match="no longer in co-creation"):
        drafting.commitment_create(user=poc, plan=plan, values={"title": "Another"})
    commitment.refresh_from_db()
    assert commitment.title != "New"


def test_an_edit_started_before_submission_is_refused_after_it(plan, poc, chair):
    commitment = plan.commitments.get()  # loaded while the plan is in co-creation
    sign(poc, plan)
    sign(chair, plan)
    with pytest.raises(PermissionDenied):
        drafting.commitment_update(
            user=poc, commitment=commitment, version=commitment.version, values={"title": "New"}
        )


def _submitted(plan, poc, chair):
    sign(poc, plan)
    sign(chair, plan)
    plan.refresh_from_db()
    return plan


def test_implementation_begins_once_the_period_has_started(plan, poc, chair, time_machine):
    plan = _submitted(plan, poc, chair)
    with pytest.raises(StepRefused) as refused:
        plan_workflow.plan_status_change(
            user=poc, plan=plan, step="begin_implementation", version=plan.version
        )
    assert refused.value.problems[0].message.startswith("The plan's period starts on Jan. 1, 2027")
    time_machine.move_to(datetime.datetime(2027, 1, 2, tzinfo=datetime.UTC))
    plan_workflow.plan_status_change(
        user=poc, plan=plan, step="begin_implementation", version=plan.version
    )
    assert plan.status == PlanStatus.IMPLEMENTATION
    event = Event.objects.get(kind="plan.state_changed")
    assert event.data["from"] == "submitted" and event.data["to"] == "implementation"


def test_a_plan_ends_once_its_period_is_over(plan, poc, chair, time_machine):
    plan = _submitted(plan, poc, chair)
    plan.status = PlanStatus.IMPLEMENTATION
    plan.save()
    with pytest.raises(StepRefused):
        plan_workflow.plan_status_change(user=poc, plan=plan, step="end", version=plan.version)
    time_machine.move_to(datetime.datetime(2028, 12, 31, 12, tzinfo=datetime.UTC))
    plan_workflow.plan_status_change(user=poc, plan=plan, step="end", version=plan.version)
    assert plan.status == PlanStatus.ENDED


def test_a_withdrawal_needs_its_reason(plan, poc):
    with pytest.raises(ValidationError) as error:
        plan_workflow.plan_status_change(
            user=poc, plan=plan, step="withdraw", version=plan.version, reason="  "
        )
    assert "reason" in error.value.message_dict
    plan_workflow.plan_status_change(
        user=poc, plan=plan, step="withdraw", version=plan.version, reason="Elections called."
    )
    assert plan.status == PlanStatus.WITHDRAWN
    assert plan.withdrawal_reason == "Elections called."


def test_a_step_from_the_wrong_state_is_refused(plan, poc):
    with pytest.raises(PermissionDenied, match="not possible now"):
        plan_workflow.plan_status_change(user=poc, plan=plan, step="end", version=plan.version)


# Who may take each step: every role of the brief, on the member's own plan.
SIGNERS = {"point_of_contact", "civil_society_co_chair"}
STATUS_KEEPERS = {"point_of_contact", "support_unit"}


@pytest.mark.parametrize(
    "role",
    [
        "point_of_contact",
        "civil_society_co_chair",
        "government_co_chair",
        "forum_member",
        "other_members_official",
        "irm_staff",
        "support_unit",
    ],
)
def test_only_the_point_of_contact_and_a_civil_society_co_chair_sign_off(plan, role):
    user = person(role, plan.member)
    assert plan_workflow.can_take(user, plan, plan_workflow.SIGN_OFF) is (role in SIGNERS)
    if role in SIGNERS:
        sign(user, plan)
    else:
        with pytest.raises(PermissionDenied):
            sign(user, plan)


@pytest.mark.parametrize(
    "role",
    [
        "point_of_contact",
        "civil_society_co_chair",
        "government_co_chair",
        "forum_member",
        "other_members_official",
        "irm_staff",
        "support_unit",
    ],
)
@pytest.mark.parametrize("step", ["withdraw", "begin_implementation"])
def test_only_the_point_of_contact_and_the_support_unit_change_the_status(plan, role, step):
    poc, chair = (
        person("point_of_contact", plan.member),
        person("civil_society_co_chair", plan.member),
    )
    if step == "begin_implementation":
        plan = _submitted(plan, poc, chair)
        plan.period_start = datetime.date(2026, 11, 1)
        plan.save()
    user = person(role, plan.member)
    assert plan_workflow.can_take(user, plan, step) is (role in STATUS_KEEPERS)
    call = lambda: plan_workflow.plan_status_change(  # noqa: E731
        user=user, plan=plan, step=step, version=plan.version, reason="A reason."
    )
    if role in STATUS_KEEPERS:
        call()
    else:
        with pytest.raises(PermissionDenied):
            call()


def test_the_sign_off_kinds_are_in_the_audit_log():
    from ogp_portal.accounts.audit import SECURITY_EVENT_KINDS

    assert {"plan.signed_off", "plan.signoff_withdrawn", "plan.submitted"} <= set(
        SECURITY_EVENT_KINDS
    )


def test_a_milestone_outside_the_period_links_to_its_own_fields(plan):
    commitment = plan.commitments.get()
    MilestoneFactory(commitment=commitment, number=2, end_date=datetime.date(2029, 1, 1))
    (problem,) = plan_preconditions.date_problems(plan)
    assert problem.url.endswith("#id_milestones-1-start_date")
