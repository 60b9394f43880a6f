"""Answers for requests the portal cannot serve, shared by the middleware and the 500 handler:
a clear page for people, the API's one error shape for programs, never a trace.

- The database unreachable (PostgreSQL down or restarting, the connection lost): 503 with
  Retry-After, "try again in a minute".
- A request body larger than the portal takes: 413, before the body is read."""

import sys
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

from core.api.exceptions import error_body

RETRY_AFTER_SECONDS = 30

# PostgreSQL SQLSTATEs that say the server cannot be reached or is going away: class 08
# (connection exception), 57P01-57P03 (shutting down, cannot connect now).
_UNAVAILABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03")
# psycopg's connection failures carry no SQLSTATE; SQLite's missing or unreadable file is an
# OperationalError with this text.
_UNAVAILABLE_TEXTS = ("connection", "could not connect", "unable to open database file")


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True when `exc` says the database cannot be reached (not a query's own failure, such
    as a statement timeout or a constraint)."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(_UNAVAILABLE_SQLSTATES)
    text = str(exc).lower()
    return any(marker in text for marker in _UNAVAILABLE_TEXTS)


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")


def error_page(template: str, status: int, context: dict[str, Any]) -> HttpResponse:
    # No request context: its processors may need the database or the session.
    return HttpResponse(render_to_string(template, context), status=status)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    message = _(
        "The portal cannot reach its database just now. Nothing you sent was stored; "
        "please try again in a minute."
    )
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse(error_body(503, "database_unavailable", message), status=503)
    else:
        heading = _("The portal is unavailable for a moment")
        response = error_page("503.html", 503, {"heading": heading, "message": message})
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def request_too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    message = _(
        "This request is larger than the portal accepts (at most %(size)s). Nothing was "
        "read or stored."
    ) % {"size": _size_label(limit)}
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(413, "request_too_large", message), status=413)
    return error_page("413.html", 413, {"message": message})


def _size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return _("%(count)s MB") % {"count": round(size / (1024 * 1024), 1)}
    return _("%(count)s KB") % {"count": max(1, size // 1024)}


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """handler500: an unreachable database met outside a view (by a middleware reading the
    session) is the 503 too; anything else is Django's 500 page (templates/500.html)."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return django_server_error(request, *args, **kwargs)
