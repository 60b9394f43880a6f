"""Writes of action plans: the deadline reminders."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from irm_reviews.models import ReviewCycle
from irm_reviews.selectors import irm_staff_recipients, review_cycles_due_between
from members.models import User

from .models import ActionPlan, DeadlineReminder
from .selectors import plan_reminder_recipients, plans_due_for_submission

logger = logging.getLogger(__name__)


def deadline_reminders_send(today: datetime.date) -> int:
    """E-mail everyone concerned about deadlines within settings.REMINDER_DAYS_BEFORE days of
    today: for each plan in co-creation, its member's point of contact and government officials
    and its forum's civil-society seat holders; for each unpublished IRM report, IRM staff.
    Guarantees: a person gets one reminder per plan (or report) and deadline, however often
    this runs, also concurrently (a unique constraint decides); a reminder whose e-mail fails
    is logged and not recorded, so the next run retries it. Returns the number of e-mails sent."""
    window_end = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    sent = 0
    for plan in plans_due_for_submission(today, window_end):
        already = _reminded_recipient_ids(plan=plan, deadline=plan.submission_deadline)
        for user in plan_reminder_recipients(plan, today):
            if user.pk not in already:
                sent += _remind_once(
                    user,
                    _plan_reminder_message(plan, user, today),
                    plan=plan,
                    deadline=plan.submission_deadline,
                )
    cycles = list(review_cycles_due_between(today, window_end))
    staff = list(irm_staff_recipients()) if cycles else []
    for cycle in cycles:
        already = _reminded_recipient_ids(cycle=cycle, deadline=cycle.due_on)
        for user in staff:
            if user.pk not in already:
                sent += _remind_once(
                    user,
                    _cycle_reminder_message(cycle, user, today),
                    cycle=cycle,
                    deadline=cycle.due_on,
                )
    logger.info("Deadline reminders: %d e-mail(s) sent", sent)
    return sent


def _reminded_recipient_ids(**lookup) -> set[int]:
    return set(DeadlineReminder.objects.filter(**lookup).values_list("recipient_id", flat=True))


def _remind_once(user: User, message: tuple[str, str], **lookup) -> int:
    """Record the reminder and send it in one transaction: 1 if this call sent it, else 0."""
    subject, body = message
    try:
        with transaction.atomic():
            _reminder, created = DeadlineReminder.objects.get_or_create(recipient=user, **lookup)
            if not created:
                return 0
            send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        # One unreachable address must not hold back the others; not recorded, so retried.
        logger.exception("Deadline reminder to user %s not sent", user.pk)
        return 0
    return 1


def _days_left(deadline: datetime.date, today: datetime.date) -> str:
    days = (deadline - today).days
    if days == 0:
        return _("today")
    return ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}


def _plan_reminder_message(plan: ActionPlan, user: User, today: datetime.date) -> tuple[str, str]:
    # Only plans with a deadline are due (plans_due_for_submission).
    assert plan.submission_deadline is not None
    deadline = date_format(plan.submission_deadline, "DATE_FORMAT")
    subject = _("Action plan due %(when)s: %(plan)s") % {
        "when": _days_left(plan.submission_deadline, today),
        "plan": plan.title,
    }
    body = _(
        "Hello %(name)s,\n\n"
        'The action plan "%(plan)s" (%(ogp_id)s) of %(member)s is due for submission to OGP '
        "on %(deadline)s, %(when)s. It is still in co-creation: please make sure that the "
        "multi-stakeholder forum has agreed on the commitments and that a reasoned response "
        "to the input received is published before submission.\n\n"
        "The plan on the portal:\n%(url)s\n\n"
        "OGP Action Plan Portal"
    ) % {
        "name": user.get_full_name() or user.username,
        "plan": plan.title,
        "ogp_id": plan.ogp_id,
        "member": plan.member.name,
        "deadline": deadline,
        "when": _days_left(plan.submission_deadline, today),
        "url": _absolute_url(plan),
    }
    return subject, body


def _cycle_reminder_message(
    cycle: ReviewCycle, user: User, today: datetime.date
) -> tuple[str, str]:
    # Only cycles with a due date are due (review_cycles_due_between).
    assert cycle.due_on is not None
    plan = cycle.plan
    subject = _("IRM %(report)s due %(when)s: %(member)s") % {
        "report": cycle.get_kind_display(),
        "when": _days_left(cycle.due_on, today),
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
        "deadline": date_format(cycle.due_on, "DATE_FORMAT"),
        "when": _days_left(cycle.due_on, today),
        "state": cycle.get_state_display(),
        "url": _absolute_url(plan),
    }
    return subject, body


def _absolute_url(plan: ActionPlan) -> str:
    return settings.SITE_URL.rstrip("/") + plan.get_absolute_url()
