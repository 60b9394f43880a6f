import pytest
from rest_framework.test import APIClient

from commitments import drafting
from core.api.tokens import api_token_issue
from members.models import Role
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db
COMMITMENTS = "/api/v1/commitments/"
MILESTONES = "/api/v1/milestones/"


def token_client(user) -> APIClient:
    client = APIClient()
    _token, key = api_token_issue(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_partner_system_drafts_a_commitment_with_milestones(plan, official):
    response = token_client(official).post(
        COMMITMENTS,
        {
            "plan": plan.pk,
            "title": "Open contracting",
            "problem": "Contracts are secret.",
            "ogp_values": ["access_to_information"],
            "milestones": [{"description": "Publish contracts"}, {"description": "Train"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["publication_state"] == "draft" and body["problem"] == "Contracts are secret."
    assert [m["description"] for m in body["milestones"]] == ["Publish contracts", "Train"]
    assert body["ogp_values"] == ["access_to_information"]
    assert response["ETag"]


def test_bad_fields_are_named_in_a_400(plan, official):
    response = token_client(official).post(
        COMMITMENTS,
        {"plan": plan.pk, "title": "", "start_date": "soon", "milestones": [{}]},
        format="json",
    )
    assert response.status_code == 400
    assert {"title", "start_date", "milestones.0.description"} <= set(
        response.json()["error"]["fields"]
    )


def test_a_rule_of_the_service_is_named_in_a_400(plan, official, draft):
    response = token_client(official).post(
        COMMITMENTS, {"plan": plan.pk, "title": "Twin", "number": draft.number}, format="json"
    )
    assert response.status_code == 400
    assert "number" in response.json()["error"]["fields"]


def test_a_patch_with_the_current_etag_saves_and_returns_the_new_one(draft, activist):
    client = token_client(activist)
    etag = client.get(f"{COMMITMENTS}{draft.pk}/")["ETag"]
    response = client.patch(
        f"{COMMITMENTS}{draft.pk}/", {"title": "Open budgets"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.json()
    assert response["ETag"] != etag
    assert response["ETag"] == client.get(f"{COMMITMENTS}{draft.pk}/")["ETag"]
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Open budgets", 2)


def test_a_patch_with_a_stale_etag_is_412_and_stores_nothing(draft, activist, official):
    client = token_client(activist)
    etag = client.get(f"{COMMITMENTS}{draft.pk}/")["ETag"]
    drafting.commitment_update(user=official, commitment=draft, version=1, values={"theme": "X"})
    response = client.patch(
        f"{COMMITMENTS}{draft.pk}/", {"title": "Mine"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412
    assert response.json()["error"]["code"] == "precondition_failed"
    draft.refresh_from_db()
    assert draft.title == "Open budget data"


def test_the_api_sees_the_pages_changes_and_the_pages_the_apis(client, draft, official, activist):
    api = token_client(activist)
    api.patch(f"{COMMITMENTS}{draft.pk}/", {"problem": "From the API"}, format="json")
    client.force_login(official)
    assert "From the API" in client.get(f"/commitments/{draft.pk}/edit/").content.decode()
    drafting.commitment_update(user=official, commitment=draft, version=2, values={"theme": "Web"})
    assert api.get(f"{COMMITMENTS}{draft.pk}/").json()["theme"] == "Web"


def test_milestones_are_added_edited_moved_and_removed_through_the_api(draft, activist):
    client = token_client(activist)
    added = client.post(
        MILESTONES, {"commitment": draft.pk, "description": "Third", "number": 1}, format="json"
    )
    assert added.status_code == 201, added.json()
    assert added.json()["number"] == 1
    milestone_id = added.json()["id"]
    etag = client.get(f"{MILESTONES}{milestone_id}/")["ETag"]
    edited = client.patch(
        f"{MILESTONES}{milestone_id}/",
        {"description": "Third, renamed", "number": 3},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert edited.status_code == 200, edited.json()
    assert (edited.json()["number"], edited.json()["description"]) == (3, "Third, renamed")
    stale = client.delete(f"{MILESTONES}{milestone_id}/", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    gone = client.delete(f"{MILESTONES}{milestone_id}/", HTTP_IF_MATCH=edited["ETag"])
    assert gone.status_code == 204
    draft.refresh_from_db()
    assert draft.milestones.count() == 2 and draft.version == 4


def test_outside_the_forum_the_api_refuses_writes(draft):
    irm = UserFactory(role=Role.IRM_STAFF, member=None)
    response = token_client(irm).patch(f"{COMMITMENTS}{draft.pk}/", {"title": "X"}, format="json")
    assert response.status_code in (403, 404)
    response = token_client(irm).post(
        COMMITMENTS, {"plan": draft.plan_id, "title": "X"}, format="json"
    )
    assert response.status_code == 403
    assert APIClient().post(COMMITMENTS, {"plan": draft.plan_id, "title": "X"}).status_code in (
        401,
        403,
    )
