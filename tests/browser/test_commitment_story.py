"""A visitor reads a commitment as a story: what it promises, how far it got, what the IRM
said (explained), then unfolds the template and OGP's full text, in English and French."""

import datetime

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_small_screens import PHONE, _wider_than_the_screen
from tests.commitments.factories import CommitmentFactory
from tests.irm_reviews.factories import CommitmentAssessmentFactory, ReviewCycleFactory
from tests.ogp_portal.test_full_text import GH0042

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _imported_commitment():
    commitment = CommitmentFactory(
        ogp_id="GH0042",
        title="Verifying Asset Declarations",
        description=GH0042,
        problem="",
        objective="",
        relevance="",
        supporting_government="Bank of Ghana, Public Financial Management (PFM) Coalition",
        supporting_civil_society="",
        ogp_url="https://opengovpartnership.org/members/ghana/commitments/gh0042",
    )
    cycle = ReviewCycleFactory(
        plan=commitment.plan,
        kind="action_plan_review",
        state="published",
        published_on=datetime.date(2025, 3, 1),
    )
    CommitmentAssessmentFactory(
        cycle=cycle, commitment=commitment, verifiable="yes", potential_for_results="substantial"
    )
    return commitment


@pytest.mark.parametrize(
    ("language", "scale", "summary"),
    [
        ("en", "level 3 of 3: Unclear · Modest · Substantial", "OGP's commitment template"),
        ("fr", "niveau 3 sur 3 : Incertain · Modeste · Substantiel", "Le modèle d'engagement"),
    ],
)
def test_a_visitor_reads_the_story_then_unfolds_the_template_and_the_full_text(
    live_server, page, language, scale, summary
):
    _imported_commitment()
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/commitments/GH0042/")

    irm = page.locator("section[aria-labelledby='irm-assessment']")
    assert scale in irm.inner_text()
    assert irm.get_by_role("link", name="MRI" if language == "fr" else "IRM").count() >= 1
    template = page.locator("section[aria-labelledby='template']")
    assert not template.get_by_text("The commitment seeks to reform").first.is_visible()
    template.locator("summary").first.click()
    assert template.get_by_text("The commitment seeks to reform").first.is_visible()
    assert summary in template.locator("summary").first.inner_text()
    template.locator("summary").nth(1).click()
    full_text = template.locator(".full-text")
    assert full_text.locator("table th").first.inner_text().startswith("Milestone Activity")
    assert "\uf0b7" not in full_text.inner_text()
    screenshot(page, f"commitment-story-{language}")

    assert axe_violations(page) == []


def test_the_unfolded_full_text_fits_a_360_px_phone(live_server, browser):
    _imported_commitment()
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        phone.goto(f"{live_server.url}/commitments/GH0042/")
        for summary in phone.locator("section[aria-labelledby='template'] summary").all():
            summary.click()
        screenshot(phone, "commitment-story-phone")

        assert _wider_than_the_screen(phone) == []
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
