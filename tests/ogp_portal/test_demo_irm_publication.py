"""The demo's IRM comment periods and errata can be tried with the demo accounts at once."""

import datetime

import pytest

from irm_reviews.models import AssessmentErratum, CycleState, ReviewComment, ReviewCycle
from irm_reviews.permissions import (
    can_answer_review_comment,
    can_comment_on_review,
    can_record_erratum,
)
from members.models import User
from ogp_portal.demo import demo_seed

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_has_a_draft_with_comments_and_a_published_report_with_an_erratum(client):
    demo_seed(today=TODAY)
    users = {user.username: user for user in User.objects.all()}
    draft = ReviewCycle.objects.get(plan__ogp_id="AP_ALB06", state=CycleState.PRE_PUBLICATION)
    comments = ReviewComment.objects.filter(cycle=draft)
    assert comments.count() == 3 and comments.exclude(answer="").count() == 1
    for name in ("cso.albania", "gov.albania", "poc.albania"):
        assert can_comment_on_review(users[name], draft), name
    assert can_answer_review_comment(users["irm.staff"], draft)
    assert draft.comment_period_closes_on == TODAY + datetime.timedelta(days=14)
    erratum = AssessmentErratum.objects.select_related("assessment__cycle").get()
    assert erratum.assessment.cycle.state == CycleState.PUBLISHED
    assert TODAY - datetime.timedelta(days=30) < erratum.corrected_on < TODAY
    assert can_record_erratum(users["irm.staff"], erratum.assessment.cycle)
    page = client.get(erratum.assessment.cycle.plan.get_absolute_url()).content.decode()
    assert "IRM results" in page and erratum.reason[:40] in page.replace("&#x27;", "'")
