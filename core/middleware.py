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
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from core.api.exceptions import error_body
from core.errors import (
    RETRY_AFTER_SECONDS,
    database_unavailable_response,
    error_page,
    is_database_unavailable,
    request_too_large_response,
    wants_json,
)
from core.uploads import upload_max_bytes


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


def is_statement_timeout(exc: BaseException) -> bool:
    """True for PostgreSQL's 'canceling statement due to statement timeout' (SQLSTATE 57014)."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == "57014"


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
        if wants_json(request):
            response = JsonResponse({"detail": message, "code": "query_timeout"}, status=503)
        else:
            response = error_page("503.html", 503, {"message": message})
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class RequestBodyLimitMiddleware:
    """A body larger than the portal takes is a 413 before any of it is read: the API's JSON
    parser reads its stream whole, past DATA_UPLOAD_MAX_MEMORY_SIZE, so the limit is checked
    here, on Content-Length. Forms and JSON: DATA_UPLOAD_MAX_MEMORY_SIZE. Uploads
    (multipart): UPLOAD_REQUEST_MAX_BYTES; below it, core.uploads' handler refuses a file past
    UPLOAD_MAX_BYTES with an error next to its field. A body without Content-Length (chunked)
    is read as empty by Django, so it cannot carry more."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            length = -1
        if length < 0:
            message = _("The Content-Length header is not a number of bytes.")
            if request.path.startswith("/api/"):
                return JsonResponse(error_body(400, "invalid", message), status=400)
            raise BadRequest(message)
        limit = self.limit_for(request)
        if length > limit:
            return request_too_large_response(request, limit)
        return self.get_response(request)

    @staticmethod
    def limit_for(request: HttpRequest) -> int:
        if request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
            return max(settings.UPLOAD_REQUEST_MAX_BYTES, upload_max_bytes() + 1024 * 1024)
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class DatabaseUnavailableMiddleware:
    """With the database unreachable, a view's query fails at connection time: answered 503
    with a page or the API's error body (core.errors), not a 500. Failures outside a view go
    through handler500 (core.errors.server_error) to the same answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if is_database_unavailable(exc):
            return database_unavailable_response(request)
        return None
