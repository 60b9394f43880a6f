"""Events notify the followers of what they concern, once, and only those who may see it."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from commitments.models import Commitment
from core.events import event_record
from core.models import Event
from members.models import Role
from ogp_portal.notifications.display import notification_path, notification_text
from ogp_portal.notifications.models import Notification
from ogp_portal.notifications.registry import KINDS
from ogp_portal.notifications.services import event_notify
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import ForumSeatFactory, MultiStakeholderForumFactory, UserFactory

from .factories import FollowFactory

CONSULTATION_NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


def test_a_progress_update_notifies_the_commitments_followers(commitment, reader, report_progress):
    FollowFactory(user=reader, commitment=commitment)

    report_progress(commitment)

    notification = Notification.objects.get(recipient=reader)
    assert notification.commitment == commitment
    assert notification.plan == commitment.plan
    assert commitment.ogp_id in notification_text(notification)
    assert notification_path(notification) == commitment.get_absolute_url()


def test_followers_of_the_plan_and_of_the_member_are_told_too(commitment, report_progress):
    plan_follower = UserFactory(role="", member=None)
    member_follower = UserFactory(role="", member=None)
    FollowFactory(user=plan_follower, plan=commitment.plan)
    FollowFactory(user=member_follower, member=commitment.plan.member)

    report_progress(commitment)

    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        plan_follower.pk,
        member_follower.pk,
    }


def test_notifying_an_event_twice_creates_each_notification_once(
    commitment, reader, report_progress
):
    FollowFactory(user=reader, commitment=commitment)
    report_progress(commitment)
    event = Event.objects.get(kind="progress.reported")

    assert event_notify(event.pk) == 0
    assert event_notify(event.pk) == 0
    assert Notification.objects.filter(event=event).count() == 1


def test_the_author_of_a_change_is_not_told_of_it(commitment):
    author = UserFactory(role=Role.POINT_OF_CONTACT, member=commitment.plan.member)
    FollowFactory(user=author, commitment=commitment)
    with transaction.atomic():
        event = event_record(
            "progress.reported",
            subject=commitment,
            actor=author,
            member_id=commitment.plan.member_id,
            data={"commitment_id": commitment.pk},
        )

    assert event_notify(event.pk) == 0


def test_forum_members_follow_their_members_plans_without_choosing_to(commitment, report_progress):
    seated = UserFactory(role=Role.CIVIL_SOCIETY, member=commitment.plan.member)
    forum = MultiStakeholderForumFactory(member=commitment.plan.member)
    ForumSeatFactory(forum=forum, user=seated)

    report_progress(commitment)

    assert Notification.objects.filter(recipient=seated).count() == 1


def test_a_forum_member_who_unfollowed_the_plan_is_not_told(commitment, report_progress):
    seated = UserFactory(role=Role.CIVIL_SOCIETY, member=commitment.plan.member)
    ForumSeatFactory(forum=MultiStakeholderForumFactory(member=commitment.plan.member), user=seated)
    FollowFactory(user=seated, plan=commitment.plan, following=False)

    report_progress(commitment)

    assert not Notification.objects.filter(recipient=seated).exists()


def test_the_most_specific_choice_wins(commitment, reader, report_progress):
    FollowFactory(user=reader, plan=commitment.plan, following=False)
    FollowFactory(user=reader, commitment=commitment, following=True)
    other = UserFactory(role="", member=None)
    FollowFactory(user=other, member=commitment.plan.member, following=True)
    FollowFactory(user=other, commitment=commitment, following=False)

    report_progress(commitment)

    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [reader.pk]


def test_changes_to_a_draft_reach_only_those_who_may_see_drafts(reader):
    draft = CommitmentFactory(publication_state=Commitment.PublicationState.DRAFT)
    official = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=draft.plan.member)
    FollowFactory(user=reader, plan=draft.plan)
    with transaction.atomic():
        event = event_record(
            "commitment.updated",
            subject=draft,
            actor=None,
            member_id=draft.plan.member_id,
            data={"version": 2, "fields": ["title"]},
        )

    event_notify(event.pk)

    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [official.pk]


def test_a_mention_reaches_the_person_mentioned_with_its_own_words(
    django_capture_on_commit_callbacks,
):
    from commitments.comments import commitment_comment_create

    draft = CommitmentFactory(publication_state=Commitment.PublicationState.DRAFT)
    draft.plan.status = draft.plan.Status.CO_CREATION
    draft.plan.save()
    writer = UserFactory(username="writer", role=Role.POINT_OF_CONTACT, member=draft.plan.member)
    mentioned = UserFactory(
        username="olta", role=Role.GOVERNMENT_OFFICIAL, member=draft.plan.member
    )

    with django_capture_on_commit_callbacks(execute=True):
        commitment_comment_create(user=writer, commitment=draft, text="@olta could you check?")

    notification = Notification.objects.get(recipient=mentioned)
    assert notification.reason == "direct"
    assert "mentioned you" in notification_text(notification)


def _record(kind, subject, **data):
    with transaction.atomic():
        return event_record(kind, subject=subject, member_id=None, data=data)


def test_kinds_recorded_by_other_changes_notify_once_they_are_recorded(commitment, reader):
    FollowFactory(user=reader, plan=commitment.plan)
    kinds = ["plan.submitted", "plan.signed_off", "review.published", "review.erratum"]

    for kind in kinds:
        event_notify(_record(kind, commitment.plan).pk)

    notifications = Notification.objects.filter(recipient=reader).select_related(
        "event__actor", "commitment", "plan__member", "member"
    )
    assert sorted(n.event.kind for n in notifications) == sorted(kinds)
    assert all(commitment.plan.title in notification_text(n) for n in notifications)


def test_an_answered_input_reaches_its_author_directly(commitment):
    author = UserFactory(role="", member=None)

    event = _record("consultation.input_answered", commitment.plan, author_id=author.pk)
    event_notify(event.pk)

    notification = Notification.objects.get(recipient=author)
    assert notification.reason == "direct"
    assert notification_text(notification).startswith("Your input")


def test_every_kind_in_the_registry_renders_its_text(commitment, reader):
    for number, kind in enumerate(KINDS):
        event = Event.objects.create(
            kind=kind,
            content_type=ContentType.objects.get_for_model(commitment),
            object_id=commitment.pk,
        )
        notification = Notification(
            event=event,
            recipient=reader,
            commitment=commitment,
            plan=commitment.plan,
            member=commitment.plan.member,
            reason="direct" if number % 2 else "follow",
        )
        assert "%(" not in notification_text(notification), kind


def test_events_of_kinds_nobody_follows_are_not_handed_to_the_task(
    commitment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            event_record("assessment.saved", subject=commitment, data={})
    assert callbacks == []


@pytest.fixture
def consultation_world():
    from tests.commitments.consultation_fixtures import consultation_world as world

    with time_machine.travel(CONSULTATION_NOW, tick=False):
        yield world()


def test_the_plans_followers_hear_when_its_consultation_changes_and_when_it_closes_early(
    consultation_world, django_capture_on_commit_callbacks
):
    from commitments import consultation
    from tests.commitments.consultation_fixtures import opened

    world = consultation_world
    follower = UserFactory(role="", member=None)
    FollowFactory(user=follower, plan=world["plan"])
    with time_machine.travel(CONSULTATION_NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            consult = opened(world)
        with django_capture_on_commit_callbacks(execute=True):
            consult = consultation.consultation_update(
                user=world["point_of_contact"],
                consultation=consult,
                version=consult.version,
                introduction="Tell us, by the new date, what you think.",
                closes_on=consult.closes_on + datetime.timedelta(days=7),
            )
        with django_capture_on_commit_callbacks(execute=True):
            consultation.consultation_close_early(
                user=world["point_of_contact"], consultation=consult, version=consult.version
            )

    texts = [
        notification_text(n)
        for n in Notification.objects.filter(recipient=follower)
        .select_related("event__actor", "commitment", "plan__member", "member")
        .order_by("pk")
    ]
    title = world["plan"].title
    assert texts[1:] == [
        f"The consultation on {title} was changed",
        f"The consultation on {title} closed early",
    ]
