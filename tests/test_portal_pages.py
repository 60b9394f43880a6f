import datetime

import pytest
from django.core.management import call_command

from commitments.models import Completion
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.bulk import build_many_commitments
from tests.commitments.factories import CommitmentFactory, ProgressUpdateFactory
from tests.irm_reviews.factories import ReviewCycleFactory
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_home_shows_headline_figures_and_latest_plans_and_reports(client):
    plan = ActionPlanFactory(title="Fifth action plan", member=MemberFactory(name="Albania"))
    ProgressUpdateFactory(commitment=CommitmentFactory(plan=plan), completion=Completion.COMPLETE)
    CommitmentFactory(plan=plan)
    ReviewCycleFactory(
        plan=plan, kind="results_report", state="published", published_on=datetime.date(2025, 3, 1)
    )

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["figures"].commitments == 2
    assert response.context["figures"].plans_in_implementation == 1
    assert response.context["figures"].share_completed == 100
    assert "Albania: Fifth action plan" in html
    assert "Results Report: Albania" in html
    assert "<svg" in html and "<table" in html


def test_home_makes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    build_many_commitments(members=5, plans_per_member=2, per_plan=30)

    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


def test_every_page_has_a_title_and_a_description(client):
    plan = ActionPlanFactory(member=MemberFactory(slug="albania"))
    CommitmentFactory(plan=plan, ogp_id="AL0002")
    for url in [
        "/",
        "/members/",
        "/members/albania/",
        plan.get_absolute_url(),
        "/commitments/",
        "/commitments/AL0002/",
        "/data/",
    ]:
        html = client.get(url).content.decode()
        assert "<title>" in html and "<title></title>" not in html, url
        assert '<meta name="description" content="' in html, url
        assert '<html lang="en">' in html, url


def test_data_page_links_to_the_api_docs_and_dumps(client):
    html = client.get("/data/").content.decode()

    assert 'href="/api/v1/docs/"' in html and 'href="/api/v1/exports/"' in html


def test_data_page_credits_ogp_and_the_irm_as_the_source(client):
    html = client.get("/data/").content.decode()

    assert 'href="https://www.opengovpartnership.org/"' in html
    assert "Independent Reporting Mechanism (IRM)" in html


def test_export_open_data_if_missing_writes_the_first_dump_only(settings, tmp_path):
    settings.EXPORTS_DIR = str(tmp_path)

    call_command("export_open_data", "--if-missing")
    first = sorted(tmp_path.iterdir())
    call_command("export_open_data", "--if-missing")

    assert len(first) == 1 and sorted(tmp_path.iterdir()) == first


def test_sitemap_lists_members_plans_and_published_commitments(client):
    plan = ActionPlanFactory(member=MemberFactory(slug="albania"))
    CommitmentFactory(plan=plan, ogp_id="AL0002")
    CommitmentFactory(plan=plan, ogp_id="AL0003", publication_state="draft")

    xml = "".join(
        client.get(f"/sitemap-{section}.xml").content.decode()
        for section in ("members", "action-plans", "commitments")
    )

    assert "http://testserver/members/albania/" in xml
    assert f"http://testserver{plan.get_absolute_url()}" in xml
    assert "http://testserver/commitments/AL0002/" in xml
    assert "AL0003" not in xml


def test_robots_txt_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in body and "Disallow: /admin/" in body


def test_an_unknown_address_gives_the_404_page_in_the_site_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'id="main"' in html


def test_a_spanish_visitor_sees_spanish(client):
    CommitmentFactory(ogp_id="AL0002")

    html = client.get("/commitments/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<html lang="es">' in html
    assert "Buscar compromisos" in html and "Nivel de cumplimiento" in html


def test_the_language_cookie_switches_to_french(client):
    client.cookies["django_language"] = "fr"

    html = client.get("/members/").content.decode()

    assert '<html lang="fr">' in html and "Membres" in html


def test_the_language_switcher_sets_the_language(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/members/"})

    assert response.status_code == 302
    assert "Miembros" in client.get("/members/").content.decode()


def test_home_does_not_repeat_the_member_name_its_plan_title_starts_with(client):
    morocco = MemberFactory(name="Morocco", slug="morocco")
    ActionPlanFactory(
        member=morocco, title="Morocco Action Plan 2018-2020", status="submitted", number=1
    )
    ActionPlanFactory(member=morocco, title="Second Action Plan", status="submitted", number=2)

    html = client.get("/").content.decode()

    assert "Morocco: Morocco Action Plan" not in html
    assert "Morocco Action Plan 2018-2020" in html
    assert "Morocco: Second Action Plan" in html
