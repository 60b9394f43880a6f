"""/api/v1/review-comments/: the same rules as the pages; drafts' comments are not public."""

import pytest
from rest_framework.test import APIClient

from irm_reviews.comments import review_comment_create
from irm_reviews.models import ReviewAssignment, ReviewComment, ReviewCycle

from .publication import review_with_people

pytestmark = pytest.mark.django_db
S = ReviewCycle.State
URL = "/api/v1/review-comments/"


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# Who reads a draft's comments, as on the review's page (irm_reviews.permissions).
READERS = {
    S.OPEN: {"irm", "support_unit"},
    S.PRE_PUBLICATION: {"irm", "support_unit", "forum_member", "point_of_contact"},
    S.PUBLIC_COMMENT: {
        "irm",
        "support_unit",
        "forum_member",
        "point_of_contact",
        "other",
        "unassigned_irm",
    },
}
PEOPLE = (
    "irm",
    "unassigned_irm",
    "support_unit",
    "forum_member",
    "point_of_contact",
    "other",
    "anonymous",
)


def _commented_review(state):
    people = review_with_people(state=S.PRE_PUBLICATION)
    comment = review_comment_create(user=people.point_of_contact, cycle=people.cycle, text="Q")
    ReviewCycle.objects.filter(pk=people.cycle.pk).update(
        state=state, published_on="2026-11-01" if state == S.PUBLISHED else None
    )
    return people, comment


@pytest.mark.parametrize("state", list(READERS))
@pytest.mark.parametrize("person", PEOPLE)
def test_a_drafts_comments_are_listed_to_those_who_read_the_draft(state, person):
    people, comment = _commented_review(state)
    client = _client(None if person == "anonymous" else people.by_name(person))
    listed = client.get(URL).json()
    assert (listed["count"] == 1) is (person in READERS[state])
    one = client.get(f"{URL}{comment.pk}/")
    assert one.status_code == (200 if person in READERS[state] else 404)


@pytest.mark.parametrize("person", PEOPLE)
def test_a_published_reports_comments_are_public(person):
    people, comment = _commented_review(S.PUBLISHED)
    client = _client(None if person == "anonymous" else people.by_name(person))
    assert client.get(URL).json()["count"] == 1
    assert client.get(f"{URL}{comment.pk}/").json()["text"] == "Q"


def test_a_researcher_reads_the_draft_comments_of_their_own_reviews_only():
    people, _comment = _commented_review(S.PRE_PUBLICATION)
    elsewhere = review_with_people(state=S.PRE_PUBLICATION)
    review_comment_create(user=elsewhere.point_of_contact, cycle=elsewhere.cycle, text="There")
    ReviewAssignment.objects.create(cycle=elsewhere.cycle, researcher=people.unassigned_irm)
    rows = _client(people.unassigned_irm).get(URL).json()["results"]
    assert [row["text"] for row in rows] == ["There"]


@pytest.mark.parametrize(
    ("state", "person", "status"),
    [
        (S.PRE_PUBLICATION, "forum_member", 201),
        (S.PRE_PUBLICATION, "other", 403),
        (S.PRE_PUBLICATION, "irm", 403),
        (S.PUBLIC_COMMENT, "other", 201),
        (S.PUBLIC_COMMENT, "anonymous", 401),
        (S.PUBLISHED, "forum_member", 403),
    ],
)
def test_who_may_comment_through_the_api(state, person, status):
    people = review_with_people(state=state)
    user = None if person == "anonymous" else people.by_name(person)
    response = _client(user).post(
        URL, {"cycle": people.cycle.pk, "text": "A point."}, format="json"
    )
    assert response.status_code in ((401, 403) if status == 401 else (status,))
    assert ReviewComment.objects.exists() is (status == 201)


def test_a_retried_comment_with_the_same_key_is_stored_once():
    people = review_with_people()
    client = _client(people.forum_member)
    body = {
        "cycle": people.cycle.pk,
        "text": "Once.",
        "commitment": people.assessments[0].commitment_id,
    }
    first = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    again = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert ReviewComment.objects.count() == 1
    assert first.json()["commitment_ogp_id"] == people.assessments[0].commitment.ogp_id


def test_the_irm_answers_with_if_match_and_a_stale_etag_is_a_412():
    people = review_with_people()
    comment = review_comment_create(user=people.point_of_contact, cycle=people.cycle, text="Q")
    client = _client(people.irm)
    etag = client.get(f"{URL}{comment.pk}/")["ETag"]
    answered = client.put(
        f"{URL}{comment.pk}/answer/", {"answer": "A."}, format="json", HTTP_IF_MATCH=etag
    )
    assert answered.status_code == 200 and answered.json()["answer"] == "A."
    stale = client.put(
        f"{URL}{comment.pk}/answer/", {"answer": "B."}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert ReviewComment.objects.get().answer == "A."
    refused = _client(people.forum_member).put(
        f"{URL}{comment.pk}/answer/", {"answer": "Me."}, format="json"
    )
    assert refused.status_code == 403


def test_an_empty_answer_is_a_400_naming_answer():
    people = review_with_people()
    comment = review_comment_create(user=people.point_of_contact, cycle=people.cycle, text="Q")
    response = _client(people.irm).put(f"{URL}{comment.pk}/answer/", {"answer": ""}, format="json")
    assert response.status_code == 400 and "answer" in response.json()["error"]["fields"]


def test_the_author_edits_with_if_match():
    people = review_with_people()
    comment = review_comment_create(user=people.forum_member, cycle=people.cycle, text="Q")
    client = _client(people.forum_member)
    etag = client.get(f"{URL}{comment.pk}/")["ETag"]
    response = client.patch(
        f"{URL}{comment.pk}/", {"text": "Better."}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200 and response.json()["text"] == "Better."
    assert (
        _client(people.point_of_contact)
        .patch(f"{URL}{comment.pk}/", {"text": "Mine."}, format="json")
        .status_code
        == 403
    )


def test_the_comment_list_reads_a_constant_number_of_queries(django_assert_max_num_queries):
    people = review_with_people(state=S.PUBLIC_COMMENT)
    for n in range(8):
        review_comment_create(user=people.other, cycle=people.cycle, text=f"Point {n}")
    with django_assert_max_num_queries(8):
        assert _client(people.other).get(URL).json()["count"] == 8
