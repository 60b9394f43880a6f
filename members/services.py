"""Writes of a member's forum: its description and rules, its seats, invitations and meetings.

Every write checks permission (members.permissions), runs in one transaction, records an
event, and hands e-mail to Celery once committed. Edits carry the version the form was loaded
from; a stale version stores nothing and raises StaleVersion.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.events import event_record
from core.versioning import StaleVersion

from .models import ForumInvitation, ForumMeeting, ForumSeat, MultiStakeholderForum, Sector, User
from .permissions import can_manage_forum

INVITATION_VALID_DAYS = 14


class InvitationNotUsable(Exception):
    """The invitation link was used, revoked or has expired; `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_can_manage_forum(user: Any, forum: MultiStakeholderForum) -> None:
    if not can_manage_forum(user, forum.member_id):
        raise PermissionDenied


def _versioned_update(model: Any, pk: int, seen_version: int, values: dict[str, Any]) -> None:
    updated = model.objects.filter(pk=pk, version=seen_version).update(
        **values, version=F("version") + 1
    )
    if not updated:
        raise StaleVersion


def forum_update(
    *,
    actor: User,
    forum: MultiStakeholderForum,
    version: int,
    description: str,
    rules: str,
    rules_url: str,
) -> MultiStakeholderForum:
    """Save the forum's description and rules of participation if `version` is still the
    stored one (StaleVersion otherwise, nothing stored)."""
    check_can_manage_forum(actor, forum)
    with transaction.atomic():
        _versioned_update(
            MultiStakeholderForum,
            forum.pk,
            version,
            {"description": description, "rules": rules, "rules_url": rules_url},
        )
        event_record("forum.updated", subject=forum, actor=actor, member_id=forum.member_id)
    forum.refresh_from_db()
    return forum


def forum_seat_end(*, actor: User, seat: ForumSeat, on: datetime.date | None = None) -> ForumSeat:
    """End a current seat on `on` (default today): the person keeps their account and loses
    the forum's rights from that day (ForumSeat.objects.current())."""
    check_can_manage_forum(actor, seat.forum)
    on = on or timezone.localdate()
    with transaction.atomic():
        seat = ForumSeat.objects.select_for_update().get(pk=seat.pk)
        if seat.left_on is not None and seat.left_on <= on:
            return seat  # ended already
        seat.left_on = max(on, seat.joined_on) if seat.joined_on else on
        seat.save(update_fields=["left_on"])
        event_record("forum.seat_ended", subject=seat, actor=actor, member_id=seat.forum.member_id)
    return seat


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: ForumInvitation
    token: str  # only ever in the e-mail, never stored


def forum_invitation_create(
    *,
    actor: User,
    forum: MultiStakeholderForum,
    email: str,
    person_name: str,
    sector: str,
    is_co_chair: bool,
) -> IssuedInvitation:
    """Invite a person to a seat in the forum: a single-use link valid INVITATION_VALID_DAYS
    days, e-mailed by a Celery task once committed. Only the token's hash is stored."""
    from .tasks import send_forum_invitation  # the tasks module imports this one

    check_can_manage_forum(actor, forum)
    if sector not in Sector.values:
        raise ValueError(f"unknown sector {sector!r}")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = ForumInvitation.objects.create(
            forum=forum,
            email=email,
            person_name=person_name,
            sector=sector,
            is_co_chair=is_co_chair,
            token_hash=invitation_token_hash(token),
            invited_by=actor,
            expires_at=timezone.now() + datetime.timedelta(days=INVITATION_VALID_DAYS),
        )
        event_record(
            "forum.invitation_sent",
            subject=invitation,
            actor=actor,
            member_id=forum.member_id,
            data={"sector": sector, "is_co_chair": is_co_chair},
        )
        transaction.on_commit(partial(send_forum_invitation.delay, invitation.pk, token))
    return IssuedInvitation(invitation, token)


def forum_invitation_get(token: str) -> ForumInvitation | None:
    return (
        ForumInvitation.objects.select_related("forum__member")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


def invitation_unusable_reason(invitation: ForumInvitation) -> str | None:
    """Why the link cannot be accepted ("used", "revoked", "expired"), or None."""
    if invitation.accepted_at is not None:
        return "used"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.is_expired:
        return "expired"
    return None


def forum_invitation_accept(*, token: str, user: User) -> ForumSeat:
    """Give the signed-in `user` the invited seat (joined today; someone already seated keeps
    their seat, made co-chair if invited so) and use up the link, once: a second accept, a
    revoked or an expired link raises InvitationNotUsable."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied
    with transaction.atomic():
        invitation = (
            ForumInvitation.objects.select_for_update()
            .select_related("forum")
            .filter(token_hash=invitation_token_hash(token))
            .first()
        )
        if invitation is None:
            raise InvitationNotUsable("unknown")
        reason = invitation_unusable_reason(invitation)
        if reason:
            raise InvitationNotUsable(reason)
        seat = ForumSeat.objects.current().filter(forum=invitation.forum, user=user).first()
        if seat is None:
            seat = ForumSeat.objects.create(
                forum=invitation.forum,
                user=user,
                person_name=user.get_full_name() or invitation.person_name,
                sector=invitation.sector,
                is_co_chair=invitation.is_co_chair,
                joined_on=timezone.localdate(),
            )
        elif invitation.is_co_chair and not seat.is_co_chair:
            # Someone already seated who is invited to co-chair keeps their one seat.
            seat.is_co_chair = True
            seat.save(update_fields=["is_co_chair"])
        invitation.accepted_at = timezone.now()
        invitation.seat = seat
        invitation.save(update_fields=["accepted_at", "seat"])
        event_record(
            "forum.invitation_accepted",
            subject=invitation,
            actor=user,
            member_id=invitation.forum.member_id,
            data={"seat": seat.pk},
        )
    return seat


def forum_invitation_revoke(*, actor: User, invitation: ForumInvitation) -> ForumInvitation:
    """Revoke a pending invitation so that its link no longer works; a used one stays used."""
    check_can_manage_forum(actor, invitation.forum)
    with transaction.atomic():
        invitation = ForumInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is None and invitation.revoked_at is None:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            event_record(
                "forum.invitation_revoked",
                subject=invitation,
                actor=actor,
                member_id=invitation.forum.member_id,
            )
    return invitation


def forum_invitation_deliver(invitation_id: int, token: str) -> bool:
    """E-mail the invitation link, unless the invitation was revoked, used or deleted."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from core.reminders import portal_url

    invitation = (
        ForumInvitation.objects.select_related("forum__member", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation_unusable_reason(invitation):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "url": portal_url(reverse("members:invitation-accept", args=[token])),
            "valid_days": INVITATION_VALID_DAYS,
        }
        subject = render_to_string("members/email/invitation_subject.txt", context).strip()
        body = render_to_string("members/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
    return True


MEETING_FIELDS = (
    "held_on",
    "title",
    "agenda",
    "government_attendees",
    "civil_society_attendees",
    "other_attendees",
    "minutes",
    "is_public",
)


def _meeting_file_values(minutes_file: UploadedFile | None, meeting: ForumMeeting) -> dict:
    if minutes_file is None:
        return {}
    meeting.minutes_file.save(minutes_file.name or "minutes", minutes_file, save=False)
    return {
        "minutes_file": meeting.minutes_file.name,
        "minutes_file_type": minutes_file.sniffed_content_type,  # type: ignore[attr-defined]
    }


def forum_meeting_create(
    *,
    actor: User,
    forum: MultiStakeholderForum,
    values: dict[str, Any],
    minutes_file: UploadedFile | None = None,
) -> ForumMeeting:
    """Record a meeting (`values` holds MEETING_FIELDS); `minutes_file` is a file checked by
    core.uploads.DocumentFileField."""
    check_can_manage_forum(actor, forum)
    meeting = ForumMeeting(forum=forum, **{name: values[name] for name in MEETING_FIELDS})
    with transaction.atomic():
        for name, value in _meeting_file_values(minutes_file, meeting).items():
            setattr(meeting, name, value)
        meeting.save()
        event_record(
            "forum.meeting_recorded", subject=meeting, actor=actor, member_id=forum.member_id
        )
    return meeting


def forum_meeting_update(
    *,
    actor: User,
    meeting: ForumMeeting,
    version: int,
    values: dict[str, Any],
    minutes_file: UploadedFile | None = None,
) -> ForumMeeting:
    """Save the meeting if `version` is still the stored one (StaleVersion otherwise, nothing
    stored, no file kept)."""
    check_can_manage_forum(actor, meeting.forum)
    with transaction.atomic():
        if not ForumMeeting.objects.filter(pk=meeting.pk, version=version).exists():
            raise StaleVersion
        file_values = _meeting_file_values(minutes_file, meeting)
        _versioned_update(
            ForumMeeting,
            meeting.pk,
            version,
            {**{name: values[name] for name in MEETING_FIELDS}, **file_values},
        )
        event_record(
            "forum.meeting_updated", subject=meeting, actor=actor, member_id=meeting.forum.member_id
        )
    meeting.refresh_from_db()
    return meeting
