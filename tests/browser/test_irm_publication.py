"""A forum member comments on the IRM's draft in pre-publication and the researcher answers;
a visitor reads a chart's table on a plan page and compares members. axe-core on each page."""

import pytest

from irm_reviews.models import ReviewCycle
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_co_editing import signed_in
from tests.irm_reviews.publication import review_with_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_forum_member_comments_and_the_researcher_answers(browser, live_server):
    people = review_with_people(levels=({"potential_for_results": "modest"},) * 2)
    assessment = people.assessments[0]
    url = f"{live_server.url}{people.cycle.get_absolute_url()}"

    member_page = signed_in(browser, live_server, people.forum_member)
    member_page.goto(url)
    assert "Pre-publication review" in member_page.content()
    assert axe_violations(member_page) == []
    section = member_page.locator(f"#assessment-{assessment.pk}")
    section.get_by_label("Your comment").fill("The register went online in March, not May.")
    section.get_by_role("button", name="Comment on this assessment").click()
    member_page.wait_for_load_state()
    assert "Your comment was added." in member_page.content()
    assert "The register went online in March, not May." in member_page.content()
    member_page.context.close()

    irm_page = signed_in(browser, live_server, people.irm)
    irm_page.goto(url)
    assert axe_violations(irm_page) == []
    irm_section = irm_page.locator(f"#assessment-{assessment.pk}")
    irm_section.get_by_label("The IRM's answer").fill("Corrected in the draft: March.")
    irm_section.get_by_role("button", name="Answer").click()
    irm_page.wait_for_load_state()
    assert "Your answer was saved." in irm_page.content()
    assert "Corrected in the draft: March." in irm_page.content()
    screenshot(irm_page, "irm-review-answered")
    assert axe_violations(irm_page) == []
    irm_page.context.close()


def test_a_visitor_reads_a_charts_table_and_compares_members(browser, live_server, page):
    people = review_with_people(
        state=ReviewCycle.State.PUBLISHED,
        levels=(
            {"potential_for_results": "substantial", "is_promising": True},
            {"potential_for_results": "substantial", "is_promising": False},
            {"potential_for_results": "modest", "is_promising": False},
        ),
    )
    page.goto(f"{live_server.url}{people.cycle.plan.get_absolute_url()}")
    figure = page.locator("figure", has=page.get_by_text("Potential for results", exact=True))
    row = figure.get_by_role("row", name="Substantial")
    assert row.get_by_role("cell").nth(0).inner_text() == "2"
    assert row.get_by_role("cell").nth(1).inner_text() == "67 %"
    assert figure.get_by_role("img").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "irm-plan-results")

    for path in (
        people.cycle.plan.member.get_absolute_url(),
        people.cycle.get_absolute_url(),
        "/compare/?indicator=potential_for_results",
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
    assert people.cycle.plan.member.name in page.content()


def test_the_irm_records_an_erratum_shown_beside_the_original(browser, live_server):
    people = review_with_people(
        state=ReviewCycle.State.PUBLISHED, levels=({"potential_for_results": "modest"},)
    )
    assessment = people.assessments[0]
    irm_page = signed_in(browser, live_server, people.irm)
    irm_page.goto(f"{live_server.url}{people.cycle.get_absolute_url()}")
    section = irm_page.locator(f"#assessment-{assessment.pk}")
    section.get_by_text("Record an erratum").click()
    assert axe_violations(irm_page) == []
    section.get_by_label("Corrected value").select_option("potential_for_results=substantial")
    section.get_by_label("Reason for the erratum").fill("Transcribed from an earlier draft.")
    section.get_by_role("button", name="Publish the erratum").click()
    irm_page.wait_for_load_state()
    ratings = irm_page.locator(f"#assessment-{assessment.pk} table.ratings")
    row = ratings.get_by_role("row", name="Potential for results")
    assert "Modest" in row.inner_text() and "Substantial" in row.inner_text()
    assert axe_violations(irm_page) == []
    irm_page.context.close()
