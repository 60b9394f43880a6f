"""The deadline calendar's guarantees, across its rules: lead times, exactly once (twice in a
row, two workers at once, a job that died half-way), a failing mail server for one recipient,
and a constant number of queries per batch."""

import datetime
import threading

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

import core.reminders
from action_plans.models import DeadlineReminder
from action_plans.tasks import deliver_deadline_reminder, send_deadline_reminders
from commitments.models import ConsultationInput, PublicConsultation
from commitments.tasks import send_consultation_reminders, send_milestone_reminders
from core.models import OVERDUE_LEAD_DAYS
from core.reminders import lead_time_due
from irm_reviews.models import ReviewAssignment, ReviewCycle
from irm_reviews.services import review_cycles_advance_due
from irm_reviews.tasks import send_review_deadline_reminders
from members.models import Role
from members.selectors import member_ids_by_local_date
from ogp_portal.env import env_int_list
from tests.action_plans.factories import ActionPlanFactory, PlanInCoCreationFactory
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.irm_reviews.factories import ReviewCycleFactory
from tests.members.factories import (
    ForumSeatFactory,
    MemberFactory,
    MultiStakeholderForumFactory,
    UserFactory,
)

DEADLINE = datetime.date(2026, 12, 8)
WEEK_BEFORE = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _calendar_settings(settings):
    settings.REMINDER_LEAD_DAYS = [30, 14, 7, 1]
    settings.REMINDER_OVERDUE_DAYS = 7
    settings.REMINDER_MAX_RETRIES = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.parametrize(
    "days_left, lead",
    [
        (45, None),
        (31, None),
        (30, 30),
        (15, 30),
        (14, 14),
        (8, 14),
        (7, 7),
        (2, 7),
        (1, 1),
        (0, 1),
        (-1, OVERDUE_LEAD_DAYS),
        (-7, OVERDUE_LEAD_DAYS),
        (-8, None),
    ],
)
def test_the_lead_time_due_is_the_shortest_not_shorter_than_the_days_left(
    settings, days_left, lead
):
    today = datetime.date(2026, 12, 1)
    assert lead_time_due(today + datetime.timedelta(days=days_left), today) == lead


def test_lead_times_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("REMINDER_LEAD_DAYS", "21, 3")
    assert env_int_list("REMINDER_LEAD_DAYS", [30]) == [21, 3]
    monkeypatch.setenv("REMINDER_LEAD_DAYS", "a week")
    with pytest.raises(ImproperlyConfigured, match="REMINDER_LEAD_DAYS"):
        env_int_list("REMINDER_LEAD_DAYS", [30])


@pytest.mark.django_db
def test_it_rejects_a_bad_time_zone():
    member = MemberFactory(time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError, match="time zone"):
        member.full_clean()
    member.time_zone = "Pacific/Auckland"
    member.full_clean()


def plan_with_contacts(contacts: int = 2, **fields):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE, **fields)
    for n in range(contacts):
        UserFactory(
            username=f"{plan.member.slug}-{n}", member=plan.member, role=Role.POINT_OF_CONTACT
        )
    return plan


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


