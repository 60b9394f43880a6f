"""`Idempotency-Key` on API creates: the first request with a key runs and its answer is
stored with the key (core.models.IdempotencyKey); a retry with the same key and body gets
that answer again, marked `Idempotent-Replayed: true`, and stores nothing. The key row is
inserted in the transaction of the write, so parallel copies wait on its unique constraint
and then replay; a write that fails rolls the key back, so the client may retry it."""

import hashlib
from collections.abc import Callable

import orjson
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from ..models import IdempotencyKey
from .renderers import dumps

MAX_KEY_LENGTH = 255


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = _(
        "This Idempotency-Key was already used for a different request; use a new key."
    )


def _hash(data: object) -> str:
    return hashlib.sha256(dumps(data)).hexdigest()


def _replay(record: IdempotencyKey, request_hash: str) -> Response:
    if record.request_hash != request_hash:
        raise IdempotencyKeyReused()
    return Response(
        record.response_body,
        status=record.response_status,
        headers={"Idempotent-Replayed": "true"},
    )


def idempotent_create(request: Request, create: Callable[[], Response]) -> Response:
    """Run `create` once per (user, Idempotency-Key); without the header, just run it."""
    key = request.headers.get("Idempotency-Key")
    user = request.user
    if key is None or not user.is_authenticated:  # anonymous writes are refused anyway
        return create()
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or "\x00" in key:
        raise ValidationError(
            {
                "Idempotency-Key": [
                    _("Give a key of 1 to %(max)d characters.") % {"max": MAX_KEY_LENGTH}
                ]
            }
        )
    request_hash = _hash([request.method, request.path, request.data])
    done = IdempotencyKey.objects.filter(user=user, key=key).first()
    if done is not None:
        return _replay(done, request_hash)
    try:
        with transaction.atomic():
            # Inserted first: a parallel copy blocks on the unique index until this commits.
            record = IdempotencyKey.objects.create(
                user=user,
                key=key,
                request_hash=request_hash,
                response_status=0,
                response_body={},
                response_hash="",
            )
            response = create()
            if response.status_code >= 400:
                transaction.set_rollback(True)
                return response
            record.response_status = response.status_code
            body = dumps(response.data)
            record.response_body = orjson.loads(body)
            record.response_hash = hashlib.sha256(body).hexdigest()
            record.save(update_fields=["response_status", "response_body", "response_hash"])
            return response
    except IntegrityError:
        done = IdempotencyKey.objects.filter(user=user, key=key).first()
        if done is None:  # the write's own constraint, not a parallel copy of it
            raise
        return _replay(done, request_hash)
