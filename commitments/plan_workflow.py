"""An action plan's workflow: in co-creation -> submitted -> in implementation -> ended, or
withdrawn (with a reason). The one place that decides who may take each step and what must hold
first: TRANSITIONS names, for every step, the states it leaves, who may take it and its
preconditions (commitments.plan_preconditions), so that a refused step is explained item by
item.

Submission is the dual sign-off: the point of contact signs for government and a civil-society
co-chair of the forum for civil society, each recorded with name, role and time
(action_plans.models.PlanSignOff). Either may withdraw theirs before the other signs; the second
signature submits the plan (dated today) and publishes its commitments, whose text is final from
then on (commitments.permissions refuses every edit of a plan no longer in co-creation).

It lives in the commitments app because the preconditions read commitments and milestones.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from action_plans.models import ActionPlan, PlanSignOff, PlanStatus, SignerRole, SignOffSide
from core.events import event_record
from core.versioning import StaleVersion
from members.models import ForumSeat, Sector, User
from members.permissions import (
    is_forum_co_chair_of,
    is_point_of_contact_of,
    is_support_unit,
)

from .models import PublicationState
from .plan_preconditions import (
    SUBMISSION_PRECONDITIONS,
    Precondition,
    Problem,
    period_over_problems,
    period_started_problems,
    problems_of,
)

SIGNED_OFF = "plan.signed_off"
SIGNOFF_WITHDRAWN = "plan.signoff_withdrawn"
SUBMITTED = "plan.submitted"
STATE_CHANGED = "plan.state_changed"

REASON_MAX_LENGTH = 2000


# Who may take each step.
def signing_side(user, plan: ActionPlan) -> str | None:
    """The side this user signs the plan for: the member's point of contact for government, a
    current civil-society co-chair of its forum for civil society; None for anyone else."""
    if is_point_of_contact_of(user, plan.member_id):
        return SignOffSide.GOVERNMENT
    if is_forum_co_chair_of(user, plan.member_id, sector=Sector.CIVIL_SOCIETY):
        return SignOffSide.CIVIL_SOCIETY
    return None


def _may_sign(user, plan: ActionPlan) -> bool:
    return signing_side(user, plan) is not None


def _may_manage_status(user, plan: ActionPlan) -> bool:
    return is_point_of_contact_of(user, plan.member_id) or is_support_unit(user)


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any
    sources: tuple[str, ...]
    target: str
    may: Callable[[Any, ActionPlan], bool]
    preconditions: tuple[Precondition, ...] | list[Precondition] = ()
    needs_reason: bool = False


SIGN_OFF = "sign_off"
BEGIN_IMPLEMENTATION = "begin_implementation"
END = "end"
WITHDRAW = "withdraw"

TRANSITIONS: dict[str, Transition] = {
    # The second of the two sign-offs submits the plan (plan_sign_off).
    SIGN_OFF: Transition(
        SIGN_OFF,
        gettext_lazy("Sign off for submission"),
        (PlanStatus.CO_CREATION,),
        PlanStatus.SUBMITTED,
        _may_sign,
        SUBMISSION_PRECONDITIONS,
    ),
    BEGIN_IMPLEMENTATION: Transition(
        BEGIN_IMPLEMENTATION,
        gettext_lazy("Begin implementation"),
        (PlanStatus.SUBMITTED,),
        PlanStatus.IMPLEMENTATION,
        _may_manage_status,
        (period_started_problems,),
    ),
    END: Transition(
        END,
        gettext_lazy("End the plan"),
        (PlanStatus.IMPLEMENTATION,),
        PlanStatus.ENDED,
        _may_manage_status,
        (period_over_problems,),
    ),
    WITHDRAW: Transition(
        WITHDRAW,
        gettext_lazy("Withdraw the plan"),
        (PlanStatus.CO_CREATION, PlanStatus.SUBMITTED, PlanStatus.IMPLEMENTATION),
        PlanStatus.WITHDRAWN,
        _may_manage_status,
        needs_reason=True,
    ),
}
STATUS_TRANSITIONS = (BEGIN_IMPLEMENTATION, END, WITHDRAW)


def can_take(user, plan: ActionPlan, name: str) -> bool:
    """Whether this user may take this step from the plan's current state (its preconditions
    aside: those are explained, see transition_problems)."""
    transition = TRANSITIONS[name]
    return plan.status in transition.sources and transition.may(user, plan)


def check_can_take(user, plan: ActionPlan, name: str) -> None:
    transition = TRANSITIONS[name]
    if plan.status not in transition.sources:
        raise PermissionDenied(
            _("This action plan is %(status)s: “%(step)s” is not possible now.")
            % {"status": plan.get_status_display().lower(), "step": transition.label}
        )
    if not transition.may(user, plan):
        raise PermissionDenied(
            _("You may not take the step “%(step)s” on this action plan.")
            % {"step": transition.label}
        )


def transition_problems(plan: ActionPlan, name: str) -> list[Problem]:
    return problems_of(plan, TRANSITIONS[name].preconditions)


class StepRefused(Exception):
    """A step's preconditions do not hold; nothing was stored. `problems` says what to fix."""

    def __init__(self, problems: list[Problem]):
        super().__init__([problem.message for problem in problems])
        self.problems = problems


