"""In a real browser: a forum member deletes a draft and another restores it from the plan's
page; a user creates an API token (shown once) and revokes it. axe-core finds nothing on
the pages these add to."""

import pytest

from commitments import drafting
from commitments.models import Commitment
from core.models import ApiToken
from members.models import Role
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_co_editing import signed_in
from tests.commitments.drafting_fixtures import forum_member, plan_in_co_creation
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_deleted_draft_is_restored_from_the_plans_page(browser, live_server):
    plan = plan_in_co_creation()
    official = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=plan.member)
    activist = forum_member(plan.member)
    draft = drafting.commitment_create(
        user=official, plan=plan, values={"title": "Open contracting portal"}
    )
    page = signed_in(browser, live_server, official)

    page.goto(f"{live_server.url}/commitments/{draft.pk}/edit/")
    page.get_by_role("button", name="Delete draft").click()
    page.wait_for_url(f"{live_server.url}{plan.get_absolute_url()}")
    assert not Commitment.objects.filter(pk=draft.pk).exists()

    other = signed_in(browser, live_server, activist)
    other.goto(f"{live_server.url}{plan.get_absolute_url()}")
    assert other.get_by_role("heading", name="Deleted drafts").is_visible()
    assert axe_violations(other) == []
    screenshot(other, "deleted-drafts")
    other.get_by_role("button", name="Restore draft 1").click()
    other.wait_for_url(f"{live_server.url}/commitments/{draft.pk}/edit/")

    assert Commitment.objects.filter(pk=draft.pk).exists()


def test_an_api_token_is_created_shown_once_and_revoked(browser, live_server):
    user = UserFactory()
    page = signed_in(browser, live_server, user)

    page.goto(f"{live_server.url}/accounts/")
    assert axe_violations(page) == []
    page.get_by_label("Name").fill("nightly sync")
    page.get_by_label("Read only").check()
    page.get_by_role("button", name="Create the token").click()
    key = page.locator(".api-token-key").inner_text()
    assert len(key) == 64
    assert axe_violations(page) == []
    screenshot(page, "api-token-created")

    page.goto(f"{live_server.url}/accounts/")
    assert key not in page.content()
    page.get_by_role("button", name="Revoke token").click()

    assert ApiToken.objects.get(user=user).revoked_at is not None


def test_the_support_unit_withdraws_a_commitment_and_the_public_page_says_why(browser, live_server):
    commitment = CommitmentFactory(
        publication_state=Commitment.PublicationState.PUBLISHED, ogp_id="WD0001"
    )
    page = signed_in(browser, live_server, UserFactory(role=Role.SUPPORT_UNIT))

    page.goto(f"{live_server.url}/commitments/WD0001/")
    page.get_by_role("link", name="Withdraw this commitment").click()
    assert axe_violations(page) == []
    page.get_by_label("Reason for withdrawal").fill("Merged into WD0002.")
    page.get_by_role("button", name="Withdraw the commitment").click()
    page.wait_for_url(f"{live_server.url}/commitments/WD0001/")

    assert "Merged into WD0002." in page.content()
    assert axe_violations(page) == []
    commitment.refresh_from_db()
    assert commitment.is_withdrawn
