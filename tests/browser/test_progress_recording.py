"""The government records progress on a milestone, civil society its shadow report on the same
milestone, in real browsers: both views stand side by side on the commitment's page."""

import datetime

import pytest

from action_plans.models import PlanStatus
from commitments.models import ProgressUpdate
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_co_editing import signed_in
from tests.commitments.drafting_fixtures import forum_member
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.members.factories import MemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def commitment():
    member = MemberFactory(name="Ghana", slug="ghana")
    plan = ActionPlanFactory(
        member=member,
        status=PlanStatus.IMPLEMENTATION,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    commitment = CommitmentFactory(plan=plan, ogp_id="GH0042", title="Asset Declaration")
    MilestoneFactory(
        commitment=commitment,
        number=1,
        description="Draft Bill approved by Cabinet.",
        end_date=datetime.date(2024, 12, 31),
    )
    MilestoneFactory(
        commitment=commitment,
        number=2,
        description="Public consultations held by parliament on the Bill.",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    return commitment


def record(page, row: str, completion: str, text: str) -> None:
    fieldset = page.get_by_role("group", name=row)
    fieldset.get_by_label("Completion").select_option(label=completion)
    fieldset.get_by_label("What has been done").fill(text)
    page.get_by_role("button", name="Record progress", exact=True).click()
    page.wait_for_load_state()


def test_government_and_shadow_report_are_recorded_and_shown_side_by_side(
    browser, live_server, commitment
):
    official = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=commitment.plan.member)
    activist = forum_member(commitment.plan.member)
    government = signed_in(browser, live_server, official)
    government.goto(f"{live_server.url}/commitments/GH0042/")
    government.get_by_role("link", name="Record progress on the milestones").click()
    government.wait_for_load_state()
    assert "Government self-assessment" in government.locator("main").inner_text()
    assert axe_violations(government) == []
    screenshot(government, "progress-record-government")

    record(government, "Milestone 1", "Complete", "Cabinet approved the draft Bill.")

    assert government.url.endswith("/commitments/GH0042/#milestones")
    government.goto(f"{live_server.url}/commitments/GH0042/progress/")
    government.get_by_role("link", name="Correct your latest update in row 2").click()
    government.wait_for_load_state()
    assert axe_violations(government) == []
    government.get_by_label("What has been done").fill("Cabinet approved the draft Bill in May.")
    government.get_by_role("button", name="Save", exact=True).click()
    government.wait_for_load_state()
    assert "The progress update was saved." in government.locator("main").inner_text()
    shadow = signed_in(browser, live_server, activist)
    shadow.goto(f"{live_server.url}/commitments/GH0042/progress/")
    first_row = shadow.get_by_role("group", name="Milestone 1").inner_text()
    assert "Complete" in first_row  # the government's view, beside the form
    record(shadow, "Milestone 1", "Limited", "The approved draft drops verification.")

    table = shadow.locator("table.milestone-sources")
    row = table.get_by_role("row", name="Draft Bill approved by Cabinet.")
    cells = row.get_by_role("cell").all_inner_texts()
    assert any("Complete" in cell for cell in cells)
    assert any("Limited" in cell for cell in cells)
    assert ProgressUpdate.objects.filter(milestone__number=1).count() == 2
    assert axe_violations(shadow) == []
    screenshot(shadow, "progress-side-by-side")


def test_a_bad_row_is_shown_next_to_its_field_and_nothing_is_stored(
    browser, live_server, commitment
):
    official = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=commitment.plan.member)
    page = signed_in(browser, live_server, official)
    page.goto(f"{live_server.url}/commitments/GH0042/progress/")
    page.get_by_role("group", name="Milestone 2").get_by_label("Evidence links").fill("nowhere")

    record(page, "Milestone 1", "Complete", "Cabinet approved the draft Bill.")

    group = page.get_by_role("group", name="Milestone 2")
    assert "not a web address" in group.inner_text() or "Choose a completion" in group.inner_text()
    assert not ProgressUpdate.objects.exists()
    assert axe_violations(page) == []
