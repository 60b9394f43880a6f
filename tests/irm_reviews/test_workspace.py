"""The IRM workspace's pages (/irm/): who may see and edit a review (assignment-based), the
per-commitment assessment form with its version check, the completeness rule before
pre-publication, clusters, and the freeze once published."""

import datetime

import pytest
import time_machine
from django.test import Client

from core.models import Event
from irm_reviews.models import CommitmentAssessment, CycleState, ReviewAssignment, ReviewCycle
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory, ProgressUpdateFactory
from tests.irm_reviews.factories import (
    CommitmentAssessmentFactory,
    ReviewAssignmentFactory,
    ReviewCycleFactory,
)
from tests.members.factories import ForumSeatFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def review():
    """An open Action Plan Review of a plan with three commitments, one researcher assigned."""
    plan = ActionPlanFactory()
    commitments = [CommitmentFactory(plan=plan, position=n) for n in (1, 2, 3)]
    cycle = ReviewCycleFactory(
        plan=plan, due_on=datetime.date(2026, 12, 20), opens_on=datetime.date(2026, 9, 1)
    )
    researcher = ReviewAssignmentFactory(cycle=cycle).researcher
    return cycle, commitments, researcher


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def people(cycle: ReviewCycle, researcher) -> dict:
    member = cycle.plan.member
    forum_member = UserFactory(role=Role.CIVIL_SOCIETY, member=member)
    ForumSeatFactory(forum__member=member, user=forum_member)
    return {
        "assigned": researcher,
        "unassigned_irm": UserFactory(role=Role.IRM_STAFF, member=None),
        "support_unit": UserFactory(role=Role.SUPPORT_UNIT, member=None),
        "forum_member": forum_member,
        "public": None,
    }


APR_VALUES = {
    "version": "0",
    "verifiable": "yes",
    "open_government_lens": "yes",
    "potential_for_results": "substantial",
    "is_promising": "no",
    "justification_potential_for_results": "The milestones change how bills are drafted.",
    "narrative": "A clear, verifiable commitment.",
    "evidence_links": "https://example.org/interview\n\nhttps://example.org/plan",
}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("assigned", 302),
        ("support_unit", 302),
        ("unassigned_irm", 403),
        ("forum_member", 403),
        ("public", 302),
    ],
)
def test_only_assigned_researchers_and_the_support_unit_save_an_assessment(review, who, status):
    cycle, commitments, researcher = review
    user = people(cycle, researcher)[who]
    url = f"/irm/reviews/{cycle.pk}/commitments/{commitments[0].pk}/"

    response = client_for(user).post(url, APR_VALUES)

    assert response.status_code == status
    if who == "public":
        assert response["Location"].startswith("/accounts/login/")
    stored = CommitmentAssessment.objects.filter(cycle=cycle).first()
    assert (stored is not None) == (who in ("assigned", "support_unit"))
    if stored is not None:
        assert stored.potential_for_results == "substantial"
        assert stored.is_promising is False
        assert stored.justifications == {
            "potential_for_results": "The milestones change how bills are drafted."
        }
        assert stored.evidence_links == [
            "https://example.org/interview",
            "https://example.org/plan",
        ]


def test_an_unassigned_researcher_reads_the_form_but_cannot_use_it(review):
    cycle, commitments, researcher = review
    url = f"/irm/reviews/{cycle.pk}/commitments/{commitments[0].pk}/"

    page = client_for(people(cycle, researcher)["unassigned_irm"]).get(url)

    assert page.status_code == 200
    assert "Only the IRM researchers assigned to this review" in page.content.decode()
    assert "Save and go to the next commitment" not in page.content.decode()


def test_the_form_shows_the_commitment_and_the_progress_beside_it(review):
    cycle, commitments, researcher = review
    ProgressUpdateFactory(commitment=commitments[0], text="Ten bills published as data.")
    ProgressUpdateFactory(
        commitment=commitments[0], source="civil_society", text="Only drafts, not amendments."
    )
    ProgressUpdateFactory(commitment=commitments[0], source="irm", text="IRM's own note.")

    page = client_for(researcher).get(f"/irm/reviews/{cycle.pk}/commitments/{commitments[0].pk}/")
    html = page.content.decode()

    assert "Publish every bill and amendment as open data." in html
    assert "Ten bills published as data." in html
    assert "Only drafts, not amendments." in html
    assert "IRM&#x27;s own note." not in html
    for label in ("Verifiable", "Open government lens", "Potential for results", "Promising"):
        assert f"<legend>{label}" in html
    assert "Completion" not in html.split("<aside")[0]  # the Results Report's, not this one's
    assert 'accesskey="n"' in html
    assert "autofocus" in html


