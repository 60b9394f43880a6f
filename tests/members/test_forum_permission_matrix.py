"""Who may do what on the forum's own pages: every role x every action x own / other member,
through the real views."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Role, Sector
from tests.action_plans.factories import ActionPlanFactory
from tests.core.documents import PDF
from tests.members.factories import (
    ForumInvitationFactory,
    ForumMeetingFactory,
    ForumSeatFactory,
    MultiStakeholderForumFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "public_account",
    "government_forum_member",
    "civil_society_forum_member",
    "co_chair",
    "point_of_contact",
    "irm_staff",
    "support_unit",
]
MANAGERS = {"co_chair", "point_of_contact"}
FORUM_MEMBERS = {"government_forum_member", "civil_society_forum_member", *MANAGERS}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _person(role: str, forum):
    member = forum.member
    if role == "public_account":
        return UserFactory(role="", member=None)
    if role in ("irm_staff", "support_unit"):
        return UserFactory(role=role, member=None)
    if role == "point_of_contact":
        return UserFactory(role=Role.POINT_OF_CONTACT, member=member)
    if role == "government_forum_member":
        user = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=member)
        ForumSeatFactory(forum=forum, user=user, sector=Sector.GOVERNMENT)
        return user
    user = UserFactory(role=Role.CIVIL_SOCIETY, member=member)
    ForumSeatFactory(forum=forum, user=user, is_co_chair=role == "co_chair")
    return user


def _world():
    forum = MultiStakeholderForumFactory()
    ActionPlanFactory(member=forum.member)
    seat = ForumSeatFactory(forum=forum)
    invitation = ForumInvitationFactory(forum=forum)
    meeting = ForumMeetingFactory(forum=forum, is_public=False)
    meeting.minutes_file.save("minutes.pdf", io.BytesIO(PDF))
    meeting.minutes_file_type = "application/pdf"
    meeting.save()
    return forum, seat, invitation, meeting


def _meeting_data():
    return {
        "held_on": "2026-11-20",
        "title": "Forum meeting",
        "government_attendees": 2,
        "civil_society_attendees": 3,
        "other_attendees": 1,
        "version": 1,
    }


ACTIONS = {
    "see the forum's pages": lambda f, s, i, m: ("get", f"/members/{f.member.slug}/forum/", {}),
    "edit description and rules": lambda f, s, i, m: (
        "post",
        f"/members/{f.member.slug}/forum/edit/",
        {"version": 1, "description": "New", "rules": "", "rules_url": ""},
    ),
    "list seats": lambda f, s, i, m: ("get", f"/members/{f.member.slug}/forum/seats/", {}),
    "end a seat": lambda f, s, i, m: (
        "post",
        f"/members/{f.member.slug}/forum/seats/",
        {"seat": s.pk},
    ),
    "invite": lambda f, s, i, m: (
        "post",
        f"/members/{f.member.slug}/forum/invitations/new/",
        {"person_name": "Ana", "email": "ana@example.org", "sector": "other"},
    ),
    "revoke an invitation": lambda f, s, i, m: (
        "post",
        f"/members/{f.member.slug}/forum/invitations/{i.pk}/revoke/",
        {},
    ),
    "record a meeting": lambda f, s, i, m: (
        "post",
        f"/members/{f.member.slug}/forum/meetings/new/",
        _meeting_data(),
    ),
    "edit a meeting": lambda f, s, i, m: (
        "post",
        f"/members/{f.member.slug}/forum/meetings/{m.pk}/edit/",
        _meeting_data(),
    ),
    "add a document": lambda f, s, i, m: (
        "post",
        f"/members/{f.member.slug}/documents/new/",
        {
            "title": "Plan",
            "published_on": "2026-11-20",
            "kind": "action_plan",
            "file": SimpleUploadedFile("plan.pdf", PDF),
        },
    ),
}


@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_only_the_point_of_contact_and_co_chairs_run_their_own_forum(client, role, action, whose):
    target = _world()
    home = target if whose == "own" else _world()
    if role != "anonymous":
        client.force_login(_person(role, home[0]))
    method, url, data = ACTIONS[action](*target)

    response = getattr(client, method)(url, data)

    if role == "anonymous":
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    elif role in MANAGERS and whose == "own":
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert "/login/" not in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_a_private_meetings_file_is_served_only_to_its_forum_members(client, role, whose):
    target = _world()
    home = target if whose == "own" else _world()
    if role != "anonymous":
        client.force_login(_person(role, home[0]))
    forum, _seat, _invitation, meeting = target

    response = client.get(f"/members/{forum.member.slug}/forum/meetings/{meeting.pk}/minutes/")

    allowed = role in FORUM_MEMBERS and whose == "own"
    assert response.status_code == (200 if allowed else 404)
