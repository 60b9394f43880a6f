from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from core.listing import (
    download_response,
    paginate,
    query_string_without,
    requested_download_format,
)
from core.models import Event

from .audit import SECURITY_EVENT_KINDS
from .filters import SecurityEventFilterSet
from .permissions import can_view_audit_log
from .selectors import member_names_by_id, security_event_list

EVENTS_PER_PAGE = 50


def _kind_label(event: Event) -> str:
    return str(SECURITY_EVENT_KINDS.get(event.kind, event.kind))


def audit_log(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Security events for the Support Unit: who logged in, failed, was locked out, changed a
    password, turned two-step sign-in on or off, or changed role or forum seat."""
    if not can_view_audit_log(request.user):
        raise PermissionDenied
    filterset = SecurityEventFilterSet.for_page(request.GET, security_event_list(), request)
    events = filterset.qs
    fmt = requested_download_format(request)
    if fmt and filterset.is_valid():
        columns = [
            ("occurred_at", lambda e: e.occurred_at),
            ("kind", lambda e: e.kind),
            ("username", lambda e: e.data.get("username")),
            ("actor", lambda e: e.actor.username if e.actor else None),
            ("member_id", lambda e: e.member_id),
            ("address", lambda e: e.data.get("address")),
            (
                "details",
                lambda e: {k: v for k, v in e.data.items() if k not in {"username", "address"}},
            ),
        ]
        return download_response(events.iterator(), columns, "ogp-security-events", fmt)
    page = paginate(request, events, EVENTS_PER_PAGE)
    names = member_names_by_id({e.member_id for e in page.object_list if e.member_id})
    rows = [
        {
            "event": event,
            "label": _kind_label(event),
            "member": names.get(event.member_id) if event.member_id else None,
            "details": {k: v for k, v in event.data.items() if k not in {"username", "address"}},
        }
        for event in page.object_list
    ]
    return render(
        request,
        "audit/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": query_string_without(request, "format", "page"),
        },
    )
