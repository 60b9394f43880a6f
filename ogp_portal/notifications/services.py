"""Writes of following and notifications: follow and unfollow, tell the followers of an event
(the `notify_event` task), mark read, e-mail settings and unsubscribing."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan
from commitments.models import Commitment
from core.models import Event
from members.models import Member, User
from members.permissions import is_active_user

from .hooks import enqueue_on_commit
from .models import EmailFrequency, Follow, Notification, NotificationSettings
from .permissions import can_follow
from .recipients import event_subject, event_target, recipients
from .registry import kind_of
from .webhooks import webhook_deliveries_create

Followable = Member | ActionPlan | Commitment


def _target_field(target: Followable) -> str:
    if isinstance(target, Member):
        return "member"
    if isinstance(target, ActionPlan):
        return "plan"
    return "commitment"


def follow_set(*, user: User, target: Followable, following: bool) -> Follow:
    """Follow (or unfollow) a member, plan or commitment. Guarantees: only signed-in people who
    may see it (PermissionDenied otherwise); one row per person and object however often or
    concurrently this runs (the database's unique constraints)."""
    if not can_follow(user, target):
        raise PermissionDenied(_("Log in to follow what happens here."))
    lookup: dict[str, Any] = {"user": user, _target_field(target): target}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                follow, _created = Follow.objects.update_or_create(
                    **lookup, defaults={"following": following}
                )
            return follow
        except IntegrityError:  # a parallel request created it first: update that one
            continue
    raise IntegrityError("follow_set: the row kept changing")


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def _unread_changed(user_ids: list[int]) -> None:
    cache.delete_many([unread_cache_key(user_id) for user_id in user_ids])


def event_notify(event_id: int) -> int:
    """Tell everyone concerned of one event (ogp_portal.notifications.recipients): one
    Notification each, and one webhook delivery per subscription that wants its kind.
    Guarantees: safe to run twice and concurrently (unique (event, recipient) and
    (subscription, event)); immediate e-mails and deliveries are handed to Celery after the
    rows are committed. Returns how many notifications it created."""
    from .tasks import deliver_webhook, send_notification_email  # tasks import this module

    event = Event.objects.select_related("content_type").filter(pk=event_id).first()
    kind = kind_of(event.kind) if event is not None else None
    if event is None or kind is None:
        return 0
    subject = event_subject(event)
    target = event_target(event, subject)
    with transaction.atomic():
        created: list[Notification] = []
        if kind.notifies:
            existing = set(
                Notification.objects.filter(event=event).values_list("recipient_id", flat=True)
            )
            rows = [
                Notification(
                    event=event,
                    recipient=person,
                    reason=reason,
                    member_id=target.member_id,
                    plan_id=target.plan_id,
                    commitment_id=target.commitment_id,
                )
                for person, reason in recipients(event, kind, target, subject)
                if person.pk not in existing
            ]
            created = Notification.objects.bulk_create(rows, ignore_conflicts=True)
        to_email = Notification.objects.filter(
            event=event,
            emailed_at__isnull=True,
            recipient__notification_settings__email_frequency=EmailFrequency.IMMEDIATELY,
        )
        deliveries = webhook_deliveries_create(event, target, subject)
        told = [row.recipient_id for row in created]
        transaction.on_commit(lambda: _unread_changed(told))
        for notification_id in to_email.values_list("pk", flat=True):
            enqueue_on_commit(send_notification_email, notification_id)
        for delivery_id in deliveries:
            enqueue_on_commit(deliver_webhook, delivery_id)
    return len(created)


def notification_mark_read(*, user: User, notification_id: int) -> bool:
    """Mark one of the user's own notifications read; False when it is not theirs or was read."""
    marked = Notification.objects.filter(
        pk=notification_id, recipient=user, read_at__isnull=True
    ).update(read_at=timezone.now())
    _unread_changed([user.pk])
    return bool(marked)


def notifications_mark_all_read(*, user: User) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _unread_changed([user.pk])
    return marked


def notification_settings_update(
    *, user: User, email_frequency: str, language: str
) -> NotificationSettings:
    """Store how the person wants to hear of what they follow, and the language of every
    e-mail the portal sends them (`User.language`, also read by the deadline reminders).
    ValidationError naming the field for a value that is not a choice; both stored in one
    transaction."""
    if not is_active_user(user):
        raise PermissionDenied
    errors = {}
    if email_frequency not in EmailFrequency.values:
        errors["email_frequency"] = _("Choose one of the options.")
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the languages.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, _created = NotificationSettings.objects.update_or_create(
            user=user, defaults={"email_frequency": email_frequency}
        )
        User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return row


def email_unsubscribe(*, user_id: int) -> NotificationSettings:
    """No more e-mail for this person (the one-click unsubscribe link); the rest stays."""
    row, _created = NotificationSettings.objects.update_or_create(
        user_id=user_id, defaults={"email_frequency": EmailFrequency.NONE}
    )
    return row
