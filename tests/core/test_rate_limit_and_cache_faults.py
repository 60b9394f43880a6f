"""The API's rate limit counts the address our own proxies saw, never a header the client
writes; with Redis unreachable, pages and API reads still answer."""

import logging

import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from rest_framework.test import APIClient

from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

TIGHT = {
    **django_settings.REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "100/min"},
}
CLOSED_PORT_REDIS = {
    "default": {
        "BACKEND": "core.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:6390/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@override_settings(REST_FRAMEWORK=TIGHT)
def test_a_forged_x_forwarded_for_does_not_escape_the_rate_limit():
    client = APIClient()
    answers = [
        client.get("/api/v1/members/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(5)
    ]

    assert answers == [200, 200, 429, 429, 429]


@override_settings(REST_FRAMEWORK=TIGHT)
def test_a_forged_x_forwarded_for_does_not_escape_the_token_endpoint_limit():
    client = APIClient()
    answers = [
        client.post(
            "/api/v1/auth/token/",
            {"username": "nobody", "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(4)
    ]

    assert answers == [400, 400, 429, 429]


@override_settings(REST_FRAMEWORK=TIGHT, TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_each_client_has_its_own_budget():
    client = APIClient()

    def ask(chain: str) -> int:
        return client.get("/api/v1/members/", HTTP_X_FORWARDED_FOR=chain).status_code

    # The proxy appends the address it saw; what the client wrote before it is ignored.
    assert [ask(f"10.0.0.{n}, 203.0.113.7") for n in range(3)] == [200, 200, 429]
    assert ask("203.0.113.8") == 200


@override_settings(CACHES=CLOSED_PORT_REDIS)
def test_api_reads_answer_when_redis_is_unreachable(caplog):
    CommitmentFactory(ogp_id="AL0002")

    with caplog.at_level(logging.WARNING):
        listed = APIClient().get("/api/v1/commitments/")
        one = APIClient().get("/api/v1/commitments/AL0002/")

    assert (listed.status_code, one.status_code) == (200, 200)
    assert "cache" in caplog.text.lower()


@override_settings(CACHES=CLOSED_PORT_REDIS)
def test_signed_in_api_reads_answer_when_redis_is_unreachable():
    client = APIClient()
    client.force_authenticate(UserFactory())

    assert client.get("/api/v1/members/").status_code == 200


@override_settings(CACHES=CLOSED_PORT_REDIS)
@pytest.mark.parametrize("path", ["/", "/commitments/", "/members/", "/data/"])
def test_pages_answer_when_redis_is_unreachable(client, path):
    assert client.get(path).status_code == 200


@override_settings(
    CACHES={
        "default": {
            **CLOSED_PORT_REDIS["default"],
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
        }
    }
)
def test_the_rate_limit_fails_open_even_on_a_plain_redis_cache():
    assert APIClient().get("/api/v1/members/").status_code == 200


@pytest.mark.redis
@override_settings(REST_FRAMEWORK=TIGHT)
def test_the_redis_rate_limit_asks_redis_once_per_request_and_keeps_drf_s_window(monkeypatch):
    from django.core.cache import cache
    from redis import Redis

    cache.clear()
    commands = []
    real_eval = Redis.eval
    monkeypatch.setattr(
        Redis, "eval", lambda self, *args: commands.append(args[0]) or real_eval(self, *args)
    )
    client = APIClient()

    answers = [client.get("/api/v1/members/") for _n in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert 0 < int(answers[2]["Retry-After"]) <= 60
    assert len(commands) == 3
