"""API tokens, hashed at rest, with expiry and revocation. A token is shown once, when it is
issued; the database keeps its SHA-256 (tokens are 256 random bits, so a fast hash is
enough) and a fingerprint of its user's password, so that changing the password ends every
token issued before."""

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from ..models import ApiToken


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# `Any` for the user as in core.events: core cannot name the user model (members.User).
def password_fingerprint(user: Any) -> str:
    """Changes whenever the user's password does (Django's session auth hash of it)."""
    return _hash(user.get_session_auth_hash())


def api_token_issue(*, user: Any) -> tuple[ApiToken, str]:
    """A new token for `user`, valid API_TOKEN_LIFETIME_DAYS; returns it and its key, which
    is nowhere else: give it to the client now."""
    key = secrets.token_hex(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=_hash(key),
        prefix=key[:8],
        password_fingerprint=password_fingerprint(user),
        expires_at=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS),
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    """The token stops working now; revoking it twice keeps the first date."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_tokens_revoke_all(*, user: Any) -> int:
    """Revoke every live token of `user` (an administrator's response to a leak)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def api_token_list_live(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(
        Q(user=user) & Q(revoked_at__isnull=True) & Q(expires_at__gt=timezone.now())
    )


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` against ApiToken's hashes."""

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
