"""Celery tasks of notifications, digests and webhooks: thin, take ids, safe to run twice,
acknowledged late; a failed e-mail or delivery is retried with exponential backoff and holds
up nobody else (each is its own task)."""

import smtplib

from celery import shared_task
from django.utils import timezone

from members.selectors import member_ids_by_local_date

from .deadlines import deadline_notices_run
from .digests import digests_hand_out
from .emails import digest_send, notification_email_send
from .models import DigestPeriod
from .services import event_notify
from .webhooks import WebhookDeliveryFailed, webhook_delivery_attempt

_MAIL_RETRY = {
    "acks_late": True,
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(acks_late=True)
def notify_event(event_id: int) -> int:
    return event_notify(event_id)


@shared_task(**_MAIL_RETRY)
def send_notification_email(notification_id: int) -> bool:
    return notification_email_send(notification_id)


@shared_task(**_MAIL_RETRY)
def send_digest(digest_id: int) -> bool:
    return digest_send(digest_id)


@shared_task(acks_late=True)
def notify_followers_of_deadlines() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): tell the followers of milestones ending at each lead
    time (and once when overdue) and of consultations closing, on their member's local day;
    returns the events recorded."""
    return deadline_notices_run(member_ids_by_local_date(timezone.now()))


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    return digests_hand_out(DigestPeriod.DAILY)


@shared_task(acks_late=True)
def send_weekly_digests() -> int:
    return digests_hand_out(DigestPeriod.WEEKLY)


WEBHOOK_MAX_RETRIES = 8


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(WebhookDeliveryFailed,),
    retry_backoff=10,
    retry_backoff_max=6 * 3600,
    retry_jitter=True,
    max_retries=WEBHOOK_MAX_RETRIES,
)
def deliver_webhook(self, delivery_id: int) -> bool:
    return webhook_delivery_attempt(
        delivery_id, last_attempt=self.request.retries >= WEBHOOK_MAX_RETRIES
    )
