"""IRM deadlines on the deadline calendar (core.reminders): a report's due date, to the
researchers assigned to it, at each lead time and once when overdue; a comment period's
closing day, to the researchers and to the member's point of contact and forum, at each lead
time. The comment period's last day is `ReviewCycle.comment_period_closes_on`, set when the
review enters a comment period; this module only reads it."""

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.reminders import ReminderRule, deadline_in_words, portal_url
from members.models import Role
from members.selectors import MemberPerson, member_people_for

from .models import ReviewAssignment, ReviewCycle, ReviewDeadlineReminder, ReviewReminderKind
from .selectors import UNPUBLISHED_STATES, irm_staff_recipients
from .services import COMMENTED_STATES


def review_cycle_researchers(cycles: list[ReviewCycle]) -> dict[int, set[int]]:
    """The researchers assigned to each report (ReviewAssignment), by report id: active, with
    an e-mail address. One query."""
    assigned: dict[int, set[int]] = defaultdict(set)
    if cycles:
        rows = ReviewAssignment.objects.filter(
            cycle__in=cycles, researcher__in=irm_staff_recipients()
        ).values_list("cycle_id", "researcher_id")
        for cycle_id, researcher_id in rows:
            assigned[cycle_id].add(researcher_id)
    return assigned


def _forum(cycle: ReviewCycle, people: list[MemberPerson]) -> list[MemberPerson]:
    """The member's point of contact and every current seat holder of its forum with an
    account (the forum comments on the draft)."""
    return [person for person in people if person.has_seat or person.role == Role.POINT_OF_CONTACT]


def _commenters(cycles: list[ReviewCycle], today: datetime.date) -> dict[int, set[int]]:
    """The researchers of each report and its member's forum. Three queries."""
    researchers = review_cycle_researchers(cycles)
    forum = member_people_for(cycles, lambda cycle: cycle.plan.member_id, _forum, today)
    return {cycle.pk: researchers[cycle.pk] | forum[cycle.pk] for cycle in cycles}


def _message(reminder: ReviewDeadlineReminder, today: datetime.date) -> tuple[str, str]:
    cycle, user = reminder.cycle, reminder.recipient
    plan = cycle.plan
    values = {
        "name": user.get_full_name() or user.username,
        "report": cycle.get_kind_display(),
        "plan": plan.title,
        "ogp_id": plan.ogp_id,
        "member": plan.member.name,
        "deadline": date_format(reminder.deadline, "DATE_FORMAT"),
        "when": deadline_in_words(reminder.deadline, today),
        "state": cycle.get_state_display(),
        "url": portal_url(plan.get_absolute_url()),
    }
    if reminder.kind == ReviewReminderKind.COMMENT_PERIOD_CLOSING:
        subject = _("Comment period on the IRM %(report)s closes %(when)s: %(member)s") % values
        body = _(
            "Hello %(name)s,\n\n"
            'The comment period (%(state)s) on the draft IRM %(report)s of the action plan "%(plan)s" '
            "(%(ogp_id)s) of %(member)s closes on %(deadline)s, %(when)s. Comments are "
            "not accepted after that day.\n\n"
            "The plan and its IRM reports on the portal:\n%(url)s\n\n"
            "OGP Action Plan Portal"
        )
    elif reminder.kind == ReviewReminderKind.REPORT_OVERDUE:
        subject = _("IRM %(report)s overdue: %(member)s") % values
        body = _(
            "Hello %(name)s,\n\n"
            'The IRM %(report)s of the action plan "%(plan)s" (%(ogp_id)s) of %(member)s was '
            "due on %(deadline)s, %(when)s, and is not published. Its state: %(state)s.\n\n"
            "The plan on the portal:\n%(url)s\n\n"
            "OGP Action Plan Portal"
        )
    else:
        subject = _("IRM %(report)s due %(when)s: %(member)s") % values
        body = _(
            "Hello %(name)s,\n\n"
            'The IRM %(report)s of the action plan "%(plan)s" (%(ogp_id)s) of %(member)s is '
            "due on %(deadline)s, %(when)s. Its state: %(state)s.\n\n"
            "The plan on the portal:\n%(url)s\n\n"
            "OGP Action Plan Portal"
        )
    return subject, body % values


def _cycles(states: Sequence[str]) -> Callable[[], QuerySet[ReviewCycle]]:
    return lambda: ReviewCycle.objects.filter(state__in=states).select_related("plan")


REPORT_DUE_RULE = ReminderRule(
    name="IRM report due",
    model=ReviewDeadlineReminder,
    subject_field="cycle",
    subjects=_cycles(UNPUBLISHED_STATES),
    member_field="plan__member",
    deadline_field="due_on",
    recipients=lambda cycles, today: review_cycle_researchers(cycles),
    kind=ReviewReminderKind.REPORT_DUE,
    overdue_kind=ReviewReminderKind.REPORT_OVERDUE,
    message=_message,
    deliver_task="irm_reviews.tasks.deliver_review_deadline_reminder",
)
COMMENT_PERIOD_RULE = ReminderRule(
    name="IRM comment period closing",
    model=ReviewDeadlineReminder,
    subject_field="cycle",
    subjects=_cycles(COMMENTED_STATES),
    member_field="plan__member",
    deadline_field="comment_period_closes_on",
    recipients=_commenters,
    kind=ReviewReminderKind.COMMENT_PERIOD_CLOSING,
    message=_message,
    deliver_task="irm_reviews.tasks.deliver_review_deadline_reminder",
)
REVIEW_RULES = [REPORT_DUE_RULE, COMMENT_PERIOD_RULE]
