"""The suite tests what production runs: these fail, never skip, when a service is missing."""

import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection


@pytest.mark.postgres
def test_it_runs_against_postgresql():
    assert connection.vendor == "postgresql", (
        "make test needs PostgreSQL: set DATABASE_URL (default postgres://postgres@127.0.0.1/ogp_portal)"
    )


@pytest.mark.redis
def test_it_caches_in_redis():
    assert os.environ.get("REDIS_URL"), "make test needs Redis: set REDIS_URL"
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    key = f"probe-{uuid.uuid4()}"
    cache.set(key, "here", 30)
    assert cache.get(key) == "here"


@pytest.mark.redis
def test_celery_broker_is_redis():
    assert settings.CELERY_BROKER_URL.startswith("redis://")
