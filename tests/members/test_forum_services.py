import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.models import Event
from members.models import ForumInvitation, ForumSeat, Role, Sector
from members.permissions import (
    can_manage_forum,
    holds_current_forum_seat,
    is_forum_co_chair_of,
    is_forum_member_of,
)
from members.services import (
    InvitationNotUsable,
    StaleVersion,
    forum_invitation_accept,
    forum_invitation_create,
    forum_invitation_revoke,
    forum_seat_end,
    forum_update,
    invitation_token_hash,
)
from tests.members.factories import (
    ForumInvitationFactory,
    ForumSeatFactory,
    MultiStakeholderForumFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def forum():
    return MultiStakeholderForumFactory()


@pytest.fixture
def point_of_contact(forum):
    return UserFactory(role=Role.POINT_OF_CONTACT, member=forum.member)


def test_an_invitation_e_mails_a_link_whose_token_is_stored_only_as_a_hash(forum, point_of_contact):
    issued = forum_invitation_create(
        actor=point_of_contact,
        forum=forum,
        email="ana@example.org",
        person_name="Ana Civic",
        sector=Sector.CIVIL_SOCIETY,
        is_co_chair=True,
    )

    stored = ForumInvitation.objects.get()
    assert stored.token_hash == invitation_token_hash(issued.token)
    assert issued.token not in stored.token_hash
    assert len(issued.token) >= 40
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert f"/forum/invitations/{issued.token}/" in mail.outbox[0].body
    assert Event.objects.filter(kind="forum.invitation_sent").count() == 1


def test_someone_who_does_not_run_the_forum_cannot_invite(forum):
    official = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=forum.member)

    with pytest.raises(PermissionDenied):
        forum_invitation_create(
            actor=official,
            forum=forum,
            email="x@example.org",
            person_name="X",
            sector=Sector.OTHER,
            is_co_chair=False,
        )
    assert not ForumInvitation.objects.exists()


def test_accepting_gives_a_seat_joined_today_with_the_invited_sector_and_co_chair():
    invitation = ForumInvitationFactory(sector=Sector.CIVIL_SOCIETY, is_co_chair=True)
    person = UserFactory(role="", member=None)

    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)):
        seat = forum_invitation_accept(token=invitation.token, user=person)

    assert seat.user == person
    assert seat.joined_on == datetime.date(2026, 12, 1)
    assert (seat.sector, seat.is_co_chair) == (Sector.CIVIL_SOCIETY, True)
    assert is_forum_co_chair_of(person, invitation.forum.member_id)
    assert can_manage_forum(person, invitation.forum.member_id)


def test_a_used_link_cannot_be_used_again():
    invitation = ForumInvitationFactory()
    forum_invitation_accept(token=invitation.token, user=UserFactory())

    with pytest.raises(InvitationNotUsable) as refused:
        forum_invitation_accept(token=invitation.token, user=UserFactory())

    assert refused.value.reason == "used"
    assert ForumSeat.objects.count() == 1


def test_a_revoked_invitation_cannot_be_accepted(forum, point_of_contact):
    invitation = ForumInvitationFactory(forum=forum)
    forum_invitation_revoke(actor=point_of_contact, invitation=invitation)

    with pytest.raises(InvitationNotUsable) as refused:
        forum_invitation_accept(token=invitation.token, user=UserFactory())

    assert refused.value.reason == "revoked"
    assert not ForumSeat.objects.exists()


def test_an_expired_invitation_cannot_be_accepted():
    invitation = ForumInvitationFactory()

    with time_machine.travel(invitation.expires_at + datetime.timedelta(seconds=1)):
        with pytest.raises(InvitationNotUsable) as refused:
            forum_invitation_accept(token=invitation.token, user=UserFactory())

    assert refused.value.reason == "expired"


def test_an_unknown_token_is_refused():
    with pytest.raises(InvitationNotUsable) as refused:
        forum_invitation_accept(token="guessed", user=UserFactory())
    assert refused.value.reason == "unknown"


def test_ending_a_seat_keeps_the_account_and_takes_away_the_rights(forum, point_of_contact):
    person = UserFactory(role=Role.CIVIL_SOCIETY, member=forum.member)
    seat = ForumSeatFactory(forum=forum, user=person, is_co_chair=True)
    assert is_forum_member_of(person, forum.member_id)

    forum_seat_end(actor=point_of_contact, seat=seat)

    person.refresh_from_db()
    assert person.is_active
    assert not is_forum_member_of(person, forum.member_id)
    assert not holds_current_forum_seat(person, forum.member_id)
    assert not can_manage_forum(person, forum.member_id)


def test_a_person_seated_in_two_forums_has_rights_in_both():
    first, second = MultiStakeholderForumFactory(), MultiStakeholderForumFactory()
    person = UserFactory(role=Role.CIVIL_SOCIETY, member=first.member)
    for forum in (first, second):
        forum_invitation_accept(token=ForumInvitationFactory(forum=forum).token, user=person)

    for forum in (first, second):
        assert is_forum_member_of(person, forum.member_id)
        assert holds_current_forum_seat(person, forum.member_id)
    assert not is_forum_member_of(person, MultiStakeholderForumFactory().member_id)


def test_a_stale_forum_edit_stores_nothing(forum, point_of_contact):
    forum_update(
        actor=point_of_contact, forum=forum, version=1, description="First", rules="", rules_url=""
    )

    with pytest.raises(StaleVersion):
        forum_update(
            actor=point_of_contact,
            forum=forum,
            version=1,
            description="Second",
            rules="",
            rules_url="",
        )

    forum.refresh_from_db()
    assert (forum.description, forum.version) == ("First", 2)


def test_someone_already_seated_keeps_one_seat_and_becomes_co_chair_when_invited_so():
    seat = ForumSeatFactory(user=UserFactory(), is_co_chair=False)
    invitation = ForumInvitationFactory(forum=seat.forum, is_co_chair=True)

    accepted = forum_invitation_accept(token=invitation.token, user=seat.user)

    assert accepted.pk == seat.pk
    assert ForumSeat.objects.get().is_co_chair