class OneRecipientDown(EmailBackend):
    """The mail server refuses one address and takes every other."""

    attempts = 0

    def send_messages(self, messages):
        if any("down@" in address for message in messages for address in message.to):
            OneRecipientDown.attempts += 1
            raise ConnectionRefusedError("451 try again later")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_a_failing_email_never_blocks_the_others_and_goes_out_on_the_next_run(
    settings, django_capture_on_commit_callbacks
):
    plan = plan_with_contacts(2)
    UserFactory(username="down", member=plan.member, role=Role.POINT_OF_CONTACT)
    settings.EMAIL_BACKEND = f"{__name__}.OneRecipientDown"

    with time_machine.travel(WEEK_BEFORE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_deadline_reminders.delay().get() == 3

    assert recipients() == [
        f"{plan.member.slug}-0@example.org",
        f"{plan.member.slug}-1@example.org",
    ]
    failed = DeadlineReminder.objects.get(recipient__username="down")
    assert (failed.sent_at, failed.claimed_at, failed.attempts) == (None, None, 1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(WEEK_BEFORE + datetime.timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_deadline_reminders.delay().get() == 1

    assert len(mail.outbox) == 3
    assert "down@example.org" in recipients()


@pytest.mark.django_db
def test_a_failed_delivery_is_retried_with_growing_delays_then_given_up(
    settings, django_capture_on_commit_callbacks
):
    plan = PlanInCoCreationFactory(submission_deadline=DEADLINE)
    UserFactory(username="down", member=plan.member, role=Role.POINT_OF_CONTACT)
    settings.EMAIL_BACKEND = f"{__name__}.OneRecipientDown"
    settings.REMINDER_RETRY_SECONDS = 60
    with time_machine.travel(WEEK_BEFORE, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            send_deadline_reminders.delay()
    [reminder] = DeadlineReminder.objects.all()

    delays = []
    for retries in range(settings.REMINDER_MAX_RETRIES):
        with pytest.raises(Retry) as retry:
            deliver_deadline_reminder.apply(args=[reminder.pk], retries=retries, throw=True)
        delays.append(retry.value.when)
    given_up = deliver_deadline_reminder.apply(
        args=[reminder.pk], retries=settings.REMINDER_MAX_RETRIES
    )

    assert delays == [60, 120]
    assert given_up.get() is False
    reminder.refresh_from_db()
    assert (reminder.sent_at, reminder.attempts) == (None, 1 + settings.REMINDER_MAX_RETRIES)
    assert deliver_deadline_reminder.acks_late


@pytest.mark.django_db
def test_a_job_that_died_half_way_resumes_without_duplicates(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.REMINDER_BATCH_SIZE = 2
    for _ in range(5):
        plan_with_contacts(1)
    real_record = core.reminders.reminders_record
    batches = []

    def dies_on_the_second_batch(rule, due):
        batches.append(due)
        if len(batches) == 2:
            raise MemoryError("the worker was killed")
        return real_record(rule, due)

    monkeypatch.setattr(core.reminders, "reminders_record", dies_on_the_second_batch)
    with time_machine.travel(WEEK_BEFORE, tick=False):
        with pytest.raises(MemoryError), django_capture_on_commit_callbacks(execute=True):
            send_deadline_reminders.delay()
        assert len(mail.outbox) == 2  # the first batch was committed and sent
        assert DeadlineReminder.objects.count() == 2

        monkeypatch.setattr(core.reminders, "reminders_record", real_record)
        with django_capture_on_commit_callbacks(execute=True):
            assert send_deadline_reminders.delay().get() == 3

    assert len(mail.outbox) == 5
    assert len(set(recipients())) == 5


def _in_a_thread(barrier: threading.Barrier, work, results: list) -> threading.Thread:
    def target():
        try:
            barrier.wait()
            results.append(work())
        finally:
            connection.close()

    return threading.Thread(target=target)


def _at_once(work, workers: int = 2) -> list:
    barrier = threading.Barrier(workers)
    results: list = []
    threads = [_in_a_thread(barrier, work, results) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_job_at_once_send_each_reminder_once():
    plans = [plan_with_contacts(3) for _ in range(4)]
    member = plans[0].member
    forum = MultiStakeholderForumFactory(member=member)
    ForumSeatFactory(forum=forum, is_co_chair=True, user=UserFactory(role=Role.CIVIL_SOCIETY))

    def job():
        with time_machine.travel(WEEK_BEFORE, tick=False):
            for _ in range(3):
                send_deadline_reminders()
        return True

    assert _at_once(job) == [True, True]

    assert len(mail.outbox) == 13
    assert len(set(recipients())) == 13
    assert DeadlineReminder.objects.count() == 13
    assert not DeadlineReminder.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_reminder_at_once_send_it_once():
    plan = plan_with_contacts(1)
    reminder = DeadlineReminder.objects.create(
        plan=plan,
        recipient=plan.member.users.get(),
        kind=DeadlineReminder.Kind.SUBMISSION_DUE,
        deadline=DEADLINE,
        lead_days=7,
    )

    results = _at_once(lambda: deliver_deadline_reminder(reminder.pk), workers=4)

    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1


def _plans(count: int) -> None:
    for _ in range(count):
        plan = plan_with_contacts(2)
        ForumSeatFactory(
            forum=MultiStakeholderForumFactory(member=plan.member),
            is_co_chair=True,
            user=UserFactory(role=Role.CIVIL_SOCIETY, member=None),
        )


def _milestones(count: int) -> None:
    for _ in range(count):
        member = MemberFactory()
        UserFactory(member=member, role=Role.POINT_OF_CONTACT)
        UserFactory(member=member)
        commitment = CommitmentFactory(
            plan=ActionPlanFactory(member=member, period_end=datetime.date(2027, 12, 31))
        )
        MilestoneFactory.create_batch(2, commitment=commitment, end_date=DEADLINE)


def _reviews(count: int) -> None:
    researcher = UserFactory(member=None, role=Role.IRM_STAFF)
    for _ in range(count):
        cycle = ReviewCycleFactory(
            due_on=DEADLINE,
            state=ReviewCycle.State.PUBLIC_COMMENT,
            comment_period_closes_on=DEADLINE,
        )
        ReviewAssignment.objects.create(cycle=cycle, researcher=researcher)
        ForumSeatFactory(
            forum=MultiStakeholderForumFactory(member=cycle.plan.member),
            user=UserFactory(role=Role.CIVIL_SOCIETY, member=None),
        )


def _consultations(count: int) -> None:
    for _ in range(count):
        plan = PlanInCoCreationFactory(member=MemberFactory())
        UserFactory(member=plan.member, role=Role.POINT_OF_CONTACT)
        UserFactory(member=plan.member)  # an official: not reminded
        consultation = PublicConsultation.objects.create(
            plan=plan,
            opens_on=datetime.date(2026, 11, 1),
            closes_on=DEADLINE,
            introduction="Tell us.",
        )
        for _ in range(2):
            ConsultationInput.objects.create(consultation=consultation, text="An input.")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "job, build, reminders_per_subject, most",
    [
        (send_deadline_reminders, _plans, 3, 20),
        (send_milestone_reminders, _milestones, 4, 14),
        (send_review_deadline_reminders, _reviews, 3, 27),
        (send_consultation_reminders, _consultations, 1, 12),
    ],
)
@pytest.mark.parametrize("subjects", [3, 30])
def test_the_daily_jobs_read_in_batches_with_a_constant_number_of_queries(
    settings,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    job,
    build,
    reminders_per_subject,
    most,
    subjects,
):
    """Each job makes at most `most` queries for one batch, whatever its size; with batches
    ten times smaller, ten times as many batches."""
    settings.REMINDER_BATCH_SIZE = 100
    build(subjects)

    with time_machine.travel(WEEK_BEFORE, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as deliveries:
            with django_assert_max_num_queries(most):
                handed_out = job.delay().get()

    assert len(deliveries) == handed_out == subjects * reminders_per_subject


def _cycle_work(count: int) -> None:
    for _ in range(count):
        member = MemberFactory()
        ended = ActionPlanFactory(member=member, period_end=datetime.date(2026, 11, 30))
        ReviewCycleFactory(
            plan=ended,
            state=ReviewCycle.State.SCHEDULED,
            opens_on=datetime.date(2026, 11, 1),
            due_on=datetime.date(2027, 3, 1),
        )
        ReviewCycleFactory(
            plan=ActionPlanFactory(member=member, period_end=datetime.date(2027, 12, 31)),
            state=ReviewCycle.State.PUBLIC_COMMENT,
            comment_period_closes_on=datetime.date(2026, 11, 30),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("members", [3, 30])
def test_the_cycle_job_works_in_batches_with_a_constant_number_of_queries(
    settings, django_assert_max_num_queries, members
):
    settings.REMINDER_BATCH_SIZE = 100
    _cycle_work(members)

    with time_machine.travel(WEEK_BEFORE, tick=False):
        with django_assert_max_num_queries(32):
            counts = review_cycles_advance_due(member_ids_by_local_date(timezone.now()))

    assert counts == {
        "opened": members,
        "comment_periods_closed": members,
        "plans_ended": members,
        "reviews_scheduled": 0,
    }
    assert ReviewCycle.objects.filter(kind=ReviewCycle.Kind.RESULTS_REPORT).count() == members
