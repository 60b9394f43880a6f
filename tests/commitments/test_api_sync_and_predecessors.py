"""What partners syncing the API see: a milestone's change moves its commitment's
updated_at; a draft predecessor is never named to the public."""

import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from commitments.models import Commitment
from core.api.tokens import api_token_issue
from members.models import Role
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_milestone_change_shows_in_commitments_updated_since():
    with time_machine.travel(datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)):
        milestone = MilestoneFactory(commitment__ogp_id="AL0002")
    user = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=milestone.commitment.plan.member)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)[1]}")
    since = {"updated_since": "2026-11-15T00:00:00Z"}
    assert APIClient().get("/api/v1/commitments/", since).json()["count"] == 0

    client.patch(f"/api/v1/milestones/{milestone.pk}/", {"completion": "limited"}, format="json")

    rows = APIClient().get("/api/v1/commitments/", since).json()["results"]
    assert [row["ogp_id"] for row in rows] == ["AL0002"]


@pytest.mark.parametrize("path", ["/api/v1/commitments/", "/api/v1/commitments/AL0002/"])
def test_a_draft_predecessor_is_not_named_to_anonymous_visitors(path):
    draft = CommitmentFactory(ogp_id="AL0001", publication_state=Commitment.PublicationState.DRAFT)
    CommitmentFactory(ogp_id="AL0002", carried_forward_from=draft)

    body = APIClient().get(path).json()
    row = body["results"][0] if "results" in body else body

    assert (row["carried_forward_from"], row["carried_forward_from_ogp_id"]) == (None, None)


@pytest.mark.parametrize("path", ["/api/v1/commitments/", "/api/v1/commitments/AL0002/"])
def test_a_published_predecessor_is_named(path):
    previous = CommitmentFactory(ogp_id="AL0001")
    CommitmentFactory(ogp_id="AL0002", carried_forward_from=previous)

    body = APIClient().get(path, {"ogp_id": "AL0002"} if path.endswith("s/") else None).json()
    row = next(r for r in body.get("results", [body]) if r["ogp_id"] == "AL0002")

    assert (row["carried_forward_from"], row["carried_forward_from_ogp_id"]) == (
        previous.pk,
        "AL0001",
    )
