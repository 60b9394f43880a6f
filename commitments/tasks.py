"""Celery tasks of commitments: thin, each calls one service."""

from celery import shared_task
from django.utils import timezone

from core.reminders import reminder_deliver_task, reminders_run
from members.selectors import member_ids_by_local_date

from .consultation_reminders import CONSULTATION_RULE
from .reminders import MILESTONE_RULE


@shared_task(acks_late=True)
def send_milestone_reminders() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): remind implementers of milestones ending at each lead
    time, and once when overdue, on their member's local day; returns how many were handed out."""
    return reminders_run(MILESTONE_RULE, member_ids_by_local_date(timezone.now()))


@shared_task(bind=True, acks_late=True)
def deliver_milestone_reminder(self, reminder_id: int) -> bool:
    """E-mail one recorded milestone reminder, retried with backoff; sends it once."""
    return reminder_deliver_task(self, [MILESTONE_RULE], reminder_id)


@shared_task(acks_late=True)
def send_consultation_reminders() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): remind the point of contact of a consultation closing
    with inputs still unanswered, at each lead time, on the member's local day; returns how
    many were handed out."""
    return reminders_run(CONSULTATION_RULE, member_ids_by_local_date(timezone.now()))


@shared_task(bind=True, acks_late=True)
def deliver_consultation_reminder(self, reminder_id: int) -> bool:
    """E-mail one recorded consultation reminder, retried with backoff; sends it once."""
    return reminder_deliver_task(self, [CONSULTATION_RULE], reminder_id)
