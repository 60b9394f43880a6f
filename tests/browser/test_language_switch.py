"""A visitor reads a commitment, switches to French and Spanish in the header, and lands on the
same commitment at its French and Spanish addresses, which they can share."""

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.data import build_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_switcher_takes_a_commitment_page_to_its_french_address(live_server, page):
    build_portal()

    page.goto(f"{live_server.url}/commitments/AL0042/")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()

    page.wait_for_url(f"{live_server.url}/fr/commitments/AL0042/")
    assert page.locator("html").get_attribute("lang") == "fr"
    alternate = page.locator('link[rel="alternate"][hreflang="es"]')
    assert alternate.get_attribute("href") == f"{live_server.url}/es/commitments/AL0042/"
    screenshot(page, "language-fr-commitment")
    assert axe_violations(page) == []

    page.get_by_label("Langue").select_option("es")
    page.get_by_role("button", name="Changer").click()
    page.wait_for_url(f"{live_server.url}/es/commitments/AL0042/")
    assert page.locator("html").get_attribute("lang") == "es"

    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Miembros").click()
    page.wait_for_url(f"{live_server.url}/es/members/")
    assert axe_violations(page) == []


def test_a_shared_spanish_address_is_spanish_in_an_english_browser(live_server, page):
    build_portal()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])

    page.goto(f"{live_server.url}/es/commitments/AL0042/")

    assert page.locator("html").get_attribute("lang") == "es"
    assert axe_violations(page) == []
