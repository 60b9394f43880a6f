"""The forum's own pages in a real browser: the point of contact invites, the invitee accepts
with a fresh account, co-edits a draft commitment of the plan in co-creation and records a
meeting with its minutes as a PDF; axe finds nothing."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from commitments import drafting
from members.models import ForumMeeting, ForumSeat, Role
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.data import build_portal
from tests.commitments.drafting_fixtures import plan_in_co_creation
from tests.core.documents import PDF
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def log_in(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def assert_accessible(page, name):
    screenshot(page, f"forum-{name}")
    assert axe_violations(page) == [], name


def test_the_point_of_contact_invites_and_the_invitee_edits_a_draft_and_records_a_meeting(
    live_server, page, tmp_path
):
    portal = build_portal()
    member = portal["member"]
    log_in(page, live_server, UserFactory(role=Role.POINT_OF_CONTACT, member=member))

    page.goto(f"{live_server.url}{member.get_absolute_url()}")
    page.get_by_role("link", name="Run the forum").click()
    assert_accessible(page, "manage")
    page.get_by_role("link", name="Edit description and rules").click()
    assert_accessible(page, "edit")
    page.goto(f"{live_server.url}/members/{member.slug}/forum/seats/")
    assert_accessible(page, "seats")
    page.get_by_role("link", name="Invite a person").click()
    page.get_by_role("button", name="Send the invitation").click()
    assert page.locator("#id_email_error").is_visible()
    assert_accessible(page, "invitation-errors")
    page.get_by_label("Name").fill("Lira Civic")
    page.get_by_label("E-mail address").fill("lira@example.org")
    page.get_by_label("Sector").select_option("civil_society")
    page.get_by_label("Co-chair of the forum").check()
    page.get_by_role("button", name="Send the invitation").click()
    assert "An invitation was sent to lira@example.org" in page.content()

    link = re.search(r"http\S+/forum/invitations/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/{path}")
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert_accessible(page, "accept-signed-out")

    invitee = UserFactory(username="lira", role="", member=None)
    log_in(page, live_server, invitee)
    page.goto(f"{live_server.url}/{path}")
    assert_accessible(page, "accept")
    page.get_by_role("button", name="Accept the seat").click()
    assert ForumSeat.objects.get(user=invitee).is_co_chair

    official = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=member)
    draft = drafting.commitment_create(
        user=official,
        plan=plan_in_co_creation(member),
        values={"title": "Open budget data", "problem": "Budgets are PDFs."},
        milestones=[drafting.MilestoneDraft("Publish the budget as CSV")],
    )
    page.goto(f"{live_server.url}/commitments/{draft.pk}/edit/")
    page.get_by_label("Title (required)", exact=True).fill("Open budget data, every month")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    draft.refresh_from_db()
    assert draft.title == "Open budget data, every month"

    page.goto(f"{live_server.url}/members/{member.slug}/forum/meetings/new/")
    assert_accessible(page, "meeting-new")
    page.get_by_label("Date").fill("2026-11-24")
    page.get_by_label("Title").fill("Forum meeting: drafting commitments")
    page.get_by_label("Civil society attendees").fill("6")
    page.get_by_label("Government attendees").fill("5")
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(PDF)
    page.get_by_label("Minutes as a file").set_input_files(str(minutes))
    page.get_by_role("button", name="Save the meeting").click()
    assert "The meeting was saved." in page.content()

    meeting = ForumMeeting.objects.get(title="Forum meeting: drafting commitments")
    assert meeting.minutes_file_type == "application/pdf"
    page.goto(f"{live_server.url}/members/{member.slug}/forum/meetings/{meeting.pk}/edit/")
    assert_accessible(page, "meeting-edit")
    page.goto(f"{live_server.url}/members/{member.slug}/documents/new/")
    assert_accessible(page, "document-new")
    page.goto(f"{live_server.url}{member.get_absolute_url()}")
    assert page.get_by_role("link", name="Download the minutes of Forum meeting").is_visible()
    assert_accessible(page, "member-page")
