"""Rates read at request time (not import time), so that a settings change, and the tests'
override_settings, take effect; the counts live in the Redis cache shared by every process."""

import logging

from redis.exceptions import RedisError
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from ..client_address import client_address

logger = logging.getLogger(__name__)


class FailOpen(SimpleRateThrottle):
    """Counted by the client's address from the trusted proxies (core.client_address), never
    from a header the client writes; with the cache unreachable, requests pass (a warning is
    logged) rather than every API request failing."""

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError) as exc:
            logger.warning("API rate limit not applied, the cache is unreachable: %s", exc)
            return True


class AnonThrottle(FailOpen, AnonRateThrottle):
    scope: str  # "anon", set by AnonRateThrottle

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class UserThrottle(FailOpen, UserRateThrottle):
    """Per user, so that all tokens and sessions of one account share one budget. Anonymous
    requests are AnonThrottle's alone: counting them here too would cap them at the user rate
    and cost every anonymous request a second round trip to the cache."""

    scope: str  # "user", set by UserRateThrottle

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
