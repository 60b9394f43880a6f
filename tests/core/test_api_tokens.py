"""API tokens are stored hashed, expire, can be revoked, and end with a password change."""

import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from commitments.models import Commitment
from core.api.tokens import api_token_issue, api_token_revoke
from core.models import ApiToken
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def sees_draft(key: str, draft) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(f"/api/v1/commitments/{draft.pk}/").status_code


@pytest.fixture
def draft_and_user():
    user = UserFactory(username="ana")
    draft = CommitmentFactory(
        plan__member=user.member, publication_state=Commitment.PublicationState.DRAFT
    )
    return draft, user


def test_the_token_endpoint_stores_only_a_hash_of_the_key(draft_and_user):
    draft, user = draft_and_user

    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "ana", "password": "correct horse battery staple"},
        format="json",
    )

    key = response.json()["token"]
    stored = ApiToken.objects.get(user=user)
    assert key not in {stored.key_hash, stored.prefix, stored.password_fingerprint}
    assert response.json()["expires_at"]
    assert sees_draft(key, draft) == 200


def test_each_request_for_a_token_issues_a_new_one(draft_and_user):
    _draft, user = draft_and_user

    keys = {api_token_issue(user=user)[1] for _ in range(2)}

    assert len(keys) == 2


def test_an_expired_token_is_a_401_saying_so(draft_and_user, settings):
    draft, user = draft_and_user
    settings.API_TOKEN_LIFETIME_DAYS = 30
    _token, key = api_token_issue(user=user)

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=31)):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = client.get("/api/v1/members/")

    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


def test_a_revoked_token_is_a_401(draft_and_user):
    draft, user = draft_and_user
    token, key = api_token_issue(user=user)

    api_token_revoke(token=token)

    assert sees_draft(key, draft) == 401


def test_a_password_change_ends_every_token_issued_before(draft_and_user):
    draft, user = draft_and_user
    _token, old_key = api_token_issue(user=user)

    user.set_password("a new and long passphrase")
    user.save()
    _token, new_key = api_token_issue(user=user)

    assert sees_draft(old_key, draft) == 401
    assert sees_draft(new_key, draft) == 200


def test_tokens_issued_in_clear_before_keep_working_stored_as_hashes(draft_and_user):
    from importlib import import_module

    from django.apps import apps
    from rest_framework.authtoken.models import Token

    draft, user = draft_and_user
    old = Token.objects.create(user=user)
    migration = import_module("core.migrations.0003_api_token")

    migration.hash_existing_tokens(apps, None)

    assert not Token.objects.exists()
    assert old.key not in ApiToken.objects.values_list("key_hash", flat=True)
    assert sees_draft(old.key, draft) == 200
