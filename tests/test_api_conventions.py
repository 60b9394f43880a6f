"""What every /api/v1/ endpoint shares: pagination, the error shape, conditional GET, CSV,
throttling, tokens and the OpenAPI schema."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from commitments.models import Commitment, Milestone
from core.models import ApiToken
from tests.commitments.factories import (
    CommitmentFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
)
from tests.members.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


def error(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()["error"]
    assert body["status"] == response.status_code
    return body


def test_pages_carry_count_and_links_and_a_page_size_is_capped_at_100(client):
    MemberFactory.create_batch(120)

    first = client.get("/api/v1/members/", {"page_size": 100000}).json()

    assert first["count"] == 120
    assert len(first["results"]) == 100
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 20
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_a_page_past_the_end_is_a_json_404(client):
    MemberFactory()

    response = client.get("/api/v1/members/", {"page": 99})

    assert response.status_code == 404
    assert error(response)["code"] == "not_found"


def test_malformed_json_is_a_400_not_a_500(client):
    client.force_authenticate(UserFactory())

    response = client.post(
        "/api/v1/progress-updates/", data=b"{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert error(response)["code"] == "parse_error"


def test_wrong_types_are_a_400_naming_each_field(client):
    milestone = MilestoneFactory()
    client.force_authenticate(UserFactory(member=milestone.commitment.plan.member))

    response = client.patch(
        f"/api/v1/milestones/{milestone.pk}/",
        {"completion": 12, "completed_on": "someday"},
        format="json",
    )

    assert response.status_code == 400
    body = error(response)
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"completion", "completed_on"}


def test_a_service_validation_error_is_a_400_naming_the_field(client):
    milestone = MilestoneFactory()
    client.force_authenticate(UserFactory(member=milestone.commitment.plan.member))
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)

    response = client.patch(
        f"/api/v1/milestones/{milestone.pk}/",
        {"completion": "complete", "completed_on": tomorrow.isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert "completed_on" in error(response)["fields"]


def test_non_numeric_ids_unknown_paths_and_wrong_methods_are_json_errors(client):
    assert error(client.get("/api/v1/milestones/abc/"))["code"] == "not_found"
    assert error(client.get("/api/v1/milestones/99999999999999999999999/"))["status"] == 404
    assert error(client.get("/api/v1/no-such-thing/"))["code"] == "not_found"
    client.force_authenticate(UserFactory())
    assert error(client.put("/api/v1/milestones/1/", {}))["code"] == "method_not_allowed"
    assert error(client.delete("/api/v1/members/1/"))["status"] == 405


def test_a_body_that_is_not_json_is_a_415(client):
    client.force_authenticate(UserFactory())

    response = client.post(
        "/api/v1/progress-updates/", data="a=b", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 415
    assert error(response)["code"] == "unsupported_media_type"


def test_a_conditional_get_answers_304_until_a_row_changes(client):
    commitment = CommitmentFactory()
    milestone = MilestoneFactory(commitment=commitment)

    for url in ("/api/v1/commitments/", f"/api/v1/commitments/{commitment.pk}/"):
        first = client.get(url)
        etag, modified = first["ETag"], first["Last-Modified"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    etag = client.get("/api/v1/commitments/")["ETag"]
    Milestone.objects.filter(pk=milestone.pk).update(completion="limited")
    changed = client.get("/api/v1/commitments/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_etag_changes_with_the_query(client):
    CommitmentFactory()

    assert (
        client.get("/api/v1/commitments/")["ETag"]
        != client.get("/api/v1/commitments/", {"region": "americas"})["ETag"]
    )


def test_csv_is_offered_by_accept_header_on_every_list(client):
    MemberFactory(name="Albania", slug="albania")

    response = client.get("/api/v1/members/", HTTP_ACCEPT="text/csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = text.splitlines()
    assert header.startswith("id,slug,name,kind,kind_label")
    assert ",albania,Albania,national,National," in row


def test_a_formula_in_a_title_comes_back_neutralised_in_the_api_csv(client):
    CommitmentFactory(ogp_id="AL0001", title="@SUM(A1:A9)")

    listed = b"".join(client.get("/api/v1/commitments/", {"format": "csv"}).streaming_content)
    detail = client.get("/api/v1/commitments/AL0001/", {"format": "csv"}).content

    [listed_row] = csv.DictReader(io.StringIO(listed.decode()))
    [detail_row] = csv.DictReader(io.StringIO(detail.decode()))
    assert listed_row["title"] == detail_row["title"] == "'@SUM(A1:A9)"


def test_an_error_is_json_even_when_csv_was_asked_for(client):
    response = client.get("/api/v1/members/", {"format": "csv", "region": "mars"})

    assert response.status_code == 400
    assert "region" in error(response)["fields"]


@override_settings(
    REST_FRAMEWORK={
        **__import__("django.conf").conf.settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "3/min"},
    }
)
def test_too_many_requests_are_a_429_with_retry_after(client):
    assert client.get("/api/v1/members/").status_code == 200
    assert client.get("/api/v1/members/").status_code == 200

    response = client.get("/api/v1/members/")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert error(response)["code"] == "throttled"
    # A user has their own budget, whatever token or session they use.
    client.force_authenticate(UserFactory())
    assert client.get("/api/v1/members/").status_code == 200


@override_settings(
    REST_FRAMEWORK={
        **__import__("django.conf").conf.settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/min", "user": "1/min"},
    }
)
def test_anonymous_requests_count_against_the_anonymous_rate_only(client):
    for _ in range(5):
        assert client.get("/api/v1/members/").status_code == 200

    assert client.get("/api/v1/members/").status_code == 429


def test_a_token_is_issued_for_a_username_and_password_and_authenticates(client):
    user = UserFactory(username="ana")

    response = client.post(
        "/api/v1/auth/token/",
        {"username": "ana", "password": "correct horse battery staple"},
        format="json",
    )

    assert response.status_code == 200
    key = response.json()["token"]
    assert ApiToken.objects.get(user=user).prefix == key[:8]
    draft = CommitmentFactory(
        plan__member=user.member, publication_state=Commitment.PublicationState.DRAFT
    )
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(f"/api/v1/commitments/{draft.pk}/").status_code == 200


def test_a_wrong_password_gets_no_token(client):
    UserFactory(username="ana")

    response = client.post(
        "/api/v1/auth/token/", {"username": "ana", "password": "guess"}, format="json"
    )

    assert response.status_code == 400
    assert "non_field_errors" in error(response)["fields"]


def test_a_bad_token_is_a_401(client):
    client.credentials(HTTP_AUTHORIZATION="Token nope")

    assert error(client.get("/api/v1/members/"))["code"] == "authentication_failed"


def test_session_writes_need_the_csrf_token():
    milestone = MilestoneFactory()
    user = UserFactory(member=milestone.commitment.plan.member)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.patch(
        f"/api/v1/milestones/{milestone.pk}/", {"completion": "limited"}, format="json"
    )

    assert response.status_code == 403
    assert "CSRF" in error(response)["message"]


def test_the_openapi_schema_builds_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", file=str(tmp_path / "api.yaml"))


def test_the_docs_pages_load_their_assets_locally(client):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = client.get(url).content.decode()
        assert "cdn" not in page.lower()
        assert "/static/drf_spectacular_sidecar/" in page
    assert client.get("/api/v1/schema/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members/",
        "/api/v1/forums/",
        "/api/v1/action-plans/",
        "/api/v1/commitments/",
        "/api/v1/milestones/",
        "/api/v1/progress-updates/",
        "/api/v1/review-cycles/",
        "/api/v1/assessments/",
    ],
)
def test_every_list_runs_a_constant_number_of_queries(url, client, django_assert_max_num_queries):
    from tests.irm_reviews.factories import CommitmentAssessmentFactory
    from tests.members.factories import ForumMeetingFactory, ForumSeatFactory

    for _ in range(101):
        assessment = CommitmentAssessmentFactory(
            cycle__state="published", cycle__published_on=datetime.date(2024, 6, 1)
        )
        milestone = MilestoneFactory(commitment=assessment.commitment)
        ProgressUpdateFactory(commitment=milestone.commitment, milestone=milestone)
        seat = ForumSeatFactory(forum__member=milestone.commitment.plan.member)
        ForumMeetingFactory(forum=seat.forum)

    with django_assert_max_num_queries(6):
        response = client.get(url, {"page_size": 100})

    assert len(response.json()["results"]) == 100


def test_api_root_links_every_resource_and_the_docs(client):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    links = response.json()
    assert links["commitments"].endswith("/api/v1/commitments/")
    assert {"members", "forums", "action-plans", "milestones", "progress-updates"} <= set(links)
    assert {"review-cycles", "assessments", "exports", "schema", "docs"} <= set(links)
