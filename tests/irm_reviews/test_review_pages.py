"""The review's page: the draft or published report with its comments, the forms that write
them, and who sees what."""

import pytest
from django.urls import reverse

from irm_reviews.comments import review_comment_answer, review_comment_create
from irm_reviews.models import ReviewComment, ReviewCycle

from .publication import review_with_people

pytestmark = pytest.mark.django_db
S = ReviewCycle.State


def _url(cycle, name="review", *more):
    member = cycle.plan.member
    return reverse(f"irm_reviews:{name}", args=[member.slug, cycle.plan_id, cycle.kind, *more])


@pytest.mark.parametrize(
    ("state", "person", "sees_draft"),
    [
        (S.PRE_PUBLICATION, "forum_member", True),
        (S.PRE_PUBLICATION, "point_of_contact", True),
        (S.PRE_PUBLICATION, "other", False),
        (S.PRE_PUBLICATION, "anonymous", False),
        (S.PUBLIC_COMMENT, "other", True),
        (S.PUBLIC_COMMENT, "anonymous", False),
        (S.OPEN, "forum_member", False),
        (S.OPEN, "irm", True),
        (S.PUBLISHED, "anonymous", True),
    ],
)
def test_the_draft_is_shown_to_those_who_may_comment_and_the_irm(client, state, person, sees_draft):
    people = review_with_people(state=state)
    people.assessments[0].narrative = "Draft finding about the registry."
    people.assessments[0].save()
    if person != "anonymous":
        client.force_login(people.by_name(person))
    response = client.get(people.cycle.get_absolute_url())
    assert response.status_code == 200
    assert ("Draft finding about the registry." in response.content.decode()) is sees_draft


def test_a_forum_member_comments_on_a_commitment_and_the_irm_answers(client):
    people = review_with_people()
    commitment = people.assessments[0].commitment
    client.force_login(people.forum_member)
    response = client.post(
        _url(people.cycle, "review-comment"),
        {"text": "The registry <script>alert(1)</script> is live.", "commitment": commitment.pk},
    )
    assert response.status_code == 302
    comment = ReviewComment.objects.get()
    assert comment.commitment == commitment and comment.author == people.forum_member
    html = client.get(people.cycle.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html

    client.force_login(people.irm)
    response = client.post(
        _url(people.cycle, "review-answer", comment.pk), {"answer": "Noted.", "version": 1}
    )
    assert response.status_code == 302
    assert ReviewComment.objects.get().answer == "Noted."


def test_a_stale_answer_is_refused_beside_the_field_with_the_current_answer(client):
    people = review_with_people()
    comment = review_comment_create(user=people.point_of_contact, cycle=people.cycle, text="Q")
    review_comment_answer(user=people.irm, comment=comment, answer="First answer.", version=1)
    client.force_login(people.irm)
    response = client.post(
        _url(people.cycle, "review-answer", comment.pk), {"answer": "Other.", "version": 1}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone saved this comment since you opened the page" in html
    assert "First answer." in html
    assert ReviewComment.objects.get().answer == "First answer."


def test_an_empty_comment_is_a_form_error_and_stores_nothing(client):
    people = review_with_people()
    client.force_login(people.point_of_contact)
    response = client.post(_url(people.cycle, "review-comment"), {"text": ""})
    assert response.status_code == 400
    assert "error-text" in response.content.decode()
    assert not ReviewComment.objects.exists()


@pytest.mark.parametrize("person", ["other", "irm"])
def test_commenting_in_pre_publication_is_refused_to_others(client, person):
    people = review_with_people()
    client.force_login(people.by_name(person))
    response = client.post(_url(people.cycle, "review-comment"), {"text": "Hello"})
    assert response.status_code == 403
    assert not ReviewComment.objects.exists()


def test_an_anonymous_comment_goes_to_sign_in(client):
    people = review_with_people(state=S.PUBLIC_COMMENT)
    response = client.post(_url(people.cycle, "review-comment"), {"text": "Hello"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_comments_and_answers_are_public_once_published(client):
    people = review_with_people(state=S.PUBLIC_COMMENT)
    comment = review_comment_create(user=people.other, cycle=people.cycle, text="Public view.")
    review_comment_answer(user=people.irm, comment=comment, answer="Thanks, kept.", version=1)
    ReviewCycle.objects.filter(pk=people.cycle.pk).update(
        state=S.PUBLISHED, published_on="2026-11-01"
    )
    html = client.get(people.cycle.get_absolute_url()).content.decode()
    assert "Public view." in html and "Thanks, kept." in html


def test_an_erratum_through_the_page_shows_beside_the_original(client):
    people = review_with_people(state=S.PUBLISHED, levels=({"potential_for_results": "modest"},))
    assessment = people.assessments[0]
    client.force_login(people.irm)
    response = client.post(
        _url(people.cycle, "review-erratum"),
        {
            "assessment": assessment.pk,
            "correction": "potential_for_results=substantial",
            "reason": "A transcription error.",
        },
    )
    assert response.status_code == 302
    html = client.get(people.cycle.get_absolute_url()).content.decode()
    assert "Modest" in html and "Substantial" in html and "A transcription error." in html


def test_the_review_page_reads_a_constant_number_of_queries(client, django_assert_max_num_queries):
    people = review_with_people(levels=tuple({"potential_for_results": "modest"} for _ in range(6)))
    for assessment in people.assessments:
        review_comment_create(
            user=people.forum_member,
            cycle=people.cycle,
            text="A point.",
            commitment=assessment.commitment,
        )
    client.force_login(people.irm)
    with django_assert_max_num_queries(10):
        assert client.get(people.cycle.get_absolute_url()).status_code == 200
