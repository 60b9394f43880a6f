"""Request plumbing every page and the API share: NUL bytes refused, Permissions-Policy,
private caching for signed-in pages, and a query stopped by the database's statement timeout
(settings.DATABASE_STATEMENT_TIMEOUT_MS) answered 503 with a page or a JSON body that says
so, instead of a 500 and a trace."""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from core.api.exceptions import error_body


def _has_nul(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    return "\x00" in request.path or b"\x00" in unquote_to_bytes(query.replace("+", " "))


class RefuseNulBytesMiddleware:
    """A NUL byte in the path or the query string is a 400 before any view runs: PostgreSQL
    text cannot hold NUL, so a filter or lookup with one would fail in the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = _("The address contains a NUL character.")
            if request.path.startswith("/api/"):
                return JsonResponse(error_body(400, "invalid", message), status=400)
            raise BadRequest(message)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY on every response: the portal uses no camera,
    microphone, location or payment, so no page (or anything injected into one) may ask."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivateForSignedInMiddleware:
    """A page shown to a signed-in person may show drafts or their own work: shared caches
    (a proxy, a CDN) must not keep it. Responses that set their own Cache-Control keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Cookie",))
        return response


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
