"""The co-creation standards check: each minimum requirement met, not met, or not assessable
yet, on plans that meet and miss it."""

import datetime

import pytest

from action_plans.models import CoCreationKind, PlanStatus
from commitments import consultation
from irm_reviews import standards
from irm_reviews.standards import Verdict, plan_standards_check
from members.models import Member, Role, Sector
from tests.action_plans.factories import (
    ActionPlanFactory,
    CoCreationStepFactory,
    RepositoryDocumentFactory,
)
from tests.members.factories import (
    ForumMeetingFactory,
    ForumSeatFactory,
    MemberFactory,
    MultiStakeholderForumFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
DAY = datetime.timedelta(days=1)


def _verdicts(plan, today=TODAY) -> dict[str, str]:
    return {result.code: result.verdict for result in plan_standards_check(plan, today).results}


def _result(plan, code, today=TODAY):
    return next(r for r in plan_standards_check(plan, today).results if r.code == code)


def _plan_in_co_creation(member=None):
    return ActionPlanFactory(
        member=member or MemberFactory(),
        status=PlanStatus.CO_CREATION,
        submitted_on=None,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2028, 12, 31),
    )


def _good_forum(member):
    forum = MultiStakeholderForumFactory(
        member=member, rules="We decide by consensus.", established_on=datetime.date(2019, 1, 1)
    )
    ForumSeatFactory(forum=forum, sector=Sector.GOVERNMENT)
    ForumSeatFactory(forum=forum, sector=Sector.CIVIL_SOCIETY)
    for days_ago in (20, 150, 300):
        ForumMeetingFactory(forum=forum, held_on=TODAY - days_ago * DAY)
    return forum


def test_a_plan_with_nothing_recorded_meets_nothing_and_waits_for_co_creation():
    plan = _plan_in_co_creation()
    assert _verdicts(plan) == {
        "1.1": Verdict.NOT_MET,
        "2.1": Verdict.NOT_MET,
        "2.2": Verdict.NOT_MET,
        "3.1": Verdict.NOT_ASSESSABLE,
        "3.2": Verdict.NOT_ASSESSABLE,
        "3.3": Verdict.NOT_ASSESSABLE,
        "4.1": Verdict.NOT_ASSESSABLE,
        "5.1": Verdict.NOT_ASSESSABLE,
    }


def test_a_submitted_plan_without_consultation_or_response_misses_them():
    plan = ActionPlanFactory(status=PlanStatus.SUBMITTED, submitted_on=TODAY - 10 * DAY)
    verdicts = _verdicts(plan)
    assert verdicts["3.3"] == verdicts["4.1"] == verdicts["3.2"] == Verdict.NOT_MET


def test_a_forum_meeting_every_six_months_with_public_rules_and_both_sectors_meets_1_1():
    plan = _plan_in_co_creation()
    _good_forum(plan.member)
    result = _result(plan, "1.1")
    assert result.verdict == Verdict.MET
    assert "it met 3 times" in result.reason
    assert result.evidence[0].url == f"{plan.member.get_absolute_url()}#forum-title"


def test_a_forum_that_went_more_than_six_months_without_meeting_misses_1_1():
    plan = _plan_in_co_creation()
    forum = _good_forum(plan.member)
    forum.meetings.filter(held_on=TODAY - 150 * DAY).delete()
    result = _result(plan, "1.1")
    assert result.verdict == Verdict.NOT_MET
    assert "is 280 days" in result.reason


def test_a_forum_without_rules_or_civil_society_misses_1_1():
    plan = _plan_in_co_creation()
    forum = _good_forum(plan.member)
    forum.rules = ""
    forum.save()
    forum.seats.filter(sector=Sector.CIVIL_SOCIETY).update(left_on=TODAY - 5 * DAY)
    result = _result(plan, "1.1")
    assert result.verdict == Verdict.NOT_MET
    assert "0 civil-society seats" in result.reason
    assert "rules of participation are not published" in result.reason


def test_an_ogp_page_meets_2_1():
    member = MemberFactory(website_url="https://www.opengovpartnership.org/members/x/")
    result = _result(_plan_in_co_creation(member), "2.1")
    assert result.verdict == Verdict.MET
    assert result.evidence[0].url == member.website_url


def test_a_repository_updated_twice_in_the_year_meets_2_2_once_does_not():
    plan = _plan_in_co_creation()
    RepositoryDocumentFactory(member=plan.member, published_on=TODAY - 30 * DAY)
    assert _result(plan, "2.2").verdict == Verdict.NOT_MET
    RepositoryDocumentFactory(member=plan.member, published_on=TODAY - 200 * DAY)
    assert _result(plan, "2.2").verdict == Verdict.MET


