import io

import pytest
from django.core import mail

from members.models import ForumMeeting, ForumSeat, Role, Sector
from tests.action_plans.factories import ActionPlanFactory, RepositoryDocumentFactory
from tests.core.documents import PDF
from tests.members.factories import (
    ForumInvitationFactory,
    ForumMeetingFactory,
    ForumSeatFactory,
    MultiStakeholderForumFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def forum():
    return MultiStakeholderForumFactory()


@pytest.fixture
def poc(forum):
    return UserFactory(role=Role.POINT_OF_CONTACT, member=forum.member)


def test_a_stale_meeting_edit_shows_the_conflict_and_stores_nothing(client, forum, poc):
    meeting = ForumMeetingFactory(forum=forum, title="Kick-off")
    ForumMeeting.objects.filter(pk=meeting.pk).update(title="Renamed by a co-chair", version=2)
    client.force_login(poc)

    response = client.post(
        f"/members/{forum.member.slug}/forum/meetings/{meeting.pk}/edit/",
        {
            "version": 1,
            "held_on": "2026-11-20",
            "title": "My title",
            "government_attendees": 0,
            "civil_society_attendees": 0,
            "other_attendees": 0,
        },
    )

    assert response.status_code == 409
    assert "Someone else saved this since you opened it" in response.content.decode()
    assert ForumMeeting.objects.get().title == "Renamed by a co-chair"


def test_a_meeting_error_is_shown_next_to_its_field(client, forum, poc):
    client.force_login(poc)

    response = client.post(
        f"/members/{forum.member.slug}/forum/meetings/new/",
        {"held_on": "not a date", "title": "", "government_attendees": -1},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_held_on_error"' in html and 'id="id_title_error"' in html
    assert not ForumMeeting.objects.exists()


def test_the_invitee_signed_out_is_offered_to_sign_in_and_comes_back(client):
    invitation = ForumInvitationFactory()
    url = f"/forum/invitations/{invitation.token}/"

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sign in" in html
    assert "next=/forum/invitations/" in html


def test_the_invitee_signed_in_accepts_and_gets_the_seat(client):
    invitation = ForumInvitationFactory(sector=Sector.OTHER)
    person = UserFactory(role="", member=None)
    client.force_login(person)

    response = client.post(f"/forum/invitations/{invitation.token}/")

    assert response.status_code == 302
    assert ForumSeat.objects.get().user == person


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("used", "already been used"),
        ("revoked", "was revoked"),
        ("expired", "has expired"),
    ],
)
def test_an_unusable_link_says_why(client, state, message):
    from django.utils import timezone

    values = {
        "used": {"accepted_at": timezone.now()},
        "revoked": {"revoked_at": timezone.now()},
        "expired": {"expires_at": timezone.now()},
    }[state]
    invitation = ForumInvitationFactory(**values)

    response = client.get(f"/forum/invitations/{invitation.token}/")

    assert response.status_code == 410
    assert message in response.content.decode()


def test_inviting_from_the_page_sends_the_e_mail(
    client, forum, poc, django_capture_on_commit_callbacks
):
    client.force_login(poc)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/members/{forum.member.slug}/forum/invitations/new/",
            {"person_name": "Ana", "email": "ana@example.org", "sector": "civil_society"},
        )

    assert response.status_code == 302
    assert mail.outbox[0].to == ["ana@example.org"]


def test_private_meetings_show_on_the_member_page_only_to_forum_members(client, forum):
    ForumMeetingFactory(forum=forum, title="Co-chairs' session", is_public=False)
    url = forum.member.get_absolute_url()

    assert "Co-chairs&#x27; session" not in client.get(url).content.decode()
    client.force_login(UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=forum.member))
    assert "Co-chairs&#x27; session" in client.get(url).content.decode()


def test_the_member_page_makes_a_constant_number_of_queries_for_its_point_of_contact(
    client, forum, poc, django_assert_max_num_queries
):
    plan = ActionPlanFactory(member=forum.member)
    for _n in range(30):
        ForumSeatFactory(forum=forum)
        meeting = ForumMeetingFactory(forum=forum, is_public=_n % 2 == 0)
        document = RepositoryDocumentFactory(member=forum.member, meeting=meeting, plan=plan)
        document.file.save("minutes.pdf", io.BytesIO(PDF))
    client.force_login(poc)

    with django_assert_max_num_queries(12):
        response = client.get(forum.member.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count("/documents/") >= 60
