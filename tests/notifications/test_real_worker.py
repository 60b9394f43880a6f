"""Notifications and digests through real Celery workers (not in-process): two worker
processes on the Redis broker (REDIS_URL), the test database they can see (transactional
tests commit), e-mail written to files that the test reads."""

import datetime
import os
import subprocess
import sys
import time
from email import message_from_string
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from ogp_portal.celery import app as celery_app
from ogp_portal.notifications.models import Digest, Notification
from ogp_portal.notifications.tasks import send_daily_digests
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory

from .factories import FollowFactory, NotificationSettingsFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

WORKERS = ("notify-a", "notify-b")


@pytest.fixture(scope="module")
def outbox(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("outbox")


@pytest.fixture(scope="module")
def workers(outbox, django_db_setup, django_db_blocker):
    """Two `celery -A ogp_portal worker` processes on the test database."""
    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    with django_db_blocker.unblock():
        database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "NOTIFY_TEST_OUTBOX": str(outbox),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    celery_app.control.purge()
    logs = outbox.parent / "worker-logs"
    logs.mkdir(exist_ok=True)
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ogp_portal",
                "worker",
                "--pool=solo",
                f"--hostname={name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=(logs / f"{name}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for name in WORKERS
    ]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        answers = celery_app.control.ping(timeout=1) or []
        if len(answers) >= len(WORKERS):
            break
    else:
        for process in processes:
            process.kill()
        pytest.fail("the Celery workers did not start: see " + str(logs))
    yield processes
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=30)


@pytest.fixture
def on_workers(workers):
    """Tasks go to Redis for the workers, not in-process (the suite's default)."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def _messages_to(outbox: Path, address: str) -> list:
    messages = []
    for path in outbox.glob("*.log"):
        for part in path.read_text().split("-" * 79):
            if part.strip():
                message = message_from_string(part.strip())
                if message["To"] == address:
                    messages.append(message)
    return messages


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)


@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_a_notification_e_mail_exactly_once(on_workers, outbox, report_progress):
    commitment = CommitmentFactory()
    person = UserFactory(username="immediate", role="", member=None)
    NotificationSettingsFactory(user=person, email_frequency="immediately")
    FollowFactory(user=person, commitment=commitment)

    report_progress(commitment)  # commits: the notify task goes to Redis

    _wait_for(
        lambda: Notification.objects.filter(recipient=person, emailed_at__isnull=False).exists()
    )
    time.sleep(2)  # time for a duplicate, were there one
    [message] = _messages_to(outbox, person.email)
    assert "List-Unsubscribe" in message
    assert commitment.ogp_id in message.get_payload(decode=True).decode()


@pytest.mark.django_db(transaction=True)
def test_the_digest_job_run_twice_on_two_workers_at_once_sends_each_digest_once(
    on_workers, outbox, report_progress
):
    commitment = CommitmentFactory()
    people = [UserFactory(username=f"daily{n}", role="", member=None) for n in range(3)]
    for person in people:
        FollowFactory(user=person, commitment=commitment)
    report_progress(commitment)
    _wait_for(lambda: Notification.objects.filter(recipient__in=people).count() == 3)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Notification.objects.filter(recipient__in=people).update(created_at=yesterday)

    first, second = send_daily_digests.delay(), send_daily_digests.delay()  # both workers
    _wait_for(lambda: Digest.objects.filter(sent_at__isnull=False).count() == 3)
    send_daily_digests.delay()  # and once more, after
    time.sleep(3)

    assert Digest.objects.count() == 3
    for person in people:
        [message] = _messages_to(outbox, person.email)
        assert "digest" in message["Subject"]
    assert first.id != second.id
