"""The follow buttons, /notifications/, the header's unread count, e-mail settings."""

import pytest
from django.urls import reverse

from commitments.models import Commitment
from members.models import Role
from ogp_portal.notifications.models import Follow, Notification, NotificationSettings
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import ForumSeatFactory, MultiStakeholderForumFactory, UserFactory

from .factories import FollowFactory

pytestmark = pytest.mark.django_db


def _follow(client, kind, target, following="1"):
    return client.post(
        reverse("notifications:follow"),
        {"target": kind, "id": target.pk, "following": following, "next": "/elsewhere/"},
    )


def test_the_commitment_page_has_a_follow_button_that_works_without_script(
    client, commitment, reader
):
    client.force_login(reader)
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert 'action="/notifications/follow/"' in page
    assert 'name="target" value="commitment"' in page

    response = _follow(client, "commitment", commitment)

    assert response.status_code == 302
    assert response["Location"] == "/elsewhere/"
    assert Follow.objects.get(user=reader).commitment == commitment
    assert "Unfollow" in client.get(commitment.get_absolute_url()).content.decode()


def test_following_twice_keeps_one_row_and_unfollowing_keeps_the_choice(client, commitment, reader):
    client.force_login(reader)
    _follow(client, "plan", commitment.plan)
    _follow(client, "plan", commitment.plan)
    _follow(client, "plan", commitment.plan, following="0")

    follow = Follow.objects.get(user=reader)
    assert follow.plan == commitment.plan and follow.following is False


def test_the_member_and_plan_pages_have_follow_buttons(client, commitment, reader):
    client.force_login(reader)
    for kind, target in (("member", commitment.plan.member), ("plan", commitment.plan)):
        page = client.get(target.get_absolute_url()).content.decode()
        assert f'name="target" value="{kind}"' in page


def test_a_visitor_is_asked_to_log_in_to_follow(client, commitment):
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Log in to follow" in page
    response = _follow(client, "commitment", commitment)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_nobody_follows_a_draft_they_may_not_see(client, reader):
    draft = CommitmentFactory(publication_state=Commitment.PublicationState.DRAFT)
    client.force_login(reader)
    assert _follow(client, "commitment", draft).status_code == 404
    assert not Follow.objects.exists()


def test_a_redirect_elsewhere_than_the_portal_is_refused(client, commitment, reader):
    client.force_login(reader)
    response = client.post(
        reverse("notifications:follow"),
        {
            "target": "plan",
            "id": commitment.plan.pk,
            "following": "1",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == commitment.plan.get_absolute_url()


def test_a_forum_member_sees_the_plan_followed_and_may_unfollow_it(client, commitment):
    seated = UserFactory(role=Role.CIVIL_SOCIETY, member=commitment.plan.member)
    ForumSeatFactory(forum=MultiStakeholderForumFactory(member=commitment.plan.member), user=seated)
    client.force_login(seated)
    assert "Unfollow" in client.get(commitment.plan.get_absolute_url()).content.decode()

    _follow(client, "plan", commitment.plan, following="0")

    assert ">Follow<" in client.get(commitment.plan.get_absolute_url()).content.decode()


def test_the_header_shows_the_unread_count_and_reading_lowers_it(
    client, commitment, reader, report_progress
):
    FollowFactory(user=reader, commitment=commitment)
    report_progress(commitment, "First.")
    report_progress(commitment, "Second.")
    client.force_login(reader)
    assert 'data-unread-count="2"' in client.get("/").content.decode()

    first = Notification.objects.filter(recipient=reader).first()
    client.post(reverse("notifications:read", args=[first.pk]))

    assert 'data-unread-count="1"' in client.get("/").content.decode()
    client.post(reverse("notifications:read_all"))
    assert "data-unread-count" not in client.get("/").content.decode()


def test_nobody_marks_someone_elses_notification_read(client, commitment, reader, report_progress):
    FollowFactory(user=reader, commitment=commitment)
    report_progress(commitment)
    client.force_login(UserFactory(role="", member=None))

    client.post(reverse("notifications:read", args=[Notification.objects.get().pk]))

    assert Notification.objects.get().read_at is None


def test_the_notification_list_reads_in_constant_queries(
    client, reader, report_progress, django_assert_max_num_queries
):
    for _ in range(3):
        commitment = CommitmentFactory()
        FollowFactory(user=reader, commitment=commitment)
        report_progress(commitment)
    client.force_login(reader)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("notifications:list"))
    for _ in range(20):
        commitment = CommitmentFactory()
        FollowFactory(user=reader, commitment=commitment)
        report_progress(commitment)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("notifications:list")).content.decode()
    assert page.count('class="notification notification-unread"') == 23


def test_the_notification_pages_need_an_account(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_settings_page_stores_frequency_and_language(client, reader):
    client.force_login(reader)
    assert reverse("notifications:settings") in client.get("/accounts/").content.decode()

    response = client.post(
        reverse("notifications:settings"), {"email_frequency": "weekly", "language": "fr"}
    )

    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=reader).email_frequency == "weekly"
    reader.refresh_from_db()
    assert reader.language == "fr"  # the one language of every e-mail, reminders too


def test_a_bad_choice_is_an_error_next_to_its_field(client, reader):
    client.force_login(reader)
    response = client.post(
        reverse("notifications:settings"), {"email_frequency": "hourly", "language": "de"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"email_frequency", "language"}
    assert not NotificationSettings.objects.exists()


def test_the_settings_page_starts_in_the_language_of_the_site(client, reader):
    client.force_login(reader)
    client.cookies["django_language"] = "es"
    form = client.get(reverse("notifications:settings")).context["form"]
    assert form.initial["language"] == "es"


def test_the_settings_page_shows_the_language_the_person_chose(client, reader):
    reader.language = "fr"
    reader.save()
    client.force_login(reader)
    client.cookies["django_language"] = "es"
    form = client.get(reverse("notifications:settings")).context["form"]
    assert form.initial["language"] == "fr"
