"""A researcher changes a cluster in a real browser: renames it, takes one commitment out and
puts another in, then finds it frozen once the report is published. axe-core finds nothing on
the cluster's page."""

import datetime

import pytest

from irm_reviews.assignments import cluster_create
from irm_reviews.models import CommitmentAssessment, CycleState
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.browser.test_irm_workspace import assert_accessible, signed_in
from tests.commitments.factories import CommitmentFactory
from tests.irm_reviews.factories import ReviewAssignmentFactory, ReviewCycleFactory
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_researcher_renames_a_cluster_and_chooses_its_commitments(browser, live_server):
    plan = ActionPlanFactory()
    commitments = [
        CommitmentFactory(plan=plan, position=n, number=str(n), title=f"Budget step {n}")
        for n in (1, 2, 3)
    ]
    cycle = ReviewCycleFactory(plan=plan, due_on=datetime.date(2026, 12, 20))
    researcher = UserFactory(role=Role.IRM_STAFF, member=None, first_name="Ana", last_name="Sol")
    ReviewAssignmentFactory(cycle=cycle, researcher=researcher)
    cluster = cluster_create(
        user=researcher, cycle=cycle, name="Budgets", commitments=commitments[:2]
    )

    page = signed_in(browser, live_server, researcher)
    page.goto(f"{live_server.url}/irm/reviews/{cycle.pk}/clusters/{cluster.pk}/")
    assert_accessible(page, "irm-cluster-members")
    form = page.locator("#cluster-members")
    form.get_by_label("Cluster name").fill("Open budgets")
    form.get_by_label("2. Budget step 2").uncheck()
    form.get_by_label("3. Budget step 3").check()
    form.get_by_role("button", name="Save the cluster").click()
    page.wait_for_load_state()
    assert "The cluster Open budgets is saved." in page.content()
    assert page.get_by_role("heading", name="Cluster Open budgets", level=1).is_visible()
    clustered = CommitmentAssessment.objects.filter(assessed_cluster=cluster)
    assert sorted(clustered.values_list("commitment__number", flat=True)) == ["1", "3"]

    # Fewer than two commitments: the error shows beside the field, nothing is stored.
    form = page.locator("#cluster-members")
    form.get_by_label("3. Budget step 3").uncheck()
    form.get_by_role("button", name="Save the cluster").click()
    page.wait_for_load_state()
    assert "A cluster groups at least two commitments." in page.content()
    assert_accessible(page, "irm-cluster-members-error")
    assert clustered.count() == 2

    cycle.state, cycle.published_on = CycleState.PUBLISHED, datetime.date(2026, 12, 1)
    cycle.save()
    page.reload()
    assert "This IRM report is published; its assessments are final." in page.content()
    assert page.locator("#cluster-members").count() == 0
    page.context.close()
