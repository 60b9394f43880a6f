"""The Redis cache, failing open: with Redis unreachable a read is a miss and a write is
skipped, with a logged warning, so that pages and the API's rate limit keep answering."""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _fail_open(default: Callable[..., Any]) -> Callable:
    def wrap(method: Callable) -> Callable:
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as exc:
                logger.warning("Cache %s failed, carrying on without it: %s", method.__name__, exc)
                return default(*args, **kwargs)

        return guarded

    return wrap


def _given_default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _empty(*args, **kwargs):
    return {}


def _computed(key, default, *args, **kwargs):
    return default() if callable(default) else default


class FailOpenRedisCache(RedisCache):
    get = _fail_open(_given_default)(RedisCache.get)
    get_many = _fail_open(_empty)(RedisCache.get_many)
    get_or_set = _fail_open(_computed)(RedisCache.get_or_set)
    has_key = _fail_open(_false)(RedisCache.has_key)
    add = _fail_open(_false)(RedisCache.add)
    set = _fail_open(_nothing)(RedisCache.set)
    set_many = _fail_open(lambda data, *a, **k: list(data))(RedisCache.set_many)
    touch = _fail_open(_false)(RedisCache.touch)
    delete = _fail_open(_false)(RedisCache.delete)
    delete_many = _fail_open(_nothing)(RedisCache.delete_many)
    clear = _fail_open(_false)(RedisCache.clear)
