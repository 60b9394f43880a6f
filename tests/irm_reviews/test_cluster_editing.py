"""A cluster's name and commitments, changed in the workspace before publication: the version
check, the rules of a cluster, and the refusal once the report is published."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from core.models import Event
from core.versioning import StaleVersion
from irm_reviews.assignments import cluster_create, cluster_update
from irm_reviews.models import CommitmentAssessment, CycleState
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory
from tests.irm_reviews.factories import ReviewAssignmentFactory, ReviewCycleFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clustered():
    """An open review of a plan with four commitments, the first two in a cluster."""
    plan = ActionPlanFactory()
    commitments = [CommitmentFactory(plan=plan, position=n, number=str(n)) for n in (1, 2, 3, 4)]
    cycle = ReviewCycleFactory(plan=plan)
    researcher = ReviewAssignmentFactory(cycle=cycle).researcher
    cluster = cluster_create(
        user=researcher, cycle=cycle, name="Open data", commitments=commitments[:2]
    )
    return cycle, commitments, researcher, cluster


def _members(cycle, cluster) -> list[int]:
    return sorted(
        CommitmentAssessment.objects.filter(cycle=cycle, assessed_cluster=cluster).values_list(
            "commitment__position", flat=True
        )
    )


def _post(client, cycle, cluster, name, commitments, version):
    return client.post(
        reverse("irm:cluster-members", args=[cycle.pk, cluster.pk]),
        {
            "members-name": name,
            "members-commitments": [c.pk for c in commitments],
            "members-version": version,
        },
    )


def test_a_cluster_is_renamed_and_its_commitments_chosen_again(clustered):
    cycle, commitments, researcher, cluster = clustered
    CommitmentAssessment.objects.filter(commitment=commitments[1]).update(
        potential_for_results="modest"
    )
    updated = cluster_update(
        user=researcher,
        cluster=cluster,
        name="Open data portals",
        commitments=[commitments[0], commitments[2]],
        version=cluster.version,
    )
    assert updated.name == "Open data portals" and updated.version == 2
    assert _members(cycle, cluster) == [1, 3]
    taken_out = CommitmentAssessment.objects.get(commitment=commitments[1])
    assert taken_out.assessed_cluster is None and taken_out.cluster == ""
    assert taken_out.potential_for_results == "modest"  # keeps the cluster's levels
    assert CommitmentAssessment.objects.get(commitment=commitments[2]).cluster == (
        "Open data portals"
    )
    event = Event.objects.filter(kind="cluster.updated").get()
    assert event.data["added"] == [commitments[2].pk]
    assert event.data["removed"] == [commitments[1].pk]


def test_a_change_from_a_stale_version_stores_nothing(clustered):
    cycle, commitments, researcher, cluster = clustered
    cluster_update(
        user=researcher, cluster=cluster, name="First", commitments=commitments[:2], version=1
    )
    with pytest.raises(StaleVersion):
        cluster_update(
            user=researcher, cluster=cluster, name="Second", commitments=commitments, version=1
        )
    cluster.refresh_from_db()
    assert cluster.name == "First" and _members(cycle, cluster) == [1, 2]


@pytest.mark.parametrize(
    ("name", "positions", "field"),
    [("", [1, 2], "name"), ("Open data", [1], "commitments")],
)
def test_a_cluster_keeps_a_name_and_two_commitments(clustered, name, positions, field):
    cycle, commitments, researcher, cluster = clustered
    with pytest.raises(ValidationError) as refused:
        cluster_update(
            user=researcher,
            cluster=cluster,
            name=name,
            commitments=[commitments[p - 1] for p in positions],
            version=1,
        )
    assert field in refused.value.message_dict


def test_a_commitment_of_another_cluster_or_name_of_another_is_refused(clustered):
    cycle, commitments, researcher, cluster = clustered
    cluster_create(user=researcher, cycle=cycle, name="Budgets", commitments=commitments[2:])
    with pytest.raises(ValidationError) as in_other:
        cluster_update(
            user=researcher, cluster=cluster, name="Open data", commitments=commitments, version=1
        )
    assert "commitments" in in_other.value.message_dict
    with pytest.raises(ValidationError) as same_name:
        cluster_update(
            user=researcher, cluster=cluster, name="Budgets", commitments=commitments[:2], version=1
        )
    assert "name" in same_name.value.message_dict


def test_only_the_reviews_editors_change_a_cluster(clustered):
    cycle, commitments, _researcher, cluster = clustered
    with pytest.raises(PermissionDenied):
        cluster_update(
            user=UserFactory(role=Role.IRM_STAFF, member=None),
            cluster=cluster,
            name="Mine",
            commitments=commitments[:2],
            version=1,
        )
    support = UserFactory(role=Role.SUPPORT_UNIT, member=None)
    assert cluster_update(
        user=support, cluster=cluster, name="Ours", commitments=commitments[:2], version=1
    )


def test_the_page_changes_the_cluster_and_a_stale_form_is_a_409(clustered):
    cycle, commitments, researcher, cluster = clustered
    client = Client()
    client.force_login(researcher)
    page = client.get(reverse("irm:cluster", args=[cycle.pk, cluster.pk])).content.decode()
    assert "Name and commitments of the cluster" in page
    saved = _post(client, cycle, cluster, "Open data, renamed", commitments[:3], 1)
    assert saved.status_code == 302
    assert _members(cycle, cluster) == [1, 2, 3]
    stale = _post(client, cycle, cluster, "Again", commitments[:2], 1)
    assert stale.status_code == 409
    assert "Someone changed this cluster" in stale.content.decode()
    cluster.refresh_from_db()
    assert cluster.name == "Open data, renamed"


def test_an_error_shows_beside_the_field(clustered):
    cycle, commitments, researcher, cluster = clustered
    client = Client()
    client.force_login(researcher)
    response = _post(client, cycle, cluster, "Open data", commitments[:1], 1)
    assert response.status_code == 400
    assert "A cluster groups at least two commitments." in response.content.decode()


def test_once_published_the_page_refuses_with_the_reason(clustered):
    cycle, commitments, researcher, cluster = clustered
    cycle.state, cycle.published_on = CycleState.PUBLISHED, datetime.date(2026, 11, 1)
    cycle.save()
    client = Client()
    client.force_login(researcher)
    page = client.get(reverse("irm:cluster", args=[cycle.pk, cluster.pk])).content.decode()
    assert "Name and commitments of the cluster" not in page
    response = _post(client, cycle, cluster, "Late", commitments[:2], 1)
    assert response.status_code == 403
    assert "This IRM report is published; its assessments are final." in (response.content.decode())
    cluster.refresh_from_db()
    assert cluster.name == "Open data"
