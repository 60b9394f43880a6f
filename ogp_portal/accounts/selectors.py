from django.db.models import QuerySet

from core.models import Event
from members.models import Member

from .audit import SECURITY_EVENT_KINDS


def security_event_list() -> QuerySet[Event]:
    """Security events, newest first."""
    return (
        Event.objects.filter(kind__in=list(SECURITY_EVENT_KINDS))
        .select_related("actor")
        .order_by("-occurred_at", "-pk")
    )


def member_names_by_id(member_ids: set[int]) -> dict[int, str]:
    return dict(Member.objects.filter(pk__in=member_ids).values_list("pk", "name"))
