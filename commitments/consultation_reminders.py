"""A public consultation closing on the deadline calendar (core.reminders): while inputs still
have no reasoned response, its member's point of contact is reminded at each lead time
before its closing day, with how many are waiting (every input needs one before the plan can
be submitted: commitments.consultation.consultation_submission_problems)."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from action_plans.models import PlanStatus
from core.reminders import ReminderRule, deadline_in_words, portal_url
from members.models import Role
from members.selectors import MemberPerson, member_people_for

from .consultation_models import (
    ConsultationInput,
    ConsultationReminder,
    ConsultationReminderKind,
    PublicConsultation,
)


def _unanswered():
    return ConsultationInput.objects.filter(hidden_at__isnull=True, response__isnull=True)


def consultations_with_unanswered_inputs():
    """Consultations on plans in co-creation with at least one input (not hidden) that has no
    reasoned response."""
    return PublicConsultation.objects.filter(
        Exists(_unanswered().filter(consultation=OuterRef("pk"))),
        plan__status=PlanStatus.CO_CREATION,
    ).select_related("plan")


def _point_of_contact(
    consultation: PublicConsultation, people: list[MemberPerson]
) -> list[MemberPerson]:
    return [
        person for person in people if not person.has_seat and person.role == Role.POINT_OF_CONTACT
    ]


def _recipients(
    consultations: list[PublicConsultation], today: datetime.date
) -> dict[int, set[int]]:
    return member_people_for(
        consultations, lambda consultation: consultation.plan.member_id, _point_of_contact, today
    )


def _message(reminder: ConsultationReminder, today: datetime.date) -> tuple[str, str]:
    consultation, user = reminder.consultation, reminder.recipient
    plan = consultation.plan
    waiting = _unanswered().filter(consultation=consultation).count()
    values = {
        "name": user.get_full_name() or user.username,
        "plan": plan.title,
        "ogp_id": plan.ogp_id,
        "member": plan.member.name,
        "deadline": date_format(reminder.deadline, "DATE_FORMAT"),
        "when": deadline_in_words(reminder.deadline, today),
        "count": waiting,
        "url": portal_url(consultation.get_absolute_url()),
    }
    subject = (
        ngettext(
            "Consultation closes %(when)s: %(count)d input without a reasoned response",
            "Consultation closes %(when)s: %(count)d inputs without a reasoned response",
            waiting,
        )
        % values
    )
    waiting_text = (
        ngettext(
            "%(count)d input still has no reasoned response.",
            "%(count)d inputs still have no reasoned response.",
            waiting,
        )
        % values
    )
    body = _(
        "Hello %(name)s,\n\n"
        'The public consultation on the action plan "%(plan)s" (%(ogp_id)s) of %(member)s '
        "closes on %(deadline)s, %(when)s. %(waiting)s The plan can be submitted only once "
        "every input has its reasoned response.\n\n"
        "The consultation on the portal:\n%(url)s\n\n"
        "OGP Action Plan Portal"
    ) % {**values, "waiting": waiting_text}
    return subject, body


CONSULTATION_RULE = ReminderRule(
    name="consultation closing",
    model=ConsultationReminder,
    subject_field="consultation",
    subjects=consultations_with_unanswered_inputs,
    member_field="plan__member",
    deadline_field="closes_on",
    recipients=_recipients,
    kind=ConsultationReminderKind.CLOSING,
    message=_message,
    deliver_task="commitments.tasks.deliver_consultation_reminder",
)
