"""Writes of IRM report reminders: e-mails to IRM staff ahead of a report's due date."""

import datetime
import logging

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.reminders import deadline_in_words, portal_url, reminder_deliver, reminder_hand_out
from members.models import User

from .models import ReviewCycle, ReviewDeadlineReminder
from .selectors import irm_staff_recipients, review_cycles_due_between

logger = logging.getLogger(__name__)


def review_deadline_reminders_send(today: datetime.date) -> int:
    """Remind IRM staff of every unpublished IRM report due within
    settings.REMINDER_DAYS_BEFORE days of today. Guarantees: a person gets one reminder per
    report and due date, however often this runs, also concurrently (a unique constraint
    decides); each reminder is recorded first and its e-mail handed to a Celery task once the
    record is committed; a reminder whose e-mail failed stays unsent and is handed out again
    by the next run. Returns the number of reminders handed out."""
    from .tasks import deliver_review_deadline_reminder  # the tasks module imports this one

    window_end = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    cycles = list(review_cycles_due_between(today, window_end))
    staff = list(irm_staff_recipients()) if cycles else []
    handed_out = 0
    for cycle in cycles:
        sent = set(
            ReviewDeadlineReminder.objects.filter(
                cycle=cycle, deadline=cycle.due_on, sent_at__isnull=False
            ).values_list("recipient_id", flat=True)
        )
        for user in staff:
            if user.pk in sent:
                continue
            handed_out += reminder_hand_out(
                ReviewDeadlineReminder,
                deliver_review_deadline_reminder,
                cycle=cycle,
                recipient=user,
                deadline=cycle.due_on,
            )
    logger.info("IRM report reminders: %d handed out for e-mail", handed_out)
    return handed_out


def review_deadline_reminder_deliver(reminder_id: int, today: datetime.date) -> bool:
    """E-mail one IRM report reminder unless it went out already (see
    core.reminders.reminder_deliver) or was deleted. Returns whether this call sent it."""
    reminder = (
        ReviewDeadlineReminder.objects.select_related("cycle__plan__member", "recipient")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:  # its report was deleted since
        return False
    subject, body = _cycle_reminder_message(
        reminder.cycle, reminder.deadline, reminder.recipient, today
    )
    return reminder_deliver(reminder, subject, body, member_id=reminder.cycle.plan.member_id)


def _cycle_reminder_message(
    cycle: ReviewCycle, deadline: datetime.date, user: User, today: datetime.date
) -> tuple[str, str]:
    plan = cycle.plan
    subject = _("IRM %(report)s due %(when)s: %(member)s") % {
        "report": cycle.get_kind_display(),
        "when": deadline_in_words(deadline, today),
        "member": plan.member.name,
    }
    body = _(
        "Hello %(name)s,\n\n"
        'The IRM %(report)s of the action plan "%(plan)s" (%(ogp_id)s) of %(member)s is due '
        "on %(deadline)s, %(when)s. Its state: %(state)s.\n\n"
        "The plan on the portal:\n%(url)s\n\n"
        "OGP Action Plan Portal"
    ) % {
        "name": user.get_full_name() or user.username,
        "report": cycle.get_kind_display(),
        "plan": plan.title,
        "ogp_id": plan.ogp_id,
        "member": plan.member.name,
        "deadline": date_format(deadline, "DATE_FORMAT"),
        "when": deadline_in_words(deadline, today),
        "state": cycle.get_state_display(),
        "url": portal_url(plan.get_absolute_url()),
    }
    return subject, body
