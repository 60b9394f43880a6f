"""Two forum members co-edit a draft commitment in real browsers: nobody's work is lost."""

import pytest
from django.conf import settings
from django.test import Client

from commitments import drafting
from commitments.models import Commitment
from members.models import Role
from tests.browser.conftest import axe_violations, screenshot
from tests.commitments.drafting_fixtures import forum_member, plan_in_co_creation
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


@pytest.fixture
def draft():
    plan = plan_in_co_creation()
    official = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=plan.member, username="official")
    activist = forum_member(plan.member)
    commitment = drafting.commitment_create(
        user=official,
        plan=plan,
        values={"title": "Open budget data", "problem": "Budgets are PDFs."},
        milestones=[drafting.MilestoneDraft("Publish the budget as CSV")],
    )
    return commitment, official, activist


def test_two_people_editing_at_once_both_keep_their_changes(browser, live_server, draft):
    commitment, official, activist = draft
    edit_url = f"{live_server.url}/commitments/{commitment.pk}/edit/"
    first = signed_in(browser, live_server, official)
    second = signed_in(browser, live_server, activist)
    first.goto(edit_url)
    second.goto(edit_url)
    assert axe_violations(first) == []

    first.get_by_label("Title (required)", exact=True).fill("Open budgets for all")
    first.get_by_label("Theme").fill("Fiscal openness")
    first.get_by_role("button", name="Save", exact=True).click()
    first.wait_for_load_state()
    assert "Saved as version 2" in first.content()

    second.get_by_label("Title (required)", exact=True).fill("Open budget data, every month")
    second.get_by_label("Problem addressed").fill("Budgets are scanned PDFs.")
    second.get_by_role("button", name="Save", exact=True).click()
    second.wait_for_load_state()
    assert "Someone else saved this commitment" in second.content()
    assert "Open budgets for all" in second.content()
    screenshot(second, "co-editing-conflict")
    assert axe_violations(second) == []

    second.get_by_label("Your title (edit to merge)").fill("Open budgets for all, every month")
    second.get_by_role("button", name="Save with these choices").click()
    second.wait_for_load_state()
    assert "Saved as version 3" in second.content()

    commitment.refresh_from_db()
    assert commitment.title == "Open budgets for all, every month"
    assert commitment.theme == "Fiscal openness"
    assert commitment.problem == "Budgets are scanned PDFs."
    first.context.close()
    second.context.close()


def test_an_earlier_version_is_restored_from_its_page(browser, live_server, draft):
    commitment, official, _activist = draft
    drafting.commitment_update(
        user=official, commitment=commitment, version=1, values={"title": "A worse title"}
    )
    page = signed_in(browser, live_server, official)
    page.goto(f"{live_server.url}{commitment.get_absolute_url()}")
    page.get_by_role("link", name="View version 1").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Restore version 1").click()
    page.wait_for_load_state()
    assert "Version 1 is restored as version 3" in page.content()
    assert Commitment.objects.get(pk=commitment.pk).title == "Open budget data"
    page.context.close()


def test_the_new_commitment_page_passes_axe(browser, live_server, draft):
    commitment, official, _activist = draft
    page = signed_in(browser, live_server, official)
    page.goto(f"{live_server.url}{commitment.plan.get_absolute_url()}")
    page.get_by_role("link", name="Draft a new commitment").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.get_by_label("Title (required)", exact=True).fill("Open procurement")
    page.get_by_label("Milestone (required)", exact=True).fill("Publish every contract")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert "The draft commitment is saved" in page.content()
    assert axe_violations(page) == []  # the commitment page, with the forum's comments
    page.context.close()
