"""The commitment list reads its rows with commitments.api.rows, not with CommitmentSerializer:
the two must give the same JSON, field by field, in every language and time zone."""

import datetime

import orjson
import pytest
from django.utils import translation
from rest_framework.test import APIClient

from commitments.api.rows import commitment_rows
from commitments.api.serializers import CommitmentSerializer
from commitments.models import Commitment, Completion, Milestone, ProgressSource
from core.api.concurrency import representation_etag
from core.api.renderers import dumps
from tests.commitments.factories import (
    CommitmentFactory,
    MilestoneFactory,
    PolicyAreaFactory,
    ProgressUpdateFactory,
)
from tests.irm_reviews.factories import CommitmentAssessmentFactory

# The fast row reader is PostgreSQL SQL (ANY, json aggregation): the API uses it only there.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
URL = "/api/v1/commitments/"

LANGUAGES = ["en", "es", "fr"]
TIME_ZONES = ["UTC", "America/Argentina/Buenos_Aires"]
# Late in the evening in Buenos Aires, already the next day in UTC, with microseconds.
LATE_EVENING = datetime.datetime(2025, 3, 1, 1, 30, 15, 123456, tzinfo=datetime.UTC)


@pytest.fixture
def commitment_ids() -> list[int]:
    """Published and draft commitments, with and without milestones, policy areas, OGP values,
    dates, an earlier commitment carried forward, progress updates and IRM assessments."""
    earlier = CommitmentFactory(is_access_to_information=False)
    published = CommitmentFactory(
        carried_forward_from=earlier,
        is_civic_participation=True,
        is_public_accountability=True,
        is_technology=True,
        ogp_url="https://www.opengovpartnership.org/members/albania/commitments/AL0002/",
        theme="Open parliaments",
        supporting_civil_society="Citizens' forum",
    )
    published.policy_areas.add(
        PolicyAreaFactory(name="Open Parliaments", slug="open-parliaments"),
        PolicyAreaFactory(name="Access to Information", slug="access-to-information"),
    )
    MilestoneFactory(commitment=published, number=2, completion=Completion.SUBSTANTIAL)
    MilestoneFactory(
        commitment=published,
        number=1,
        completion=Completion.COMPLETE,
        completed_on=datetime.date(2024, 5, 31),
    )
    MilestoneFactory(commitment=published, number=3, start_date=None, end_date=None)
    draft = CommitmentFactory(
        ogp_id=None,
        publication_state=Commitment.PublicationState.DRAFT,
        start_date=None,
        end_date=None,
    )
    MilestoneFactory(commitment=draft, completion=Completion.WITHDRAWN)
    ProgressUpdateFactory(commitment=published, source=ProgressSource.GOVERNMENT)
    CommitmentAssessmentFactory(commitment=published, cycle__plan=published.plan)
    CommitmentAssessmentFactory(commitment=earlier, cycle__plan=earlier.plan)
    ids = [published.pk, draft.pk, earlier.pk]
    Commitment.objects.filter(pk__in=ids).update(created_at=LATE_EVENING, updated_at=LATE_EVENING)
    Milestone.objects.filter(commitment_id=published.pk).update(updated_at=LATE_EVENING)
    return ids


def as_json(data) -> object:
    return orjson.loads(dumps(data))


def listed_row(response, pk: int) -> dict:
    return next(row for row in response.json()["results"] if row["id"] == pk)


def fields_of(value, path: str = "") -> dict[str, object]:
    """Every field of a row by its path (`milestones[1].completion_label`), so that a
    difference names the field."""
    if isinstance(value, dict):
        return {
            name: item
            for key, child in value.items()
            for name, item in fields_of(child, f"{path}.{key}" if path else key).items()
        }
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return {
            name: item
            for index, child in enumerate(value)
            for name, item in fields_of(child, f"{path}[{index}]").items()
        }
    return {path: value}


@pytest.mark.parametrize("time_zone", TIME_ZONES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_rows_equal_the_serializer_field_by_field(
    commitment_ids, language, time_zone, settings
):
    settings.TIME_ZONE = time_zone
    commitments = Commitment.objects.in_bulk(commitment_ids)

    with translation.override(language):
        fast = as_json(commitment_rows(commitment_ids))
        slow = as_json(
            CommitmentSerializer([commitments[pk] for pk in commitment_ids], many=True).data
        )

    assert [row["id"] for row in fast] == commitment_ids
    for fast_row, slow_row in zip(fast, slow, strict=True):
        assert fields_of(fast_row) == fields_of(slow_row)
        assert list(fields_of(fast_row)) == list(fields_of(slow_row))


@pytest.mark.parametrize(
    ("time_zone", "updated_at"),
    [
        ("UTC", "2025-03-01T01:30:15.123456Z"),
        ("America/Argentina/Buenos_Aires", "2025-02-28T22:30:15.123456-03:00"),
    ],
)
def test_the_list_shows_times_in_the_sites_time_zone_as_the_detail_does(
    commitment_ids, time_zone, updated_at, settings
):
    settings.TIME_ZONE = time_zone
    client = APIClient()

    listed = listed_row(client.get(URL), commitment_ids[0])
    detail = client.get(f"{URL}{commitment_ids[0]}/").json()

    assert listed["updated_at"] == detail["updated_at"] == updated_at
    assert listed["milestones"][0]["updated_at"] == updated_at
    assert listed == detail


@pytest.mark.parametrize(("language", "label"), [("en", "Complete"), ("es", "Completo")])
def test_the_list_labels_completion_in_the_language_of_the_request(commitment_ids, language, label):
    # The middleware activates the request's language; the override puts back the test's.
    with translation.override("en"):
        response = APIClient().get(URL, HTTP_ACCEPT_LANGUAGE=language)

    milestone = listed_row(response, commitment_ids[0])["milestones"][0]
    assert (milestone["completion"], milestone["completion_label"]) == ("complete", label)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_detail_is_the_serializers_bytes_and_etag(commitment_ids, language, settings):
    settings.TIME_ZONE = TIME_ZONES[1]
    commitment = Commitment.objects.get(pk=commitment_ids[0])
    with translation.override(language):
        expected = CommitmentSerializer(commitment).data

    response = APIClient().get(f"{URL}{commitment.ogp_id}/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.content == dumps(expected)
    assert response["ETag"].removeprefix("W/") == representation_etag(expected)


def test_the_detail_reads_what_the_list_reads(commitment_ids, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # which commitment, then its row, areas, milestones
        assert APIClient().get(f"{URL}{commitment_ids[0]}/").status_code == 200
