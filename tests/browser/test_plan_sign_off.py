"""The dual sign-off in real browsers: the point of contact follows the explanation, fixes the
last problem and signs; the civil-society co-chair signs in another browser and the plan is
submitted, both signatures shown. axe-core finds nothing on the new pages."""

import datetime

import pytest

from action_plans.models import PlanStatus
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_co_editing import signed_in
from tests.commitments.factories import CommitmentFactory
from tests.commitments.plan_workflow_fixtures import person, ready_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_both_sign_offs_submit_the_plan(browser, live_server):
    plan = ready_plan()
    CommitmentFactory(
        plan=plan,
        ogp_id=None,
        number="2",
        short_title="Lobbying register",
        publication_state="draft",
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    poc = person("point_of_contact", plan.member)
    chair = person("civil_society_co_chair", plan.member)
    plan_url = f"{live_server.url}{plan.get_absolute_url()}"

    government = signed_in(browser, live_server, poc)
    government.goto(plan_url)
    assert "Commitment 2 (Lobbying register) has no milestone." in government.content()
    assert axe_violations(government) == []
    government.get_by_role("button", name="Sign off for government").click()
    government.wait_for_load_state()
    assert "The step was refused" in government.content()
    screenshot(government, "sign-off-refused")
    assert axe_violations(government) == []

    government.get_by_role(
        "link", name="Commitment 2 (Lobbying register) has no milestone."
    ).first.click()
    government.wait_for_load_state()
    government.locator("#id_milestones-0-description").fill("Adopt the register's rules")
    government.get_by_role("button", name="Save", exact=True).click()
    government.wait_for_load_state()
    assert "Saved as version" in government.content()

    government.goto(plan_url)
    assert "Every condition for submission holds" in government.content()
    government.get_by_role("button", name="Sign off for government").click()
    government.wait_for_load_state()
    assert "Your sign-off is recorded" in government.content()

    civil_society = signed_in(browser, live_server, chair)
    civil_society.goto(plan_url)
    civil_society.get_by_role("button", name="Sign off for civil society").click()
    civil_society.wait_for_load_state()
    assert "the action plan is submitted" in civil_society.content()
    html = civil_society.content()
    assert poc.get_full_name() in html and chair.get_full_name() in html
    screenshot(civil_society, "plan-submitted")
    assert axe_violations(civil_society) == []
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    government.goto(f"{plan_url}sign-off/")
    assert axe_violations(government) == []
    government.context.close()
    civil_society.context.close()


def test_the_carry_forward_page_has_no_axe_violations(browser, live_server):
    plan = ready_plan()
    plan.number = 5
    plan.save()
    from tests.action_plans.factories import ActionPlanFactory

    CommitmentFactory(plan=ActionPlanFactory(member=plan.member, number=4), title="Open budgets")
    page = signed_in(browser, live_server, person("forum_member", plan.member))
    page.goto(f"{live_server.url}{plan.get_absolute_url()}commitments/carry-forward/?q=budgets")
    assert "Open budgets" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Carry this one forward").first.click()
    page.wait_for_load_state()
    assert "carries the earlier commitment forward" in page.content()
    page.context.close()


def test_a_withdrawn_sign_off_stays_listed_on_the_plan_page(browser, live_server):
    plan = ready_plan()
    poc = person("point_of_contact", plan.member)
    plan_url = f"{live_server.url}{plan.get_absolute_url()}"
    government = signed_in(browser, live_server, poc)
    government.goto(plan_url)
    government.get_by_role("button", name="Sign off for government").click()
    government.wait_for_load_state()
    government.get_by_role("button", name="Withdraw my sign-off").click()
    government.wait_for_load_state()
    withdrawn = government.get_by_role("list", name="Sign-offs withdrawn")
    assert poc.get_full_name() in withdrawn.inner_text()
    assert "withdrawn on" in withdrawn.inner_text()
    assert government.get_by_role("button", name="Sign off for government").is_visible()
    assert axe_violations(government) == []
    government.context.close()
