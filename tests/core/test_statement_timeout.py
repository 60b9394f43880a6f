"""Every query has a statement timeout; one that exceeds it answers a clear 503."""

import json

import pytest
from django.db import OperationalError, connection, transaction
from django.test import RequestFactory

from core.middleware import QueryTimeoutMiddleware

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _timed_out_query() -> OperationalError:
    with pytest.raises(OperationalError) as caught:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 10")
            cursor.execute("SELECT pg_sleep(1)")
    return caught.value


def _answer(path: str, **headers):
    middleware = QueryTimeoutMiddleware(lambda request: None)
    return middleware.process_exception(RequestFactory().get(path, **headers), _timed_out_query())


def test_every_connection_has_the_configured_statement_timeout(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        [shown] = cursor.fetchone()

    assert settings.DATABASE_STATEMENT_TIMEOUT_MS == 30000
    assert shown == "30s"


def test_a_page_whose_query_times_out_answers_503_with_a_page():
    response = _answer("/commitments/?q=budget")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "This page took too long" in html
    assert "took too long for the database and was stopped" in html


def test_an_api_request_whose_query_times_out_answers_503_with_json():
    response = _answer("/api/v1/commitments/")

    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "query_timeout"


def test_other_database_errors_are_left_to_the_500_handler():
    middleware = QueryTimeoutMiddleware(lambda request: None)

    assert middleware.process_exception(RequestFactory().get("/"), OperationalError("x")) is None
