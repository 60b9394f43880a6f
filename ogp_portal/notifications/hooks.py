"""The one listener on core.events (registered in apps.py): for each event of a kind in the
registry it keeps the tombstone of a removal, in the change's own transaction, and hands the
event's id to the `notify_event` task once that transaction commits. Who is told, and how,
is decided by the task (ogp_portal.notifications.services), never here."""

import logging
from typing import Any

from django.db import transaction

from core.models import Event

from .registry import kind_of
from .tombstones import tombstones_record

logger = logging.getLogger(__name__)


def _enqueue(event_ids: list[int]) -> None:
    from .tasks import notify_event  # the tasks module imports the services, which import this

    for event_id in event_ids:
        notify_event.delay(event_id)


def enqueue_on_commit(task: Any, object_id: int) -> None:
    """`task.delay(object_id)` once the current transaction commits; a broker that is down is
    logged, never undoes the change (robust)."""

    def enqueue() -> None:
        task.delay(object_id)

    transaction.on_commit(enqueue, robust=True)


def events_recorded(events: list[Event]) -> None:
    known = [event for event in events if kind_of(event.kind) is not None]
    if not known:
        return
    tombstones_record(known)
    ids = [event.pk for event in known]
    transaction.on_commit(lambda: _enqueue(ids), robust=True)
