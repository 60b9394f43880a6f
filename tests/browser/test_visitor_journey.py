"""A visitor, with no account, walks the public portal in a real browser."""

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.data import build_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_finds_a_commitment_from_the_home_page_through_search_and_filters(
    live_server, page
):
    build_portal()

    page.goto(f"{live_server.url}/")
    assert page.locator("h1").first.is_visible()
    screenshot(page, "01-home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    page.get_by_role("searchbox").fill("parliament")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/commitments/?*q=parliament*")
    results = page.locator("ol.results > li")
    assert results.count() == 2
    screenshot(page, "02-search")

    page.get_by_label("Region").select_option(label="Europe")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**region=europe*")
    assert page.locator("ol.results > li").count() == 1
    screenshot(page, "03-filtered")

    page.get_by_role("link", name="AL0042: Open parliament data portal").click()
    page.wait_for_url("**/commitments/AL0042/")
    assert "Open parliament data portal" in page.locator("h1").inner_text()
    body = page.locator("main").inner_text()
    assert "Government self-assessment" in body
    assert "Civil society" in body
    assert "They differ on completion." in body
    screenshot(page, "04-commitment")


def test_search_filters_live_in_the_address_so_results_can_be_shared(live_server, page):
    build_portal()

    page.goto(f"{live_server.url}/commitments/?q=parliament&region=africa_middle_east")

    assert page.locator("ol.results > li").count() == 1
    assert "GH0031" in page.locator("ol.results").inner_text()


def test_visitor_switches_the_portal_to_spanish(live_server, page):
    build_portal()
    page.goto(f"{live_server.url}/")

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change", exact=True).click()

    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Compromisos" in page.get_by_role("navigation", name="Principal").inner_text()
    screenshot(page, "05-home-es")


PAGE_TYPES = {
    "home": "/",
    "members": "/members/",
    "members-filtered": "/members/?region=europe",
    "member": "/members/albania/",
    "plan": None,  # depends on the plan's id
    "search": "/commitments/",
    "search-results": "/commitments/?q=parliament&region=europe",
    "search-bad-filter": "/commitments/?region=mars&year_from=x",
    "commitment": "/commitments/AL0042/",
    "data": "/data/",
    "not-found": "/members/atlantis/",
}


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_passes_axe_wcag_22_aa(live_server, page, name):
    portal = build_portal()
    path = PAGE_TYPES[name] or portal["plan"].get_absolute_url()

    page.goto(f"{live_server.url}{path}")
    screenshot(page, f"axe-{name}")

    assert axe_violations(page) == []


def test_the_spanish_commitment_page_passes_axe(live_server, page):
    build_portal()
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])

    page.goto(f"{live_server.url}/commitments/AL0042/")

    assert page.locator("html").get_attribute("lang") == "es"
    assert axe_violations(page) == []


def test_the_axe_check_reports_a_real_violation(page):
    page.set_content('<html lang="en"><body><main><img src="chart.png"></main></body></html>')

    assert "image-alt" in {violation["rule"] for violation in axe_violations(page)}
