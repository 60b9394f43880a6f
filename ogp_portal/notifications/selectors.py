"""Reads of following and notifications."""

from django.core.cache import cache
from django.db.models import OuterRef, Q, QuerySet, Subquery

from action_plans.models import ActionPlan
from commitments.models import Commitment
from members.models import Member, User
from members.permissions import is_active_user, is_forum_member_of

from .models import Follow, Notification, WebhookDelivery, WebhookSubscription
from .services import Followable, unread_cache_key

UNREAD_CACHE_SECONDS = 300


def follow_state(user: User, target: Followable) -> bool:
    """Whether the person follows it now: their most specific choice on it or above it
    (commitment, plan, member), else the automatic follow of forum members (their member's
    plans and commitments); see ogp_portal.notifications.recipients."""
    if not is_active_user(user):
        return False
    chain: list[tuple[str, int]] = []
    member_id: int
    if isinstance(target, Commitment):
        chain = [("commitment", target.pk), ("plan", target.plan_id)]
        member_id = target.plan.member_id
    elif isinstance(target, ActionPlan):
        chain = [("plan", target.pk)]
        member_id = target.member_id
    else:
        member_id = target.pk
    chain.append(("member", member_id))
    chosen = Q(pk__in=[])
    for field, pk in chain:
        chosen |= Q(**{f"{field}_id": pk})
    rows: dict[tuple, bool] = {
        (row["commitment_id"], row["plan_id"], row["member_id"]): row["following"]
        for row in Follow.objects.filter(chosen, user=user).values(
            "commitment_id", "plan_id", "member_id", "following"
        )
    }
    for field, pk in chain:  # the most specific choice wins
        key = tuple(pk if field == name else None for name in ("commitment", "plan", "member"))
        if key in rows:
            return rows[key]
    return not isinstance(target, Member) and is_forum_member_of(user, member_id)


def notification_list(user: User) -> QuerySet[Notification]:
    """The person's notifications, newest first, with all that display.py shows loaded."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("event__actor", "commitment", "plan__member", "member")
        .order_by("-created_at", "-pk")
    )


def unread_count(user: User) -> int:
    """The header's count: cached for a few minutes, dropped whenever it changes."""
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def follows_of(user: User) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user, following=True).select_related(
        "member", "plan__member", "commitment"
    )


def webhook_deliveries_of(user: User, limit: int = 20) -> list[WebhookDelivery]:
    return list(
        WebhookDelivery.objects.filter(subscription__token__user=user)
        .select_related("event", "subscription")
        .order_by("-created_at", "-pk")[:limit]
    )


def webhook_summaries_of(user: User) -> list[WebhookSubscription]:
    """The user's webhooks, each with its newest delivery's status, attempts and answer
    (`last_status`, `last_attempts`, `last_code`, `last_at`), in one query."""
    newest = WebhookDelivery.objects.filter(subscription=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    return list(
        WebhookSubscription.objects.filter(token__user=user)
        .select_related("token")
        .annotate(
            last_status=Subquery(newest.values("status")[:1]),
            last_attempts=Subquery(newest.values("attempts")[:1]),
            last_code=Subquery(newest.values("last_status_code")[:1]),
            last_at=Subquery(newest.values("last_attempt_at")[:1]),
        )
        .order_by("pk")
    )
