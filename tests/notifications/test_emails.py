"""E-mail of notifications: immediately or in digests, once, in the person's language, with a
one-click unsubscribe link."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Event
from ogp_portal.notifications.digests import digest_window, digests_hand_out
from ogp_portal.notifications.emails import (
    digest_send,
    notification_email_send,
    unsubscribe_token,
)
from ogp_portal.notifications.models import Digest, Notification, NotificationSettings
from ogp_portal.notifications.services import event_notify
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory

from .factories import FollowFactory, NotificationSettingsFactory

pytestmark = pytest.mark.django_db

TUESDAY = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def test_a_person_who_wants_e_mail_immediately_gets_one_with_unsubscribe_headers(
    commitment, reader, report_progress
):
    NotificationSettingsFactory(user=reader, email_frequency="immediately")
    FollowFactory(user=reader, commitment=commitment)

    report_progress(commitment)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reader.email]
    assert "http://127.0.0.1:8000" + commitment.get_absolute_url() in message.body
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://127.0.0.1:8000/notifications/unsubscribe/")
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get().emailed_at is not None


def test_the_e_mail_is_in_the_persons_language(commitment, reader, report_progress):
    reader.language = "es"
    reader.save()
    NotificationSettingsFactory(user=reader, email_frequency="immediately")
    FollowFactory(user=reader, commitment=commitment)

    report_progress(commitment)

    assert "Hola" in mail.outbox[0].body


def test_people_on_digests_or_none_get_no_immediate_e_mail(commitment, report_progress):
    daily, none, default = (UserFactory(role="", member=None) for _ in range(3))
    NotificationSettingsFactory(user=daily, email_frequency="daily")
    NotificationSettingsFactory(user=none, email_frequency="none")
    for person in (daily, none, default):
        FollowFactory(user=person, commitment=commitment)

    report_progress(commitment)

    assert mail.outbox == []
    assert Notification.objects.count() == 3


def test_a_notification_is_e_mailed_once_however_often_the_task_runs(
    commitment, reader, report_progress
):
    NotificationSettingsFactory(user=reader, email_frequency="immediately")
    FollowFactory(user=reader, commitment=commitment)
    report_progress(commitment)

    assert notification_email_send(Notification.objects.get().pk) is False
    assert len(mail.outbox) == 1


def test_a_failed_e_mail_is_released_for_the_retry(commitment, reader, settings, report_progress):
    NotificationSettingsFactory(user=reader, email_frequency="daily")
    FollowFactory(user=reader, commitment=commitment)
    report_progress(commitment)
    NotificationSettings.objects.filter(user=reader).update(email_frequency="immediately")
    notification = Notification.objects.get()
    settings.EMAIL_BACKEND = "tests.notifications.failing_mail.FailingBackend"

    with pytest.raises(smtplib.SMTPServerDisconnected):
        notification_email_send(notification.pk)

    notification.refresh_from_db()
    assert notification.email_claimed_at is None and notification.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification_email_send(notification.pk) is True


def test_the_unsubscribe_link_asks_on_get_and_stops_e_mail_on_post_without_signing_in(
    client, reader
):
    NotificationSettingsFactory(user=reader, email_frequency="immediately")
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(reader.pk)])

    assert client.get(url).status_code == 200
    assert NotificationSettings.objects.get(user=reader).email_frequency == "immediately"

    client.post(url, {"List-Unsubscribe": "One-Click"})

    assert NotificationSettings.objects.get(user=reader).email_frequency == "none"


def test_a_one_click_post_from_a_mail_client_needs_no_csrf_token(reader):
    from django.test import Client

    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(reader.pk)])
    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=reader).email_frequency == "none"


def test_a_forged_unsubscribe_link_is_a_404(client, reader):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(reader.pk) + "x"])
    assert client.post(url).status_code == 404


def test_the_daily_digest_covers_the_previous_utc_day_and_the_weekly_the_previous_week():
    assert digest_window("daily", TUESDAY) == (
        datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
    )
    assert digest_window("weekly", TUESDAY) == (
        datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC),
        datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC),
    )


def _notified_yesterday(report_progress, people, commitment):
    for person in people:
        FollowFactory(user=person, commitment=commitment)
    with time_machine.travel(TUESDAY - datetime.timedelta(hours=12), tick=False):
        report_progress(commitment)


def test_the_daily_digest_goes_once_to_each_person_on_it(
    report_progress, django_capture_on_commit_callbacks
):
    commitment = CommitmentFactory()
    chose = UserFactory(role="", member=None, language="fr")
    default = UserFactory(role="", member=None)
    weekly = UserFactory(role="", member=None)
    NotificationSettingsFactory(user=chose, email_frequency="daily")
    NotificationSettingsFactory(user=weekly, email_frequency="weekly")
    _notified_yesterday(report_progress, [chose, default, weekly], commitment)

    with time_machine.travel(TUESDAY, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_hand_out("daily") == 2
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_hand_out("daily") == 0

    assert sorted(message.to[0] for message in mail.outbox) == sorted([chose.email, default.email])
    french = next(message for message in mail.outbox if message.to == [chose.email])
    assert "Bonjour" in french.body and commitment.ogp_id in french.body
    assert "List-Unsubscribe" in french.extra_headers
    assert Digest.objects.filter(sent_at__isnull=False).count() == 2


def test_a_digest_is_sent_once_even_when_sent_twice(report_progress):
    commitment = CommitmentFactory()
    person = UserFactory(role="", member=None)
    _notified_yesterday(report_progress, [person], commitment)
    with time_machine.travel(TUESDAY, tick=False):
        digests_hand_out("daily")  # on_commit not run: the send is still to do
        digest = Digest.objects.get()
        assert digest_send(digest.pk) is True
        assert digest_send(digest.pk) is False
    assert len(mail.outbox) == 1


def test_the_digest_job_reads_in_batches_of_constant_queries(
    report_progress, django_assert_max_num_queries
):
    commitment = CommitmentFactory()
    people = [UserFactory(role="", member=None) for _ in range(7)]
    _notified_yesterday(report_progress, people, commitment)

    with time_machine.travel(TUESDAY, tick=False):
        # 3 per batch of 2 people (4 batches) and the empty last read.
        with django_assert_max_num_queries(4 * 3 + 1 + 8):
            assert digests_hand_out("daily", batch_size=2) == 7


@pytest.fixture
def mention(django_capture_on_commit_callbacks):
    """Comment on a draft mentioning @olta, an official of its member who follows the plan
    (automatically, as the forum's government side does)."""
    from commitments.comments import commitment_comment_create
    from commitments.models import Commitment
    from members.models import Role

    draft = CommitmentFactory(publication_state=Commitment.PublicationState.DRAFT)
    draft.plan.status = draft.plan.Status.CO_CREATION
    draft.plan.save()
    writer = UserFactory(username="writer", role=Role.POINT_OF_CONTACT, member=draft.plan.member)
    olta = UserFactory(username="olta", role=Role.GOVERNMENT_OFFICIAL, member=draft.plan.member)

    def comment(text="@olta see this"):
        with django_capture_on_commit_callbacks(execute=True):
            return commitment_comment_create(user=writer, commitment=draft, text=text)

    return olta, comment


def test_a_mention_is_e_mailed_once_with_the_comment_and_an_unsubscribe_link(mention):
    olta, comment = mention
    NotificationSettingsFactory(user=olta, email_frequency="immediately")

    said = comment("@olta could you check the milestones?")

    [message] = mail.outbox
    assert message.to == [olta.email]
    assert "mentioned you in a comment" in message.subject
    assert "could you check the milestones?" in message.body
    assert f"{said.commitment.get_absolute_url()}#comment-{said.pk}" in message.body
    assert message.extra_headers["List-Unsubscribe"].strip("<>") in message.body
    [notification] = Notification.objects.filter(recipient=olta)
    assert (notification.event.kind, notification.reason) == ("commitment.mentioned", "direct")


def test_a_mention_is_told_once_even_to_someone_who_follows_the_commitment(mention):
    olta, comment = mention
    NotificationSettingsFactory(user=olta, email_frequency="immediately")
    said = comment()
    mentioned = Notification.objects.get(recipient=olta).event

    event_notify(mentioned.pk)  # a task run twice
    commented = Event.objects.get(kind="commitment.commented", object_id=said.pk)
    event_notify(commented.pk)

    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=olta).count() == 1


@pytest.mark.parametrize("frequency", ["daily", "weekly", "none"])
def test_a_mention_waits_for_the_digest_or_is_not_e_mailed_as_the_person_chose(mention, frequency):
    olta, comment = mention
    NotificationSettingsFactory(user=olta, email_frequency=frequency)

    comment()

    assert mail.outbox == []
    assert Notification.objects.get(recipient=olta).event.kind == "commitment.mentioned"


def test_a_mention_is_in_the_daily_digest_by_default(mention, django_capture_on_commit_callbacks):
    olta, comment = mention
    comment()
    assert mail.outbox == []

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_hand_out("daily") == 1

    [digest] = mail.outbox
    assert digest.to == [olta.email]
    assert "mentioned you in a comment" in digest.body
