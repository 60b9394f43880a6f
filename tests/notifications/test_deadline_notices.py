"""Followers hear of a milestone ending at each lead time of the deadline calendar, and once
when it is overdue, as a notification (and e-mail as they chose), exactly once."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from core.models import Event
from members.selectors import member_ids_by_local_date
from ogp_portal.notifications.deadlines import deadline_notices_run
from ogp_portal.notifications.display import notification_text
from ogp_portal.notifications.models import DeadlineNotice, Notification
from ogp_portal.notifications.tasks import notify_followers_of_deadlines
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.members.factories import MemberFactory, UserFactory

from .factories import FollowFactory

pytestmark = pytest.mark.django_db

END = datetime.date(2026, 12, 15)


def morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _calendar_settings(settings):
    settings.REMINDER_LEAD_DAYS = [30, 14, 7, 1]
    settings.REMINDER_OVERDUE_DAYS = 7


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_at(when: datetime.datetime) -> int:
        with time_machine.travel(when, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                return notify_followers_of_deadlines.delay().get()

    return run_at


def followed_milestone(**fields):
    plan = ActionPlanFactory(
        member=MemberFactory(),
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2027, 6, 30),
    )
    commitment = CommitmentFactory(plan=plan)
    follower = UserFactory(role="", member=None)
    FollowFactory(user=follower, commitment=commitment)
    return MilestoneFactory(commitment=commitment, **{"end_date": END, **fields}), follower


def told(follower) -> list[str]:
    return [
        notification_text(n)
        for n in Notification.objects.filter(recipient=follower).select_related(
            "event__actor", "commitment", "plan__member", "member"
        )
    ]


@pytest.mark.parametrize("lead", [30, 14, 7, 1])
def test_a_follower_hears_of_a_milestone_ending_at_each_lead_time_once(run, lead):
    milestone, follower = followed_milestone()
    day = END - datetime.timedelta(days=lead)

    assert run(morning(day)) == 1
    assert run(morning(day)) == 0

    [text] = told(follower)
    assert text.startswith("A milestone of") and text.endswith("ends soon")
    notice = DeadlineNotice.objects.get()
    assert (notice.kind, notice.lead_days, notice.object_id) == (
        "milestone.ending",
        lead,
        milestone.pk,
    )


def test_a_follower_hears_once_that_a_milestone_is_overdue(run):
    _milestone, follower = followed_milestone()

    for days_after in range(1, 10):
        run(morning(END + datetime.timedelta(days=days_after)))

    assert [text.endswith("is overdue") for text in told(follower)] == [True]
    assert Event.objects.filter(kind="milestone.overdue").count() == 1


def test_a_complete_milestone_is_not_told(run):
    _milestone, follower = followed_milestone(completion="complete")

    assert run(morning(END - datetime.timedelta(days=7))) == 0
    assert told(follower) == []


@pytest.mark.parametrize("milestones", [3, 30])
def test_the_followers_job_reads_in_batches_with_a_constant_number_of_queries(
    settings, django_assert_max_num_queries, django_capture_on_commit_callbacks, milestones
):
    settings.REMINDER_BATCH_SIZE = 100
    for _ in range(milestones):
        followed_milestone()

    with time_machine.travel(morning(END - datetime.timedelta(days=7)), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as notified:
            # both rules (milestones, consultations), their content types read once
            with django_assert_max_num_queries(16):
                recorded = deadline_notices_run(member_ids_by_local_date(timezone.now()))

    assert recorded == milestones
    assert len(notified) == 1  # one hand-over of the batch's events to notify_event


def test_the_followers_of_a_plan_hear_once_that_its_consultation_closes(run):
    from commitments.models import PublicConsultation
    from tests.action_plans.factories import PlanInCoCreationFactory

    plan = PlanInCoCreationFactory(member=MemberFactory())
    PublicConsultation.objects.create(
        plan=plan,
        opens_on=datetime.date(2026, 11, 1),
        closes_on=END,
        introduction="Tell us.",
    )
    follower = UserFactory(role="", member=None)
    FollowFactory(user=follower, plan=plan)

    run(morning(END - datetime.timedelta(days=7)))
    run(morning(END - datetime.timedelta(days=7)))

    assert told(follower) == [f"The consultation on {plan.title} closes soon"]
