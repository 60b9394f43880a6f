"""/healthz: is this web process able to serve? Load balancers and docker compose ask it."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

CACHE_PROBE_KEY = "healthz:probe"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not healthy"; the log says which
        logger.exception("Health check: the database is unreachable")
        return False


def _cache_ok() -> bool:
    try:
        cache.set(CACHE_PROBE_KEY, "ok", timeout=10)
        return cache.get(CACHE_PROBE_KEY) == "ok"
    except Exception:  # any failure means "not healthy"; the log says which
        logger.exception("Health check: the cache (Redis) is unreachable")
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", "checks": {...}} when every part answers; 503 naming the failing
    part otherwise. The cache is checked only when REDIS_URL is set."""
    checks = {"database": "ok" if _database_ok() else "failing"}
    if settings.REDIS_URL:
        checks["cache"] = "ok" if _cache_ok() else "failing"
    failing = [part for part, state in checks.items() if state != "ok"]
    if failing:
        return JsonResponse({"status": "failing", "failing": failing, "checks": checks}, status=503)
    return JsonResponse({"status": "ok", "checks": checks})
