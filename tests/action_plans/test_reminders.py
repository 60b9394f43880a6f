import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from action_plans.models import ActionPlan, DeadlineReminder
from action_plans.services import deadline_reminders_send
from action_plans.tasks import deliver_deadline_reminder, send_deadline_reminders
from core.models import Event
from members.models import Role, Sector
from tests.action_plans.factories import PlanInCoCreationFactory
from tests.members.factories import ForumSeatFactory, MultiStakeholderForumFactory, UserFactory

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2025, 8, 31)
TEN_DAYS_BEFORE = datetime.datetime(2025, 8, 21, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fourteen_days_window(settings):
    settings.REMINDER_DAYS_BEFORE = 14
    settings.SITE_URL = "https://portal.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block hands to transaction.on_commit, as a real commit would (the test's
    own transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_it_reminds_the_government_and_civil_society_seat_holders_of_the_plan_once(committed):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    member = plan.member
    UserFactory(username="poc", member=member, role=Role.POINT_OF_CONTACT)
    UserFactory(username="official", member=member, role=Role.GOVERNMENT_OFFICIAL)
    UserFactory(username="no-email", member=member, role=Role.GOVERNMENT_OFFICIAL, email="")
    UserFactory(username="inactive", member=member, role=Role.POINT_OF_CONTACT, is_active=False)
    UserFactory(username="elsewhere", role=Role.POINT_OF_CONTACT)
    UserFactory(username="irm", member=None, role=Role.IRM_STAFF)
    forum = MultiStakeholderForumFactory(member=member)
    ForumSeatFactory(forum=forum, user=UserFactory(username="cso", role=Role.CIVIL_SOCIETY))
    ForumSeatFactory(forum=forum, user=None)
    ForumSeatFactory(
        forum=forum,
        user=UserFactory(username="left", role=Role.CIVIL_SOCIETY),
        left_on=datetime.date(2025, 1, 1),
    )
    ForumSeatFactory(
        forum=forum,
        sector=Sector.GOVERNMENT,
        user=UserFactory(username="gov-seat", role=Role.SUPPORT_UNIT, member=None),
    )

    with time_machine.travel(TEN_DAYS_BEFORE, tick=False):
        with committed():
            send_deadline_reminders.delay()
        with committed():
            send_deadline_reminders.delay()

    assert recipients() == {"poc@example.org", "official@example.org", "cso@example.org"}
    assert len(mail.outbox) == 3
    assert DeadlineReminder.objects.filter(plan=plan, deadline=DEADLINE).count() == 3


def test_the_reminder_names_the_plan_its_deadline_and_links_to_it(committed):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE, title="Fifth action plan")
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)

    with time_machine.travel(TEN_DAYS_BEFORE, tick=False), committed():
        send_deadline_reminders.delay()

    [message] = mail.outbox
    assert "Fifth action plan" in message.subject
    assert "in 10 days" in message.subject
    assert plan.ogp_id in message.body
    assert f"https://portal.example.org/members/{plan.member.slug}/plans/{plan.pk}/" in (
        message.body
    )
    assert message.alternatives == []


@pytest.mark.parametrize(
    "deadline, status",
    [
        (datetime.date(2025, 9, 5), ActionPlan.Status.CO_CREATION),  # 15 days ahead
        (datetime.date(2025, 8, 20), ActionPlan.Status.CO_CREATION),  # yesterday
        (DEADLINE, ActionPlan.Status.SUBMITTED),
    ],
)
def test_it_leaves_plans_outside_the_window_or_past_co_creation_alone(deadline, status):
    plan = PlanInCoCreationFactory(submission_deadline=deadline, status=status)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)

    with time_machine.travel(TEN_DAYS_BEFORE, tick=False):
        sent = deadline_reminders_send(datetime.date.today())

    assert sent == 0
    assert mail.outbox == []


def test_it_reminds_again_when_the_deadline_moves(committed):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)
    with time_machine.travel(TEN_DAYS_BEFORE, tick=False), committed():
        assert deadline_reminders_send(datetime.date.today()) == 1

    plan.submission_deadline = datetime.date(2025, 9, 2)
    plan.save()
    with time_machine.travel(TEN_DAYS_BEFORE, tick=False):
        with committed():
            assert deadline_reminders_send(datetime.date.today()) == 1
        with committed():
            assert deadline_reminders_send(datetime.date.today()) == 0
    assert len(mail.outbox) == 2


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_reminder_whose_email_failed_is_sent_on_the_next_run(settings, committed):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    with time_machine.travel(TEN_DAYS_BEFORE, tick=False), committed():
        assert deadline_reminders_send(datetime.date.today()) == 1
    [reminder] = DeadlineReminder.objects.all()
    assert reminder.sent_at is None
    assert not Event.objects.filter(kind="reminder.sent").exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(TEN_DAYS_BEFORE, tick=False), committed():
        assert deadline_reminders_send(datetime.date.today()) == 1
    assert recipients() == {reminder.recipient.email}
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


def test_the_reminder_is_emailed_only_once_the_record_is_committed(
    django_capture_on_commit_callbacks,
):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)

    with time_machine.travel(TEN_DAYS_BEFORE, tick=False):
        with django_capture_on_commit_callbacks() as callbacks:
            deadline_reminders_send(datetime.date.today())
            assert mail.outbox == []
        assert len(callbacks) == 1
        callbacks[0]()

    assert len(mail.outbox) == 1


def test_delivering_a_reminder_twice_sends_one_email_and_records_one_event(
    django_capture_on_commit_callbacks,
):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)
    with time_machine.travel(TEN_DAYS_BEFORE, tick=False):
        with django_capture_on_commit_callbacks():
            deadline_reminders_send(datetime.date.today())
        [reminder] = DeadlineReminder.objects.all()

        assert deliver_deadline_reminder.delay(reminder.pk).get() is True
        assert deliver_deadline_reminder.delay(reminder.pk).get() is False

    assert len(mail.outbox) == 1
    [event] = Event.objects.filter(kind="reminder.sent")
    assert event.subject == reminder
    assert event.member_id == plan.member_id
