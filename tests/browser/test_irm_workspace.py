"""An IRM review in real browsers, from the Support Unit's assignment to publication: the
researcher clusters two commitments, records every indicator with "Save and go to the next
commitment", is refused pre-publication while one lacks its indicators, then publishes, and
the form is frozen. axe-core finds nothing on any of the workspace's pages."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from irm_reviews.models import CommitmentAssessment, CycleState
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.browser.conftest import axe_violations, screenshot
from tests.commitments.factories import CommitmentFactory, ProgressUpdateFactory
from tests.irm_reviews.factories import ReviewCycleFactory
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


def assert_accessible(page, name: str) -> None:
    screenshot(page, name)
    assert axe_violations(page) == []


def choose(page, indicator: str, level: str) -> None:
    page.get_by_role("group", name=indicator).get_by_label(level, exact=True).check()


def test_a_researcher_files_a_review_from_assignment_to_publication(browser, live_server):
    plan = ActionPlanFactory()
    commitments = [
        CommitmentFactory(plan=plan, position=n, number=str(n), title=f"Open parliament step {n}")
        for n in (1, 2, 3)
    ]
    ProgressUpdateFactory(commitment=commitments[2], text="Committee hearings are streamed.")
    cycle = ReviewCycleFactory(
        plan=plan, opens_on=datetime.date(2026, 9, 1), due_on=datetime.date(2026, 12, 20)
    )
    researcher = UserFactory(
        role=Role.IRM_STAFF, member=None, first_name="Paula", last_name="Reyes"
    )
    support = UserFactory(role=Role.SUPPORT_UNIT, member=None)

    # The Support Unit assigns the researcher from the workspace.
    unit = signed_in(browser, live_server, support)
    unit.goto(f"{live_server.url}/irm/")
    assert_accessible(unit, "irm-workspace-support-unit")
    unit.get_by_label(
        f"IRM researcher to assign to the Action Plan Review of {plan.member.name}"
    ).select_option(label="Paula Reyes")
    unit.get_by_role("button", name="Assign").click()
    unit.wait_for_load_state()
    assert "Paula Reyes is assigned to this review." in unit.content()
    unit.context.close()

    page = signed_in(browser, live_server, researcher)
    page.goto(f"{live_server.url}/irm/")
    assert "3 of 3 commitments lack required indicators." in page.content()
    assert_accessible(page, "irm-workspace-researcher")
    page.get_by_role("link", name=f"Action Plan Review: {plan.member.name}").click()
    page.wait_for_load_state()
    assert_accessible(page, "irm-review")

    # Two commitments are assessed once, as a cluster.
    page.get_by_label("Cluster name").fill("Open parliament")
    page.get_by_label("1. Open parliament step 1").check()
    page.get_by_label("2. Open parliament step 2").check()
    page.get_by_role("button", name="Create the cluster").click()
    page.wait_for_load_state()
    assert "The cluster Open parliament is created." in page.content()
    assert_accessible(page, "irm-cluster-form")
    choose(page, "Verifiable", "Yes")
    choose(page, "Open government lens", "Yes")
    choose(page, "Potential for results", "Substantial")
    choose(page, "Promising commitment", "Yes")
    page.get_by_label("Justification: Potential for results").fill("Binding rules and deadlines.")
    page.get_by_role("button", name="Save and go to the next commitment").click()
    page.wait_for_load_state()

    # The third commitment, with its progress beside the form; only begun.
    assert "Committee hearings are streamed." in page.content()
    assert page.evaluate("document.activeElement.name") == "verifiable"
    assert_accessible(page, "irm-assessment-form")
    choose(page, "Verifiable", "Yes")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert "The assessment is saved." in page.content()
    page.get_by_role("link", name="All commitments of the review").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Move to: Pre-publication review").click()
    page.wait_for_load_state()
    refusal = page.locator("#refusal")
    assert "1 commitment lacks required indicators" in refusal.inner_text()
    assert "Open government lens, Potential for results, Promising commitment" in (
        refusal.inner_text()
    )
    assert_accessible(page, "irm-review-refused")

    refusal.get_by_role("link", name="3. Open parliament step 3").click()
    page.wait_for_load_state()
    choose(page, "Open government lens", "No")
    choose(page, "Potential for results", "Unclear")
    choose(page, "Promising commitment", "No")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="All commitments of the review").click()
    page.wait_for_load_state()
    for state in ("Pre-publication review", "Public comment", "Published"):
        page.get_by_role("button", name=f"Move to: {state}").click()
        page.wait_for_load_state()
        assert f"The review is now: {state}." in page.content()

    cycle.refresh_from_db()
    assert cycle.state == CycleState.PUBLISHED
    assert CommitmentAssessment.objects.filter(cycle=cycle, cluster="Open parliament").count() == 2
    page.goto(f"{live_server.url}/irm/reviews/{cycle.pk}/commitments/{commitments[2].pk}/")
    assert "This IRM report is published; its assessments are final." in page.content()
    assert page.get_by_role("button", name="Save", exact=True).count() == 0
    assert_accessible(page, "irm-assessment-frozen")
    page.context.close()
