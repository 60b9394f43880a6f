import pytest
from django.db import connection
from django.test import override_settings

from ogp_portal import health

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.mark.django_db
def test_it_reports_ok_when_database_and_cache_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_skips_the_cache_without_redis(client, settings):
    settings.REDIS_URL = None

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok"}


@pytest.mark.django_db
def test_it_names_the_cache_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


@pytest.mark.django_db
def test_it_names_the_database_when_it_is_unreachable(client, settings, monkeypatch):
    settings.REDIS_URL = None
    unreachable = type(connection)(
        {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": 1}, alias="unreachable"
    )
    monkeypatch.setattr(health, "connection", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "failing": ["database"],
        "checks": {"database": "failing"},
    }


def test_it_accepts_only_get(client):
    assert client.post("/healthz").status_code == 405
