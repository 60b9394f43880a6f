"""Optimistic concurrency for API writes: a client sends back the ETag it read (`If-Match`);
a write is refused with 412 when the resource has changed since, so nobody's edit silently
undoes another's. With API_REQUIRE_IF_MATCH on, a write without `If-Match` is a 428.

Usage in a write endpoint, with the row locked so that parallel writers queue:

    with transaction.atomic():
        Model.objects.select_for_update().get(pk=obj.pk)
        check_if_match(request, representation_etag(current_representation))
        ...write through the service...
    response = Response(new_representation)
    set_etag(response)
"""

import hashlib
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from .renderers import dumps


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = _(
        "This resource has changed since you read it (If-Match does not match its ETag). "
        "Read it again, reapply your change and send it with the new ETag."
    )


class PreconditionRequired(APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = _(
        "Send the ETag you read in an If-Match header, so that no one else's change is lost."
    )


def etag_of_content(content: bytes) -> str:
    """The strong ETag of a rendered JSON body; GET responses carry it (ApiViewMixin)."""
    # SHA-256, which CPUs compute in hardware: on a page of 100 commitments (600 KB) it takes
    # 0.6 ms where BLAKE2b took 1.0 ms (docs/performance.md). 128 bits are kept, as before.
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def representation_etag(data: Any) -> str:
    """The ETag a GET of this representation (serializer data) carries."""
    return etag_of_content(dumps(data))


def _listed_etags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def check_if_match(request: Request, current_etag: str) -> None:
    """Raise PreconditionFailed (412) when the request's If-Match names none of the current
    ETag (or `*`), and PreconditionRequired (428) when it has none but API_REQUIRE_IF_MATCH
    is on. A request without If-Match passes otherwise, as before."""
    header = request.headers.get("If-Match")
    if header is None:
        if settings.API_REQUIRE_IF_MATCH:
            raise PreconditionRequired()
        return
    tags = _listed_etags(header)
    if "*" in tags or current_etag.removeprefix("W/") in tags:
        return
    raise PreconditionFailed()


def set_etag(response: Response) -> Response:
    """Give a write's response the ETag of the representation it returns, for the next write."""
    response["ETag"] = representation_etag(response.data)
    return response
