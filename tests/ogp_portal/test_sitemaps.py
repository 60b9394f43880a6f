import datetime
import re

import pytest

from ogp_portal.sitemaps import CommitmentSitemap
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory
from tests.irm_reviews.factories import ReviewCycleFactory
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _locations(xml: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_the_sitemap_is_an_index_of_one_sitemap_per_kind_of_page(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200 and "<sitemapindex" in response.text
    assert _locations(response.text) == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ("pages", "members", "action-plans", "commitments", "irm-reports")
    ]


def test_each_address_comes_in_every_language_with_its_alternates(client):
    MemberFactory(slug="albania")

    xml = client.get("/sitemap-members.xml").text

    assert _locations(xml) == [
        "http://testserver/members/albania/",
        "http://testserver/es/members/albania/",
        "http://testserver/fr/members/albania/",
    ]
    for hreflang, href in (
        ("en", "http://testserver/members/albania/"),
        ("es", "http://testserver/es/members/albania/"),
        ("fr", "http://testserver/fr/members/albania/"),
        ("x-default", "http://testserver/members/albania/"),
    ):
        assert f'<xhtml:link rel="alternate" hreflang="{hreflang}" href="{href}"/>' in xml


def test_the_sitemaps_list_plans_published_commitments_and_published_reports(client):
    plan = ActionPlanFactory(member=MemberFactory(slug="albania"))
    CommitmentFactory(plan=plan, ogp_id="AL0002")
    CommitmentFactory(plan=plan, ogp_id="AL0003", publication_state="draft")
    published = ReviewCycleFactory(
        plan=plan, kind="results_report", state="published", published_on=datetime.date(2025, 3, 1)
    )
    ReviewCycleFactory(plan=plan, kind="action_plan_review", state="open")

    commitments = client.get("/sitemap-commitments.xml").text
    plans = client.get("/sitemap-action-plans.xml").text
    reports = client.get("/sitemap-irm-reports.xml").text

    assert "http://testserver/fr/commitments/AL0002/" in commitments
    assert "AL0003" not in commitments
    assert f"http://testserver/es{plan.get_absolute_url()}" in plans
    assert _locations(reports)[0] == f"http://testserver{published.get_absolute_url()}"
    assert "action_plan_review" not in reports


def test_a_long_sitemap_is_split_into_pages_the_index_links(client, monkeypatch):
    monkeypatch.setattr(CommitmentSitemap, "limit", 4)
    plan = ActionPlanFactory()
    for number in range(1, 4):
        CommitmentFactory(plan=plan, ogp_id=f"AL{number:04d}")

    index = _locations(client.get("/sitemap.xml").text)
    pages = [client.get(f"/sitemap-commitments.xml?p={page}").text for page in (1, 2, 3)]

    assert "http://testserver/sitemap-commitments.xml?p=3" in index
    assert "http://testserver/sitemap-commitments.xml?p=4" not in index
    listed = [location for page in pages for location in _locations(page)]
    assert [len(_locations(page)) for page in pages] == [4, 4, 1]
    assert len(set(listed)) == 9 and "http://testserver/fr/commitments/AL0003/" in listed
    assert client.get("/sitemap-commitments.xml?p=4").status_code == 404


def test_a_sitemap_page_takes_the_same_queries_for_many_rows_as_for_few(
    client, django_assert_max_num_queries
):
    plan = ActionPlanFactory()
    for number in range(1, 31):
        CommitmentFactory(plan=plan, ogp_id=f"AL{number:04d}")
    ReviewCycleFactory(
        plan=plan, kind="results_report", state="published", published_on=datetime.date(2025, 3, 1)
    )

    for section in ("members", "action-plans", "commitments", "irm-reports"):
        with django_assert_max_num_queries(2):
            response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
    with django_assert_max_num_queries(10):
        client.get("/sitemap.xml")


def test_a_sitemap_page_reads_only_the_columns_it_prints(client, django_assert_num_queries):
    CommitmentFactory(ogp_id="AL0002", description="A long text no sitemap prints")

    with django_assert_num_queries(2) as queries:
        client.get("/sitemap-commitments.xml")

    rows = queries.captured_queries[-1]["sql"]
    assert "description" not in rows and "title" not in rows
