"""Comments on a draft IRM report and the IRM's answers: who may, in each state."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from core.versioning import StaleVersion
from irm_reviews.comments import (
    review_comment_answer,
    review_comment_create,
    review_comment_update,
)
from irm_reviews.models import ReviewComment, ReviewCycle
from irm_reviews.permissions import (
    can_answer_review_comment,
    can_comment_on_review,
    can_see_review_draft,
)

from .publication import review_with_people

pytestmark = pytest.mark.django_db

S = ReviewCycle.State
PEOPLE = (
    "point_of_contact",
    "forum_member",
    "other",
    "anonymous",
    "irm",
    "support_unit",
    "unassigned_irm",
)
# Who may comment in each state (the IRM answers instead).
MAY_COMMENT = {
    S.SCHEDULED: set(),
    S.OPEN: set(),
    S.PRE_PUBLICATION: {"point_of_contact", "forum_member"},
    S.PUBLIC_COMMENT: {"point_of_contact", "forum_member", "other", "support_unit"},
    S.PUBLISHED: set(),
}
# The assigned researcher and the Support Unit, who edit the review (irm_reviews.permissions).
MAY_ANSWER = {
    S.SCHEDULED: set(),
    S.OPEN: set(),
    S.PRE_PUBLICATION: {"irm", "support_unit"},
    S.PUBLIC_COMMENT: {"irm", "support_unit"},
    S.PUBLISHED: set(),
}
# A researcher not assigned to the review reads its draft when anyone signed in does.
MAY_READ_DRAFT = {
    S.SCHEDULED: {"irm", "support_unit"},
    S.OPEN: {"irm", "support_unit"},
    S.PRE_PUBLICATION: {"point_of_contact", "forum_member", "irm", "support_unit"},
    S.PUBLIC_COMMENT: {
        "point_of_contact",
        "forum_member",
        "other",
        "irm",
        "support_unit",
        "unassigned_irm",
    },
    S.PUBLISHED: set(PEOPLE),
}


@pytest.mark.parametrize("state", list(MAY_COMMENT))
@pytest.mark.parametrize("person", PEOPLE)
def test_commenting_answering_and_reading_follow_the_state(state, person):
    people = review_with_people(state=state)
    user = people.by_name(person)
    cycle = people.cycle
    assert can_comment_on_review(user, cycle) is (person in MAY_COMMENT[state])
    assert can_answer_review_comment(user, cycle) is (person in MAY_ANSWER[state])
    assert can_see_review_draft(user, cycle) is (person in MAY_READ_DRAFT[state])
    if person in MAY_COMMENT[state]:
        comment = review_comment_create(user=user, cycle=cycle, text="A point.")
        assert comment.period == state
    else:
        with pytest.raises(PermissionDenied):
            review_comment_create(user=user, cycle=cycle, text="A point.")


@pytest.mark.parametrize("state", [S.PRE_PUBLICATION, S.PUBLIC_COMMENT])
@pytest.mark.parametrize("person", PEOPLE)
def test_only_the_irm_answers_a_comment(state, person):
    people = review_with_people(state=state)
    comment = review_comment_create(user=people.point_of_contact, cycle=people.cycle, text="Q?")
    user = people.by_name(person)
    if person in MAY_ANSWER[state]:
        answered = review_comment_answer(user=user, comment=comment, answer="A.", version=1)
        assert answered.answer == "A." and answered.answered_by == user
    else:
        with pytest.raises(PermissionDenied):
            review_comment_answer(user=user, comment=comment, answer="A.", version=1)
        assert ReviewComment.objects.get(pk=comment.pk).answer == ""


def test_a_comment_on_a_commitment_records_its_event_and_the_answer_its_own():
    people = review_with_people()
    commitment = people.assessments[0].commitment
    comment = review_comment_create(
        user=people.forum_member, cycle=people.cycle, text="Too generous.", commitment=commitment
    )
    review_comment_answer(user=people.irm, comment=comment, answer="Revised.", version=1)
    kinds = list(Event.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds[-2:] == ["review.comment_added", "review.comment_answered"]


def test_a_comment_on_a_commitment_of_another_plan_is_refused():
    people = review_with_people()
    elsewhere = review_with_people().assessments[0].commitment
    with pytest.raises(ValidationError) as error:
        review_comment_create(
            user=people.point_of_contact, cycle=people.cycle, text="X", commitment=elsewhere
        )
    assert "commitment" in error.value.message_dict


def test_an_empty_comment_is_refused_naming_the_text():
    people = review_with_people()
    with pytest.raises(ValidationError) as error:
        review_comment_create(user=people.point_of_contact, cycle=people.cycle, text="   ")
    assert "text" in error.value.message_dict
    assert not ReviewComment.objects.exists()


def test_an_answer_from_a_stale_version_stores_nothing():
    people = review_with_people()
    comment = review_comment_create(user=people.point_of_contact, cycle=people.cycle, text="Q")
    review_comment_answer(user=people.irm, comment=comment, answer="First.", version=1)
    with pytest.raises(StaleVersion) as stale:
        review_comment_answer(user=people.irm, comment=comment, answer="Second.", version=1)
    assert stale.value.current_version == 2
    assert ReviewComment.objects.get(pk=comment.pk).answer == "First."


def test_the_author_edits_a_comment_until_it_is_answered():
    people = review_with_people()
    comment = review_comment_create(user=people.forum_member, cycle=people.cycle, text="Draft")
    review_comment_update(user=people.forum_member, comment=comment, text="Better", version=1)
    with pytest.raises(PermissionDenied):
        review_comment_update(user=people.point_of_contact, comment=comment, text="X", version=2)
    review_comment_answer(user=people.irm, comment=comment, answer="Thanks.", version=2)
    with pytest.raises(PermissionDenied):
        review_comment_update(user=people.forum_member, comment=comment, text="Y", version=3)
    assert ReviewComment.objects.get(pk=comment.pk).text == "Better"
