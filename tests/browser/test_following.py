"""A person follows a commitment, progress is reported on it, and they read the notification:
the header's unread count drops. The new pages pass axe-core."""

import pytest
from django.db import transaction

from commitments.services import progress_update_create
from core.api.tokens import api_token_issue
from members.models import Role
from ogp_portal.notifications.emails import unsubscribe_token
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_co_editing import signed_in
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _report_progress(commitment) -> None:
    author = UserFactory(role=Role.POINT_OF_CONTACT, member=commitment.plan.member)
    with transaction.atomic():  # commits: the notify task runs (in-process Celery)
        progress_update_create(
            author=author,
            commitment=commitment,
            source="government",
            completion="substantial",
            text="The open data portal publishes every bill.",
        )


def test_following_a_commitment_and_reading_what_happened(browser, live_server):
    commitment = CommitmentFactory(title="Open parliamentary data for all")
    reader = UserFactory(username="reader", role="", member=None)
    page = signed_in(browser, live_server, reader)

    page.goto(live_server.url + commitment.get_absolute_url())
    page.get_by_role("button", name="Follow", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Following · Unfollow").is_visible()
    assert axe_violations(page) == []

    _report_progress(commitment)
    page.reload()
    header_link = page.get_by_role("link", name="Notifications 1 unread")
    assert header_link.is_visible()
    header_link.click()
    page.wait_for_load_state()
    assert page.get_by_role(
        "link", name=f"New progress reported on {commitment.ogp_id}"
    ).is_visible()
    assert axe_violations(page) == []
    screenshot(page, "notifications-unread")

    page.get_by_role("button", name="Mark read").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Notifications", exact=True).is_visible()
    assert page.locator("[data-unread-count]").count() == 0
    page.get_by_role("link", name=f"New progress reported on {commitment.ogp_id}").click()
    page.wait_for_load_state()
    assert page.url.endswith(commitment.get_absolute_url())


def test_the_settings_webhooks_and_unsubscribe_pages_pass_axe(browser, live_server):
    person = UserFactory(username="partner", role="", member=None)
    api_token_issue(user=person)
    page = signed_in(browser, live_server, person)

    for path in ("/notifications/settings/", "/notifications/webhooks/", "/notifications/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path

    page.goto(live_server.url + "/notifications/settings/")
    page.get_by_label("A weekly digest").check()
    page.get_by_label("Language of the e-mails").select_option("fr")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Your notification settings are saved." in page.content()

    page.goto(live_server.url + "/notifications/webhooks/")
    page.get_by_label("Address to POST to").fill("ftp://partner.example/hook")
    page.get_by_label("progress.reported").check()
    page.get_by_role("button", name="Save the webhook").click()
    page.wait_for_load_state()
    assert "starting with https://" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "webhook-form-error")

    anonymous = browser.new_page()
    anonymous.goto(f"{live_server.url}/notifications/unsubscribe/{unsubscribe_token(person.pk)}/")
    assert axe_violations(anonymous) == []
    anonymous.get_by_role("button", name="Stop e-mails").click()
    anonymous.wait_for_load_state()
    assert "no more e-mails" in anonymous.content()
    anonymous.close()
