import pytest
from django.db import connection
from django.test import override_settings

from ogp_portal import health

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "core.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_healthz_answers_while_the_process_lives_whatever_the_database(client, monkeypatch):
    monkeypatch.setattr(health, "connection", None)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_ok_when_database_cache_and_storage_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_skips_the_cache_without_redis(client, settings):
    settings.REDIS_URL = None

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "storage": "ok"}


@pytest.mark.django_db
def test_readyz_names_the_cache_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


@pytest.mark.django_db
def test_readyz_names_the_database_when_it_is_unreachable(client, settings, monkeypatch):
    settings.REDIS_URL = None
    unreachable = type(connection)(
        {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": 1}, alias="unreachable"
    )
    monkeypatch.setattr(health, "connection", unreachable)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "failing": ["database"],
        "checks": {"database": "failing", "storage": "ok"},
    }


@pytest.mark.django_db
def test_readyz_names_the_storage_when_it_cannot_be_written(client, settings, tmp_path):
    settings.REDIS_URL = None
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = blocked

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_over_plain_http_are_not_redirected_to_https(client, path):
    assert client.get(path).status_code == 200


def test_it_accepts_only_get(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
