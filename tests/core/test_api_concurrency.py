"""Nobody's work is lost on the API's existing writes: If-Match is honoured (412 on a stale
ETag, 428 when required and missing), writes answer with the new ETag, and a progress POST
retried with the same Idempotency-Key stores one update."""

import threading

import pytest
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from commitments.models import Completion, Milestone, ProgressUpdate
from core.api.tokens import api_token_issue
from core.models import IdempotencyKey
from members.models import Role
from tests.commitments.factories import MilestoneFactory
from tests.irm_reviews.factories import CommitmentAssessmentFactory, assigned_researcher
from tests.members.factories import UserFactory

PARALLEL = 20


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)[1]}")
    return client


def implementer_of(milestone):
    return UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=milestone.commitment.plan.member)


def progress_body(milestone) -> dict:
    return {
        "commitment_ogp_id": milestone.commitment.ogp_id,
        "milestone": milestone.pk,
        "source": "government",
        "completion": "limited",
        "text": "Two of five datasets are online.",
        "evidence_links": ["https://example.org/data"],
    }


@pytest.mark.django_db
def test_a_milestone_write_with_a_stale_etag_is_a_412_and_changes_nothing():
    milestone = MilestoneFactory(completion=Completion.NOT_STARTED)
    client = token_client(implementer_of(milestone))
    url = f"/api/v1/milestones/{milestone.pk}/"
    etag = client.get(url)["ETag"]

    first = client.patch(url, {"completion": "limited"}, format="json", HTTP_IF_MATCH=etag)
    second = client.patch(url, {"completion": "substantial"}, format="json", HTTP_IF_MATCH=etag)

    assert first.status_code == 200
    assert second.status_code == 412
    assert second.json()["error"]["code"] == "precondition_failed"
    milestone.refresh_from_db()
    assert milestone.completion == "limited"


@pytest.mark.django_db
def test_a_milestone_write_answers_with_the_etag_a_read_gives():
    milestone = MilestoneFactory()
    client = token_client(implementer_of(milestone))
    url = f"/api/v1/milestones/{milestone.pk}/"

    written = client.patch(url, {"completion": "limited"}, format="json")
    read = client.get(url)

    assert written["ETag"] == read["ETag"]
    again = client.patch(
        url, {"completion": "substantial"}, format="json", HTTP_IF_MATCH=written["ETag"]
    )
    assert again.status_code == 200


@pytest.mark.django_db
def test_a_write_without_if_match_still_passes_unless_the_setting_requires_it():
    milestone = MilestoneFactory()
    client = token_client(implementer_of(milestone))
    url = f"/api/v1/milestones/{milestone.pk}/"

    assert client.patch(url, {"completion": "limited"}, format="json").status_code == 200
    with override_settings(API_REQUIRE_IF_MATCH=True):
        refused = client.patch(url, {"completion": "complete"}, format="json")
        star = client.patch(url, {"completion": "complete"}, format="json", HTTP_IF_MATCH="*")

    assert refused.status_code == 428
    assert refused.json()["error"]["code"] == "precondition_required"
    assert star.status_code == 200


@pytest.mark.django_db
def test_an_assessment_change_with_a_stale_etag_is_a_412():
    assessment = CommitmentAssessmentFactory()
    client = token_client(assigned_researcher(assessment.cycle))
    url = f"/api/v1/assessments/{assessment.pk}/"
    etag = client.get(url)["ETag"]

    first = client.patch(url, {"open_government_lens": False}, format="json", HTTP_IF_MATCH=etag)
    second = client.patch(url, {"open_government_lens": None}, format="json", HTTP_IF_MATCH=etag)

    assert first.status_code == 200, first.json()
    assert first["ETag"] == client.get(url)["ETag"]
    assert second.status_code == 412
    assessment.refresh_from_db()
    assert assessment.open_government_lens is False


def run_in_parallel(count: int, action) -> list:
    results: list = [None] * count
    start = threading.Barrier(count)

    def worker(index: int) -> None:
        try:
            start.wait()
            results[index] = action(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# Parallel writers need a database that locks rows (SQLite locks the whole file).
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_parallel_milestone_writers_with_one_etag_only_one_wins():
    milestone = MilestoneFactory(completion=Completion.NOT_STARTED)
    user = implementer_of(milestone)
    key = api_token_issue(user=user)[1]
    url = f"/api/v1/milestones/{milestone.pk}/"
    etag = APIClient().get(url)["ETag"]
    levels = ["limited", "substantial"]

    def write(index: int) -> int:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        body = {"completion": levels[index % 2]}
        return client.patch(url, body, format="json", HTTP_IF_MATCH=etag).status_code

    statuses = run_in_parallel(PARALLEL, write)

    assert sorted(statuses) == [200] + [412] * (PARALLEL - 1)
    assert Milestone.objects.get(pk=milestone.pk).completion in levels


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_progress_posts_with_one_idempotency_key_store_one_update():
    milestone = MilestoneFactory()
    key = api_token_issue(user=implementer_of(milestone))[1]
    body = progress_body(milestone)

    def post(index: int):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = client.post(
            "/api/v1/progress-updates/", body, format="json", HTTP_IDEMPOTENCY_KEY="report-1"
        )
        return response.status_code, response.json()["id"]

    answers = run_in_parallel(PARALLEL, post)

    assert ProgressUpdate.objects.count() == 1
    assert set(answers) == {(201, ProgressUpdate.objects.get().pk)}
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.django_db
def test_a_retried_progress_post_replays_the_first_answer():
    milestone = MilestoneFactory()
    client = token_client(implementer_of(milestone))
    body = progress_body(milestone)

    first = client.post("/api/v1/progress-updates/", body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    retry = client.post("/api/v1/progress-updates/", body, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert ProgressUpdate.objects.count() == 1


@pytest.mark.django_db
def test_an_idempotency_key_reused_for_another_body_is_a_422():
    milestone = MilestoneFactory()
    client = token_client(implementer_of(milestone))
    body = progress_body(milestone)
    client.post("/api/v1/progress-updates/", body, format="json", HTTP_IDEMPOTENCY_KEY="k")

    other = client.post(
        "/api/v1/progress-updates/",
        {**body, "text": "Three of five datasets are online."},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert ProgressUpdate.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_progress_post_keeps_its_key_free_for_the_corrected_retry():
    milestone = MilestoneFactory()
    client = token_client(implementer_of(milestone))
    body = progress_body(milestone)

    bad = client.post(
        "/api/v1/progress-updates/",
        {**body, "completion": "done"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    good = client.post("/api/v1/progress-updates/", body, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert (bad.status_code, good.status_code) == (400, 201)
    assert ProgressUpdate.objects.count() == 1
