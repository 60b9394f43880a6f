"""Celery tasks of action plans: thin, each calls one service and is safe to run twice."""

from celery import shared_task
from django.utils import timezone

from .services import deadline_reminder_deliver, deadline_reminders_send


@shared_task
def send_deadline_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): remind people of plan submission deadlines; returns the
    number of reminders handed out for e-mail."""
    return deadline_reminders_send(timezone.localdate())


@shared_task
def deliver_deadline_reminder(reminder_id: int) -> bool:
    """E-mail one recorded plan deadline reminder; a second run sends nothing."""
    return deadline_reminder_deliver(reminder_id, timezone.localdate())
