"""Milestone end dates on the deadline calendar (core.reminders): reminders to the commitment's
implementers at each lead time before a milestone of a plan being implemented ends unfinished,
and once when it is overdue."""

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from action_plans.models import PlanStatus
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
from members.selectors import MemberPerson, member_people

from .models import (
    Completion,
    Milestone,
    MilestoneReminder,
    MilestoneReminderKind,
    PublicationState,
)

IMPLEMENTED = [PlanStatus.SUBMITTED, PlanStatus.IMPLEMENTATION]
FINISHED = [Completion.COMPLETE, Completion.WITHDRAWN]


def milestones_ending_near(member_ids: Sequence[int], today: datetime.date) -> QuerySet[Milestone]:
    """Unfinished milestones of the members' published commitments, in plans submitted or in
    implementation, whose end date is in reminder_window(today)."""
    start, end = reminder_window(today)
    return (
        Milestone.objects.filter(
            commitment__plan__member_id__in=member_ids,
            commitment__plan__status__in=IMPLEMENTED,
            commitment__publication_state=PublicationState.PUBLISHED,
            end_date__gte=start,
            end_date__lte=end,
        )
        .exclude(completion__in=FINISHED)
        .select_related("commitment__plan")
    )


def _normalised(name: str) -> str:
    return " ".join(name.casefold().split())


def commitment_implementers(lead_agency: str, people: list[MemberPerson]) -> set[int]:
    """Of one member's people: the officials of the commitment's lead implementing agency (their
    organisation's name is the lead agency's), or every official of the member when none is on
    the portal; the point of contact always."""
    own = [person for person in people if not person.has_seat]
    officials = [person for person in own if person.role == Role.GOVERNMENT_OFFICIAL]
    agency = _normalised(lead_agency)
    of_agency = [
        person for person in officials if agency and _normalised(person.organization) == agency
    ]
    chosen = of_agency or officials
    contacts = [person for person in own if person.role == Role.POINT_OF_CONTACT]
    return {person.user_id for person in chosen + contacts}


def milestone_reminders_due(milestones: list[Milestone], today: datetime.date) -> list[DueReminder]:
    member_ids = {milestone.commitment.plan.member_id for milestone in milestones}
    people_by_member: dict[int, list[MemberPerson]] = defaultdict(list)
    for person in member_people(member_ids, today):
        people_by_member[person.member_id].append(person)
    due = []
    for milestone in milestones:
        assert milestone.end_date is not None  # only milestones with an end date are near
        lead = lead_time_due(milestone.end_date, today)
        if lead is None:
            continue
        kind = (
            MilestoneReminderKind.OVERDUE
            if lead == OVERDUE_LEAD_DAYS
            else MilestoneReminderKind.ENDING
        )
        commitment = milestone.commitment
        recipients = commitment_implementers(
            commitment.lead_agency, people_by_member[commitment.plan.member_id]
        )
        due += [
            DueReminder(milestone.pk, user_id, kind, milestone.end_date, lead)
            for user_id in sorted(recipients)
        ]
    return due


def milestone_rule() -> ReminderRule:
    from .tasks import deliver_milestone_reminder  # the tasks module imports this one

    return ReminderRule(
        name="milestone end",
        model=MilestoneReminder,
        subject_field="milestone",
        subjects=milestones_ending_near,
        due=milestone_reminders_due,
        deliver_task=deliver_milestone_reminder,
    )


def milestone_reminder_deliver(reminder_id: int) -> bool:
    """E-mail one milestone reminder exactly once (core.reminders.reminder_deliver)."""
    return reminder_deliver(
        MilestoneReminder,
        reminder_id,
        _milestone_message,
        related=["milestone__commitment__plan__member"],
    )


def _milestone_message(reminder: MilestoneReminder) -> tuple[str, str, int | None]:
    milestone, user = reminder.milestone, reminder.recipient
    commitment = milestone.commitment
    member = commitment.plan.member
    today = local_date(member.time_zone, timezone.now())
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
    return subject, body % values, member.pk
