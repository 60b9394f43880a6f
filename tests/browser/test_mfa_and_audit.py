"""The Support Unit, required to use two-step sign-in, sets it up in the browser, then reads
the audit log; each page passes axe."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from members.models import Role
from tests.browser.conftest import axe_violations, screenshot
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_the_support_unit_sets_up_two_step_sign_in_and_reads_the_audit_log(
    live_server, page, settings
):
    settings.MFA_REQUIRED_ROLES = ["irm_staff", "support_unit", "administrator"]
    user = UserFactory(username="support.unit", role=Role.SUPPORT_UNIT, member=None)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or e-mail address").fill("support.unit")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()

    assert page.url.endswith("/accounts/2fa/totp/activate/")
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the inline data: SVG
    screenshot(page, "mfa-set-up")
    assert axe_violations(page) == []

    secret = page.get_by_label("Key for your authenticator app").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_load_state()

    assert page.url.endswith("/accounts/2fa/recovery-codes/")
    assert page.locator("#recovery_codes li").count() == 10
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/accounts/2fa/")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/audit/")
    rows = page.locator("tbody tr")
    assert "Two-step sign-in turned on" in page.locator("tbody").inner_text()
    assert "Logged in" in page.locator("tbody").inner_text()
    assert rows.count() >= 2
    screenshot(page, "audit-log")
    assert axe_violations(page) == []

    page.get_by_label("Event").select_option(label="Logged in")
    page.get_by_role("button", name="Filter events").click()
    page.wait_for_load_state()
    assert "kind=account.logged_in" in page.url
    assert "Two-step sign-in turned on" not in page.locator("tbody").inner_text()
    assert axe_violations(page) == []
