"""The co-creation standards check on the plan page, and the IRM recording its own finding
beside it; axe-core finds nothing on either page."""

import pytest

from irm_reviews.models import ReviewAssignment, ReviewCycle
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_co_editing import signed_in
from tests.irm_reviews.factories import ReviewCycleFactory
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_irm_staff_record_a_finding_beside_the_computed_check(browser, live_server):
    plan = ActionPlanFactory(status="submitted")
    cycle = ReviewCycleFactory(plan=plan, state=ReviewCycle.State.OPEN)
    researcher = UserFactory(role=Role.IRM_STAFF, member=None)
    ReviewAssignment.objects.create(cycle=cycle, researcher=researcher)
    page = signed_in(browser, live_server, researcher)

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    assert "3.3 A mechanism to collect input" in page.content()
    page.get_by_role("link", name="Record a finding on 3.3").click()
    page.wait_for_load_state()
    screenshot(page, "standards-finding")
    assert axe_violations(page) == []
    page.get_by_label("The IRM's finding (required)").select_option("not_met")
    page.get_by_label("Justification (required)").fill("No consultation took place.")
    page.get_by_role("button", name="Record the finding").click()
    page.wait_for_load_state()
    assert "No consultation took place." in page.content()
    screenshot(page, "plan-standards-check")
    assert axe_violations(page) == []
    page.context.close()
