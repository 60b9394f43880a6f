import datetime

import pytest
import time_machine
from django.core import mail

from core.models import Event
from irm_reviews.models import ReviewCycle, ReviewDeadlineReminder
from irm_reviews.tasks import deliver_review_deadline_reminder, send_review_deadline_reminders
from members.models import Role
from tests.irm_reviews.factories import ReviewCycleFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

TEN_DAYS_BEFORE = datetime.datetime(2025, 8, 21, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fourteen_days_window(settings):
    settings.REMINDER_DAYS_BEFORE = 14
    settings.SITE_URL = "https://portal.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_it_reminds_irm_staff_of_unpublished_reports_due_in_the_window(
    django_capture_on_commit_callbacks,
):
    due = ReviewCycleFactory(due_on=datetime.date(2025, 8, 25), state=ReviewCycle.State.OPEN)
    ReviewCycleFactory(
        due_on=datetime.date(2025, 8, 25),
        state=ReviewCycle.State.PUBLISHED,
        published_on=datetime.date(2025, 8, 1),
    )
    ReviewCycleFactory(due_on=datetime.date(2025, 12, 1), state=ReviewCycle.State.OPEN)
    UserFactory(username="researcher", member=None, role=Role.IRM_STAFF)
    UserFactory(username="official", member=due.plan.member, role=Role.GOVERNMENT_OFFICIAL)

    with time_machine.travel(TEN_DAYS_BEFORE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            send_review_deadline_reminders.delay()
        with django_capture_on_commit_callbacks(execute=True):
            send_review_deadline_reminders.delay()

    [message] = mail.outbox
    assert message.to == ["researcher@example.org"]
    assert "Action Plan Review" in message.subject
    assert "in 4 days" in message.subject
    assert f"/plans/{due.plan.pk}/" in message.body
    assert ReviewDeadlineReminder.objects.get().cycle == due


def test_delivering_an_irm_report_reminder_twice_sends_one_email(
    django_capture_on_commit_callbacks,
):
    cycle = ReviewCycleFactory(due_on=datetime.date(2025, 8, 25), state=ReviewCycle.State.OPEN)
    UserFactory(member=None, role=Role.IRM_STAFF)
    with time_machine.travel(TEN_DAYS_BEFORE, tick=False):
        with django_capture_on_commit_callbacks() as callbacks:
            send_review_deadline_reminders.delay()
        assert mail.outbox == []
        assert len(callbacks) == 1
        [reminder] = ReviewDeadlineReminder.objects.all()

        assert deliver_review_deadline_reminder.delay(reminder.pk).get() is True
        assert deliver_review_deadline_reminder.delay(reminder.pk).get() is False

    assert len(mail.outbox) == 1
    [event] = Event.objects.filter(kind="reminder.sent")
    assert event.subject == reminder
    assert event.member_id == cycle.plan.member_id
