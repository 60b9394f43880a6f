"""Webhooks for partner systems: one subscription per API token (an address and the event
types it wants), each event POSTed once per subscription as JSON signed with HMAC-SHA256
(docs/api.md, "Webhooks"), retried with exponential backoff by the `deliver_webhook` task."""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment
from commitments.permissions import can_see_commitment
from core.api.tokens import password_fingerprint
from core.models import ApiToken, Event

from .models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from .permissions import can_manage_webhook
from .registry import WEBHOOK_KINDS

SIGNATURE_HEADER = "X-OGP-Signature"
TIMESTAMP_HEADER = "X-OGP-Timestamp"


def _refused_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def webhook_url_check(url: str) -> str:
    """The address a delivery may go to: http or https, and (unless
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES) a host that resolves to public addresses only, so that
    the portal cannot be made to call its own network. ValidationError naming `url`."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": _("Give a web address starting with https:// or http://.")})
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return url
    try:
        addresses = {
            str(info[4][0]) for info in socket.getaddrinfo(parts.hostname, parts.port or 443)
        }
    except (socket.gaierror, UnicodeError):
        raise ValidationError(
            {"url": _("%(host)s could not be found.") % {"host": parts.hostname}}
        ) from None
    if any(_refused_address(address) for address in addresses):
        raise ValidationError(
            {
                "url": _(
                    "%(host)s is a private or local address; webhooks go to public addresses only."
                )
                % {"host": parts.hostname}
            }
        )
    return url


def webhook_subscription_save(
    *, user: Any, token: ApiToken, url: str, event_kinds: list[str], is_active: bool = True
) -> WebhookSubscription:
    """Create or change the token's subscription. Guarantees: only the token's user
    (PermissionDenied); a public http(s) address and known event types (ValidationError
    naming the field); a new subscription gets its own signing secret."""
    if not can_manage_webhook(user, token):
        raise PermissionDenied(_("Only the token's owner manages its webhook."))
    errors: dict[str, Any] = {}
    try:
        url = webhook_url_check(url)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    unknown = sorted(set(event_kinds) - set(WEBHOOK_KINDS))
    if unknown:
        errors["event_kinds"] = [
            _("Unknown event types: %(kinds)s") % {"kinds": ", ".join(unknown)}
        ]
    elif not event_kinds:
        errors["event_kinds"] = [_("Choose at least one event type.")]
    if errors:
        raise ValidationError(errors)
    subscription, _created = WebhookSubscription.objects.update_or_create(
        token=token,
        defaults={"url": url, "event_kinds": sorted(set(event_kinds)), "is_active": is_active},
        create_defaults={
            "url": url,
            "event_kinds": sorted(set(event_kinds)),
            "is_active": is_active,
            "secret": secrets.token_hex(32),
        },
    )
    return subscription


def _token_is_live(token: ApiToken) -> bool:
    now = timezone.now()
    return (
        token.revoked_at is None
        and token.expires_at > now
        and token.user.is_active
        and token.password_fingerprint == password_fingerprint(token.user)
    )


def webhook_deliveries_create(event: Event, target: Any, subject: Any) -> list[int]:
    """One pending delivery of `event` per active subscription that wants its kind, whose
    token still works and whose user may see what it concerns (a draft's events go to the
    forum's own systems only). Safe to repeat: unique (subscription, event). Returns the ids
    of the deliveries still to make."""
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(is_active=True).select_related(
            "token__user"
        )
        if event.kind in subscription.event_kinds and _token_is_live(subscription.token)
    ]
    if target.commitment_id and subscriptions:
        commitment = Commitment.objects.select_related("plan").get(pk=target.commitment_id)
        subscriptions = [
            subscription
            for subscription in subscriptions
            if can_see_commitment(subscription.token.user, commitment)
        ]
    if not subscriptions:
        return []
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(subscription=subscription, event=event) for subscription in subscriptions],
        ignore_conflicts=True,
    )
    return list(
        WebhookDelivery.objects.filter(
            event=event, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
        ).values_list("pk", flat=True)
    )


def webhook_payload(delivery: WebhookDelivery) -> bytes:
    event = delivery.event
    body = {
        "delivery_id": delivery.pk,
        "event": {
            "id": event.pk,
            "kind": event.kind,
            "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
            "member_id": event.member_id,
            "subject": {"type": event.content_type.model, "id": event.object_id},
            "data": event.data,
        },
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 of "<timestamp>.<body>" with the subscription's secret, as hex."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect could lead to an address the check refused


_opener = urllib.request.build_opener(_NoRedirects)


class WebhookDeliveryFailed(Exception):
    """The receiver did not answer 2xx: the task retries with backoff."""


def webhook_delivery_attempt(delivery_id: int, *, last_attempt: bool = False) -> bool:
    """POST one delivery unless it went out already; record the attempt (count, status code or
    error, time). Raises WebhookDeliveryFailed when the receiver did not take it, unless this
    was the last attempt (then it is marked failed). Returns whether it is delivered."""
    delivery = (
        WebhookDelivery.objects.select_related("subscription", "event__content_type")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status == DeliveryStatus.DELIVERED:
        return delivery is not None
    subscription = delivery.subscription
    body = webhook_payload(delivery)
    timestamp = int(time.time())
    status_code: int | None = None
    error = ""
    try:
        webhook_url_check(subscription.url)
        request = urllib.request.Request(
            subscription.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": "OGP-Action-Plan-Portal-Webhooks/1",
                TIMESTAMP_HEADER: str(timestamp),
                SIGNATURE_HEADER: "sha256="
                + webhook_signature(subscription.secret, timestamp, body),
                "X-OGP-Event": delivery.event.kind,
                "X-OGP-Delivery": str(delivery.pk),
            },
        )
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            status_code = response.status
    except urllib.error.HTTPError as exc:
        status_code = exc.code
    except ValidationError as exc:
        error = "; ".join(exc.messages)
    except (urllib.error.URLError, OSError) as exc:
        error = str(getattr(exc, "reason", exc))
    delivered = status_code is not None and 200 <= status_code < 300
    if not delivered and not error:
        error = _("The receiver answered %(code)s.") % {"code": status_code}
    status = (
        DeliveryStatus.DELIVERED
        if delivered
        else DeliveryStatus.FAILED
        if last_attempt
        else DeliveryStatus.RETRYING
    )
    now = timezone.now()
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).exclude(
            status=DeliveryStatus.DELIVERED
        ).update(
            attempts=F("attempts") + 1,
            last_status_code=status_code,
            last_error=error[:300],
            last_attempt_at=now,
            status=status,
            delivered_at=now if delivered else None,
        )
    if not delivered and not last_attempt:
        raise WebhookDeliveryFailed(error)
    return delivered


def webhook_subscriptions_of(user: Any) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(token__user=user).select_related("token")
