"""The IRM's pages cost the same number of SQL queries whatever the number of commitments (and
of reviews, for /irm/), as a signed-in researcher sees them."""

import pytest
from django.test import Client
from django.urls import reverse

from irm_reviews.assignments import cluster_create
from irm_reviews.comments import review_comment_create
from irm_reviews.models import ReviewCycle
from tests.commitments.factories import CommitmentFactory, ProgressUpdateFactory
from tests.irm_reviews.factories import (
    CommitmentAssessmentFactory,
    ReviewAssignmentFactory,
    ReviewCycleFactory,
)

from .publication import review_with_people

pytestmark = pytest.mark.django_db


def _add_commitments(cycle: ReviewCycle, count: int) -> None:
    start = cycle.plan.commitments.count()
    for n in range(count):
        commitment = CommitmentFactory(plan=cycle.plan, position=start + n + 1)
        CommitmentAssessmentFactory(cycle=cycle, commitment=commitment)
        ProgressUpdateFactory(commitment=commitment)


def _constant(client: Client, url: str, grow, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    grow()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.fixture
def researcher_review():
    cycle = ReviewCycleFactory()
    researcher = ReviewAssignmentFactory(cycle=cycle).researcher
    _add_commitments(cycle, 3)
    client = Client()
    client.force_login(researcher)
    return cycle, researcher, client


def test_the_researchers_workspace_costs_the_same_with_more_reviews_and_commitments(
    researcher_review, django_assert_max_num_queries
):
    cycle, researcher, client = researcher_review

    def grow() -> None:
        _add_commitments(cycle, 6)
        for _ in range(4):
            other = ReviewCycleFactory()
            ReviewAssignmentFactory(cycle=other, researcher=researcher)
            _add_commitments(other, 3)

    _constant(client, reverse("irm:workspace"), grow, django_assert_max_num_queries)


def test_a_reviews_workspace_page_costs_the_same_with_more_commitments(
    researcher_review, django_assert_max_num_queries
):
    cycle, researcher, client = researcher_review
    cluster_create(
        user=researcher,
        cycle=cycle,
        name="Grouped",
        commitments=list(cycle.plan.commitments.order_by("position")[:2]),
    )
    url = reverse("irm:review", args=[cycle.pk])
    _constant(client, url, lambda: _add_commitments(cycle, 8), django_assert_max_num_queries)


def test_an_assessment_page_costs_the_same_with_more_commitments(
    researcher_review, django_assert_max_num_queries
):
    cycle, _researcher, client = researcher_review
    commitment = cycle.plan.commitments.order_by("position")[1]
    url = reverse("irm:assessment", args=[cycle.pk, commitment.pk])
    _constant(client, url, lambda: _add_commitments(cycle, 8), django_assert_max_num_queries)


def test_a_clusters_page_costs_the_same_with_more_commitments_outside_it(
    researcher_review, django_assert_max_num_queries
):
    cycle, researcher, client = researcher_review
    cluster = cluster_create(
        user=researcher,
        cycle=cycle,
        name="Grouped",
        commitments=list(cycle.plan.commitments.order_by("position")[:2]),
    )
    url = reverse("irm:cluster", args=[cycle.pk, cluster.pk])
    _constant(client, url, lambda: _add_commitments(cycle, 8), django_assert_max_num_queries)


def test_the_review_page_costs_the_same_with_more_commitments_and_comments(
    client, django_assert_max_num_queries
):
    people = review_with_people(levels=({"potential_for_results": "modest"},) * 2)

    def grow() -> None:
        for n in range(6):
            commitment = CommitmentFactory(plan=people.cycle.plan, position=10 + n)
            CommitmentAssessmentFactory(
                cycle=people.cycle, commitment=commitment, potential_for_results="modest"
            )
            review_comment_create(
                user=people.forum_member, cycle=people.cycle, text="A.", commitment=commitment
            )

    client.force_login(people.irm)
    _constant(client, people.cycle.get_absolute_url(), grow, django_assert_max_num_queries)


def test_an_action_plan_reviews_workspace_page_shows_the_standards_check(researcher_review):
    cycle, _researcher, client = researcher_review
    assert cycle.kind == ReviewCycle.Kind.ACTION_PLAN_REVIEW
    html = client.get(reverse("irm:review", args=[cycle.pk])).content.decode()
    assert "Co-creation standards check" in html and "Record a finding on" in html
