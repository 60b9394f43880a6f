"""Under the portal's Content-Security-Policy every page, and the API's documentation pages,
still work in a real browser, with no violation reported."""

import pytest

from tests.browser.conftest import axe_violations
from tests.commitments.factories import CommitmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def collect_csp_violations(page) -> list[str]:
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return messages


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/commitments/",
        "/members/",
        "/data/",
        "/commitments/AL0002/",
        "/accounts/login/",
        "/accounts/signup/",
    ],
)
def test_pages_run_under_the_csp_without_violations(live_server, page, path):
    CommitmentFactory(ogp_id="AL0002")
    violations = collect_csp_violations(page)

    response = page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")

    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert violations == []


def test_htmx_still_runs_under_the_csp(live_server, page):
    page.goto(f"{live_server.url}/commitments/")

    assert page.evaluate("typeof htmx") == "object"


def test_swagger_ui_renders_the_api_under_the_csp(live_server, page):
    violations = collect_csp_violations(page)

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20000)

    assert "OGP Action Plan Portal API" in page.inner_text(".swagger-ui .info .title")
    assert violations == []


def test_redoc_renders_the_api_under_the_csp(live_server, page):
    violations = collect_csp_violations(page)

    page.goto(f"{live_server.url}/api/v1/redoc/")
    page.wait_for_selector("h1", timeout=20000)

    assert "OGP Action Plan Portal API" in page.inner_text("h1")
    # ReDoc's "powered by" logo comes from its CDN; the policy keeps it out, on purpose.
    assert [text for text in violations if "cdn.redoc.ly" not in text] == []


def test_the_axe_check_still_runs_under_the_csp(live_server, page):
    page.goto(f"{live_server.url}/")

    assert isinstance(axe_violations(page), list)
