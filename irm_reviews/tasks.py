"""Celery tasks of IRM reviews: thin, each calls one service and is safe to run twice."""

import logging

from celery import shared_task
from django.utils import timezone

from .reminders import review_deadline_reminder_deliver, review_deadline_reminders_send
from .selectors import review_cycles_overdue
from .services import review_cycles_open_due

logger = logging.getLogger(__name__)


@shared_task
def advance_review_cycles() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): open the IRM reviews whose opening date has come, and log
    how many reports are past their due date (the model has no overdue state). Returns the
    number of reviews opened."""
    today = timezone.localdate()
    opened = review_cycles_open_due(today)
    overdue = review_cycles_overdue(today).count()
    logger.info("IRM review cycles: %d opened, %d past their due date", opened, overdue)
    return opened


@shared_task
def send_review_deadline_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): remind IRM staff of reports coming due; returns the
    number of reminders handed out for e-mail."""
    return review_deadline_reminders_send(timezone.localdate())


@shared_task
def deliver_review_deadline_reminder(reminder_id: int) -> bool:
    """E-mail one recorded IRM report reminder; a second run sends nothing."""
    return review_deadline_reminder_deliver(reminder_id, timezone.localdate())
