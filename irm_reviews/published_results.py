"""A token for "the published IRM results as they are now", and a cache of figures computed
from them. /compare/ counts one indicator over every member's latest published report: at ten
times OGP's size that is 2,000 reports and 8,000 values, two queries and a count that cost
about as much as the rest of the page together, for figures that change only when a report is
published or corrected. So the figures are kept in the cache under the token, and every write
that changes published results gives the token a new value (published_results_changed, called
by commitment_completion_refresh, which every such write calls, and by each erratum).

What the token does not follow (a member's name, type or region changed by an editor, a new
token lost to an unreachable Redis) is bounded by CACHE_SECONDS."""

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

TOKEN_KEY = "irm:published-results-token"
CACHE_SECONDS = 10 * 60

T = TypeVar("T")


def _new_token() -> str:
    return uuid.uuid4().hex


def published_results_changed() -> None:
    """Published results changed: once the transaction commits, figures cached before are no
    longer read (a reader inside it would otherwise cache the old figures under the new token)."""
    transaction.on_commit(lambda: cache.set(TOKEN_KEY, _new_token(), timeout=None))


def published_results_cached(parts: tuple, compute: Callable[[], T]) -> T:
    """compute(), or what it returned for the same `parts` since published results last
    changed. A token lost from the cache (evicted, Redis emptied) is replaced by a new one, so
    that nothing older is read; with the cache unavailable, compute() every time."""
    token = cache.get_or_set(TOKEN_KEY, _new_token, timeout=None)
    if token is None:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"irm:published-results:{token}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
