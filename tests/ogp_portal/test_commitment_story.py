"""The commitment page as a story, IRM ratings explained within their scale, and imported full
text read as the template's sections."""

import datetime

import pytest

from tests.commitments.factories import CommitmentFactory
from tests.irm_reviews.factories import CommitmentAssessmentFactory, ReviewCycleFactory
from tests.ogp_portal.test_full_text import GH0042

pytestmark = pytest.mark.django_db

METHOD_URL = "https://www.opengovpartnership.org/irm-guidance-overview/"


def _reviewed_commitment():
    commitment = CommitmentFactory(ogp_id="AL0002", description="Publish every bill.")
    cycle = ReviewCycleFactory(
        plan=commitment.plan,
        kind="action_plan_review",
        state="published",
        published_on=datetime.date(2025, 3, 1),
    )
    CommitmentAssessmentFactory(
        cycle=cycle, commitment=commitment, verifiable="yes", potential_for_results="modest"
    )
    return commitment


def test_the_page_tells_what_it_promises_how_far_it_got_and_what_the_irm_said_in_order(client):
    _reviewed_commitment()

    html = client.get("/commitments/AL0002/").content.decode()

    order = [
        'id="promise"',
        'id="progress"',
        'id="milestones"',
        'id="irm-assessment"',
        'id="template"',
    ]
    assert [html.index(anchor) for anchor in order] == sorted(html.index(a) for a in order)
    template = html[html.index('id="template"') :]
    assert template.index("<details") < template.index("Problem addressed")


def test_an_irm_rating_shows_its_scale_its_meaning_and_the_irm_s_method(client):
    _reviewed_commitment()

    html = client.get("/commitments/AL0002/").content.decode()

    assert "Modest" in html
    assert "level 2 of 3: Unclear · Modest · Substantial" in html
    assert "could change government practice if it is fully implemented" in html
    assert f'href="{METHOD_URL}"' in html


def test_the_french_page_explains_the_ratings_in_french(client):
    _reviewed_commitment()
    client.cookies["django_language"] = "fr"

    html = client.get("/commitments/AL0002/").content.decode()

    assert "niveau 2 sur 3 : Incertain · Modeste · Substantiel" in html
    assert "pourrait changer la pratique du gouvernement" in html
    assert "Ce qu'a dit le MRI" in html
    assert f'href="{METHOD_URL}"' in html


def test_imported_full_text_fills_the_template_and_stays_whole_folded_beside_it(client):
    CommitmentFactory(
        ogp_id="GH0042",
        description=GH0042,
        problem="",
        objective="",
        relevance="",
        ogp_url="https://opengovpartnership.org/members/ghana/commitments/gh0042",
    )

    html = client.get("/commitments/GH0042/").content.decode()

    problem = html[html.index("Problem addressed") :]
    assert problem.index("The commitment seeks to reform") < problem.index("Commitment description")
    assert "<li>1. Pass the Conduct of Public Officers bill into law.</li>" in html
    assert '<th scope="col">Start Date - End Date</th>' in html
    assert "<td>Draft Bill approved by Cabinet.</td>" in html
    assert "\uf0b7" not in html
    full_text = html[html.index("OGP's full text of the commitment, as published") :]
    assert "Problem to be addressed" in full_text  # the original, whole
    # No milestone recorded: the page shows the full text's milestone table instead.
    assert "The milestones as OGP's full text of the commitment lists them:" in html


def test_supporting_institutions_the_export_did_not_sort_are_not_called_government(client):
    CommitmentFactory(
        ogp_id="GH0042",
        supporting_government="Bank of Ghana, Public Financial Management (PFM) Coalition",
        supporting_civil_society="",
        ogp_url="https://opengovpartnership.org/members/ghana/commitments/gh0042",
    )

    html = client.get("/commitments/GH0042/").content.decode()

    assert "Other actors involved: government" not in html
    assert "without saying which are government and which civil society" in html
    assert "Bank of Ghana, Public Financial Management (PFM) Coalition" in html


def test_the_search_filters_group_the_irm_s_ratings_by_method_with_help(client):
    html = client.get("/commitments/").content.decode()

    current = html.index("Current IRM method (2021 on)")
    earlier = html.index("Earlier IRM method")
    assert current < html.index('name="potential_for_results"') < earlier
    assert earlier < html.index('name="potential_impact"')
    assert 'aria-describedby="id_potential_impact-hint"' in html
    assert "Scale: None · Minor · Moderate · Transformative." in html


def test_the_plan_page_s_irm_charts_say_what_each_indicator_measures(client):
    commitment = _reviewed_commitment()

    html = client.get(commitment.plan.get_absolute_url()).content.decode()

    assert "Scale, lowest first: Unclear · Modest · Substantial." in html
    assert f'href="{METHOD_URL}"' in html


def test_a_published_review_explains_its_ratings_and_links_the_method_once(client):
    commitment = _reviewed_commitment()
    cycle = commitment.assessments.get().cycle

    html = client.get(cycle.get_absolute_url()).content.decode()

    assert "level 2 of 3: Unclear · Modest · Substantial" in html
    assert html.count(f'href="{METHOD_URL}"') == 1
