import datetime

import pytest

from action_plans.display import submission_record
from action_plans.models import PlanStatus
from tests.action_plans.factories import ActionPlanFactory, PlanInCoCreationFactory
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2024, 8, 31)


def plan(member, number, *, missed: bool, **fields):
    return ActionPlanFactory(
        member=member,
        number=number,
        ogp_id=f"AP_{member.ogp_code}{number:02d}",
        period_start=datetime.date(2018 + 2 * number, 1, 1),
        period_end=datetime.date(2019 + 2 * number, 12, 31),
        submission_deadline=DEADLINE,
        submitted_on=DEADLINE + datetime.timedelta(days=40 if missed else -5),
        **fields,
    )


def test_a_plan_submitted_after_its_deadline_or_found_past_it_missed_it():
    member = MemberFactory()
    late = plan(member, 1, missed=True)
    on_time = plan(member, 2, missed=False)
    found = PlanInCoCreationFactory(member=member, number=3, submission_deadline_missed_on=DEADLINE)

    assert (late.missed_submission_deadline, on_time.missed_submission_deadline) == (True, False)
    assert found.missed_submission_deadline


def test_one_missed_deadline_flags_the_member_two_in_consecutive_cycles_is_contrary_to_process():
    member = MemberFactory()
    first = plan(member, 1, missed=True)
    plan(member, 2, missed=False)
    third = plan(member, 3, missed=True)

    record = submission_record(member.action_plans.all())
    assert record.is_flagged
    assert not record.is_acting_contrary_to_process
    assert record.missed == [third, first]

    fourth = plan(member, 4, missed=True)
    record = submission_record(member.action_plans.all())
    assert record.is_acting_contrary_to_process
    assert record.consecutive == (fourth, third)


def test_a_withdrawn_plan_is_not_a_cycle():
    member = MemberFactory()
    plan(member, 1, missed=True)
    plan(member, 2, missed=True, status=PlanStatus.WITHDRAWN)

    assert not submission_record(member.action_plans.all()).is_acting_contrary_to_process


def test_the_member_page_shows_a_member_acting_contrary_to_process(client):
    member = MemberFactory(name="Atlantis", ogp_code="ATL")
    plan(member, 1, missed=True)
    plan(member, 2, missed=True)

    page = client.get(member.get_absolute_url()).content.decode()

    assert "Acting contrary to process" in page
    assert "two consecutive cycles (AP_ATL01 and AP_ATL02)" in page


def test_the_member_page_flags_one_missed_deadline_and_says_nothing_otherwise(client):
    flagged = MemberFactory()
    plan(flagged, 1, missed=False)
    plan(flagged, 2, missed=True)
    clean = MemberFactory()
    plan(clean, 1, missed=False)

    flagged_page = client.get(flagged.get_absolute_url()).content.decode()
    clean_page = client.get(clean.get_absolute_url()).content.decode()

    assert "Missed submission deadline" in flagged_page
    assert "Acting contrary to process" not in flagged_page
    assert "Missed submission deadline" not in clean_page
