"""API tokens, hashed at rest, with expiry and revocation. A token is shown once, when it is
issued; the database keeps its SHA-256 (tokens are 256 random bits, so a fast hash is
enough) and a fingerprint of its user's password, so that changing the password ends every
token issued before. A token is read-only or read-write (ApiToken.Scope): a read-only token's
write is refused here, in the one authentication every API view uses, whatever the view.
Issuing and revoking are recorded as events (the audit log lists them)."""

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS

from ..client_address import client_address
from ..events import event_record
from ..models import ApiToken

TOKEN_CREATED = "account.api_token_created"
TOKEN_REVOKED = "account.api_token_revoked"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# `Any` for the user as in core.events: core cannot name the user model (members.User).
def password_fingerprint(user: Any) -> str:
    """Changes whenever the user's password does (Django's session auth hash of it)."""
    return _hash(user.get_session_auth_hash())


def _token_event(kind: str, token: ApiToken, actor: Any, request: HttpRequest | None) -> None:
    event_record(
        kind,
        subject=token,
        actor=actor,
        member_id=token.user.member_id,
        data={
            "address": client_address(request) if request is not None else None,
            "username": token.user.username,
            "prefix": token.prefix,
            "scope": token.scope,
            "label": token.label,
        },
    )


def api_token_issue(
    *,
    user: Any,
    scope: str = ApiToken.Scope.READ_WRITE,
    label: str = "",
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `user`, valid API_TOKEN_LIFETIME_DAYS, with `scope` (ApiToken.Scope);
    returns it and its key, which is nowhere else: give it to the client now. Records
    TOKEN_CREATED in the same transaction."""
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"unknown token scope {scope!r}")
    key = secrets.token_hex(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=_hash(key),
            prefix=key[:8],
            label=label[:100],
            scope=scope,
            password_fingerprint=password_fingerprint(user),
            expires_at=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS),
        )
        _token_event(TOKEN_CREATED, token, user, request)
    return token, key


def api_token_revoke(
    *, token: ApiToken, by: Any = None, request: HttpRequest | None = None
) -> bool:
    """The token stops working now; revoking it twice keeps the first date (and records one
    TOKEN_REVOKED). Returns whether this call revoked it."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            _token_event(TOKEN_REVOKED, token, by, request)
    return bool(revoked)


def api_tokens_revoke_all(*, user: Any) -> int:
    """Revoke every live token of `user` (an administrator's response to a leak)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def api_token_list_live(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(
        Q(user=user) & Q(revoked_at__isnull=True) & Q(expires_at__gt=timezone.now())
    )


def api_token_list_of(user: Any) -> QuerySet[ApiToken]:
    """Every token of `user`, newest first, live or not (the account page shows which)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


READ_ONLY_MESSAGE = _(
    "This API token is read-only: it cannot change anything. Create a read-write token on "
    "your account page to make changes."
)


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` against ApiToken's hashes; a read-only token's write
    (any method but GET, HEAD, OPTIONS) is a 403 that says so, for every API view."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and result[1].is_read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(READ_ONLY_MESSAGE, code="read_only_token")
        return result

    def authenticate_credentials(self, key: str):
        token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token was revoked; get a new one."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired; get a new one."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.password_fingerprint != password_fingerprint(token.user):
            raise exceptions.AuthenticationFailed(
                _("The password changed since this token was issued; get a new one.")
            )
        if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.user, token)