def test_advance_notice_two_weeks_before_co_creation_meets_3_1_a_week_does_not():
    plan = _plan_in_co_creation()
    CoCreationStepFactory(
        plan=plan, kind=CoCreationKind.ADVANCE_NOTICE, opens_on=TODAY - 40 * DAY, closes_on=TODAY
    )
    workshop = CoCreationStepFactory(
        plan=plan, kind=CoCreationKind.WORKSHOP, opens_on=TODAY - 20 * DAY, closes_on=TODAY
    )
    assert _result(plan, "3.1").verdict == Verdict.MET
    workshop.opens_on = TODAY - 33 * DAY
    workshop.save()
    result = _result(plan, "3.1")
    assert result.verdict == Verdict.NOT_MET and "7 days before" in result.reason


def _with_consultation(plan, closes_on):
    poc = UserFactory(role=Role.POINT_OF_CONTACT, member=plan.member)
    opened = consultation.consultation_open(
        user=poc, plan=plan, opens_on=TODAY - 30 * DAY, closes_on=closes_on, introduction="Tell us"
    )
    return poc, opened


def test_the_portals_consultation_is_the_input_mechanism_and_outreach(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC))
    plan = _plan_in_co_creation()
    _poc, opened = _with_consultation(plan, TODAY - 2 * DAY)
    consultation.consultation_input_submit(
        user=UserFactory(role="", member=None), consultation=opened, text="More data"
    )
    verdicts = _verdicts(plan)
    assert verdicts["3.3"] == verdicts["3.2"] == Verdict.MET
    assert _result(plan, "3.3").evidence[0].url == opened.get_absolute_url()


def test_the_reasoned_response_waits_for_every_input_then_meets_4_1(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC))
    plan = _plan_in_co_creation()
    poc, opened = _with_consultation(plan, datetime.date(2026, 11, 20))
    given = consultation.consultation_input_submit(
        user=UserFactory(role="", member=None), consultation=opened, text="More data"
    )
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))
    result = _result(plan, "4.1")
    assert (
        result.verdict == Verdict.NOT_ASSESSABLE
        and "awaiting a reasoned response: 1" in result.reason
    )
    consultation.consultation_input_answer(
        user=poc, consultation_input=given, outcome="accepted", reason="Done."
    )
    assert _result(plan, "4.1").verdict == Verdict.MET
    plan.status, plan.submitted_on = PlanStatus.SUBMITTED, TODAY
    plan.save()
    assert _result(plan, "4.1").verdict == Verdict.MET


def test_a_submitted_plan_with_unanswered_input_misses_4_1(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC))
    plan = _plan_in_co_creation()
    _poc, opened = _with_consultation(plan, datetime.date(2026, 11, 20))
    consultation.consultation_input_submit(
        user=UserFactory(role="", member=None), consultation=opened, text="More data"
    )
    plan.status, plan.submitted_on = PlanStatus.SUBMITTED, TODAY
    plan.save()
    assert _result(plan, "4.1").verdict == Verdict.NOT_MET


def test_two_meetings_a_year_with_civil_society_during_implementation_meet_5_1():
    plan = ActionPlanFactory(
        status=PlanStatus.IMPLEMENTATION,
        period_start=datetime.date(2025, 9, 1),
        period_end=datetime.date(2027, 8, 31),
    )
    forum = MultiStakeholderForumFactory(member=plan.member)
    ForumMeetingFactory(forum=forum, held_on=datetime.date(2026, 1, 10), civil_society_attendees=4)
    assert _result(plan, "5.1").verdict == Verdict.NOT_MET
    ForumMeetingFactory(forum=forum, held_on=datetime.date(2026, 6, 10), civil_society_attendees=3)
    ForumMeetingFactory(forum=forum, held_on=datetime.date(2026, 7, 10), civil_society_attendees=0)
    result = _result(plan, "5.1")
    assert result.verdict == Verdict.MET and "Meetings with civil society since" in result.reason


def test_a_local_member_gets_its_own_list_of_requirements():
    member = MemberFactory(kind=Member.Kind.LOCAL)
    check = plan_standards_check(_plan_in_co_creation(member), TODAY)
    assert check.is_local
    assert [r.code for r in check.results] == ["1.1", "2.2", "3.3", "4.1", "5.1"]


def test_requirements_are_a_list_of_functions_another_can_join():
    def sign_off_requirement(record):
        return standards.RequirementResult("X", "Signed off", Verdict.NOT_ASSESSABLE, "Later")

    plan = _plan_in_co_creation()
    original = list(standards.REQUIREMENTS)
    standards.REQUIREMENTS.append(sign_off_requirement)
    try:
        assert plan_standards_check(plan, TODAY).results[-1].code == "X"
    finally:
        standards.REQUIREMENTS[:] = original


def test_the_plan_page_shows_the_check_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    plan = _plan_in_co_creation()
    _good_forum(plan.member)
    with django_assert_max_num_queries(40):
        page = client.get(plan.get_absolute_url()).content.decode()
    assert "Co-creation standards check" in page
    assert "1.1 A forum exists" in page
