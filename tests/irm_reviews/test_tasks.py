import datetime
import time

import pytest
import redis
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections
from django.utils import timezone

from irm_reviews.models import ReviewCycle
from irm_reviews.tasks import advance_review_cycles
from ogp_portal.celery import app as celery_app
from tests.irm_reviews.factories import ReviewCycleFactory, ScheduledReviewCycleFactory

OPENS_ON = datetime.date(2025, 3, 10)


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_a_scheduled_review_opens_on_its_opening_date():
    cycle = ScheduledReviewCycleFactory(opens_on=OPENS_ON, due_on=datetime.date(2025, 7, 10))

    with time_machine.travel(at_noon(OPENS_ON - datetime.timedelta(days=1)), tick=False):
        assert advance_review_cycles.delay().get() == 0
    cycle.refresh_from_db()
    assert cycle.state == ReviewCycle.State.SCHEDULED

    with time_machine.travel(at_noon(OPENS_ON), tick=False):
        assert advance_review_cycles.delay().get() == 1
        assert advance_review_cycles.delay().get() == 0
    cycle.refresh_from_db()
    assert cycle.state == ReviewCycle.State.OPEN


@pytest.mark.django_db
def test_it_leaves_reviews_past_scheduling_alone():
    in_comment = ReviewCycleFactory(
        opens_on=datetime.date(2025, 1, 1),
        due_on=datetime.date(2025, 5, 1),
        state=ReviewCycle.State.PUBLIC_COMMENT,
    )

    with time_machine.travel(at_noon(OPENS_ON), tick=False):
        advance_review_cycles.delay()

    in_comment.refresh_from_db()
    assert in_comment.state == ReviewCycle.State.PUBLIC_COMMENT


def _close_worker_connections(**_kwargs) -> None:
    # The worker thread opens its own database connections; close them so that the test
    # database can be flushed and dropped afterwards.
    connections.close_all()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_opens_due_reviews_through_redis():
    """The one test that runs a Celery worker: the task goes through Redis (REDIS_URL), not
    in-process; it fails, never skips, when Redis is unreachable."""
    assert settings.REDIS_URL, "this test needs Redis: set REDIS_URL"
    assert celery_app.conf.broker_url == settings.REDIS_URL
    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    today = timezone.localdate()
    cycle = ScheduledReviewCycleFactory(
        opens_on=today - datetime.timedelta(days=1), due_on=today + datetime.timedelta(days=90)
    )

    celery_app.conf.task_always_eager = False
    task_postrun.connect(_close_worker_connections)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False):
            advance_review_cycles.delay()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                cycle.refresh_from_db()
                if cycle.state == ReviewCycle.State.OPEN:
                    break
                time.sleep(0.2)
    finally:
        task_postrun.disconnect(_close_worker_connections)
        celery_app.conf.task_always_eager = True

    assert cycle.state == ReviewCycle.State.OPEN
