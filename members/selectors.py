"""Reads of members for the public portal."""

from typing import Protocol, cast

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from action_plans.models import ActionPlan, PlanStatus
from commitments.models import PublicationState

from .models import ForumMeeting, ForumSeat, Member, MultiStakeholderForum, Sector


def member_list() -> QuerySet[Member]:
    """Every member with `plans_newest_first` (withdrawn plans left out) for its current plan;
    two queries whatever the number of members."""
    plans = ActionPlan.objects.exclude(status=PlanStatus.WITHDRAWN).order_by("-number")
    return Member.objects.order_by("name").prefetch_related(
        Prefetch("action_plans", queryset=plans, to_attr="plans_newest_first")
    )


def member_plans(member: Member) -> QuerySet[ActionPlan]:
    """The member's action plans, newest cycle first, with `published_commitments` counted."""
    return member.action_plans.order_by("-period_start", "-number").annotate(
        published_commitments=Count(
            "commitments",
            filter=Q(commitments__publication_state=PublicationState.PUBLISHED),
        )
    )


def member_get_for_detail(slug: str) -> Member:
    """The member with its forum (current seats, public meetings with their documents) and its
    document repository prefetched; Http404 when no member has that slug."""
    seats = ForumSeat.objects.current().select_related("organization")
    meetings = ForumMeeting.objects.filter(is_public=True).prefetch_related("documents")
    forums = MultiStakeholderForum.objects.prefetch_related(
        Prefetch("seats", queryset=seats, to_attr="current_seats"),
        Prefetch("meetings", queryset=meetings, to_attr="public_meetings"),
    )
    queryset = Member.objects.prefetch_related(
        Prefetch("forum", queryset=forums),
        "documents",
    )
    return get_object_or_404(queryset, slug=slug)


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
