"""The language in the address: /es/ and /fr/ show their language whatever the visitor's
cookie or browser says; the plain address stays English unless the visitor chose otherwise;
the machines' endpoints keep one address."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.commitments.factories import CommitmentFactory
from tests.members.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize(
    ("prefix", "lang", "heading"), [("/es", "es", "Miembros"), ("/fr", "fr", "Membres")]
)
def test_a_prefixed_address_shows_its_language_whatever_the_browser_and_cookie_say(
    client, prefix, lang, heading
):
    client.cookies["django_language"] = "en"

    response = client.get(f"{prefix}/members/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text and heading in response.text


def test_the_plain_address_is_english_for_a_visitor_who_states_no_preference(client):
    html = client.get("/members/").text

    assert '<html lang="en">' in html and "Members" in html


def test_a_browser_asking_for_spanish_reads_the_plain_address_in_spanish_with_spanish_links(
    client,
):
    response = client.get("/members/", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200 and '<html lang="es">' in response.text
    assert 'href="/es/commitments/"' in response.text
    assert _alternates(response.text)["x-default"] == "http://testserver/members/"


def test_the_links_of_a_spanish_page_stay_in_spanish(client):
    CommitmentFactory(ogp_id="AL0002", plan__member__slug="albania")

    html = client.get("/es/commitments/").text

    assert 'href="/es/commitments/AL0002/"' in html
    assert 'href="/es/members/"' in html


def test_every_page_names_its_address_in_each_language_absolutely(client):
    MemberFactory(slug="albania")

    html = client.get("/fr/members/albania/?tab=plans").text

    assert _alternates(html) == {
        "en": "http://testserver/members/albania/?tab=plans",
        "es": "http://testserver/es/members/albania/?tab=plans",
        "fr": "http://testserver/fr/members/albania/?tab=plans",
        "x-default": "http://testserver/members/albania/?tab=plans",
    }


def test_a_missing_page_names_no_alternates(client):
    response = client.get("/es/no-such-page/")

    assert response.status_code == 404 and _alternates(response.text) == {}


@pytest.mark.parametrize(
    ("language", "next_url", "landing"),
    [
        ("fr", "/commitments/AL0002/", "/fr/commitments/AL0002/"),
        ("es", "/fr/commitments/?q=budget", "/es/commitments/?q=budget"),
        ("en", "/es/members/", "/members/"),
    ],
)
def test_the_language_switcher_goes_to_the_same_page_in_the_chosen_language(
    client, language, next_url, landing
):
    CommitmentFactory(ogp_id="AL0002")

    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})

    assert response.status_code == 302 and response["Location"] == landing
    assert client.cookies["django_language"].value == language


def test_the_header_switcher_posts_the_current_page(client):
    html = client.get("/es/members/?region=europe").text

    assert 'action="/i18n/setlang/"' in html
    assert '<input name="next" type="hidden" value="/es/members/?region=europe">' in html


@pytest.mark.parametrize("address", ["/es/api/v1/commitments/", "/fr/admin/", "/es/healthz"])
def test_machines_endpoints_have_no_language_prefix(client, address):
    assert client.get(address).status_code == 404


def test_the_api_keeps_following_the_browser_language(client):
    response = client.get("/api/v1/commitments/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200 and response["Content-Language"] == "fr"


def test_signing_in_from_a_spanish_page_comes_back_to_it_in_spanish(client):
    login = client.get("/es/notifications/")

    assert login.status_code == 302
    assert login["Location"].startswith("/es/accounts/login/?next=/es/notifications/")
    assert '<html lang="es">' in client.get(login["Location"]).text


def test_the_account_pages_have_spanish_addresses(client):
    assert reverse("account_login") == "/accounts/login/"
    with translation.override("es"):
        assert reverse("account_login") == "/es/accounts/login/"
    assert "Iniciar sesión" in client.get("/es/accounts/login/").text


def test_the_confirmation_e_mail_of_a_spanish_sign_up_links_to_the_spanish_page(client, mailoutbox):
    client.post(
        "/es/accounts/signup/",
        {
            "email": "amina@example.org",
            "username": "amina",
            "password1": "a long walk to open data",
            "password2": "a long walk to open data",
        },
    )

    link = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    path = link.removeprefix("http://testserver")
    assert path.startswith("/es/accounts/confirm-email/")
    confirm = client.get(path)
    assert confirm.status_code == 200 and '<html lang="es">' in confirm.text


def test_a_plain_address_answer_varies_with_the_language_cookie(client):
    response = client.get("/members/")

    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary


def test_the_plain_address_follows_the_chosen_language_for_a_signed_in_person(client):
    client.force_login(UserFactory(role="", member=None))
    client.cookies["django_language"] = "fr"

    assert '<html lang="fr">' in client.get("/notifications/").text