def sign_offs_by_standing(plan: ActionPlan) -> tuple[dict[str, PlanSignOff], list[PlanSignOff]]:
    """The standing sign-off of each side, and the withdrawn ones oldest first: one query."""
    standing: dict[str, PlanSignOff] = {}
    withdrawn: list[PlanSignOff] = []
    for sign_off in plan.sign_offs.order_by("signed_at", "pk"):
        if sign_off.withdrawn_at is None:
            standing[sign_off.side] = sign_off
        else:
            withdrawn.append(sign_off)
    return standing, withdrawn


def standing_sign_offs(plan: ActionPlan) -> dict[str, PlanSignOff]:
    return sign_offs_by_standing(plan)[0]


def _signer_role(user: User, plan: ActionPlan, side: str) -> dict[str, str]:
    """The signer's role (a SignerRole code) with their organisation and forum's names."""
    if side == SignOffSide.GOVERNMENT:
        organisation = user.organization.name if user.organization else plan.member.name
        return {"signer_role": SignerRole.POINT_OF_CONTACT, "signer_organisation": organisation}
    seat = (
        ForumSeat.objects.current()
        .select_related("organization", "forum")
        .filter(
            user=user,
            forum__member_id=plan.member_id,
            is_co_chair=True,
            sector=Sector.CIVIL_SOCIETY,
        )
        .first()
    )
    assert seat is not None  # signing_side found it
    return {
        "signer_role": SignerRole.CIVIL_SOCIETY_CO_CHAIR,
        "signer_organisation": seat.organization.name if seat.organization else "",
        "signer_forum": seat.forum.name,
    }


def _plan_locked(plan: ActionPlan, version: int) -> ActionPlan:
    """The plan's row, locked for this transaction; StaleVersion when it changed since
    `version`. Commitment edits lock the same row (commitments.drafting), so no edit slips in
    between the checks below and the submission."""
    current = ActionPlan.objects.select_for_update().select_related("member").get(pk=plan.pk)
    if current.version != version:
        raise StaleVersion(current.version)
    return current


def _bump(plan: ActionPlan, **values: Any) -> None:
    ActionPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1, **values)
    plan.refresh_from_db()


