"""Request bodies have a size limit enforced on Content-Length before they are read: a 413
with the API's error body, or a page saying so; JSON bodies included (the API's parser would
otherwise read its stream whole)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from commitments.models import ProgressUpdate

pytestmark = pytest.mark.django_db

FIFTY_MB = 50 * 1024 * 1024


class CountingBody:
    """A request body of `size` bytes that is never held in memory and counts what is read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        left = self.size - self.read_bytes
        count = left if size is None or size < 0 else min(size, left)
        self.read_bytes += count
        return b"x" * count

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def post_unread(client, path: str, content_type: str, body: CountingBody):
    return client.generic(
        "POST",
        path,
        b"",
        content_type,
        **{"wsgi.input": body, "CONTENT_LENGTH": str(body.size), "CONTENT_TYPE": content_type},
    )


def test_a_50_mb_json_body_to_the_api_is_a_413_before_a_byte_is_read():
    body = CountingBody(FIFTY_MB)

    response = post_unread(APIClient(), "/api/v1/progress-updates/", "application/json", body)

    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "request_too_large"
    assert "2.5 MB" in error["message"]
    assert body.read_bytes == 0
    assert not ProgressUpdate.objects.exists()


def test_a_50_mb_json_body_sent_whole_is_a_413_on_the_token_endpoint_too():
    response = APIClient().generic(
        "POST", "/api/v1/auth/token/", b"[" * FIFTY_MB, "application/json"
    )

    assert response.status_code == 413
    assert response.json()["error"]["status"] == 413


def test_a_50_mb_form_post_is_a_413_page_saying_so():
    body = CountingBody(FIFTY_MB)

    response = post_unread(Client(), "/accounts/login/", "application/x-www-form-urlencoded", body)

    assert response.status_code == 413
    assert "This request is too large" in response.content.decode()
    assert body.read_bytes == 0


def test_a_50_mb_upload_is_a_413_page_before_the_file_is_read():
    body = CountingBody(FIFTY_MB)

    response = post_unread(Client(), "/progress/upload/", "multipart/form-data; boundary=XYZ", body)

    assert response.status_code == 413
    assert "larger than the portal accepts" in response.content.decode()
    assert body.read_bytes == 0


def test_an_upload_under_the_request_limit_is_left_to_the_upload_handler(settings):
    settings.UPLOAD_REQUEST_MAX_BYTES = 100 * 1024 * 1024
    body = CountingBody(FIFTY_MB)

    response = post_unread(Client(), "/progress/upload/", "multipart/form-data; boundary=XYZ", body)

    assert response.status_code != 413


def test_a_json_body_under_the_limit_is_parsed_as_usual():
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "nobody", "password": "x" * 100_000}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("path", ["/api/v1/progress-updates/", "/accounts/login/"])
def test_a_content_length_that_is_not_a_number_is_a_400(path):
    response = Client().generic("POST", path, b"{}", "application/json", CONTENT_LENGTH="lots")

    assert response.status_code == 400
