"""Celery tasks of IRM reviews: thin, each calls one service and is safe to run twice."""

import logging

from celery import shared_task
from django.utils import timezone

from core.reminders import reminder_deliver_task, reminders_run_all
from members.selectors import member_ids_by_local_date

from .reminders import REVIEW_RULES
from .selectors import review_cycles_overdue
from .services import review_cycles_advance_due

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def advance_review_cycles() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE), on each member's local date: open the IRM reviews whose
    opening date has come, close the comment periods whose last day is over, end the plans
    whose period is over and schedule their Results Report; log how many reports are past
    their due date. Returns the number of reviews opened."""
    counts = review_cycles_advance_due(member_ids_by_local_date(timezone.now()))
    overdue = review_cycles_overdue(timezone.localdate()).count()
    logger.info("IRM review cycles: %s; %d past their due date", counts, overdue)
    return counts["opened"]


@shared_task(acks_late=True)
def send_review_deadline_reminders() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): remind researchers of reports coming due (and once when
    overdue) and the researchers and forum of comment periods closing, on the member's local day; returns the
    number of reminders handed out for e-mail."""
    sent = reminders_run_all(REVIEW_RULES, member_ids_by_local_date(timezone.now()))
    return sum(sent.values())


@shared_task(bind=True, acks_late=True)
def deliver_review_deadline_reminder(self, reminder_id: int) -> bool:
    """E-mail one recorded IRM reminder, retried with backoff; sends it once."""
    return reminder_deliver_task(self, REVIEW_RULES, reminder_id)
