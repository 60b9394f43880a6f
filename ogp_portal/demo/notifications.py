"""Following and notifications in the demo: demo accounts follow members, plans and
commitments, chose how they get e-mail, and find a few unread notifications from fresh
progress reported through the services."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from commitments.models import Commitment
from commitments.services import progress_update_create
from core.models import Event
from members.models import Member, User
from ogp_portal.notifications.models import Follow, NotificationSettings
from ogp_portal.notifications.services import event_notify

from .seeder import DemoSeeder, latest_imported_plan

# (username, e-mail frequency, language)
SETTINGS = (
    ("poc.albania", "immediately", "en"),
    ("cso.albania", "daily", "es"),
    ("gov.ukraine", "weekly", "fr"),
    ("support.unit", "weekly", "en"),
    ("irm.staff", "daily", "en"),
)
FRESH_PROGRESS = (
    (
        "ALB",
        "gov.albania",
        "The Assembly's open data portal now publishes every bill on the day it is tabled.",
    ),
    ("MAR", "gov.morocco", "The petitions platform received its first 40 citizen petitions."),
)


def _first_commitment(member: Member | None) -> Commitment | None:
    plan = latest_imported_plan(member) if member else None
    return plan.commitments.published().order_by("position").first() if plan else None


def notifications_seed(
    seeder: DemoSeeder, members: dict[str, Member], users: dict[str, User]
) -> None:
    """Once (nothing when the demo's follows exist): follows for the Support Unit, the IRM and
    two members' accounts, e-mail settings for five accounts, and progress on Albania's and
    Morocco's first commitments that notifies their followers and forum members."""
    if Follow.objects.filter(user__in=users.values()).exists():
        return
    albania, morocco = members.get("ALB"), members.get("MAR")
    albania_commitment = _first_commitment(albania)
    follows: list[tuple[str, dict[str, Any]]] = [
        ("support.unit", {"member": albania}),
        ("support.unit", {"member": morocco}),
        ("irm.staff", {"member": morocco}),
        ("gov.north-macedonia", {"commitment": albania_commitment}),
        ("cso.ukraine", {"plan": albania_commitment.plan if albania_commitment else None}),
    ]
    for username, target in follows:
        if username in users and all(target.values()):
            seeder.get_or_create(Follow, {"following": True}, user=users[username], **target)
    for username, frequency, language in SETTINGS:
        if username in users:
            seeder.get_or_create(
                NotificationSettings, {"email_frequency": frequency}, user=users[username]
            )
            if not users[username].language:
                User.objects.filter(pk=users[username].pk).update(language=language)
    for code, author, text in FRESH_PROGRESS:
        commitment = _first_commitment(members.get(code))
        if commitment is None or author not in users:
            continue
        update = progress_update_create(
            author=users[author],
            commitment=commitment,
            source="government",
            completion="substantial",
            text=text,
            reported_on=min(seeder.today, timezone.localdate()),
        )
        # Told now, in this transaction, so that the demo has them without a Celery worker;
        # the task enqueued on commit finds them made (one per event and person).
        event = Event.objects.filter(
            kind="progress.reported",
            content_type=ContentType.objects.get_for_model(update),
            object_id=update.pk,
        ).latest("pk")
        event_notify(event.pk)
