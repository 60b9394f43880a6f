"""E-mails of notifications and digests: in the person's language, with absolute links, a
one-click unsubscribe link and the RFC 8058 List-Unsubscribe headers. Each e-mail is claimed
for a while (a lease) before it is sent and marked sent after, so that two workers never
both send it and one that died lets a retry send it."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.reminders import portal_url, recipient_language
from members.models import User

from .display import notification_path, notification_text
from .models import Digest, EmailFrequency, Notification, NotificationSettings
from .recipients import event_subject
from .registry import kind_of

LEASE = datetime.timedelta(minutes=10)
_UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_user_id(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(user_id: int) -> str:
    return portal_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id)]))


def _send(user: User, subject: str, template: str, context: dict) -> None:
    link = unsubscribe_url(user.pk)
    body = render_to_string(
        template,
        {
            **context,
            "person": user,
            "unsubscribe_url": link,
            "settings_url": portal_url(reverse("notifications:settings")),
        },
    )
    EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    ).send()


def _claim(model: type[Notification] | type[Digest], pk: int, claimed: str, sent: str) -> bool:
    now = timezone.now()
    free = Q(**{f"{claimed}__isnull": True}) | Q(**{f"{claimed}__lt": now - LEASE})
    return bool(
        model.objects.filter(free, pk=pk, **{f"{sent}__isnull": True}).update(**{claimed: now})
    )


def notification_email_send(notification_id: int) -> bool:
    """E-mail one notification to its recipient if they want e-mail immediately and it was
    not sent. A failed send releases the claim and raises, for the task to retry. Returns
    whether this call sent it."""
    if not _claim(Notification, notification_id, "email_claimed_at", "emailed_at"):
        return False
    notification = Notification.objects.select_related(
        "event__actor", "event__content_type", "recipient", "commitment", "plan__member", "member"
    ).get(pk=notification_id)
    kind = kind_of(notification.event.kind)
    quote = kind.quote(event_subject(notification.event)) if kind and kind.quote else ""
    person = notification.recipient
    wants = NotificationSettings.objects.filter(
        user=person, email_frequency=EmailFrequency.IMMEDIATELY
    ).exists()
    if not wants or not person.email or not person.is_active:
        Notification.objects.filter(pk=notification_id).update(email_claimed_at=None)
        return False
    try:
        with translation.override(recipient_language(person)):
            text = notification_text(notification)
            _send(
                person,
                text,
                "notifications/email/notification.txt",
                {
                    "text": text,
                    "quote": quote,
                    "url": portal_url(notification_path(notification)),
                    "about_you": notification.reason == "direct",
                },
            )
    except Exception:
        Notification.objects.filter(pk=notification_id).update(email_claimed_at=None)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


def digest_send(digest_id: int) -> bool:
    """E-mail one digest: the person's notifications of its period, unless it went out. A
    digest with nothing in it is marked sent without an e-mail. Returns whether it e-mailed."""
    if not _claim(Digest, digest_id, "claimed_at", "sent_at"):
        return False
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    person = digest.recipient
    notifications = list(
        Notification.objects.filter(
            recipient=person,
            created_at__gte=digest.period_start,
            created_at__lt=digest.period_end,
        )
        .select_related("event__actor", "commitment", "plan__member", "member")
        .order_by("created_at", "pk")[:200]
    )
    if not notifications or not person.email or not person.is_active:
        Digest.objects.filter(pk=digest_id).update(sent_at=timezone.now(), notification_count=0)
        return False
    try:
        with translation.override(recipient_language(person)):
            lines = [
                {"text": notification_text(n), "url": portal_url(notification_path(n))}
                for n in notifications
            ]
            subject = (
                _("Your daily digest: %(count)d updates")
                if digest.period == "daily"
                else _("Your weekly digest: %(count)d updates")
            ) % {"count": len(lines)}
            _send(
                person,
                subject,
                "notifications/email/digest.txt",
                {
                    "lines": lines,
                    "digest": digest,
                    "notifications_url": portal_url(reverse("notifications:list")),
                },
            )
    except Exception:
        Digest.objects.filter(pk=digest_id).update(claimed_at=None)
        raise
    Digest.objects.filter(pk=digest_id).update(
        sent_at=timezone.now(), notification_count=len(notifications)
    )
    return True
