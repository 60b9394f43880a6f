import datetime

import pytest

from action_plans.models import ActionPlan
from commitments.models import Completion
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory, CoCreationStepFactory
from tests.commitments.bulk import build_many_commitments
from tests.commitments.factories import CommitmentFactory, MilestoneFactory, ProgressUpdateFactory
from tests.irm_reviews.factories import CommitmentAssessmentFactory, ReviewCycleFactory
from tests.members.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_plan_page_shows_commitments_with_completion_cocreation_and_irm_reviews(client):
    plan = ActionPlanFactory(member=MemberFactory(slug="albania"), title="Fifth action plan")
    done = CommitmentFactory(plan=plan, ogp_id="AL0001", title="Open the budget")
    MilestoneFactory(commitment=done, completion=Completion.COMPLETE)
    MilestoneFactory(commitment=done)
    ProgressUpdateFactory(commitment=done, completion=Completion.COMPLETE)
    CommitmentFactory(plan=plan, ogp_id="AL0002", title="Register lobbyists")
    CoCreationStepFactory(plan=plan, title="Online consultation on the draft plan")
    cycle = ReviewCycleFactory(
        plan=plan,
        kind="results_report",
        state="published",
        published_on=datetime.date(2025, 3, 1),
        report_url="https://example.org/irm/results.pdf",
    )
    CommitmentAssessmentFactory(cycle=cycle, commitment=done, completion=Completion.COMPLETE)

    response = client.get(f"/members/albania/plans/{plan.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/commitments/AL0001/"' in html and 'href="/commitments/AL0002/"' in html
    assert "1 of 2" in html  # milestones completed
    assert "Online consultation on the draft plan" in html
    assert "Results Report" in html and "https://example.org/irm/results.pdf" in html
    assert "<svg" in html and "<table" in html  # the chart and its text alternative
    assert "Not yet reported" in html


def test_the_progress_chart_counts_commitments_by_completion(client):
    plan = ActionPlanFactory(member=MemberFactory(slug="albania"))
    for level in [Completion.COMPLETE, Completion.COMPLETE, Completion.LIMITED]:
        ProgressUpdateFactory(commitment=CommitmentFactory(plan=plan), completion=level)

    html = client.get(plan.get_absolute_url()).content.decode()

    assert 'class="fill-complete"' in html
    assert 'width="66.6667"' in html  # two of three complete
    assert 'width="33.3333"' in html


def test_plan_page_has_open_graph_tags(client):
    plan = ActionPlanFactory(member=MemberFactory(slug="albania"), title="Fifth action plan")

    html = client.get(plan.get_absolute_url()).content.decode()

    assert '<meta property="og:title" content="Fifth action plan' in html
    assert '<meta property="og:url" content="http://testserver/members/albania/plans/' in html
    assert 'property="og:description"' in html and 'property="og:type"' in html
    assert '<meta name="description"' in html


def test_drafts_of_a_plan_in_co_creation_are_hidden_from_visitors(client):
    plan = ActionPlanFactory(
        member=MemberFactory(slug="albania"), status=ActionPlan.Status.CO_CREATION
    )
    CommitmentFactory(plan=plan, title="A draft idea", publication_state="draft", ogp_id=None)

    html = client.get(plan.get_absolute_url()).content.decode()

    assert "A draft idea" not in html
    assert "being co-created" in html


def test_the_members_own_government_sees_its_drafts(client):
    member = MemberFactory(slug="albania")
    plan = ActionPlanFactory(member=member, status=ActionPlan.Status.CO_CREATION)
    CommitmentFactory(plan=plan, title="A draft idea", publication_state="draft", ogp_id=None)
    client.force_login(UserFactory(member=member, role=Role.POINT_OF_CONTACT))

    html = client.get(plan.get_absolute_url()).content.decode()

    assert "A draft idea" in html and "Draft" in html


def test_a_plan_under_another_member_is_a_404(client):
    plan = ActionPlanFactory(member=MemberFactory(slug="albania"))
    MemberFactory(slug="kenya")

    assert client.get(f"/members/kenya/plans/{plan.pk}/").status_code == 404
    assert client.get("/members/albania/plans/999999/").status_code == 404


def test_plan_page_makes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    plan = build_many_commitments(members=1, plans_per_member=1, per_plan=300)[0]

    # Constant whatever the number of commitments: the commitments, the IRM's reports and
    # results, the co-creation record, the consultation, the standards check, the sign-offs.
    with django_assert_max_num_queries(16):
        response = client.get(plan.get_absolute_url())
    assert response.content.decode().count('href="/commitments/BK') == 300


def test_plan_page_links_to_downloads_of_its_commitments(client):
    plan = ActionPlanFactory(member=MemberFactory(slug="albania"), ogp_id="AP_ALB05")
    CommitmentFactory(plan=plan)

    html = client.get(plan.get_absolute_url()).content.decode()

    assert 'href="/commitments/?plan=AP_ALB05&amp;format=csv"' in html


def test_a_plan_known_only_by_its_year_of_submission_shows_that_year(client):
    plan = ActionPlanFactory(submitted_on=None, submitted_year=2018, status="ended")

    html = client.get(plan.get_absolute_url()).content.decode()

    assert "Submitted in" in html and "<dd>2018</dd>" in html
