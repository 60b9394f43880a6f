"""One JSON shape for every API error:
{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"


def _django_validation_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if name == "__all__" else name): [str(m) for m in messages]
            for name, messages in exc.message_dict.items()
        }
    return {NON_FIELD: [str(message) for message in exc.messages]}


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field": [...], "nested.field": [...]}."""
    if isinstance(detail, dict):
        fields: dict[str, list[str]] = {}
        for name, value in detail.items():
            key = f"{prefix}.{name}" if prefix else str(name)
            fields.update(_flatten(value, key))
        return fields
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        fields = {}
        for index, item in enumerate(detail):
            fields.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return fields
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or NON_FIELD: [str(message) for message in messages]}


def _first_code(codes) -> str:
    if isinstance(codes, dict):
        codes = next(iter(codes.values()), "invalid")
    if isinstance(codes, list):
        codes = codes[0] if codes else "invalid"
    if isinstance(codes, dict | list):
        return _first_code(codes)
    return str(codes)


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    return {
        "error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}
    }


def api_exception_handler(exc, context) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_fields(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        code = "invalid"
        message = _("Some values are not valid: %(fields)s.") % {"fields": ", ".join(fields)}
    else:
        fields = {}
        code = _first_code(exc.get_codes()) if isinstance(exc, exceptions.APIException) else ""
        message = str(exc.detail) if isinstance(exc, exceptions.APIException) else str(exc)
    response.data = error_body(response.status_code, code or "error", message, fields)
    return response


def api_not_found(request, *args, **kwargs) -> JsonResponse:
    """The JSON 404 for a path under /api/v1/ that names no resource."""
    return JsonResponse(
        error_body(
            status.HTTP_404_NOT_FOUND,
            "not_found",
            _("There is no API resource at %(path)s.") % {"path": request.path},
        ),
        status=status.HTTP_404_NOT_FOUND,
    )
