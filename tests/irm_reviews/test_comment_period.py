"""A comment period's last day: set when the report enters pre-publication or public comment,
shown on the review's page, and the end of comments after it (page, API, service alike)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from irm_reviews.comments import review_comment_answer, review_comment_create
from irm_reviews.models import ReviewComment, ReviewCycle
from irm_reviews.permissions import is_comment_period_open
from irm_reviews.services import review_cycle_advance

from .publication import review_with_people

pytestmark = pytest.mark.django_db
S = ReviewCycle.State
TODAY = datetime.date(2026, 12, 2)
NOON = datetime.datetime(2026, 12, 2, 12, tzinfo=datetime.UTC)
URL = "/api/v1/review-comments/"


@pytest.fixture(autouse=True)
def _noon_on_today():
    with time_machine.travel(NOON, tick=False):
        yield


def _closing(people, closes_on: datetime.date):
    ReviewCycle.objects.filter(pk=people.cycle.pk).update(comment_period_closes_on=closes_on)
    people.cycle.refresh_from_db()
    return people.cycle


def _page_url(cycle, name="review", *more):
    member = cycle.plan.member
    return reverse(f"irm_reviews:{name}", args=[member.slug, cycle.plan_id, cycle.kind, *more])


def test_each_comment_period_gets_its_last_day_from_the_settings(settings):
    settings.IRM_PRE_PUBLICATION_DAYS = 21
    settings.IRM_PUBLIC_COMMENT_DAYS = 10
    people = review_with_people(
        state=S.OPEN,
        levels=({"verifiable": "no", "open_government_lens": None, "potential_for_results": ""},),
    )

    review_cycle_advance(user=people.irm, cycle=people.cycle, today=TODAY)
    assert ReviewCycle.objects.get().comment_period_closes_on == TODAY + datetime.timedelta(21)

    later = TODAY + datetime.timedelta(days=22)
    review_cycle_advance(user=people.irm, cycle=people.cycle, today=later)
    cycle = ReviewCycle.objects.get()
    assert cycle.state == S.PUBLIC_COMMENT
    assert cycle.comment_period_closes_on == later + datetime.timedelta(days=10)


def test_the_review_page_says_when_comments_close(client):
    people = review_with_people(state=S.PUBLIC_COMMENT)
    _closing(people, TODAY + datetime.timedelta(days=5))
    client.force_login(people.other)
    html = client.get(people.cycle.get_absolute_url()).content.decode()
    assert "Comments close on" in html and 'datetime="2026-12-07"' in html
    assert "Comment on the report" in html


def test_comments_are_taken_on_the_last_day_itself():
    people = review_with_people(state=S.PUBLIC_COMMENT)
    cycle = _closing(people, TODAY)
    assert review_comment_create(user=people.other, cycle=cycle, text="Just in time.")


def test_the_last_day_is_the_members_local_date():
    people = review_with_people(state=S.PUBLIC_COMMENT)
    cycle = _closing(people, TODAY)
    assert is_comment_period_open(cycle)
    cycle.plan.member.time_zone = "Pacific/Auckland"  # already 3 December there
    assert not is_comment_period_open(cycle)


def test_a_comment_after_the_last_day_is_a_form_error_and_stores_nothing(client):
    people = review_with_people(state=S.PUBLIC_COMMENT)
    cycle = _closing(people, TODAY - datetime.timedelta(days=1))
    client.force_login(people.other)
    response = client.post(_page_url(cycle, "review-comment"), {"text": "Too late?"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The comment period on this report closed on" in html and "Too late?" in html
    assert not ReviewComment.objects.exists()
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert "Comments closed on" in page and "Comment on the report" not in page


def test_a_comment_after_the_last_day_is_a_400_naming_the_field_in_the_api():
    people = review_with_people(state=S.PRE_PUBLICATION)
    cycle = _closing(people, TODAY - datetime.timedelta(days=1))
    client = APIClient()
    client.force_authenticate(people.forum_member)
    response = client.post(URL, {"cycle": cycle.pk, "text": "Too late?"}, format="json")
    assert response.status_code == 400
    assert "comment_period_closes_on" in response.json()["error"]["fields"]
    assert not ReviewComment.objects.exists()


def test_after_the_last_day_authors_no_longer_edit_but_the_irm_still_answers(client):
    people = review_with_people(state=S.PRE_PUBLICATION)
    comment = review_comment_create(user=people.forum_member, cycle=people.cycle, text="Q")
    _closing(people, TODAY - datetime.timedelta(days=1))
    comment = ReviewComment.objects.select_related("cycle__plan__member").get()

    api = APIClient()
    api.force_authenticate(people.forum_member)
    refused = api.patch(f"{URL}{comment.pk}/", {"text": "Changed"}, format="json")
    assert refused.status_code == 400
    assert "comment_period_closes_on" in refused.json()["error"]["fields"]

    client.force_login(people.forum_member)
    page = client.post(
        _page_url(people.cycle, "review-comment-edit", comment.pk),
        {"text": "Changed", "version": comment.version},
    )
    assert page.status_code == 400 and "closed on" in page.content.decode()
    assert ReviewComment.objects.get().text == "Q"

    answered = review_comment_answer(user=people.irm, comment=comment, answer="A.", version=1)
    assert answered.answer == "A."


def test_the_service_names_the_field_when_the_period_closed():
    people = review_with_people(state=S.PUBLIC_COMMENT)
    cycle = _closing(people, TODAY - datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        review_comment_create(user=people.other, cycle=cycle, text="Late.")
    assert "comment_period_closes_on" in refused.value.message_dict


def test_the_workspace_says_when_comments_close_and_links_to_them(client):
    people = review_with_people(state=S.PRE_PUBLICATION)
    cycle = _closing(people, TODAY + datetime.timedelta(days=9))
    client.force_login(people.irm)
    html = client.get(reverse("irm:review", args=[cycle.pk])).content.decode()
    assert "Comments close on" in html and 'datetime="2026-12-11"' in html
    assert f'href="{cycle.get_absolute_url()}#review-comments"' in html
