import datetime

import pytest
from django.utils.translation import trans_real

from commitments.models import Commitment, Completion, ProgressSource
from commitments.policy_areas import POLICY_AREA_NAMES
from commitments.services import milestone_set_completion
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory, CoCreationStepFactory
from tests.commitments.bulk import build_many_commitments
from tests.commitments.factories import (
    CommitmentFactory,
    MilestoneFactory,
    PolicyAreaFactory,
    ProgressUpdateFactory,
)
from tests.irm_reviews.factories import CommitmentAssessmentFactory, ReviewCycleFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def _published_report(plan, **fields):
    return ReviewCycleFactory(
        plan=plan,
        kind="results_report",
        state="published",
        published_on=datetime.date(2025, 3, 1),
        **fields,
    )


def test_commitment_page_shows_the_whole_template(client):
    area = PolicyAreaFactory(name="Open Parliaments", slug="open-parliaments")
    commitment = CommitmentFactory(
        ogp_id="AL0002",
        title="Open parliamentary data",
        problem="Citizens cannot follow how laws are drafted.",
        description="Publish every bill as open data.",
        objective="Citizens can follow every bill.",
        relevance="It opens the legislative process.",
        additional_information="Budget: 50,000 EUR. SDG 16.",
        lead_agency="National Assembly",
        contact="Jane Doe, jane@example.org",
        supporting_government="Ministry of Justice",
        supporting_civil_society="Open Data Albania",
        is_civic_participation=True,
    )
    commitment.policy_areas.add(area)

    response = client.get("/commitments/AL0002/")

    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Open parliamentary data",
        "Citizens cannot follow how laws are drafted.",
        "Publish every bill as open data.",
        "Citizens can follow every bill.",
        "It opens the legislative process.",
        "Budget: 50,000 EUR. SDG 16.",
        "National Assembly",
        "Jane Doe, jane@example.org",
        "Ministry of Justice",
        "Open Data Albania",
        "Open Parliaments",
        "Civic participation",
        "Lead implementing agency",
        "Problem addressed",
    ]:
        assert text in html, text


def test_a_commitment_is_found_by_its_number_here_and_redirected_to_its_ogp_id(client):
    commitment = CommitmentFactory(ogp_id="AL0002")

    response = client.get(f"/commitments/{commitment.pk}/")
    assert response.status_code == 301 and response["Location"] == "/commitments/AL0002/"

    assert client.get("/commitments/al0002/")["Location"] == "/commitments/AL0002/"


def test_a_commitment_without_ogp_id_has_a_page_by_number(client):
    commitment = CommitmentFactory(ogp_id=None)

    assert client.get(f"/commitments/{commitment.pk}/").status_code == 200


