"""Rates read at request time (not import time), so that a settings change, and the tests'
override_settings, take effect; the counts live in the Redis cache shared by every process."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    scope: str  # "anon", set by AnonRateThrottle

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class UserThrottle(UserRateThrottle):
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
