import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from rest_framework.test import APIRequestFactory

from core.api.throttling import AnonThrottle
from members.models import User
from ogp_portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from ogp_portal.demo.accounts import accounts_seed
from ogp_portal.demo.seeder import DemoSeeder
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN_URL = "/accounts/login/"


def official(**kwargs) -> User:
    """A user set up as the demo's are: a confirmed primary e-mail address."""
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(client, login: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": login, "password": password}, **extra)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).removeprefix("http://testserver")


def test_a_member_of_the_public_signs_up_confirms_the_email_and_is_logged_in(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "amina@example.org",
            "username": "amina",
            "password1": "a long walk to open data",
            "password2": "a long walk to open data",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(username="amina")
    assert (user.role, user.member) == ("", None)
    assert "_auth_user_id" not in client.session
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["amina@example.org"]

    confirm_url = link_in(mailoutbox[0])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified


def test_a_new_account_cannot_log_in_before_confirming_its_email(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "email": "amina@example.org",
            "username": "amina",
            "password1": "a long walk to open data",
            "password2": "a long walk to open data",
        },
    )
    client.logout()

    response = log_in(client, "amina", "a long walk to open data")

    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("login", ["gov.albania", "gov.albania@example.org"])
def test_an_official_logs_in_by_username_or_email(client, login):
    user = official(username="gov.albania")

    response = log_in(client, login)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logging_in_returns_to_the_page_that_asked_for_it(client):
    official(username="gov.albania")
    response = client.get("/progress/upload/")
    assert response["Location"] == f"{LOGIN_URL}?next=/progress/upload/"

    response = client.post(
        response["Location"],
        {"login": "gov.albania", "password": PASSWORD, "next": "/progress/upload/"},
    )

    assert response["Location"] == "/progress/upload/"
    assert client.get("/progress/upload/").status_code == 200


def test_a_wrong_password_is_refused_next_to_the_form(client):
    official(username="gov.albania")

    response = log_in(client, "gov.albania", "wrong")

    assert response.status_code == 200
    assert "The username and/or password you specified are not correct." in response.text
    assert "_auth_user_id" not in client.session


def test_an_account_is_locked_after_five_failed_attempts_even_with_the_right_password(client):
    official(username="gov.albania")
    for _ in range(5):
        log_in(client, "gov.albania", "wrong")

    response = log_in(client, "gov.albania", PASSWORD)

    assert "_auth_user_id" not in client.session
    assert "Too many failed log-in attempts" in response.text
    assert reverse("account_reset_password") in response.text


def test_an_address_is_locked_after_ten_failed_attempts_whatever_it_claims_to_forward(client):
    user = official(username="gov.albania")
    for n in range(10):
        log_in(client, f"guess{n}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    response = log_in(client, user.username, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert "_auth_user_id" not in client.session
    assert "Too many failed log-in attempts" in response.text


def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_saw(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    official(username="gov.albania")
    for n in range(10):
        log_in(client, f"guess{n}", "wrong", HTTP_X_FORWARDED_FOR="forged, 203.0.113.9")

    log_in(client, "gov.albania", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")

    assert "_auth_user_id" in client.session  # another client behind the same proxy


def test_a_forgotten_password_is_reset_by_email(client, mailoutbox):
    official(username="gov.albania")

    response = client.post("/accounts/password/reset/", {"email": "gov.albania@example.org"})

    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mailoutbox) == 1
    response = client.get(link_in(mailoutbox[0]))  # allauth moves the key into the session
    set_url = response["Location"]
    response = client.post(
        set_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    client.logout()
    log_in(client, "gov.albania", "a brand new passphrase")
    assert "_auth_user_id" in client.session


def test_a_signed_in_person_changes_their_password(client):
    user = official(username="gov.albania")
    client.force_login(user)

    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a brand new passphrase",
            "password2": "a brand new passphrase",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")


def test_new_passwords_are_hashed_with_argon2():
    assert make_password("anything").startswith("argon2$")


def test_an_older_pbkdf2_hash_becomes_argon2_at_log_in(client):
    user = official(username="gov.albania")
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))

    log_in(client, "gov.albania")

    user.refresh_from_db()
    assert "_auth_user_id" in client.session
    assert user.password.startswith("argon2$")


def test_the_admin_refuses_a_non_staff_user_whom_the_site_lets_in(client):
    official(username="gov.albania")

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "gov.albania", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    log_in(client, "gov.albania")
    assert "_auth_user_id" in client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_login_page_speaks_spanish(client):
    response = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="es")

    assert '<html lang="es">' in response.text
    assert "Iniciar sesión" in response.text
    assert "Nombre de usuario o dirección de correo electrónico" in response.text


def test_log_out_is_a_post_and_the_header_offers_it(client):
    client.force_login(official(username="gov.albania"))

    page = client.get("/").text
    assert 'action="/accounts/logout/" method="post"' in page
    assert 'href="/accounts/"' in page
    client.post("/accounts/logout/")

    assert "_auth_user_id" not in client.session
    assert 'href="/accounts/login/?next=/"' in client.get("/").text


def test_the_account_page_shows_name_role_member_and_email(client):
    user = official(username="gov.albania", first_name="Elira", last_name="Hoxha")
    client.force_login(user)

    page = client.get("/accounts/").text

    assert "Elira Hoxha" in page
    assert "Government official" in page
    assert user.member.name in page
    assert "gov.albania@example.org" in page
    assert reverse("account_change_password") in page


def test_the_account_page_asks_an_anonymous_visitor_to_log_in(client):
    assert client.get("/accounts/")["Location"] == f"{LOGIN_URL}?next=/accounts/"


def test_every_demo_account_logs_in_by_username_and_by_email(client):
    users = accounts_seed(DemoSeeder(today=None), members={})

    assert set(users) == {account.username for account in DEMO_ACCOUNTS}
    for user in users.values():
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists()
    for login in ("cso.ghana", "irm.staff@example.org"):
        client.logout()
        log_in(client, login, DEMO_PASSWORD)
        assert "_auth_user_id" in client.session


def test_the_api_throttle_counts_by_the_connection_not_a_forged_forwarded_for():
    request = APIRequestFactory().get(
        "/api/v1/members/", HTTP_X_FORWARDED_FOR="203.0.113.1", REMOTE_ADDR="198.51.100.7"
    )

    assert AnonThrottle().get_ident(request) == "198.51.100.7"
