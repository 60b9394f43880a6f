"""Celery tasks of action plans: thin, each calls one service and is safe to run twice."""

from celery import shared_task
from django.utils import timezone

from core.reminders import reminder_deliver_task, reminders_run
from members.selectors import member_ids_by_local_date

from .reminders import SUBMISSION_RULE
from .services import plans_flag_missed_submission


@shared_task(acks_late=True)
def send_deadline_reminders() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): flag the plans whose submission deadline passed on their
    member's local day, and remind the point of contact and co-chairs of each deadline at each
    lead time; returns the number of reminders handed out for e-mail."""
    dates = member_ids_by_local_date(timezone.now())
    plans_flag_missed_submission(dates)
    return reminders_run(SUBMISSION_RULE, dates)


@shared_task(bind=True, acks_late=True)
def deliver_deadline_reminder(self, reminder_id: int) -> bool:
    """E-mail one recorded plan deadline reminder, retried with backoff; sends it once."""
    return reminder_deliver_task(self, [SUBMISSION_RULE], reminder_id)
