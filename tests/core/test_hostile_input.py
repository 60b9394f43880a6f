"""Hostile input that used to be a 500: deeply nested JSON, Unicode digits as ids, NUL bytes
in addresses. Each is a 400 or 404 in the API's one error shape (or the site's error page)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from commitments.models import Commitment, ProgressUpdate
from core.api.parsers import MAX_JSON_DEPTH, json_depth_exceeds
from core.api.tokens import api_token_issue
from core.ids import parse_id
from core.models import ApiToken
from members.models import Role
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

NESTED = "[" * 5000


def error(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()["error"]
    assert body["status"] == response.status_code
    return body


@pytest.fixture
def implementer_api():
    milestone = MilestoneFactory(commitment__ogp_id="AL0002")
    user = UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=milestone.commitment.plan.member)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)[1]}")
    return client, milestone


def test_deeply_nested_json_on_the_token_endpoint_is_a_400():
    response = APIClient().post("/api/v1/auth/token/", NESTED, content_type="application/json")

    assert response.status_code == 400
    assert error(response)["code"] == "parse_error"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/progress-updates/"),
        ("post", "/api/v1/assessments/"),
        ("patch", "/api/v1/milestones/{pk}/"),
    ],
)
def test_deeply_nested_json_on_a_write_is_a_400(implementer_api, method, path):
    client, milestone = implementer_api

    response = getattr(client, method)(
        path.format(pk=milestone.pk), NESTED, content_type="application/json"
    )

    assert response.status_code in (400, 403)  # 403: assessments are IRM staff's only
    if response.status_code == 400:
        assert error(response)["code"] == "parse_error"


def test_json_nested_within_python_limits_but_past_the_cap_is_a_400(implementer_api):
    client, milestone = implementer_api
    body = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)

    response = client.patch(
        f"/api/v1/milestones/{milestone.pk}/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert "nested" in error(response)["message"]


def test_json_depth_counts_objects_and_lists():
    assert not json_depth_exceeds({"evidence_links": ["a"]}, 2)
    assert json_depth_exceeds({"a": [["x"]]}, 2)


@pytest.mark.parametrize("ref", ["%C2%B2", "%D9%A3", "1%C2%B2", "99999999999999999999999"])
def test_a_unicode_digit_as_a_commitment_id_is_a_404_in_the_api(ref):
    CommitmentFactory(ogp_id="AL0002")

    response = APIClient().get(f"/api/v1/commitments/{ref}/")

    assert response.status_code == 404
    assert error(response)["code"] == "not_found"


@pytest.mark.parametrize("ref", ["%C2%B2", "%D9%A3"])
def test_a_unicode_digit_as_a_commitment_id_is_a_404_page(client, ref):
    CommitmentFactory(ogp_id="AL0002")

    assert client.get(f"/commitments/{ref}/").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/members/%C2%B2/", "/api/v1/action-plans/%C2%B2/"])
def test_a_unicode_digit_as_an_id_is_a_404_on_every_resource(path):
    assert APIClient().get(path).status_code == 404


def test_ids_are_ascii_digits_only():
    assert parse_id("42") == 42
    assert parse_id("²") is None
    assert parse_id("٣") is None
    assert parse_id("") is None


def test_a_unicode_digit_in_the_upload_milestone_column_is_a_row_error(implementer_api):
    client, milestone = implementer_api
    content = (
        "commitment,milestone,source,reported_on,completion,text,evidence_links\n"
        "AL0002,²,government,2024-07-01,limited,Two datasets are online.,\n"
    ).encode()

    response = client.post(
        "/api/v1/progress-updates/upload/",
        {"file": SimpleUploadedFile("p.csv", content, content_type="text/csv")},
        format="multipart",
    )

    assert response.status_code == 400
    assert [e["column"] for e in error(response)["errors"]] == ["milestone"]
    assert ProgressUpdate.objects.count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/commitments/AL%000002/",
        "/api/v1/commitments/?search=a%00b",
        "/api/v1/progress-updates/export.csv?member=a%00",
        "/api/v1/members/?q=%00",
    ],
)
def test_a_nul_byte_in_an_api_address_is_a_400(path):
    response = APIClient().get(path)

    assert response.status_code == 400
    assert error(response)["code"] == "invalid"


@pytest.mark.parametrize(
    "path", ["/commitments/AL%000002/", "/commitments/?q=a%00b", "/members/?q=%00"]
)
def test_a_nul_byte_in_a_page_address_is_a_400_page(client, path):
    assert client.get(path).status_code == 400


# --- The forms and API writes of issue 13's last part: API tokens, withdrawal, removal. ---

HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    "'; DROP TABLE core_apitoken; --",
    "x" * (1024 * 1024),
    "bad\x00nul",
    "\u202egnp.exe",
]


@pytest.mark.parametrize("label", HOSTILE_TEXTS)
def test_hostile_token_names_are_a_form_error_or_stored_escaped(client, label):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/accounts/tokens/", {"label": label, "scope": "read"})

    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    if response.status_code == 400:
        assert "label" in response.context["token_form"].errors
        assert not ApiToken.objects.exists()
    else:
        assert ApiToken.objects.get().label == label


@pytest.mark.parametrize("scope", ["admin", "", "READ", ["read"], "read\x00"])
def test_an_unknown_token_scope_is_a_400_naming_scope(client, scope):
    UserFactory(username="ana")

    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "ana", "password": "correct horse battery staple", "scope": scope},
        format="json",
    )

    assert response.status_code == 400
    assert "scope" in error(response)["fields"]


@pytest.mark.parametrize(
    "path", ["/accounts/tokens/%C2%B2/revoke/", "/accounts/tokens/1%00/revoke/"]
)
def test_a_unicode_digit_or_nul_as_a_token_id_is_a_4xx(client, path):
    client.force_login(UserFactory())

    assert client.post(path).status_code in (400, 404)


@pytest.mark.parametrize("reason", HOSTILE_TEXTS)
def test_hostile_withdrawal_reasons_are_a_form_error_or_shown_escaped(client, reason):
    commitment = CommitmentFactory(
        publication_state=Commitment.PublicationState.PUBLISHED, ogp_id="ZZ0001"
    )
    client.force_login(UserFactory(role=Role.SUPPORT_UNIT))

    response = client.post(
        "/commitments/ZZ0001/withdraw/", {"version": commitment.version, "reason": reason}
    )

    commitment.refresh_from_db()
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not commitment.is_withdrawn
    else:
        assert commitment.withdrawal_reason == reason.strip()
        page = client.get("/commitments/ZZ0001/").content.decode()
        assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize("version", ["", "abc", "9" * 30, "-1", "1.5", "\x00"])
def test_a_withdrawal_with_a_malformed_version_is_a_form_error(client, version):
    commitment = CommitmentFactory(
        publication_state=Commitment.PublicationState.PUBLISHED, ogp_id="ZZ0002"
    )
    client.force_login(UserFactory(role=Role.SUPPORT_UNIT))

    response = client.post(
        "/commitments/ZZ0002/withdraw/", {"version": version, "reason": "Duplicate."}
    )

    assert response.status_code == 400
    commitment.refresh_from_db()
    assert not commitment.is_withdrawn


@pytest.mark.parametrize(
    "path", ["/commitments/deleted/%C2%B2/restore/", "/commitments/%C2%B2/delete/"]
)
def test_a_unicode_digit_as_a_draft_id_in_removal_addresses_is_a_404(client, path):
    client.force_login(UserFactory(role=Role.GOVERNMENT_OFFICIAL))

    assert client.post(path, {"version": "1"}).status_code == 404


@pytest.mark.parametrize("key", ["", " ", "k" * 256, "bad\x00key"])
def test_a_malformed_idempotency_key_on_an_assessment_post_is_a_400(key):
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.IRM_STAFF, member=None))

    response = client.post(
        "/api/v1/assessments/",
        {"cycle": 1, "verifiable": "yes"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )

    assert response.status_code == 400
    assert "Idempotency-Key" in error(response)["fields"]
