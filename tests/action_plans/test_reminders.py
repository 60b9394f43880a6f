import datetime

import pytest
import time_machine
from django.core import mail

from action_plans.models import DeadlineReminder, PlanReminderKind
from action_plans.services import plans_flag_missed_submission
from action_plans.tasks import deliver_deadline_reminder, send_deadline_reminders
from core.models import Event
from members.models import Role
from members.selectors import member_ids_by_local_date
from tests.action_plans.factories import PlanInCoCreationFactory
from tests.members.factories import (
    ForumSeatFactory,
    MemberFactory,
    MultiStakeholderForumFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 12, 31)


def morning(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _calendar_settings(settings):
    settings.REMINDER_LEAD_DAYS = [30, 14, 7, 1]
    settings.REMINDER_OVERDUE_DAYS = 7
    settings.SITE_URL = "https://portal.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the hourly job at `when`, with what it hands to transaction.on_commit executed as a
    real commit would (the test's own transaction never commits)."""

    def run_at(when: datetime.datetime) -> int:
        with time_machine.travel(when, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                return send_deadline_reminders.delay().get()

    return run_at


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_point_of_contact_and_the_forum_co_chairs_hear_of_the_deadline(run):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    member = plan.member
    UserFactory(username="poc", member=member, role=Role.POINT_OF_CONTACT)
    UserFactory(username="official", member=member, role=Role.GOVERNMENT_OFFICIAL)
    UserFactory(username="inactive", member=member, role=Role.POINT_OF_CONTACT, is_active=False)
    UserFactory(username="elsewhere", role=Role.POINT_OF_CONTACT)
    forum = MultiStakeholderForumFactory(member=member)
    co_chair = UserFactory(username="co-chair", role=Role.CIVIL_SOCIETY, member=None)
    ForumSeatFactory(forum=forum, user=co_chair, is_co_chair=True)
    ForumSeatFactory(forum=forum, user=UserFactory(username="seat", role=Role.CIVIL_SOCIETY))
    ForumSeatFactory(
        forum=forum,
        is_co_chair=True,
        user=UserFactory(username="former", role=Role.CIVIL_SOCIETY),
        left_on=datetime.date(2026, 1, 1),
    )

    assert run(morning(DEADLINE - datetime.timedelta(days=7))) == 2

    assert recipients() == ["co-chair@example.org", "poc@example.org"]


@pytest.mark.parametrize("lead", [30, 14, 7, 1])
def test_a_reminder_goes_out_on_the_day_of_each_lead_time_and_once(run, lead):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)
    day = DEADLINE - datetime.timedelta(days=lead)

    assert run(morning(day - datetime.timedelta(days=1))) == (0 if lead == 30 else 1)
    mail.outbox.clear()
    assert run(morning(day)) == 1
    assert run(morning(day, hour=15)) == 0

    [message] = mail.outbox
    assert f"in {lead} day" in message.subject
    [reminder] = DeadlineReminder.objects.filter(lead_days=lead)
    assert reminder.sent_at is not None
    assert reminder.kind == PlanReminderKind.SUBMISSION_DUE


def test_each_lead_time_sends_its_own_reminder_over_the_month(run):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)

    for days_left in range(40, -1, -1):
        run(morning(DEADLINE - datetime.timedelta(days=days_left)))

    assert sorted(DeadlineReminder.objects.values_list("lead_days", flat=True)) == [1, 7, 14, 30]
    assert len(mail.outbox) == 4


def test_a_day_the_job_did_not_run_is_caught_up_with_the_current_lead_time_only(run):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)

    run(morning(DEADLINE - datetime.timedelta(days=10)))  # 14 and 30 were missed: 14 only

    [message] = mail.outbox
    assert "in 10 days" in message.subject
    assert DeadlineReminder.objects.get().lead_days == 14


def test_a_missed_deadline_flags_the_plan_and_reminds_once(run):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)
    day_after = DEADLINE + datetime.timedelta(days=1)

    run(morning(DEADLINE))
    mail.outbox.clear()
    run(morning(day_after))
    run(morning(day_after + datetime.timedelta(days=1)))

    [message] = mail.outbox
    assert "deadline missed" in message.subject
    plan.refresh_from_db()
    assert plan.submission_deadline_missed_on == day_after
    assert plan.missed_submission_deadline
    assert Event.objects.filter(kind="plan.submission_deadline_missed").count() == 1


def test_a_deadline_missed_long_before_the_portal_looked_sends_nothing_but_is_flagged(run):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)

    run(morning(DEADLINE + datetime.timedelta(days=30)))

    assert mail.outbox == []
    plan.refresh_from_db()
    assert plan.missed_submission_deadline


