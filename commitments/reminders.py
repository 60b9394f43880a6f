"""Milestone end dates on the deadline calendar (core.reminders): reminders to the commitment's
implementers at each lead time before a milestone of a plan being implemented ends unfinished,
and once when it is overdue."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from action_plans.models import PlanStatus
from core.reminders import ReminderRule, deadline_in_words, portal_url
from members.models import Role
from members.selectors import MemberPerson, member_people_for

from .models import (
    Completion,
    Milestone,
    MilestoneReminder,
    MilestoneReminderKind,
    PublicationState,
)

IMPLEMENTED = [PlanStatus.SUBMITTED, PlanStatus.IMPLEMENTATION]
FINISHED = [Completion.COMPLETE, Completion.WITHDRAWN]


def _normalised(name: str) -> str:
    return " ".join(name.casefold().split())


def commitment_implementers(milestone: Milestone, people: list[MemberPerson]) -> list[MemberPerson]:
    """Of one member's people: the officials of the commitment's lead implementing agency (their
    organisation's name is the lead agency's), or every official of the member when none is on
    the portal; the point of contact always."""
    own = [person for person in people if not person.has_seat]
    officials = [person for person in own if person.role == Role.GOVERNMENT_OFFICIAL]
    agency = _normalised(milestone.commitment.lead_agency)
    of_agency = [
        person for person in officials if agency and _normalised(person.organization) == agency
    ]
    chosen = of_agency or officials
    contacts = [person for person in own if person.role == Role.POINT_OF_CONTACT]
    return chosen + contacts


def _recipients(milestones: list[Milestone], today: datetime.date) -> dict[int, set[int]]:
    return member_people_for(
        milestones,
        lambda milestone: milestone.commitment.plan.member_id,
        commitment_implementers,
        today,
    )


def _message(reminder: MilestoneReminder, today: datetime.date) -> tuple[str, str]:
    milestone, user = reminder.milestone, reminder.recipient
    commitment = milestone.commitment
    member = commitment.plan.member
    values = {
        "name": user.get_full_name() or user.username,
        "number": milestone.number,
        "milestone": milestone.description,
        "commitment": commitment.short_title or commitment.title,
        "ogp_id": commitment.ogp_id or commitment.number,
        "member": member.name,
        "deadline": date_format(reminder.deadline, "DATE_FORMAT"),
        "when": deadline_in_words(reminder.deadline, today),
        "completion": milestone.get_completion_display(),
        "url": portal_url(commitment.get_absolute_url()),
    }
    if reminder.kind == MilestoneReminderKind.OVERDUE:
        subject = _("Milestone overdue: %(commitment)s (%(ogp_id)s)") % values
        body = _(
            "Hello %(name)s,\n\n"
            'Milestone %(number)s of the commitment "%(commitment)s" (%(ogp_id)s) of '
            "%(member)s was due to end on %(deadline)s, %(when)s, and is not complete (its "
            "completion: %(completion)s):\n\n%(milestone)s\n\n"
            "Please report its progress on the commitment's page:\n%(url)s\n\n"
            "OGP Action Plan Portal"
        )
    else:
        subject = _("Milestone ending %(when)s: %(commitment)s (%(ogp_id)s)") % values
        body = _(
            "Hello %(name)s,\n\n"
            'Milestone %(number)s of the commitment "%(commitment)s" (%(ogp_id)s) of '
            "%(member)s ends on %(deadline)s, %(when)s (its completion: %(completion)s):\n\n"
            "%(milestone)s\n\n"
            "Please report its progress on the commitment's page:\n%(url)s\n\n"
            "OGP Action Plan Portal"
        )
    return subject, body % values


MILESTONE_RULE = ReminderRule(
    name="milestone end",
    model=MilestoneReminder,
    subject_field="milestone",
    subjects=lambda: (
        Milestone.objects.filter(
            commitment__plan__status__in=IMPLEMENTED,
            commitment__publication_state=PublicationState.PUBLISHED,
        )
        .exclude(completion__in=FINISHED)
        .select_related("commitment__plan")
    ),
    member_field="commitment__plan__member",
    deadline_field="end_date",
    recipients=_recipients,
    kind=MilestoneReminderKind.ENDING,
    overdue_kind=MilestoneReminderKind.OVERDUE,
    message=_message,
    deliver_task="commitments.tasks.deliver_milestone_reminder",
)
