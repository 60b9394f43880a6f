"""Every response carries the portal's security headers; production settings pass
`check --deploy`; pages shown to a signed-in person are never kept by shared caches."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from commitments.models import Commitment
from members.models import Role
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent
SAMPLED = [
    "/",
    "/commitments/",
    "/commitments/AL0002/",
    "/members/",
    "/data/",
    "/robots.txt",
    "/sitemap.xml",
    "/healthz",
    "/readyz",
    "/admin/login/",
    "/api/v1/",
    "/api/v1/commitments/",
    "/api/v1/commitments/AL0002/",
    "/api/v1/schema/",
    "/no-such-page/",
    "/api/v1/no-such-resource/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", SAMPLED)
def test_every_response_carries_the_security_headers(client, path, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    CommitmentFactory(ogp_id="AL0002")

    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_api_docs_pages_relax_styles_for_themselves_only(client):
    docs = client.get("/api/v1/docs/")["Content-Security-Policy"]
    home = client.get("/")["Content-Security-Policy"]

    assert "'unsafe-inline'" in docs
    assert "script-src 'self';" in docs + ";"
    assert "'unsafe-inline'" not in home


@pytest.mark.django_db
def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    UserFactory(username="ana", is_staff=True)

    response = client.post(
        "/admin/login/", {"username": "ana", "password": "correct horse battery staple"}
    )

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_a_signed_in_page_that_may_show_drafts_is_private(client):
    commitment = CommitmentFactory(
        ogp_id="AL0002", publication_state=Commitment.PublicationState.DRAFT
    )
    client.force_login(UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=commitment.plan.member))

    response = client.get("/commitments/AL0002/")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_an_anonymous_page_is_not_marked_private(client):
    assert "private" not in client.get("/commitments/").get("Cache-Control", "")


@pytest.mark.django_db
def test_signed_in_api_reads_stay_private():
    client = APIClient()
    client.force_authenticate(UserFactory())

    assert "private" in client.get("/api/v1/members/")["Cache-Control"]


def production_environment(**extra: str) -> dict[str, str]:
    environ = {
        name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {
        **environ,
        "DJANGO_SETTINGS_MODULE": "ogp_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.org",
        **extra,
    }


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_on_https_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip().split(None, 4) == [
        "True",
        "31536000",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
    ], result.stderr
