"""The address a request came from, for every rate limit. `X-Forwarded-For` is written by
whoever sends the request: only the entries appended by our own proxies can be believed, so
the client is the one TRUSTED_PROXY_COUNT places from the end (REMOTE_ADDR with none)."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote_addr
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote_addr
    # Each trusted proxy appends the address it received from: the last `trusted` entries are
    # theirs, the one before them is the client as the outermost proxy saw it.
    return hops[-min(trusted, len(hops))]
