import datetime

import pytest
import time_machine
from django.core import mail

from commitments.models import Completion, MilestoneReminder, MilestoneReminderKind
from commitments.tasks import send_milestone_reminders
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.members.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

END = datetime.date(2026, 12, 2)


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
                return send_milestone_reminders.delay().get()

    return run_at


@pytest.fixture
def member():
    return MemberFactory(slug="albania", time_zone="Europe/Tirane")


def milestone_of(member, **fields):
    plan = ActionPlanFactory(
        member=member, period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2027, 6, 30)
    )
    commitment = CommitmentFactory(plan=plan, lead_agency="Ministry of Justice")
    return MilestoneFactory(commitment=commitment, **{"end_date": END, **fields})


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_lead_agencys_officials_and_the_point_of_contact_hear_of_a_milestone_ending(
    run, member
):
    justice = OrganizationFactory(member=member, name="Ministry of  justice")
    finance = OrganizationFactory(member=member, name="Ministry of Finance")
    UserFactory(username="justice", member=member, organization=justice)
    UserFactory(username="finance", member=member, organization=finance)
    UserFactory(username="poc", member=member, role=Role.POINT_OF_CONTACT)
    UserFactory(username="cso", member=member, role=Role.CIVIL_SOCIETY)
    milestone_of(member)

    assert run(morning(END - datetime.timedelta(days=1))) == 2

    assert recipients() == ["justice@example.org", "poc@example.org"]
    message = mail.outbox[0]
    assert "Milestone ending in 1 day" in message.subject
    assert "https://portal.example.org/commitments/" in message.body


def test_every_official_hears_when_the_lead_agency_has_nobody_on_the_portal(run, member):
    UserFactory(username="finance", member=member)
    milestone_of(member)

    run(morning(END - datetime.timedelta(days=1)))

    assert recipients() == ["finance@example.org"]


@pytest.mark.parametrize("lead", [30, 14, 7, 1])
def test_a_milestone_reminder_goes_out_at_each_lead_time_once(run, member, lead):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT)
    milestone_of(member)
    day = END - datetime.timedelta(days=lead)

    run(morning(day))
    run(morning(day))

    [reminder] = MilestoneReminder.objects.all()
    assert (reminder.lead_days, reminder.kind) == (lead, MilestoneReminderKind.ENDING)
    assert len(mail.outbox) == 1


def test_an_overdue_milestone_is_reminded_once_the_day_after(run, member):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT)
    milestone_of(member, completion=Completion.LIMITED)

    for days_after in range(1, 10):
        run(morning(END + datetime.timedelta(days=days_after)))

    [message] = mail.outbox
    assert "Milestone overdue" in message.subject
    assert "Limited" in message.body
    assert MilestoneReminder.objects.get().kind == MilestoneReminderKind.OVERDUE


@pytest.mark.parametrize(
    "fields",
    [
        {"completion": Completion.COMPLETE},
        {"completion": Completion.WITHDRAWN},
        {"end_date": END + datetime.timedelta(days=31)},
        {"end_date": END - datetime.timedelta(days=30)},
    ],
)
def test_finished_milestones_and_those_outside_the_window_are_left_alone(run, member, fields):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT)
    milestone_of(member, **fields)

    assert run(morning(END - datetime.timedelta(days=1))) == 0
    assert mail.outbox == []


def test_milestones_of_draft_commitments_and_ended_plans_are_left_alone(run, member):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT)
    draft = milestone_of(member)
    draft.commitment.publication_state = "draft"
    draft.commitment.save()
    ended = ActionPlanFactory(member=member, status="ended")
    MilestoneFactory(commitment=CommitmentFactory(plan=ended), end_date=END)

    assert run(morning(END - datetime.timedelta(days=1))) == 0


def test_the_milestone_reminder_is_in_the_recipients_language(run, member):
    UserFactory(member=member, role=Role.POINT_OF_CONTACT, language="fr")
    milestone_of(member)

    run(morning(END - datetime.timedelta(days=7)))

    [message] = mail.outbox
    assert "Jalon" in message.subject
    assert "dans 7 jours" in message.subject
