"""The plan submission deadline on the deadline calendar (core.reminders): reminders to the
member's point of contact and its forum's co-chairs at each lead time before the deadline of
a plan still in co-creation, and once after it was missed."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.reminders import ReminderRule, deadline_in_words, portal_url
from members.models import Role
from members.selectors import MemberPerson, member_people_for

from .models import ActionPlan, DeadlineReminder, PlanReminderKind, PlanStatus


def submission_contacts(plan: ActionPlan, people: list[MemberPerson]) -> list[MemberPerson]:
    """Who hears about a member's submission deadline: its point of contact and its forum's
    co-chairs (current seats)."""
    return [
        person
        for person in people
        if person.is_co_chair or (not person.has_seat and person.role == Role.POINT_OF_CONTACT)
    ]


def _recipients(plans: list[ActionPlan], today: datetime.date) -> dict[int, set[int]]:
    return member_people_for(plans, lambda plan: plan.member_id, submission_contacts, today)


def _message(reminder: DeadlineReminder, today: datetime.date) -> tuple[str, str]:
    plan, user = reminder.plan, reminder.recipient
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
    return subject, body % values


SUBMISSION_RULE = ReminderRule(
    name="plan submission",
    model=DeadlineReminder,
    subject_field="plan",
    subjects=lambda: ActionPlan.objects.filter(status=PlanStatus.CO_CREATION),
    member_field="member",
    deadline_field="submission_deadline",
    recipients=_recipients,
    kind=PlanReminderKind.SUBMISSION_DUE,
    overdue_kind=PlanReminderKind.SUBMISSION_MISSED,
    message=_message,
    deliver_task="action_plans.tasks.deliver_deadline_reminder",
)
