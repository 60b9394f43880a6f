"""Celery tasks of action plans: thin, each calls one service and is safe to run twice."""

from celery import shared_task
from django.utils import timezone

from .services import deadline_reminders_send


@shared_task
def send_deadline_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): remind people of deadlines; returns e-mails sent."""
    return deadline_reminders_send(timezone.localdate())
