"""With the database unreachable (here: the default connection pointed at a closed port or a
missing file), pages answer a clear 503 page and the API a 503 in its error shape, never a
500 trace."""

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from rest_framework.test import APIClient

from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_down():
    """The default connection, closed and pointed where no database answers; restored after."""
    saved = dict(connection.settings_dict)
    connection.close()
    if settings.IS_POSTGRES:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    else:
        connection.settings_dict.update(NAME="/nonexistent/ogp-portal/db.sqlite3")
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.parametrize("path", ["/", "/commitments/", "/members/"])
def test_a_page_with_the_database_down_is_a_503_page_saying_so(database_down, path):
    response = Client().get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "cannot reach its database" in page
    assert "Traceback" not in page


def test_an_api_request_with_the_database_down_is_a_503_error_body(database_down):
    response = APIClient().get("/api/v1/commitments/")

    assert response.status_code == 503
    assert response.json()["error"] == {
        "status": 503,
        "code": "database_unavailable",
        "message": response.json()["error"]["message"],
        "fields": {},
    }
    assert "try again" in response.json()["error"]["message"]


def test_an_api_write_with_the_database_down_is_a_503_error_body(database_down):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "ana", "password": "x"}, format="json"
    )

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "database_unavailable"


def test_a_signed_in_page_with_the_database_down_is_the_503_page_too(request):
    """The session is read by a middleware, outside any view: handler500 answers it."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    request.getfixturevalue("database_down")

    response = client.get("/")

    assert response.status_code == 503
    assert "cannot reach its database" in response.content.decode()


def test_the_500_and_503_pages_share_one_layout():
    server_error = render_to_string("500.html")
    took_too_long = render_to_string("503.html", {"message": "Stopped."})

    assert "<h1>Something went wrong</h1>" in server_error
    assert "<h1>This page took too long</h1>" in took_too_long and "Stopped." in took_too_long
    assert server_error.count('class="site-header"') == took_too_long.count('class="site-header"')
