"""A query stopped by the database's statement timeout (settings.DATABASE_STATEMENT_TIMEOUT_MS)
answers 503 with a page or a JSON body that says so, instead of a 500 and a trace."""

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30


def is_statement_timeout(exc: BaseException) -> bool:
    """True for PostgreSQL's 'canceling statement due to statement timeout' (SQLSTATE 57014)."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == "57014"


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")


class QueryTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_statement_timeout(exc):
            return None
        message = _(
            "This request took too long for the database and was stopped. Try again in a "
            "minute, or narrow it down (fewer filters, a shorter search, a smaller page)."
        )
        response: HttpResponse
        if _wants_json(request):
            response = JsonResponse({"detail": message, "code": "query_timeout"}, status=503)
        else:
            response = HttpResponse(
                render_to_string("503.html", {"message": message}, request=request), status=503
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
