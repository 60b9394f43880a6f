"""Reads of members and forums for the API, prefetched as the serializers need them."""

from django.db.models import Prefetch, QuerySet

from ..models import ForumSeat, Member, MultiStakeholderForum
from ..selectors import forum_meeting_list_public


def member_api_list() -> QuerySet[Member]:
    return Member.objects.order_by("name", "id")


def forum_api_list() -> QuerySet[MultiStakeholderForum]:
    """Forums with their current seats and only their public meetings: two more queries
    whatever the number of forums."""
    seats = (
        ForumSeat.objects.current()
        .select_related("organization")
        .order_by("-is_co_chair", "sector", "person_name", "id")
    )
    meetings = forum_meeting_list_public().order_by("-held_on", "id")
    return (
        MultiStakeholderForum.objects.select_related("member")
        .prefetch_related(
            Prefetch("seats", queryset=seats, to_attr="current_seats"),
            Prefetch("meetings", queryset=meetings, to_attr="public_meetings"),
        )
        .order_by("member__name", "id")
    )
