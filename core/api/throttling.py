"""Rates read at request time (not import time), so that a settings change, and the tests'
override_settings, take effect; the counts live in the Redis cache shared by every process."""

import logging
import secrets

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from ..client_address import client_address

logger = logging.getLogger(__name__)


# DRF's sliding window (SimpleRateThrottle: the moments of the requests let through in the
# last `window` seconds; a request passes while there are fewer than `limit`) in one round trip
# to Redis instead of two (GET the list, SET it back), and atomic, so that parallel workers
# cannot both take the last place. Returns {passed, requests in the window, the oldest moment};
# Lua numbers would come back as integers, so the moment comes back as text.
SLIDING_WINDOW = """
local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local seen = redis.call('ZCARD', key)
if seen >= limit then
  return {0, seen, redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2] or ARGV[1]}
end
redis.call('ZADD', key, ARGV[1], ARGV[4])
redis.call('EXPIRE', key, window)
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]
return {1, seen + 1, oldest}
"""


class FailOpen(SimpleRateThrottle):
    """Counted by the client's address from the trusted proxies (core.client_address), never
    from a header the client writes; with the cache unreachable, requests pass (a warning is
    logged) rather than every API request failing. With the Redis cache, the window is kept
    in Redis by one script (SLIDING_WINDOW); with any other cache, as DRF keeps it."""

    window: tuple[int, float] | None = None  # (requests in the window, the oldest moment)
    num_requests: int  # both set from the rate by SimpleRateThrottle
    duration: int

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        try:
            redis_cache = self._redis_cache()
            if redis_cache is not None:
                return self._allow_in_redis(redis_cache, request, view)
            return super().allow_request(request, view)
        except (RedisError, OSError) as exc:
            logger.warning("API rate limit not applied, the cache is unreachable: %s", exc)
            return True

    def _redis_cache(self) -> RedisCache | None:
        cache = caches[DEFAULT_CACHE_ALIAS] if self.cache is default_cache else self.cache
        return cache if isinstance(cache, RedisCache) else None

    def _allow_in_redis(self, cache: RedisCache, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        moment = repr(self.now)
        # Django's RedisCache has no public accessor for its client.
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        passed, seen, oldest = client.eval(
            SLIDING_WINDOW,
            1,
            cache.make_and_validate_key(f"{self.key}_window"),  # not DRF's list at self.key
            moment,
            self.duration,
            self.num_requests,
            f"{moment}:{secrets.token_hex(4)}",  # two requests in one moment count twice
        )
        self.window = (int(seen), float(oldest))
        return bool(passed) or self.throttle_failure()

    def wait(self):
        """DRF's wait (the seconds until a place frees up, shared by the places short) from
        the window Redis reported."""
        if self.window is None:
            return super().wait()
        seen, oldest = self.window
        available = self.num_requests - seen + 1
        if available <= 0:
            return None
        return (self.duration - (self.now - oldest)) / float(available)


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
