import datetime

import pytest

from action_plans.models import PlanStatus
from core.models import Event
from irm_reviews.models import ReviewCycle
from irm_reviews.services import (
    review_cycle_schedule_for_plan,
    review_cycle_schedule_results_report,
    review_cycles_advance_due,
)
from tests.action_plans.factories import ActionPlanFactory
from tests.irm_reviews.factories import ReviewCycleFactory, ScheduledReviewCycleFactory
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def on(day: datetime.date, *members) -> dict[datetime.date, list[int]]:
    return {day: [member.pk for member in members]}


def test_a_submitted_plan_gets_its_action_plan_review_scheduled_once():
    plan = ActionPlanFactory(status=PlanStatus.SUBMITTED, submitted_on=datetime.date(2026, 9, 30))

    cycle, created = review_cycle_schedule_for_plan(plan)
    again, created_again = review_cycle_schedule_for_plan(plan)

    assert (created, created_again) == (True, False)
    assert again == cycle
    assert cycle.kind == ReviewCycle.Kind.ACTION_PLAN_REVIEW
    assert cycle.state == ReviewCycle.State.SCHEDULED
    assert (cycle.opens_on, cycle.due_on) == (
        datetime.date(2026, 9, 30),
        datetime.date(2027, 1, 30),
    )
    assert Event.objects.filter(kind="review_cycle.scheduled").count() == 1


def test_a_results_report_is_due_four_months_after_the_plan_ends():
    plan = ActionPlanFactory(period_end=datetime.date(2026, 10, 31))

    cycle, created = review_cycle_schedule_results_report(plan)

    assert created
    assert (cycle.opens_on, cycle.due_on) == (datetime.date(2026, 11, 1), datetime.date(2027, 3, 1))


def test_a_plan_whose_period_is_over_ends_and_gets_its_results_report_once():
    member = MemberFactory()
    plan = ActionPlanFactory(member=member, period_end=datetime.date(2026, 11, 30))
    running = ActionPlanFactory(member=member, period_end=TODAY)

    counts = review_cycles_advance_due(on(TODAY, member))
    again = review_cycles_advance_due(on(TODAY, member))

    assert counts["plans_ended"] == 1
    assert again["plans_ended"] == 0
    plan.refresh_from_db()
    running.refresh_from_db()
    assert (plan.status, running.status) == (PlanStatus.ENDED, PlanStatus.IMPLEMENTATION)
    [report] = ReviewCycle.objects.filter(plan=plan)
    assert report.kind == ReviewCycle.Kind.RESULTS_REPORT
    assert report.opens_on == TODAY


def test_scheduled_reviews_open_on_their_members_date_only():
    due_on = TODAY + datetime.timedelta(days=120)
    cycle = ScheduledReviewCycleFactory(opens_on=TODAY, due_on=due_on)
    other = ScheduledReviewCycleFactory(opens_on=TODAY, due_on=due_on)

    counts = review_cycles_advance_due(on(TODAY, cycle.plan.member))

    assert counts["opened"] == 1
    cycle.refresh_from_db()
    other.refresh_from_db()
    assert (cycle.state, other.state) == (ReviewCycle.State.OPEN, ReviewCycle.State.SCHEDULED)


def test_a_comment_period_closes_the_day_after_its_last_day_once_per_period():
    cycle = ReviewCycleFactory(
        state=ReviewCycle.State.PRE_PUBLICATION, comment_period_closes_on=TODAY
    )
    member = cycle.plan.member

    assert review_cycles_advance_due(on(TODAY, member))["comment_periods_closed"] == 0
    cycle.refresh_from_db()
    assert not cycle.is_comment_period_closed

    day_after = TODAY + datetime.timedelta(days=1)
    assert review_cycles_advance_due(on(day_after, member))["comment_periods_closed"] == 1
    assert review_cycles_advance_due(on(day_after, member))["comment_periods_closed"] == 0
    cycle.refresh_from_db()
    assert cycle.is_comment_period_closed

    # The public comment period that follows has its own closing day.
    cycle.state = ReviewCycle.State.PUBLIC_COMMENT
    cycle.comment_period_closes_on = TODAY + datetime.timedelta(days=30)
    cycle.save()
    later = TODAY + datetime.timedelta(days=31)
    assert review_cycles_advance_due(on(later, member))["comment_periods_closed"] == 1
    assert Event.objects.filter(kind="review_cycle.comment_period_closed").count() == 2