def test_save_and_next_goes_to_the_next_commitment(review):
    cycle, commitments, researcher = review
    url = f"/irm/reviews/{cycle.pk}/commitments/{commitments[0].pk}/"

    response = client_for(researcher).post(url, {**APR_VALUES, "save_next": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"/irm/reviews/{cycle.pk}/commitments/{commitments[1].pk}/"


def test_a_save_from_a_stale_version_overwrites_nothing_and_says_so(review):
    cycle, commitments, researcher = review
    colleague = ReviewAssignmentFactory(cycle=cycle).researcher
    url = f"/irm/reviews/{cycle.pk}/commitments/{commitments[0].pk}/"
    client_for(colleague).post(url, {**APR_VALUES, "potential_for_results": "modest"})

    response = client_for(researcher).post(url, APR_VALUES)  # started from version 0

    assert response.status_code == 409
    assert "Someone else saved this assessment" in response.content.decode()
    stored = CommitmentAssessment.objects.get(cycle=cycle, commitment=commitments[0])
    assert stored.potential_for_results == "modest"
    again = client_for(researcher).post(url, {**APR_VALUES, "version": str(stored.version)})
    assert again.status_code == 302
    stored.refresh_from_db()
    assert stored.potential_for_results == "substantial"


def test_a_level_the_report_does_not_use_is_an_error_next_to_its_field(review):
    cycle, commitments, researcher = review
    url = f"/irm/reviews/{cycle.pk}/commitments/{commitments[0].pk}/"

    response = client_for(researcher).post(
        url, {**APR_VALUES, "verifiable": "no", "evidence_links": "not a link"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "not a web address" in html
    assert not CommitmentAssessment.objects.exists()


def test_moving_to_pre_publication_is_refused_with_the_list_then_allowed(review):
    cycle, commitments, researcher = review
    client = client_for(researcher)
    client.post(f"/irm/reviews/{cycle.pk}/commitments/{commitments[0].pk}/", APR_VALUES)
    CommitmentAssessmentFactory(
        cycle=cycle, commitment=commitments[1], verifiable="no", potential_for_results=""
    )

    refused = client.post(f"/irm/reviews/{cycle.pk}/advance/", {"from_state": "open"})

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "1 commitment lacks required indicators" in html
    assert f"/irm/reviews/{cycle.pk}/commitments/{commitments[2].pk}/" in html
    assert "Verifiable" in html.split('id="refusal"')[1].split("</div>")[0]
    cycle.refresh_from_db()
    assert cycle.state == CycleState.OPEN

    client.post(f"/irm/reviews/{cycle.pk}/commitments/{commitments[2].pk}/", APR_VALUES)
    allowed = client.post(f"/irm/reviews/{cycle.pk}/advance/", {"from_state": "open"})

    assert allowed.status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == CycleState.PRE_PUBLICATION
    assert Event.objects.filter(kind="review.pre_publication", object_id=cycle.pk).count() == 1


def test_an_unassigned_researcher_cannot_move_a_review_on(review):
    cycle, commitments, researcher = review

    response = client_for(people(cycle, researcher)["unassigned_irm"]).post(
        f"/irm/reviews/{cycle.pk}/advance/", {"from_state": "open"}
    )

    assert response.status_code == 403
    cycle.refresh_from_db()
    assert cycle.state == CycleState.OPEN


def test_a_published_review_refuses_every_edit_with_a_clear_message(review):
    cycle, commitments, researcher = review
    CommitmentAssessmentFactory(cycle=cycle, commitment=commitments[0])
    ReviewCycle.objects.filter(pk=cycle.pk).update(state=CycleState.PUBLISHED, published_on=TODAY)
    url = f"/irm/reviews/{cycle.pk}/commitments/{commitments[0].pk}/"

    page = client_for(researcher).get(url)
    refused = client_for(researcher).post(url, {**APR_VALUES, "version": "1"})

    assert "This IRM report is published; its assessments are final." in page.content.decode()
    assert "disabled" in page.content.decode()
    assert refused.status_code == 403
    assert "This IRM report is published; its assessments are final." in refused.content.decode()
    assert CommitmentAssessment.objects.get(commitment=commitments[0]).potential_for_results == (
        "modest"
    )


def test_a_cluster_is_assessed_once_and_shows_for_each_commitment_in_it(review):
    cycle, commitments, researcher = review
    client = client_for(researcher)

    created = client.post(
        f"/irm/reviews/{cycle.pk}/clusters/",
        {"name": "Open parliament", "commitments": [commitments[0].pk, commitments[1].pk]},
    )
    cluster = cycle.clusters.get()
    assert created["Location"] == f"/irm/reviews/{cycle.pk}/clusters/{cluster.pk}/"
    page = client.get(created["Location"])
    assert commitments[0].title in page.content.decode()
    assert commitments[1].title in page.content.decode()
    # A clustered commitment's own page leads to its cluster's.
    own = client.get(f"/irm/reviews/{cycle.pk}/commitments/{commitments[1].pk}/")
    assert own["Location"] == created["Location"]

    saved = client.post(
        created["Location"], {**APR_VALUES, "version": str(cluster.version), "save_next": "1"}
    )

    assert saved["Location"] == f"/irm/reviews/{cycle.pk}/commitments/{commitments[2].pk}/"
    stored = CommitmentAssessment.objects.filter(cycle=cycle).order_by("commitment__position")
    assert [(a.commitment_id, a.potential_for_results, a.cluster) for a in stored] == [
        (commitments[0].pk, "substantial", "Open parliament"),
        (commitments[1].pk, "substantial", "Open parliament"),
    ]
    stale = client.post(created["Location"], {**APR_VALUES, "version": str(cluster.version)})
    assert stale.status_code == 409


def test_a_cluster_needs_two_commitments_not_yet_clustered(review):
    cycle, commitments, researcher = review

    response = client_for(researcher).post(
        f"/irm/reviews/{cycle.pk}/clusters/", {"name": "Alone", "commitments": [commitments[0].pk]}
    )

    assert response.status_code == 400
    assert "A cluster groups at least two commitments." in response.content.decode()
    assert not cycle.clusters.exists()


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_the_workspace_lists_my_reviews_with_what_is_missing(review):
    cycle, commitments, researcher = review
    CommitmentAssessmentFactory(
        cycle=cycle, commitment=commitments[0], open_government_lens=True, is_promising=True
    )
    not_mine = ReviewCycleFactory()

    page = client_for(researcher).get("/irm/")
    html = page.content.decode()

    assert page.status_code == 200
    assert "2 of 3 commitments lack required indicators." in html
    assert f"/irm/reviews/{cycle.pk}/" in html
    assert f"/irm/reviews/{not_mine.pk}/" not in html


def test_the_support_unit_sees_every_open_review_and_assigns_from_the_workspace(review):
    cycle, commitments, researcher = review
    other = ReviewCycleFactory(kind=ReviewCycle.Kind.RESULTS_REPORT)
    newcomer = UserFactory(role=Role.IRM_STAFF, member=None)
    support = UserFactory(role=Role.SUPPORT_UNIT, member=None)
    client = client_for(support)

    page = client.get("/irm/")
    assigned = client.post(
        f"/irm/reviews/{other.pk}/assignments/", {"researcher": newcomer.pk, "next": "workspace"}
    )

    assert f"/irm/reviews/{cycle.pk}/" in page.content.decode()
    assert f"/irm/reviews/{other.pk}/" in page.content.decode()
    assert assigned["Location"] == "/irm/"
    assert ReviewAssignment.objects.filter(cycle=other, researcher=newcomer).exists()
    event = Event.objects.get(kind="review.assigned")
    assert event.data["researcher_id"] == newcomer.pk
    assert client_for(newcomer).post(
        f"/irm/reviews/{other.pk}/commitments/{CommitmentFactory(plan=other.plan).pk}/",
        {"version": "0", "completion": "limited"},
    ).status_code in (302,)


def test_only_the_support_unit_assigns_and_unassigns(review):
    cycle, commitments, researcher = review
    assignment = cycle.assignments.get()
    newcomer = UserFactory(role=Role.IRM_STAFF, member=None)

    refused = client_for(researcher).post(
        f"/irm/reviews/{cycle.pk}/assignments/", {"researcher": newcomer.pk}
    )
    removed = client_for(UserFactory(role=Role.SUPPORT_UNIT, member=None)).post(
        f"/irm/reviews/{cycle.pk}/assignments/{assignment.pk}/remove/"
    )

    assert refused.status_code == 403
    assert removed.status_code == 302
    assert not cycle.assignments.exists()
    assert Event.objects.filter(kind="review.unassigned").count() == 1
    after = client_for(researcher).post(
        f"/irm/reviews/{cycle.pk}/commitments/{commitments[0].pk}/", APR_VALUES
    )
    assert after.status_code == 403


def test_the_workspace_is_for_irm_staff_and_the_support_unit(review):
    cycle, _commitments, researcher = review
    everyone = people(cycle, researcher)

    assert client_for(everyone["forum_member"]).get("/irm/").status_code == 403
    assert client_for(everyone["forum_member"]).get(f"/irm/reviews/{cycle.pk}/").status_code == 403
    assert client_for(None).get("/irm/").status_code == 302


def test_the_workspace_costs_the_same_whatever_the_number_of_reviews(
    django_assert_max_num_queries,
):
    support = UserFactory(role=Role.SUPPORT_UNIT, member=None)
    client = client_for(support)

    def add_reviews(count: int) -> None:
        for _ in range(count):
            cycle = ReviewCycleFactory()
            ReviewAssignmentFactory(cycle=cycle)
            CommitmentAssessmentFactory(cycle=cycle)

    add_reviews(2)
    with django_assert_max_num_queries(12) as few:
        client.get("/irm/")
    add_reviews(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/irm/")
    # The factory's assessments say nothing of "promising" yet.
    assert page.content.decode().count("1 of 1 commitment lacks required indicators.") == 10
