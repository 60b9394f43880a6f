"""An official logs in through the header, reaches the progress upload, logs out; the account
pages pass axe."""

import pytest
from allauth.account.models import EmailAddress

from members.models import Role
from tests.browser.conftest import axe_violations, screenshot
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_an_official_logs_in_from_the_header_uploads_and_logs_out(live_server, page):
    user = UserFactory(username="gov.albania", role=Role.GOVERNMENT_OFFICIAL)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username or e-mail address").fill("gov.albania@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/"
    page.get_by_role("link", name="Upload progress").click()
    page.wait_for_load_state()
    assert page.url.endswith("/progress/upload/")
    assert page.locator("h1").inner_text() == "Upload progress"

    page.get_by_role("link", name="Your account").click()
    assert "Government official" in page.locator("main").inner_text()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Log in").is_visible()
    page.goto(f"{live_server.url}/progress/upload/")
    assert "/accounts/login/" in page.url


def test_a_wrong_password_shows_its_error_next_to_the_form_and_passes_axe(live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or e-mail address").fill("nobody")
    page.get_by_label("Password", exact=True).fill("wrong")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()

    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_the_account_pages_pass_axe_wcag_22_aa(live_server, page, path):
    page.goto(f"{live_server.url}{path}")
    screenshot(page, "axe-account" + path.replace("/", "-").rstrip("-"))

    assert axe_violations(page) == []


def test_the_account_overview_passes_axe(live_server, page):
    user = UserFactory(username="gov.albania")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or e-mail address").fill("gov.albania")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()

    for path in ("/accounts/", "/accounts/email/", "/accounts/password/change/"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
