"""Reads of members and their forums for the public portal (their plans: action_plans.selectors)."""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, Protocol, cast

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from core.timezones import local_date

from .models import (
    ForumInvitation,
    ForumMeeting,
    ForumSeat,
    Member,
    MultiStakeholderForum,
    Sector,
    User,
)
from .permissions import can_see_private_meetings


def member_get_for_detail(slug: str, viewer: Any = None) -> Member:
    """The member with its forum (current seats, the meetings `viewer` may see: public ones,
    and private ones too for the forum's members) prefetched; Http404 when no member has that
    slug. Its documents are prefetched by action_plans.selectors, which knows them."""
    member = get_object_or_404(Member, slug=slug)
    seats = ForumSeat.objects.current().select_related("organization")
    meetings = forum_meeting_list_for(viewer, member.pk)
    forums = MultiStakeholderForum.objects.prefetch_related(
        Prefetch("seats", queryset=seats, to_attr="current_seats"),
        Prefetch("meetings", queryset=meetings, to_attr="public_meetings"),
    )
    prefetch_related_objects([member], Prefetch("forum", queryset=forums))
    return member


def forum_meeting_list_for(viewer: Any, member_id: int) -> QuerySet[ForumMeeting]:
    """The meetings of the member's forum that `viewer` may read about."""
    if can_see_private_meetings(viewer, member_id):
        return ForumMeeting.objects.all()
    return forum_meeting_list_public()


def forum_get_for_manage(slug: str) -> MultiStakeholderForum:
    """The member's forum for its own pages; Http404 when the member or its forum is unknown."""
    return get_object_or_404(
        MultiStakeholderForum.objects.select_related("member"), member__slug=slug
    )


def forum_seat_list(forum: MultiStakeholderForum) -> QuerySet[ForumSeat]:
    """Every seat of the forum, current and past, current first."""
    return (
        forum.seats.select_related("organization", "user")
        .annotate(has_left=Q(left_on__isnull=False))
        .order_by("has_left", "-is_co_chair", "sector", "person_name")
    )


def forum_invitation_list(forum: MultiStakeholderForum) -> QuerySet[ForumInvitation]:
    return forum.invitations.select_related("invited_by", "seat").order_by("-created_at")


def forum_meeting_list_all(forum: MultiStakeholderForum) -> QuerySet[ForumMeeting]:
    return forum.meetings.order_by("-held_on")


def forum_meeting_list_public() -> QuerySet[ForumMeeting]:
    """The forum meetings anyone may read about: those the forum made public."""
    return ForumMeeting.objects.filter(is_public=True)


def member_forum(member: Member) -> MultiStakeholderForum | None:
    try:
        return member.forum
    except MultiStakeholderForum.DoesNotExist:
        return None


class _WithCurrentSeats(Protocol):
    current_seats: list[ForumSeat]


def forum_seats_by_sector(forum: MultiStakeholderForum) -> list[tuple[str, int]]:
    """(sector label, number of current seats) for each sector with seats, government first.
    The forum comes from member_get_for_detail, which prefetches `current_seats`."""
    counts = {sector: 0 for sector in Sector}
    for seat in cast(_WithCurrentSeats, forum).current_seats:
        counts[Sector(seat.sector)] += 1
    return [(str(sector.label), count) for sector, count in counts.items() if count]


def forum_co_chairs(forum: MultiStakeholderForum) -> list[ForumSeat]:
    """The forum's current co-chairs; the forum comes from member_get_for_detail, which
    prefetches `current_seats`."""
    return [seat for seat in cast(_WithCurrentSeats, forum).current_seats if seat.is_co_chair]


def member_ids_by_local_date(now: datetime.datetime) -> dict[datetime.date, list[int]]:
    """Every member's id under the date it is in the member's time zone at `now`: at most a
    few dates, since zones span about a day. One query."""
    by_date: dict[datetime.date, list[int]] = defaultdict(list)
    for member_id, zone in Member.objects.order_by("pk").values_list("pk", "time_zone"):
        by_date[local_date(zone, now)].append(member_id)
    return dict(by_date)


@dataclasses.dataclass(frozen=True)
class MemberPerson:
    """Someone a deadline reminder can go to (an active account with an e-mail address), as
    seen from one member: their role there, their organisation, their forum seat if any."""

    user_id: int
    member_id: int
    role: str
    organization: str
    has_seat: bool = False
    is_co_chair: bool = False


def member_people(member_ids: Iterable[int], today: datetime.date) -> list[MemberPerson]:
    """The members' own accounts (point of contact, officials, civil society) and the accounts
    of the current seat holders of their forums. Two queries whatever the number of members."""
    member_ids = list(member_ids)
    reachable = Q(is_active=True) & ~Q(email="")
    people = [
        MemberPerson(user_id, member_id, role, organization or "")
        for user_id, member_id, role, organization in User.objects.filter(
            reachable, member_id__in=member_ids
        )
        .order_by("pk")
        .values_list("pk", "member_id", "role", "organization__name")
    ]
    seats = (
        ForumSeat.objects.current(on=today)
        .filter(forum__member_id__in=member_ids, user__is_active=True)
        .exclude(user__email="")
        .exclude(user__isnull=True)
        .order_by("pk")
        .values_list("user_id", "forum__member_id", "user__role", "is_co_chair")
    )
    people += [
        MemberPerson(user_id, member_id, role, "", has_seat=True, is_co_chair=is_co_chair)
        for user_id, member_id, role, is_co_chair in seats
    ]
    return people


def member_people_for(
    subjects: Iterable[Any],
    member_id_of: Callable[[Any], int],
    choose: Callable[[Any, list[MemberPerson]], Iterable[MemberPerson]],
    today: datetime.date,
) -> dict[int, set[int]]:
    """For a batch of a reminder rule's subjects (core.reminders.ReminderRule.recipients): the
    people of each subject's member (member_people) that `choose(subject, people)` picks, as
    user ids by subject id. Two queries whatever the batch."""
    subjects = list(subjects)
    people: dict[int, list[MemberPerson]] = defaultdict(list)
    for person in member_people({member_id_of(subject) for subject in subjects}, today):
        people[person.member_id].append(person)
    return {
        subject.pk: {person.user_id for person in choose(subject, people[member_id_of(subject)])}
        for subject in subjects
    }
