import datetime

import pytest
import time_machine
from django.core import mail

from core.models import Event
from irm_reviews.models import (
    ReviewAssignment,
    ReviewCycle,
    ReviewDeadlineReminder,
    ReviewReminderKind,
)
from irm_reviews.tasks import deliver_review_deadline_reminder, send_review_deadline_reminders
from members.models import Role
from tests.irm_reviews.factories import ReviewCycleFactory
from tests.members.factories import ForumSeatFactory, MultiStakeholderForumFactory, UserFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 12, 15)


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
                return send_review_deadline_reminders.delay().get()

    return run_at


def assigned_to_every_review(researcher):
    """The researcher, assigned to every review there is (reminders go to assigned ones)."""
    for cycle in ReviewCycle.objects.all():
        ReviewAssignment.objects.create(cycle=cycle, researcher=researcher)
    return researcher


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_irm_staff_hear_of_unpublished_reports_coming_due_once(run):
    due = ReviewCycleFactory(due_on=DUE, state=ReviewCycle.State.OPEN)
    ReviewCycleFactory(
        due_on=DUE, state=ReviewCycle.State.PUBLISHED, published_on=datetime.date(2026, 11, 1)
    )
    ReviewCycleFactory(due_on=DUE + datetime.timedelta(days=60), state=ReviewCycle.State.OPEN)
    assigned_to_every_review(UserFactory(username="researcher", member=None, role=Role.IRM_STAFF))
    UserFactory(username="unassigned", member=None, role=Role.IRM_STAFF)
    UserFactory(username="official", member=due.plan.member, role=Role.GOVERNMENT_OFFICIAL)

    run(morning(DUE - datetime.timedelta(days=4)))
    run(morning(DUE - datetime.timedelta(days=4)))

    [message] = mail.outbox
    assert message.to == ["researcher@example.org"]
    assert "Action Plan Review" in message.subject
    assert "in 4 days" in message.subject
    assert f"https://portal.example.org/members/{due.plan.member.slug}/plans/{due.plan.pk}/" in (
        message.body
    )
    assert ReviewDeadlineReminder.objects.get().lead_days == 7


@pytest.mark.parametrize("lead", [30, 14, 7, 1])
def test_a_report_reminder_goes_out_at_each_lead_time(run, lead):
    ReviewCycleFactory(due_on=DUE, state=ReviewCycle.State.OPEN)
    assigned_to_every_review(UserFactory(member=None, role=Role.IRM_STAFF))

    run(morning(DUE - datetime.timedelta(days=lead)))

    assert ReviewDeadlineReminder.objects.get().lead_days == lead
    assert f"in {lead} day" in mail.outbox[0].subject


def test_an_overdue_report_is_reminded_once(run):
    ReviewCycleFactory(due_on=DUE, state=ReviewCycle.State.PRE_PUBLICATION)
    assigned_to_every_review(UserFactory(member=None, role=Role.IRM_STAFF))

    for days_after in (1, 2, 3):
        run(morning(DUE + datetime.timedelta(days=days_after)))

    [message] = mail.outbox
    assert "overdue" in message.subject
    assert ReviewDeadlineReminder.objects.get().kind == ReviewReminderKind.REPORT_OVERDUE


def test_the_assigned_researchers_and_the_forum_hear_of_a_comment_period_closing(run):
    cycle = ReviewCycleFactory(
        due_on=DUE + datetime.timedelta(days=90),
        state=ReviewCycle.State.PRE_PUBLICATION,
        comment_period_closes_on=DUE,
    )
    member = cycle.plan.member
    forum = MultiStakeholderForumFactory(member=member)
    ForumSeatFactory(forum=forum, user=UserFactory(username="cso", role=Role.CIVIL_SOCIETY))
    ForumSeatFactory(forum=forum, user=UserFactory(username="gov", member=member))
    UserFactory(username="poc", member=member, role=Role.POINT_OF_CONTACT)
    UserFactory(username="official", member=member)  # not on the forum
    ReviewAssignment.objects.create(
        cycle=cycle, researcher=UserFactory(username="irm", member=None, role=Role.IRM_STAFF)
    )
    UserFactory(username="other-irm", member=None, role=Role.IRM_STAFF)  # not assigned

    run(morning(DUE - datetime.timedelta(days=7)))
    run(morning(DUE - datetime.timedelta(days=7)))

    assert recipients() == [
        "cso@example.org",
        "gov@example.org",
        "irm@example.org",
        "poc@example.org",
    ]
    assert all("Comment period" in message.subject for message in mail.outbox)
    assert all("closes in 7 days" in message.subject for message in mail.outbox)


@pytest.mark.parametrize("lead", [30, 14, 7, 1])
def test_a_comment_period_reminder_goes_out_at_each_lead_time_once(run, lead):
    cycle = ReviewCycleFactory(
        due_on=DUE + datetime.timedelta(days=90),
        state=ReviewCycle.State.PUBLIC_COMMENT,
        comment_period_closes_on=DUE,
    )
    UserFactory(member=cycle.plan.member, role=Role.POINT_OF_CONTACT)

    run(morning(DUE - datetime.timedelta(days=lead)))
    run(morning(DUE - datetime.timedelta(days=lead)))

    [reminder] = ReviewDeadlineReminder.objects.all()
    assert (reminder.kind, reminder.lead_days) == (ReviewReminderKind.COMMENT_PERIOD_CLOSING, lead)
    assert len(mail.outbox) == 1


def test_no_comment_period_reminder_outside_a_comment_period_or_after_it_closed(run):
    cycle = ReviewCycleFactory(state=ReviewCycle.State.OPEN, comment_period_closes_on=DUE)
    ForumSeatFactory(
        forum=MultiStakeholderForumFactory(member=cycle.plan.member),
        user=UserFactory(role=Role.CIVIL_SOCIETY),
    )

    run(morning(DUE - datetime.timedelta(days=7)))
    cycle.state = ReviewCycle.State.PUBLIC_COMMENT
    cycle.save()
    run(morning(DUE + datetime.timedelta(days=1)))

    assert mail.outbox == []


def test_delivering_an_irm_report_reminder_twice_sends_one_email(
    django_capture_on_commit_callbacks,
):
    cycle = ReviewCycleFactory(due_on=DUE, state=ReviewCycle.State.OPEN)
    assigned_to_every_review(UserFactory(member=None, role=Role.IRM_STAFF))
    with time_machine.travel(morning(DUE - datetime.timedelta(days=4)), tick=False):
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
