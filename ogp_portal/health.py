"""/healthz: is this web process alive? /readyz: can it serve, that is do the database, Redis
(when configured) and the file storage answer? Docker compose and load balancers ask them."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

CACHE_PROBE_KEY = "healthz:probe"
STORAGE_PROBE_NAME = "readyz/probe.txt"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not ready"; the log says which
        logger.exception("Readiness check: the database is unreachable")
        return False


def _cache_ok() -> bool:
    # The cache fails open (core.cache), so a Redis that is down reads as a miss here.
    try:
        cache.set(CACHE_PROBE_KEY, "ok", timeout=10)
        ok = cache.get(CACHE_PROBE_KEY) == "ok"
    except Exception:  # any failure means "not ready"; the log says which
        logger.exception("Readiness check: the cache (Redis) is unreachable")
        return False
    if not ok:
        logger.error("Readiness check: the cache (Redis) does not keep what it is given")
    return ok


def _storage_ok() -> bool:
    """Uploaded files can be written and removed (a full or read-only volume fails)."""
    try:
        name = default_storage.save(STORAGE_PROBE_NAME, ContentFile(b"ok"))
        default_storage.delete(name)
        return True
    except Exception:  # any failure means "not ready"; the log says which
        logger.exception("Readiness check: the file storage is not writable")
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the process serves requests; it asks nothing else, so that a database or
    Redis outage never gets healthy web processes restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", "checks": {...}} when every part answers; 503 naming the failing
    part otherwise. The cache is checked only when REDIS_URL is set."""
    checks = {"database": "ok" if _database_ok() else "failing"}
    if settings.REDIS_URL:
        checks["cache"] = "ok" if _cache_ok() else "failing"
    checks["storage"] = "ok" if _storage_ok() else "failing"
    failing = [part for part, state in checks.items() if state != "ok"]
    if failing:
        return JsonResponse({"status": "failing", "failing": failing, "checks": checks}, status=503)
    return JsonResponse({"status": "ok", "checks": checks})
