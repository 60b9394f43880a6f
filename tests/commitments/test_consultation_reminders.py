"""The deadline calendar's consultation rule: the point of contact hears, at each lead time
before a public consultation closes, how many inputs still have no reasoned response."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from commitments.models import (
    ConsultationInput,
    ConsultationReminder,
    ConsultationReminderKind,
    PublicConsultation,
    ReasonedResponse,
)
from commitments.tasks import deliver_consultation_reminder, send_consultation_reminders
from members.models import Role
from tests.action_plans.factories import PlanInCoCreationFactory
from tests.members.factories import (
    ForumSeatFactory,
    MemberFactory,
    MultiStakeholderForumFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CLOSES = datetime.date(2026, 12, 15)


def morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _calendar_settings(settings):
    settings.REMINDER_LEAD_DAYS = [30, 14, 7, 1]
    settings.REMINDER_OVERDUE_DAYS = 7
    settings.SITE_URL = "https://portal.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_at(when: datetime.datetime) -> int:
        with time_machine.travel(when, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                return send_consultation_reminders.delay().get()

    return run_at


@pytest.fixture
def member():
    return MemberFactory(slug="albania", time_zone="Europe/Tirane")


def consultation_of(member, *, unanswered=1, answered=0, hidden=0, closes_on=CLOSES):
    consultation = PublicConsultation.objects.create(
        plan=PlanInCoCreationFactory(member=member),
        opens_on=datetime.date(2026, 11, 1),
        closes_on=closes_on,
        introduction="Tell us what you think.",
    )
    author = UserFactory(role=Role.CIVIL_SOCIETY, member=None)
    for _ in range(unanswered):
        ConsultationInput.objects.create(consultation=consultation, author=author, text="More.")
    for _ in range(answered):
        given = ConsultationInput.objects.create(
            consultation=consultation, author=author, text="Less."
        )
        ReasonedResponse.objects.create(input=given, outcome="accepted", reason="Done.")
    for _ in range(hidden):
        ConsultationInput.objects.create(
            consultation=consultation,
            author=author,
            text="Spam.",
            hidden_at=timezone.now(),
            hidden_reason="Advertising.",
        )
    return consultation


def test_the_point_of_contact_hears_how_many_inputs_wait_for_a_response(run, member):
    UserFactory(username="poc", member=member, role=Role.POINT_OF_CONTACT)
    UserFactory(username="official", member=member, role=Role.GOVERNMENT_OFFICIAL)
    ForumSeatFactory(
        forum=MultiStakeholderForumFactory(member=member),
        is_co_chair=True,
        user=UserFactory(username="cochair", role=Role.CIVIL_SOCIETY, member=None),
    )
    consultation = consultation_of(member, unanswered=2, answered=1, hidden=1)

    assert run(morning(CLOSES - datetime.timedelta(days=7))) == 1

    [message] = mail.outbox
    assert message.to == ["poc@example.org"]
    assert message.subject == (
        "Consultation closes in 7 days: 2 inputs without a reasoned response"
    )
    assert "2 inputs still have no reasoned response." in message.body
    expected = (
        f"https://portal.example.org/members/albania/plans/{consultation.plan_id}/consultation/"
    )
    assert expected in message.body


@pytest.mark.parametrize("lead", [30, 14, 7, 1])
def test_a_consultation_reminder_goes_out_at_each_lead_time_once(run, member, lead):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT)
    consultation_of(member)
    day = CLOSES - datetime.timedelta(days=lead)

    run(morning(day))
    run(morning(day))

    [reminder] = ConsultationReminder.objects.all()
    assert (reminder.kind, reminder.lead_days) == (ConsultationReminderKind.CLOSING, lead)
    assert reminder.sent_at is not None
    [message] = mail.outbox
    assert f"in {lead} day" in message.subject


def test_the_closing_day_itself_gets_the_last_reminder_if_the_day_before_was_missed(run, member):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT)
    consultation_of(member, unanswered=1)

    run(morning(CLOSES))

    [message] = mail.outbox
    assert message.subject == "Consultation closes today: 1 input without a reasoned response"
    assert ConsultationReminder.objects.get().lead_days == 1


@pytest.mark.parametrize(
    "arrange",
    [
        pytest.param({"unanswered": 0, "answered": 2, "hidden": 1}, id="every input answered"),
        pytest.param({"unanswered": 0}, id="no input"),
        pytest.param({"closes_on": CLOSES - datetime.timedelta(days=8)}, id="already closed"),
        pytest.param({"closes_on": CLOSES + datetime.timedelta(days=30)}, id="beyond 30 days"),
    ],
)
def test_no_reminder_without_unanswered_inputs_or_outside_the_lead_times(run, member, arrange):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT)
    consultation_of(member, **arrange)

    assert run(morning(CLOSES - datetime.timedelta(days=7))) == 0
    assert mail.outbox == []


def test_no_reminder_once_the_plan_left_co_creation(run, member):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT)
    consultation = consultation_of(member)
    consultation.plan.status = "submitted"
    consultation.plan.save()

    assert run(morning(CLOSES - datetime.timedelta(days=7))) == 0


def test_the_reminder_goes_out_on_the_members_local_day(run):
    """12:00 UTC on 7 December is already the 8th in Auckland (UTC+13), seven days before
    the closing day, and still the 7th in Lima (UTC-5), eight days before."""
    auckland = MemberFactory(time_zone="Pacific/Auckland")
    lima = MemberFactory(time_zone="America/Lima")
    for member in (auckland, lima):
        UserFactory(member=member, role=Role.POINT_OF_CONTACT)
        consultation_of(member)

    run(datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.UTC))

    leads = dict(
        ConsultationReminder.objects.values_list("consultation__plan__member_id", "lead_days")
    )
    assert leads == {auckland.pk: 7, lima.pk: 14}


def test_the_consultation_reminder_is_in_the_recipients_language(run, member):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT, language="fr")
    consultation_of(member, unanswered=3)

    run(morning(CLOSES - datetime.timedelta(days=7)))

    [message] = mail.outbox
    assert "dans 7 jours" in message.subject
    assert "3 contributions" in message.subject


def test_delivering_a_consultation_reminder_twice_sends_one_email(
    run, member, django_capture_on_commit_callbacks
):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT)
    consultation_of(member)
    with django_capture_on_commit_callbacks(execute=False):
        with time_machine.travel(morning(CLOSES - datetime.timedelta(days=1)), tick=False):
            send_consultation_reminders.delay().get()
    reminder = ConsultationReminder.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_consultation_reminder.delay(reminder.pk).get() is True
        assert deliver_consultation_reminder.delay(reminder.pk).get() is False

    assert len(mail.outbox) == 1
