import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from ogp_portal.celery import app as celery_app


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On the embedded default, the test database is a file in pytest's temporary directory,
    never next to the developer's db.sqlite3."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("sqlite") / "test_ogp_portal.sqlite3"
        )


@pytest.fixture(autouse=True)
def _services_the_test_needs(request):
    """Tests marked postgres or redis need that service by design: without it they fail with
    the variable to set, never skip (`make test` deselects them by marker on the embedded run)."""
    if request.node.get_closest_marker("postgres") and not settings.IS_POSTGRES:
        pytest.fail("this test needs PostgreSQL: set DATABASE_URL", pytrace=False)
    if request.node.get_closest_marker("redis") and not settings.REDIS_URL:
        pytest.fail("this test needs Redis: set REDIS_URL", pytrace=False)


@pytest.fixture(autouse=True)
def _eager_celery_and_clean_cache():
    """Tasks run in-process in tests (one test drives a real worker); the Redis cache is shared
    between tests, so each starts empty."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """The locale middleware leaves a request's language active in the thread, as Django's
    does; with the language in the addresses, a later test's reverse() would then give
    /es/... addresses. Each test starts and ends in LANGUAGE_CODE."""
    translation.deactivate()
    yield
    translation.deactivate()
