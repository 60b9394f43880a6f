"""The tombstones feed: what was removed or withdrawn, for partner systems syncing by
`updated_since`."""

import datetime

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.db import transaction
from django.test import RequestFactory
from rest_framework.test import APIClient

from action_plans.models import ActionPlan
from commitments import drafting
from commitments.models import Commitment
from core.events import event_record
from members.models import Role
from tests.action_plans.factories import PlanInCoCreationFactory
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)


def _feed(**params):
    return APIClient().get("/api/v1/tombstones/", params).json()["results"]


def _admin_request():
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return request


def test_a_commitment_deleted_in_the_admin_leaves_tombstones_for_it_and_its_milestones():
    milestone = MilestoneFactory()
    commitment = milestone.commitment
    commitment_id, milestone_id = commitment.pk, milestone.pk
    with time_machine.travel(NOON, tick=False):
        site._registry[Commitment].delete_model(_admin_request(), commitment)

    assert {(row["resource"], row["object_id"]) for row in _feed()} == {
        ("commitment", commitment_id),
        ("milestone", milestone_id),
    }
    row = next(row for row in _feed() if row["resource"] == "commitment")
    assert row["ogp_id"] == commitment.ogp_id and row["reason"] == "deleted"
    assert row["removed_at"].startswith("2026-12-01T12:00:00")


def test_a_plan_deleted_in_the_admin_leaves_tombstones_for_its_commitments():
    commitment = CommitmentFactory()
    plan = commitment.plan
    site._registry[ActionPlan].delete_queryset(
        _admin_request(), ActionPlan.objects.filter(pk=plan.pk)
    )
    assert {(row["resource"], row["object_id"]) for row in _feed()} == {
        ("plan", plan.pk),
        ("commitment", commitment.pk),
    }


def test_a_milestone_removed_from_a_draft_leaves_a_tombstone():
    plan = PlanInCoCreationFactory()
    user = UserFactory(role=Role.POINT_OF_CONTACT, member=plan.member)
    commitment = drafting.commitment_create(
        user=user,
        plan=plan,
        values={"title": "Open budgets"},
        milestones=[drafting.MilestoneDraft("Publish the budget")],
    )
    milestone = commitment.milestones.get()

    drafting.milestone_delete(user=user, milestone=milestone, version=commitment.version)

    assert [(row["resource"], row["object_id"], row["reason"]) for row in _feed()] == [
        ("milestone", milestone.pk, "removed")
    ]


def test_a_plan_withdrawn_leaves_a_tombstone_and_other_state_changes_do_not():
    plan = CommitmentFactory().plan
    with transaction.atomic():
        event_record(
            "plan.state_changed", subject=plan, data={"from": "co_creation", "to": "submitted"}
        )
        event_record(
            "plan.state_changed", subject=plan, data={"from": "submitted", "to": "withdrawn"}
        )
    assert [(row["resource"], row["reason"]) for row in _feed()] == [("plan", "withdrawn")]


def test_since_keeps_only_later_removals_and_a_bad_date_is_a_400():
    first, second = CommitmentFactory(), CommitmentFactory()
    second_id = second.pk
    with time_machine.travel(NOON, tick=False):
        site._registry[Commitment].delete_model(_admin_request(), first)
    with time_machine.travel(NOON + datetime.timedelta(days=1), tick=False):
        site._registry[Commitment].delete_model(_admin_request(), second)

    rows = _feed(since="2026-12-02T00:00:00Z", resource="commitment")
    assert [row["object_id"] for row in rows] == [second_id]
    response = APIClient().get("/api/v1/tombstones/", {"since": "yesterday"})
    assert response.status_code == 400
    assert "since" in response.json()["error"]["fields"]
