"""The demo's IRM workspace: the demo researcher has an assigned open review due soon, part
assessed and part missing, and the Support Unit sees it and assigns on /irm/."""

import datetime

import pytest
from django.test import Client

from irm_reviews.models import CycleState, ReviewAssignment
from members.models import User
from ogp_portal.demo import demo_seed

TODAY = datetime.date(2026, 12, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_researcher_has_an_open_review_due_soon_with_work_left():
    demo_seed(today=TODAY)
    researcher = User.objects.get(username="irm.staff")
    [assignment] = ReviewAssignment.objects.filter(
        researcher=researcher, cycle__state=CycleState.OPEN, cycle__kind="action_plan_review"
    )
    cycle = assignment.cycle
    assert assignment.assigned_by.username == "support.unit"
    assert TODAY < cycle.due_on <= TODAY + datetime.timedelta(days=30)
    assert cycle.clusters.count() == 1

    client = Client()
    client.force_login(researcher)
    page = client.get("/irm/").content.decode()
    total = cycle.plan.commitments.count()
    # One commitment and a cluster of two assessed; one begun, the others not started.
    assert f"{total - 3} of {total} commitments lack required indicators." in page
    client.force_login(User.objects.get(username="support.unit"))
    assert f"/irm/reviews/{cycle.pk}/assignments/" in client.get("/irm/").content.decode()
