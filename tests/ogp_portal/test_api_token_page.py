"""API tokens on the account page: created there and shown once, listed, revoked, scoped
read-only or read-write, each creation and revocation in the audit log."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from commitments.models import Completion
from core.api.tokens import TOKEN_CREATED, TOKEN_REVOKED, api_token_issue
from core.models import ApiToken, Event
from members.models import Role
from tests.commitments.factories import MilestoneFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def implementer_and_milestone():
    milestone = MilestoneFactory()
    user = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=milestone.commitment.plan.member)
    return user, milestone


def api_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_created_on_the_account_page_is_shown_once_and_then_only_by_its_prefix(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("api_token_create"), {"label": "nightly sync", "scope": "read"})

    token = ApiToken.objects.get(user=user)
    key = response.context["new_key"]
    assert response.status_code == 200
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert (token.label, token.scope) == ("nightly sync", ApiToken.Scope.READ)
    again = client.get(reverse("account_overview")).content.decode()
    assert key not in again
    assert token.prefix in again and "nightly sync" in again


def test_the_account_page_lists_only_the_signed_in_users_tokens(client):
    user, other = UserFactory(), UserFactory()
    api_token_issue(user=user, label="mine")
    api_token_issue(user=other, label="someone else's")
    client.force_login(user)

    page = client.get(reverse("account_overview")).content.decode()

    assert "mine" in page and "someone else&#x27;s" not in page


def test_a_token_with_an_unknown_scope_is_a_form_error_and_none_is_created(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("api_token_create"), {"label": "x", "scope": "admin"})

    assert response.status_code == 400
    assert "scope" in response.context["token_form"].errors
    assert not ApiToken.objects.filter(user=user).exists()


def test_revoking_a_token_on_the_account_page_ends_it_on_the_api(client):
    user, milestone = implementer_and_milestone()
    token, key = api_token_issue(user=user)
    client.force_login(user)

    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_with(key).get(f"/api/v1/milestones/{milestone.pk}/").status_code == 401


def test_nobody_can_revoke_someone_elses_token(client):
    owner = UserFactory()
    token, _key = api_token_issue(user=owner)
    client.force_login(UserFactory())

    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_token_pages_need_a_signed_in_user(client):
    assert client.post(reverse("api_token_create"), {"scope": "read"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_a_read_only_token_reads_but_every_write_is_a_403_saying_it_is_read_only():
    user, milestone = implementer_and_milestone()
    _token, key = api_token_issue(user=user, scope=ApiToken.Scope.READ)
    api = api_with(key)
    url = f"/api/v1/milestones/{milestone.pk}/"

    read = api.get(url)
    write = api.patch(url, {"completion": "limited"}, format="json")
    create = api.post("/api/v1/progress-updates/", {"milestone": milestone.pk}, format="json")

    assert read.status_code == 200
    assert write.status_code == 403 and create.status_code == 403
    error = write.json()["error"]
    assert error["code"] == "read_only_token"
    assert "read-only" in error["message"]
    milestone.refresh_from_db()
    assert milestone.completion != Completion.LIMITED


def test_a_read_write_token_may_write():
    user, milestone = implementer_and_milestone()
    _token, key = api_token_issue(user=user, scope=ApiToken.Scope.READ_WRITE)

    response = api_with(key).patch(
        f"/api/v1/milestones/{milestone.pk}/", {"completion": "limited"}, format="json"
    )

    assert response.status_code == 200


def test_the_token_endpoint_issues_a_read_only_token_when_asked():
    UserFactory(username="ana")

    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "ana", "password": "correct horse battery staple", "scope": "read"},
        format="json",
    )

    assert response.json()["scope"] == "read"
    assert ApiToken.objects.get(user__username="ana").is_read_only


def test_creating_and_revoking_a_token_are_in_the_audit_log(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("api_token_create"), {"label": "ci", "scope": "read_write"})
    token = ApiToken.objects.get(user=user)

    client.post(reverse("api_token_revoke", args=[token.pk]))
    client.post(reverse("api_token_revoke", args=[token.pk]))

    events = list(
        Event.objects.filter(kind__startswith="account.api_token", object_id=token.pk).order_by(
            "pk"
        )
    )
    assert [event.kind for event in events] == [TOKEN_CREATED, TOKEN_REVOKED]
    assert all(event.actor == user for event in events)
    assert events[0].data["prefix"] == token.prefix and events[0].data["scope"] == "read_write"
    support = UserFactory(role=Role.SUPPORT_UNIT)
    client.force_login(support)
    audit = client.get("/audit/").content.decode()
    assert "API token created" in audit and "API token revoked" in audit
