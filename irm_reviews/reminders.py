"""IRM deadlines on the deadline calendar (core.reminders): a report's due date, to the
researchers assigned to it, at each lead time and once when overdue; a comment period's
closing day, to the member's point of contact and forum, at each lead time."""

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.models import OVERDUE_LEAD_DAYS
from core.reminders import (
    DueReminder,
    ReminderRule,
    deadline_in_words,
    lead_time_due,
    portal_url,
    reminder_deliver,
    reminder_window,
)
from core.timezones import local_date
from members.models import Role
from members.selectors import member_people

from .models import ReviewAssignment, ReviewCycle, ReviewDeadlineReminder, ReviewReminderKind
from .selectors import UNPUBLISHED_STATES, irm_staff_recipients
from .services import COMMENTED_STATES


def review_cycles_due_near(
    member_ids: Sequence[int], today: datetime.date
) -> QuerySet[ReviewCycle]:
    """The members' unpublished IRM reports whose due date is in reminder_window(today)."""
    start, end = reminder_window(today)
    return ReviewCycle.objects.filter(
        plan__member_id__in=member_ids,
        state__in=UNPUBLISHED_STATES,
        due_on__gte=start,
        due_on__lte=end,
    ).select_related("plan")


def review_cycle_researchers(cycles: list[ReviewCycle]) -> dict[int, set[int]]:
    """The researchers assigned to each report (ReviewAssignment), by report id: active, with
    an e-mail address. One query."""
    assigned: dict[int, set[int]] = {cycle.pk: set() for cycle in cycles}
    if cycles:
        rows = ReviewAssignment.objects.filter(
            cycle__in=cycles, researcher__in=irm_staff_recipients()
        ).values_list("cycle_id", "researcher_id")
        for cycle_id, researcher_id in rows:
            assigned[cycle_id].add(researcher_id)
    return assigned


def report_reminders_due(cycles: list[ReviewCycle], today: datetime.date) -> list[DueReminder]:
    researchers = review_cycle_researchers(cycles)
    due = []
    for cycle in cycles:
        lead = lead_time_due(cycle.due_on, today)
        if lead is None:
            continue
        kind = (
            ReviewReminderKind.REPORT_OVERDUE
            if lead == OVERDUE_LEAD_DAYS
            else ReviewReminderKind.REPORT_DUE
        )
        due += [
            DueReminder(cycle.pk, user_id, kind, cycle.due_on, lead)
            for user_id in sorted(researchers[cycle.pk])
        ]
    return due


def comment_periods_closing_near(
    member_ids: Sequence[int], today: datetime.date
) -> QuerySet[ReviewCycle]:
    """The members' reports in a comment period that closes between today and the longest lead
    time ahead."""
    _start, end = reminder_window(today)
    return ReviewCycle.objects.filter(
        plan__member_id__in=member_ids,
        state__in=COMMENTED_STATES,
        comment_period_closes_on__gte=today,
        comment_period_closes_on__lte=end,
    ).select_related("plan")


def comment_period_reminders_due(
    cycles: list[ReviewCycle], today: datetime.date
) -> list[DueReminder]:
    """To the member's point of contact and every current seat holder of its forum with an
    account (the forum comments on the draft). Two queries."""
    forum: dict[int, set[int]] = defaultdict(set)
    for person in member_people({cycle.plan.member_id for cycle in cycles}, today):
        if person.has_seat or person.role == Role.POINT_OF_CONTACT:
            forum[person.member_id].add(person.user_id)
    due = []
    for cycle in cycles:
        assert cycle.comment_period_closes_on is not None  # only open periods are near
        lead = lead_time_due(cycle.comment_period_closes_on, today)
        if lead is None or lead == OVERDUE_LEAD_DAYS:
            continue
        due += [
            DueReminder(
                cycle.pk,
                user_id,
                ReviewReminderKind.COMMENT_PERIOD_CLOSING,
                cycle.comment_period_closes_on,
                lead,
            )
            for user_id in sorted(forum.get(cycle.plan.member_id, ()))
        ]
    return due


def review_rules() -> list[ReminderRule]:
    from .tasks import deliver_review_deadline_reminder  # the tasks module imports this one

    return [
        ReminderRule(
            name="IRM report due",
            model=ReviewDeadlineReminder,
            subject_field="cycle",
            subjects=review_cycles_due_near,
            due=report_reminders_due,
            deliver_task=deliver_review_deadline_reminder,
        ),
        ReminderRule(
            name="IRM comment period closing",
            model=ReviewDeadlineReminder,
            subject_field="cycle",
            subjects=comment_periods_closing_near,
            due=comment_period_reminders_due,
            deliver_task=deliver_review_deadline_reminder,
        ),
    ]


def review_deadline_reminder_deliver(reminder_id: int) -> bool:
    """E-mail one IRM reminder exactly once (core.reminders.reminder_deliver)."""
    return reminder_deliver(
        ReviewDeadlineReminder, reminder_id, _review_message, related=["cycle__plan__member"]
    )


def _review_message(reminder: ReviewDeadlineReminder) -> tuple[str, str, int | None]:
    cycle, user = reminder.cycle, reminder.recipient
    plan = cycle.plan
    today = local_date(plan.member.time_zone, timezone.now())
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
    return subject, body % values, plan.member_id
