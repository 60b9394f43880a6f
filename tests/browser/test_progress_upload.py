"""An implementer uploads progress as CSV in a real browser: all or nothing."""

import pytest
from django.conf import settings
from django.test import Client

from commitments.models import ProgressUpdate
from members.models import Role
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.data import build_portal
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "commitment,milestone,source,reported_on,completion,text,evidence_links\n"


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def upload(page, tmp_path, content: str):
    csv_file = tmp_path / "progress.csv"
    csv_file.write_text(content)
    page.get_by_label("Progress CSV").set_input_files(str(csv_file))
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_load_state()


def test_implementer_sees_every_bad_row_and_nothing_is_stored(live_server, page, tmp_path):
    portal = build_portal()
    official = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=portal["member"])
    log_in(page, live_server, official)
    before = ProgressUpdate.objects.count()
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Upload progress").click()

    upload(
        page,
        tmp_path,
        HEADER
        + "AL0042,,government,2024-08-01,substantial,Bills are online.,\n"
        + "AL0042,,government,not-a-date,complete,Votes too.,\n"
        + "XX9999,,government,2024-08-01,limited,Unknown commitment.,\n",
    )

    errors = page.get_by_role("table").inner_text()
    assert "not-a-date" in errors or "reported_on" in errors
    assert "XX9999" in errors
    assert ProgressUpdate.objects.count() == before
    screenshot(page, "upload-errors")
    assert axe_violations(page) == []


def test_implementer_uploads_a_valid_file_and_the_progress_is_recorded(live_server, page, tmp_path):
    portal = build_portal()
    official = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=portal["member"])
    log_in(page, live_server, official)
    page.goto(f"{live_server.url}/progress/upload/")

    upload(
        page,
        tmp_path,
        HEADER + "AL0042,,government,2024-08-01,complete,All bills and votes are online.,"
        "https://parlament.al/open-data\n",
    )

    assert ProgressUpdate.objects.filter(
        commitment=portal["commitment"], text="All bills and votes are online."
    ).exists()
    screenshot(page, "upload-done")
    page.goto(f"{live_server.url}/commitments/AL0042/")
    assert "All bills and votes are online." in page.locator("main").inner_text()


def test_upload_page_asks_a_visitor_to_log_in(live_server, page):
    page.goto(f"{live_server.url}/progress/upload/")

    assert "/login/" in page.url
