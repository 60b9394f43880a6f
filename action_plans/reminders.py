"""The plan submission deadline on the deadline calendar (core.reminders): reminders to the
member's point of contact and its forum's co-chairs at each lead time before the deadline of
a plan still in co-creation, and once after it was missed."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

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

from .models import ActionPlan, DeadlineReminder, PlanReminderKind, PlanStatus


def plans_with_submission_deadline_near(
    member_ids: Sequence[int], today: datetime.date
) -> QuerySet[ActionPlan]:
    """The members' plans still in co-creation whose deadline is in reminder_window(today)."""
    start, end = reminder_window(today)
    return ActionPlan.objects.filter(
        member_id__in=member_ids,
        status=PlanStatus.CO_CREATION,
        submission_deadline__gte=start,
        submission_deadline__lte=end,
    )


def submission_contacts(member_ids: Iterable[int], today: datetime.date) -> dict[int, set[int]]:
    """Who hears about a member's submission deadline: its point of contact and its forum's
    co-chairs (current seats), by member. Two queries."""
    contacts: dict[int, set[int]] = defaultdict(set)
    for person in member_people(member_ids, today):
        if person.is_co_chair or (not person.has_seat and person.role == Role.POINT_OF_CONTACT):
            contacts[person.member_id].add(person.user_id)
    return contacts


def submission_reminders_due(plans: list[ActionPlan], today: datetime.date) -> list[DueReminder]:
    contacts = submission_contacts({plan.member_id for plan in plans}, today)
    due = []
    for plan in plans:
        assert plan.submission_deadline is not None  # only plans with a deadline are near
        lead = lead_time_due(plan.submission_deadline, today)
        if lead is None:
            continue
        kind = (
            PlanReminderKind.SUBMISSION_MISSED
            if lead == OVERDUE_LEAD_DAYS
            else PlanReminderKind.SUBMISSION_DUE
        )
        due += [
            DueReminder(plan.pk, user_id, kind, plan.submission_deadline, lead)
            for user_id in sorted(contacts.get(plan.member_id, ()))
        ]
    return due


def submission_rule() -> ReminderRule:
    from .tasks import deliver_deadline_reminder  # the tasks module imports this one

    return ReminderRule(
        name="plan submission",
        model=DeadlineReminder,
        subject_field="plan",
        subjects=plans_with_submission_deadline_near,
        due=submission_reminders_due,
        deliver_task=deliver_deadline_reminder,
    )


def deadline_reminder_deliver(reminder_id: int) -> bool:
    """E-mail one plan deadline reminder exactly once (core.reminders.reminder_deliver)."""
    return reminder_deliver(
        DeadlineReminder, reminder_id, _submission_message, related=["plan__member"]
    )


def _submission_message(reminder: DeadlineReminder) -> tuple[str, str, int | None]:
    plan, user = reminder.plan, reminder.recipient
    today = local_date(plan.member.time_zone, timezone.now())
    values = {
        "name": user.get_full_name() or user.username,
        "plan": plan.title,
        "ogp_id": plan.ogp_id,
        "member": plan.member.name,
        "deadline": date_format(reminder.deadline, "DATE_FORMAT"),
        "when": deadline_in_words(reminder.deadline, today),
        "url": portal_url(plan.get_absolute_url()),
    }
    if reminder.kind == PlanReminderKind.SUBMISSION_MISSED:
        subject = _("Action plan submission deadline missed: %(plan)s") % values
        body = _(
            "Hello %(name)s,\n\n"
            'The submission deadline of the action plan "%(plan)s" (%(ogp_id)s) of %(member)s '
            "was %(deadline)s, %(when)s, and the plan is still in co-creation. The member is "
            "flagged for the missed deadline; missing it in two consecutive action plan cycles "
            "is acting contrary to process. Please submit the plan as soon as the "
            "multi-stakeholder forum has agreed on it.\n\n"
            "The plan on the portal:\n%(url)s\n\n"
            "OGP Action Plan Portal"
        )
    else:
        subject = _("Action plan due %(when)s: %(plan)s") % values
        body = _(
            "Hello %(name)s,\n\n"
            'The action plan "%(plan)s" (%(ogp_id)s) of %(member)s is due for submission to '
            "OGP on %(deadline)s, %(when)s. It is still in co-creation: please make sure that "
            "the multi-stakeholder forum has agreed on the commitments and that a reasoned "
            "response to the input received is published before submission.\n\n"
            "The plan on the portal:\n%(url)s\n\n"
            "OGP Action Plan Portal"
        )
    return subject, body % values, plan.member_id
