import pytest
from django.core.cache import cache

from ogp_portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _eager_celery_and_clean_cache():
    """Tasks run in-process in tests (one test drives a real worker); the Redis cache is shared
    between tests, so each starts empty."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    cache.clear()
    yield
    cache.clear()
