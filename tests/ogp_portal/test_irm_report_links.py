import datetime

import pytest

from tests.action_plans.factories import ActionPlanFactory
from tests.irm_reviews.factories import ReviewCycleFactory
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.date(2025, 3, 1)


@pytest.fixture
def plan():
    return ActionPlanFactory(member=MemberFactory(slug="albania"))


def test_the_plan_page_links_every_irm_report_title_to_its_review_page(client, plan):
    scheduled = ReviewCycleFactory(plan=plan, kind="action_plan_review", state="scheduled")
    published = ReviewCycleFactory(
        plan=plan,
        kind="results_report",
        state="published",
        published_on=PUBLISHED,
        report_url="https://www.opengovpartnership.org/documents/albania-results-report/",
    )

    html = client.get(plan.get_absolute_url()).text

    table = html[html.index('id="irm-reviews"') :]
    assert f'<th scope="row"><a href="{scheduled.get_absolute_url()}">' in table
    assert f'<th scope="row"><a href="{published.get_absolute_url()}">' in table
    assert f'<a href="{published.report_url}">full report</a>' in table


def test_a_report_not_yet_published_offers_no_full_report(client, plan):
    ReviewCycleFactory(
        plan=plan,
        kind="action_plan_review",
        state="open",
        report_url="https://www.opengovpartnership.org/documents/draft/",
    )

    html = client.get(plan.get_absolute_url()).text

    assert "https://www.opengovpartnership.org/documents/draft/" not in html


def test_the_home_page_links_the_latest_reports_to_their_review_pages(client, plan):
    cycle = ReviewCycleFactory(
        plan=plan, kind="results_report", state="published", published_on=PUBLISHED
    )

    html = client.get("/").text

    assert f'<a href="{cycle.get_absolute_url()}">' in html