def test_an_unknown_commitment_is_a_404_page(client):
    response = client.get("/commitments/XX9999/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert client.get("/commitments/123456789/").status_code == 404


def test_milestones_show_dates_and_status(client):
    commitment = CommitmentFactory(ogp_id="AL0002")
    MilestoneFactory(
        commitment=commitment,
        description="Launch the open data portal",
        end_date=datetime.date(2024, 6, 30),
        completion=Completion.COMPLETE,
        completed_on=datetime.date(2024, 6, 20),
    )

    html = client.get("/commitments/AL0002/").content.decode()

    assert "Launch the open data portal" in html
    assert 'datetime="2024-06-30"' in html and 'datetime="2024-06-20"' in html
    assert "Complete" in html


def test_progress_from_the_three_sources_side_by_side_when_they_differ(client):
    commitment = CommitmentFactory(ogp_id="AL0002")
    ProgressUpdateFactory(
        commitment=commitment, source=ProgressSource.GOVERNMENT, completion=Completion.COMPLETE
    )
    ProgressUpdateFactory(
        commitment=commitment,
        source=ProgressSource.CIVIL_SOCIETY,
        completion=Completion.LIMITED,
        text="Only half the bills are online.",
    )

    html = client.get("/commitments/AL0002/").content.decode()

    assert "Government self-assessment" in html and "Civil society (shadow report)" in html
    assert "Only half the bills are online." in html
    assert "They differ on completion." in html
    assert "Not yet reported" in html  # the IRM has not reported, in the milestones' words


def test_progress_sources_agree_when_the_irm_report_confirms_the_government(client):
    commitment = CommitmentFactory(ogp_id="AL0002")
    ProgressUpdateFactory(commitment=commitment, completion=Completion.SUBSTANTIAL)
    CommitmentAssessmentFactory(
        cycle=_published_report(commitment.plan),
        commitment=commitment,
        completion=Completion.SUBSTANTIAL,
        early_results="significant",
    )

    html = client.get("/commitments/AL0002/").content.decode()

    assert "They agree on completion." in html
    assert "Early results" in html and "Significant" in html


def test_an_unpublished_irm_assessment_is_not_shown(client):
    commitment = CommitmentFactory(ogp_id="AL0002")
    CommitmentAssessmentFactory(
        commitment=commitment, cycle__plan=commitment.plan, narrative="Draft IRM finding"
    )

    html = client.get("/commitments/AL0002/").content.decode()

    assert "Draft IRM finding" not in html


def test_the_timeline_lists_what_happened_in_date_order(client):
    plan = ActionPlanFactory(submitted_on=datetime.date(2023, 12, 15))
    CoCreationStepFactory(plan=plan, opens_on=datetime.date(2023, 9, 1))
    commitment = CommitmentFactory(plan=plan, ogp_id="AL0002")
    MilestoneFactory(commitment=commitment, number=1, end_date=datetime.date(2024, 6, 30))
    ProgressUpdateFactory(commitment=commitment, reported_on=datetime.date(2024, 7, 1))
    CommitmentAssessmentFactory(cycle=_published_report(plan), commitment=commitment)

    html = client.get("/commitments/AL0002/").content.decode()
    timeline = html[html.index('<ol class="timeline">') :]
    order = [
        'datetime="2023-09-01"',
        'datetime="2023-12-15"',
        'datetime="2024-06-30"',
        'datetime="2024-07-01"',
        'datetime="2025-03-01"',
    ]
    positions = [timeline.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "Action plan submitted" in timeline and "Milestone 1 due" in timeline


def test_links_to_the_commitment_it_carries_forward_and_to_those_carrying_it_on(client):
    earlier = CommitmentFactory(ogp_id="AL0001", title="Earlier commitment")
    current = CommitmentFactory(ogp_id="AL0002", carried_forward_from=earlier)
    CommitmentFactory(ogp_id="AL0003", carried_forward_from=current, title="Later commitment")

    html = client.get("/commitments/AL0002/").content.decode()

    assert 'href="/commitments/AL0001/"' in html and 'href="/commitments/AL0003/"' in html


def test_change_history_shows_who_changed_which_fields(client):
    commitment = CommitmentFactory(ogp_id="AL0002", lead_agency="National Assembly")
    milestone = MilestoneFactory(commitment=commitment)
    official = UserFactory(
        first_name="Ana",
        last_name="Official",
        member=commitment.plan.member,
        role=Role.POINT_OF_CONTACT,
    )
    commitment.lead_agency = "Ministry of Justice"
    commitment.save()
    milestone_set_completion(user=official, milestone=milestone, completion=Completion.COMPLETE)
    # The history middleware records the user of a request; a service call records none.
    record = milestone.history.latest()
    record.history_user = official
    record.save()

    html = client.get("/commitments/AL0002/").content.decode()
    history = html[html.index('id="history"') :]

    assert "Lead implementing agency" in history
    assert "National Assembly" in history and "Ministry of Justice" in history
    assert "Ana Official" in history and "Milestone" in history
    assert "Not Started" in history and "Complete" in history


def test_drafts_are_hidden_from_visitors(client):
    CommitmentFactory(ogp_id="AL0009", publication_state=Commitment.PublicationState.DRAFT)

    assert client.get("/commitments/AL0009/").status_code == 404


def test_the_members_government_sees_a_draft(client):
    draft = CommitmentFactory(ogp_id="AL0009", publication_state=Commitment.PublicationState.DRAFT)
    client.force_login(UserFactory(member=draft.plan.member, role=Role.GOVERNMENT_OFFICIAL))

    response = client.get("/commitments/AL0009/")

    assert response.status_code == 200
    assert "not public yet" in response.content.decode()


def test_commitment_page_has_open_graph_tags(client):
    CommitmentFactory(ogp_id="AL0002", title="Open parliamentary data")

    html = client.get("/commitments/AL0002/").content.decode()

    assert '<meta property="og:title" content="AL0002: Open parliamentary data">' in html
    assert '<meta property="og:url" content="http://testserver/commitments/AL0002/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'property="og:description"' in html


def test_commitment_page_makes_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    plan = build_many_commitments(members=1, plans_per_member=1, per_plan=5)[0]
    commitment = plan.commitments.first()
    for n in range(3, 60):
        MilestoneFactory(commitment=commitment, number=n)
        ProgressUpdateFactory(commitment=commitment)
    for n in range(30):
        CoCreationStepFactory(plan=plan)
        commitment.title = f"Renamed {n}"
        commitment.save()
    for _n in range(20):
        CommitmentFactory(carried_forward_from=commitment)

    with django_assert_max_num_queries(16):
        response = client.get(commitment.get_absolute_url())
    assert response.status_code == 200
    assert "Renamed 29" in response.content.decode()


def test_a_short_title_equal_to_the_title_is_not_shown_twice(client):
    commitment = CommitmentFactory(title="e-Acts", short_title="E-acts", number=2)

    html = client.get(commitment.get_absolute_url()).content.decode()

    assert "2. e-Acts</dd>" in html
    assert "(E-acts)" not in html


def test_policy_areas_show_in_the_page_s_language(client):
    area = PolicyAreaFactory(name="Open Parliaments", slug="open-parliaments")
    commitment = CommitmentFactory()
    commitment.policy_areas.add(area)

    html = client.get(commitment.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Parlamentos abiertos" in html


@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_policy_area_name_has_a_translation(language):
    catalog = trans_real.translation(language)._catalog

    assert [name for name in POLICY_AREA_NAMES if name not in catalog] == []
