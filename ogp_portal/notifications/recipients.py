"""Who is told of an event: what it concerns (commitment -> plan -> member) and who follows that.

Following, resolved when the event is notified (so a seat taken or left counts from that
day, and nothing has to run when seats change):
- a Follow row with `following=True` on the commitment, its plan or its member;
- automatically, the forum members of the plan's member (members.permissions.is_forum_member_of:
  its government side and everyone with a current seat) follow its plans and their
  commitments;
- the most specific choice wins: a Follow row on the commitment over one on the plan over one
  on the member over the automatic follow, so `following=False` on a plan is an unfollow.
The person who made the change is not told of it."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from action_plans.models import ActionPlan
from commitments.models import Commitment
from commitments.permissions import can_see_commitment
from core.models import Event
from members.models import ForumSeat, Member, User
from members.permissions import GOVERNMENT_ROLES

from .models import Follow
from .registry import Kind


@dataclass(frozen=True)
class Target:
    member_id: int | None
    plan_id: int | None = None
    commitment_id: int | None = None


def event_subject(event: Event) -> Any:
    model = event.content_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=event.object_id).first()


def event_target(event: Event, subject: Any) -> Target:
    """The commitment, plan and member an event concerns, from its subject or its data."""
    data = event.data or {}
    commitment_id = (
        data.get("commitment_id")
        or (event.object_id if isinstance(subject, Commitment) else None)
        or getattr(subject, "commitment_id", None)
    )
    if commitment_id:
        row = (
            Commitment.objects.filter(pk=commitment_id).values("plan_id", "plan__member_id").first()
        )
        if row:
            return Target(row["plan__member_id"], row["plan_id"], commitment_id)
    cycle = getattr(subject, "cycle", None)
    plan_id = (
        data.get("plan_id")
        or (event.object_id if isinstance(subject, ActionPlan) else None)
        or getattr(subject, "plan_id", None)
        or getattr(cycle, "plan_id", None)
    )
    if plan_id:
        member_id = ActionPlan.objects.filter(pk=plan_id).values_list("member_id", flat=True)
        found = member_id.first()
        if found is not None:
            return Target(found, plan_id)
    if isinstance(subject, Member):
        return Target(subject.pk)
    return Target(event.member_id)


def _automatic_followers(member_id: int) -> set[int]:
    seated = ForumSeat.objects.current().filter(
        forum__member_id=member_id, user__isnull=False, user__is_active=True
    )
    government = User.objects.filter(member_id=member_id, role__in=GOVERNMENT_ROLES, is_active=True)
    return set(seated.values_list("user_id", flat=True)) | set(
        government.values_list("pk", flat=True)
    )


def followers(target: Target) -> set[int]:
    """The ids of everyone following what `target` names, by the rules above."""
    chain = Q(member_id=target.member_id) if target.member_id else Q(pk__in=[])
    if target.plan_id:
        chain |= Q(plan_id=target.plan_id)
    if target.commitment_id:
        chain |= Q(commitment_id=target.commitment_id)
    choices: dict[int, tuple[int, bool]] = {}  # user -> (specificity, following)
    for user_id, member_id, plan_id, following in Follow.objects.filter(chain).values_list(
        "user_id", "member_id", "plan_id", "following"
    ):
        specificity = 1 if member_id else 2 if plan_id else 3
        if user_id not in choices or choices[user_id][0] < specificity:
            choices[user_id] = (specificity, following)
    chosen = {user_id for user_id, (_level, following) in choices.items() if following}
    if target.plan_id and target.member_id:
        chosen |= _automatic_followers(target.member_id) - set(choices)
    return chosen


def recipients(event: Event, kind: Kind, target: Target, subject: Any) -> list[tuple[User, str]]:
    """(person, reason) for each person to tell: "direct" for those the event is about,
    "follow" for followers; each once, active accounts only, never the event's actor, and
    only people the kind's audience rule lets see it."""
    direct = set(kind.direct(event, subject)) if kind.direct else set()
    following = followers(target) - direct if kind.followers else set()
    if kind.told_elsewhere is not None:
        following -= set(kind.told_elsewhere(event, subject))
    people = User.objects.filter(pk__in=direct | following, is_active=True).select_related("member")
    commitment = None
    if target.commitment_id:
        commitment = Commitment.objects.select_related("plan").get(pk=target.commitment_id)
    told = []
    for person in people:
        if person.pk == event.actor_id:
            continue
        if person.pk in direct:
            told.append((person, "direct"))
        elif commitment is not None and not can_see_commitment(person, commitment):
            continue  # a draft, for the forum's eyes
        elif kind.audience is None or kind.audience(person, commitment, subject):
            told.append((person, "follow"))
    return told