def test_a_submitted_plan_is_not_reminded_nor_flagged(run):
    plan = PlanInCoCreationFactory(
        submission_deadline=DEADLINE, status="submitted", submitted_on=datetime.date(2026, 12, 1)
    )
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)

    run(morning(DEADLINE - datetime.timedelta(days=7)))
    run(morning(DEADLINE + datetime.timedelta(days=1)))

    assert mail.outbox == []
    plan.refresh_from_db()
    assert not plan.missed_submission_deadline


@pytest.mark.parametrize(
    "language, words",
    [
        ("en", "Action plan due in 7 days"),
        ("es", "El plan de acción vence en 7 días"),
        ("fr", "Plan d'action à remettre dans 7 jours"),
    ],
)
def test_the_email_is_in_the_recipients_language_with_an_absolute_link(run, language, words):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE, title="Fifth action plan")
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT, language=language)

    run(morning(DEADLINE - datetime.timedelta(days=7)))

    [message] = mail.outbox
    assert words in message.subject
    assert "Fifth action plan" in message.subject
    assert plan.ogp_id in message.body
    prefix = "" if language == "en" else f"/{language}"  # the page in the e-mail's language
    assert f"https://portal.example.org{prefix}/members/{plan.member.slug}/plans/{plan.pk}/" in (
        message.body
    )


def test_each_member_is_reminded_on_its_own_local_day(run):
    """Auckland (UTC+13) reaches 24 December eleven hours before the 23rd ends in Lima (UTC-5):
    for a deadline on the 31st, each gets its 7-day reminder when its own 24th begins."""
    auckland = MemberFactory(slug="new-zealand", time_zone="Pacific/Auckland")
    lima = MemberFactory(slug="peru", time_zone="America/Lima")
    for member in (auckland, lima):
        PlanInCoCreationFactory(member=member, submission_deadline=DEADLINE)
        UserFactory(username=member.slug, member=member, role=Role.POINT_OF_CONTACT)
    run(datetime.datetime(2026, 12, 23, 8, 0, tzinfo=datetime.UTC))  # the 23rd in both
    assert recipients() == ["new-zealand@example.org", "peru@example.org"]  # 14-day ones
    mail.outbox.clear()

    run(datetime.datetime(2026, 12, 23, 12, 0, tzinfo=datetime.UTC))  # Auckland: 24th, 01:00

    assert recipients() == ["new-zealand@example.org"]
    assert "in 7 days" in mail.outbox[0].subject
    mail.outbox.clear()

    run(datetime.datetime(2026, 12, 24, 4, 0, tzinfo=datetime.UTC))  # Lima: still the 23rd
    assert mail.outbox == []
    run(datetime.datetime(2026, 12, 24, 6, 0, tzinfo=datetime.UTC))  # Lima: 24th, 01:00

    assert recipients() == ["peru@example.org"]
    assert "in 7 days" in mail.outbox[0].subject


def test_the_missed_deadline_is_flagged_on_the_members_local_day():
    auckland = MemberFactory(slug="new-zealand", time_zone="Pacific/Auckland")
    lima = MemberFactory(slug="peru", time_zone="America/Lima")
    plans = {
        member.slug: PlanInCoCreationFactory(member=member, submission_deadline=DEADLINE)
        for member in (auckland, lima)
    }
    # 2027-01-01 01:00 UTC: New Year's Day in Auckland, still 31 December in Lima.
    now = datetime.datetime(2027, 1, 1, 1, 0, tzinfo=datetime.UTC)

    assert plans_flag_missed_submission(member_ids_by_local_date(now)) == 1
    assert plans_flag_missed_submission(member_ids_by_local_date(now)) == 0

    plans["new-zealand"].refresh_from_db()
    plans["peru"].refresh_from_db()
    assert plans["new-zealand"].missed_submission_deadline
    assert not plans["peru"].missed_submission_deadline


def test_delivering_a_reminder_twice_sends_one_email_and_records_one_event(
    django_capture_on_commit_callbacks,
):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)
    with time_machine.travel(morning(DEADLINE - datetime.timedelta(days=7)), tick=False):
        with django_capture_on_commit_callbacks() as callbacks:
            send_deadline_reminders.delay()
        assert len(callbacks) == 1
        [reminder] = DeadlineReminder.objects.all()

        assert deliver_deadline_reminder.delay(reminder.pk).get() is True
        assert deliver_deadline_reminder.delay(reminder.pk).get() is False

    assert len(mail.outbox) == 1
    [event] = Event.objects.filter(kind="reminder.sent")
    assert event.subject == reminder
    assert event.member_id == plan.member_id
    assert event.data["lead_days"] == 7
