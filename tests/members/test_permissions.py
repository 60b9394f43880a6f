"""The role predicates and the forum-seat rule of members.permissions, which every app asks."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from commitments.permissions import can_see_draft_commitments, is_forum_civil_society
from irm_reviews.permissions import can_see_unpublished_reviews
from members.models import ForumSeat, Role
from members.permissions import (
    holds_current_forum_seat,
    sees_every_member,
    sees_work_in_progress_of,
)
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import ForumSeatFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2025, 6, 30)
LEFT_ON = datetime.date(2025, 7, 1)


def current_on(day: datetime.date) -> set[str]:
    return set(ForumSeat.objects.current(on=day).values_list("person_name", flat=True))


def test_a_seat_is_current_until_the_day_it_is_left():
    ForumSeatFactory(person_name="Leaving", left_on=LEFT_ON)

    assert current_on(LAST_DAY) == {"Leaving"}
    assert current_on(LEFT_ON) == set()
    assert current_on(LEFT_ON + datetime.timedelta(days=1)) == set()


def test_a_seat_with_no_end_is_current_on_any_day():
    ForumSeatFactory(person_name="Staying", left_on=None)

    assert current_on(datetime.date(2040, 1, 1)) == {"Staying"}


def test_current_seats_default_to_today():
    ForumSeatFactory(person_name="Leaving", left_on=LEFT_ON)

    with time_machine.travel(datetime.datetime(2025, 6, 30, 12, tzinfo=datetime.UTC)):
        before = set(ForumSeat.objects.current().values_list("person_name", flat=True))
    with time_machine.travel(datetime.datetime(2025, 7, 1, 12, tzinfo=datetime.UTC)):
        after = set(ForumSeat.objects.current().values_list("person_name", flat=True))

    assert before == {"Leaving"}
    assert after == set()


def test_civil_society_speaks_for_the_forum_until_the_day_the_seat_is_left():
    commitment = CommitmentFactory()
    member = commitment.plan.member
    user = UserFactory(role=Role.CIVIL_SOCIETY, member=member)
    ForumSeatFactory(forum__member=member, user=user, left_on=LEFT_ON)

    with time_machine.travel(datetime.datetime(2025, 6, 30, 12, tzinfo=datetime.UTC)):
        before = is_forum_civil_society(user, commitment)
    with time_machine.travel(datetime.datetime(2025, 7, 1, 12, tzinfo=datetime.UTC)):
        after = is_forum_civil_society(user, commitment)

    assert before is True
    assert after is False


def test_a_seat_in_another_members_forum_does_not_count():
    member = MemberFactory()
    user = UserFactory(role=Role.CIVIL_SOCIETY, member=member)
    ForumSeatFactory(user=user)

    assert holds_current_forum_seat(user, member.pk) is False


def make(role: str, member):
    if role == "anonymous":
        return AnonymousUser()
    if role == "administrator":
        return UserFactory(role="", member=None, is_staff=True)
    if role == "inactive_irm_staff":
        return UserFactory(role=Role.IRM_STAFF, member=None, is_active=False)
    if role in (Role.IRM_STAFF, Role.SUPPORT_UNIT):
        return UserFactory(role=role, member=None)
    if role.startswith("other_"):
        return UserFactory(role=role.removeprefix("other_"), member=MemberFactory())
    return UserFactory(role=role, member=member)


# role -> (sees this member's draft commitments, sees unpublished IRM work)
WORK_IN_PROGRESS = {
    Role.POINT_OF_CONTACT: (True, False),
    Role.GOVERNMENT_OFFICIAL: (True, False),
    Role.CIVIL_SOCIETY: (True, False),
    "other_" + Role.GOVERNMENT_OFFICIAL: (False, False),
    "other_" + Role.CIVIL_SOCIETY: (False, False),
    Role.IRM_STAFF: (True, True),
    Role.SUPPORT_UNIT: (True, True),  # it edits draft reviews too (irm_reviews.permissions)
    "administrator": (True, True),
    "inactive_irm_staff": (False, False),
    "anonymous": (False, False),
}


@pytest.mark.parametrize("role", WORK_IN_PROGRESS)
def test_drafts_are_seen_by_who_sees_the_members_work_in_progress(role):
    member = MemberFactory()
    user = make(role, member)

    sees = can_see_draft_commitments(user, member.pk)

    assert sees == sees_work_in_progress_of(user, member.pk) == WORK_IN_PROGRESS[role][0]


@pytest.mark.parametrize("role", WORK_IN_PROGRESS)
def test_unpublished_reviews_are_seen_by_irm_staff_the_support_unit_and_administrators(role):
    user = make(role, MemberFactory())

    assert can_see_unpublished_reviews(user) == WORK_IN_PROGRESS[role][1]


@pytest.mark.parametrize("role", WORK_IN_PROGRESS)
def test_whoever_sees_unpublished_reviews_sees_every_members_drafts(role):
    user = make(role, MemberFactory())

    assert not can_see_unpublished_reviews(user) or sees_every_member(user)
