"""Reads of members and their forums for the public portal (their plans: action_plans.selectors)."""

from typing import Protocol, cast

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import ForumMeeting, ForumSeat, Member, MultiStakeholderForum, Sector


def member_get_for_detail(slug: str) -> Member:
    """The member with its forum (current seats, public meetings with their documents) and its
    document repository prefetched; Http404 when no member has that slug."""
    seats = ForumSeat.objects.current().select_related("organization")
    meetings = forum_meeting_list_public().prefetch_related("documents")
    forums = MultiStakeholderForum.objects.prefetch_related(
        Prefetch("seats", queryset=seats, to_attr="current_seats"),
        Prefetch("meetings", queryset=meetings, to_attr="public_meetings"),
    )
    queryset = Member.objects.prefetch_related(
        Prefetch("forum", queryset=forums),
        "documents",
    )
    return get_object_or_404(queryset, slug=slug)


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