def plan_sign_off(*, user: User, plan: ActionPlan, version: int) -> PlanSignOff:
    """Record the user's endorsement of the plan for their side (signing_side), started from
    the plan's `version`. Guarantees: the plan is in co-creation and the user signs for a side
    (PermissionDenied); no sign-off of that side stands and the other side's is by someone else
    (PermissionDenied); every submission precondition holds (StepRefused with the problems);
    the plan did not change since `version` (StaleVersion). When the other side has signed, the
    plan is submitted: status submitted, submitted_on today, its commitments published. Events:
    plan.signed_off, then plan.submitted when it is."""
    check_can_take(user, plan, SIGN_OFF)
    side = signing_side(user, plan)
    assert side is not None
    with transaction.atomic():
        current = _plan_locked(plan, version)
        check_can_take(user, current, SIGN_OFF)
        standing = standing_sign_offs(current)
        if side in standing:
            raise PermissionDenied(_("This side has signed off already."))
        if any(s.signer_id == user.pk for s in standing.values()):
            raise PermissionDenied(_("The two sign-offs must be by two different people."))
        problems = transition_problems(current, SIGN_OFF)
        if problems:
            raise StepRefused(problems)
        sign_off = PlanSignOff.objects.create(
            plan=current,
            side=side,
            signer=user,
            signer_name=user.get_full_name() or user.username,
            **_signer_role(user, current, side),
            signed_at=timezone.now(),
        )
        _bump(current)
        event_record(
            SIGNED_OFF,
            subject=current,
            actor=user,
            member_id=current.member_id,
            data={
                "side": side,
                "signer_name": sign_off.signer_name,
                "signer_role": sign_off.signer_role,
                "signer_organisation": sign_off.signer_organisation,
                "sign_off_id": sign_off.pk,
                "username": user.username,
            },
        )
        if len(standing) + 1 == len(SignOffSide.values):
            _submit(user, current)
    plan.refresh_from_db()
    return sign_off


def _submit(user: User, plan: ActionPlan) -> None:
    submitted_on = timezone.localdate()
    plan.commitments.filter(publication_state=PublicationState.DRAFT).update(
        publication_state=PublicationState.PUBLISHED, version=F("version") + 1
    )
    _bump(plan, status=PlanStatus.SUBMITTED, submitted_on=submitted_on)
    event_record(
        SUBMITTED,
        subject=plan,
        actor=user,
        member_id=plan.member_id,
        data={
            "submitted_on": submitted_on.isoformat(),
            "from": PlanStatus.CO_CREATION,
            "username": user.username,
        },
    )


def plan_sign_off_withdraw(*, user: User, plan: ActionPlan, version: int) -> PlanSignOff:
    """Withdraw the standing sign-off of the user's side while the plan is still in co-creation
    (so before the other side signed). The sign-off is kept, marked withdrawn. Event
    plan.signoff_withdrawn."""
    check_can_take(user, plan, SIGN_OFF)
    side = signing_side(user, plan)
    with transaction.atomic():
        current = _plan_locked(plan, version)
        check_can_take(user, current, SIGN_OFF)
        sign_off = standing_sign_offs(current).get(side or "")
        if sign_off is None:
            raise PermissionDenied(_("Your side has no sign-off to withdraw."))
        sign_off.withdrawn_at = timezone.now()
        sign_off.save(update_fields=["withdrawn_at"])
        _bump(current)
        event_record(
            SIGNOFF_WITHDRAWN,
            subject=current,
            actor=user,
            member_id=current.member_id,
            data={"side": sign_off.side, "sign_off_id": sign_off.pk, "username": user.username},
        )
    plan.refresh_from_db()
    return sign_off


def plan_status_change(
    *, user: User, plan: ActionPlan, step: str, version: int, reason: str = ""
) -> ActionPlan:
    """Take one of the later steps (begin implementation, end, withdraw) from the plan's
    `version`. Guarantees: the step exists and the user may take it from the current state
    (PermissionDenied); a withdrawal gives its reason (ValidationError on `reason`); its
    preconditions hold (StepRefused); the plan did not change since `version` (StaleVersion).
    Event plan.state_changed with the old and new state (and the reason)."""
    if step not in STATUS_TRANSITIONS:
        raise ValidationError({"step": _("Choose one of the steps offered.")})
    transition = TRANSITIONS[step]
    check_can_take(user, plan, step)
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise ValidationError({"reason": _("Say why the plan is withdrawn.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(limit)d characters.") % {"limit": REASON_MAX_LENGTH}}
        )
    with transaction.atomic():
        current = _plan_locked(plan, version)
        check_can_take(user, current, step)
        problems = transition_problems(current, step)
        if problems:
            raise StepRefused(problems)
        previous = current.status
        values: dict[str, Any] = {"status": transition.target}
        if transition.needs_reason:
            values["withdrawal_reason"] = reason
        _bump(current, **values)
        event_record(
            STATE_CHANGED,
            subject=current,
            actor=user,
            member_id=current.member_id,
            data={"from": previous, "to": transition.target, "step": step, "reason": reason},
        )
    plan.refresh_from_db()
    return plan
