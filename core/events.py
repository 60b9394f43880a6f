"""The one way to record an event (core.models.Event).

Higher layers may listen (`event_listener_add`): a listener is called with the events just
recorded, inside the change's transaction. The site's notifications register the one listener
(ogp_portal.notifications.hooks): it only hands event ids to Celery on commit and keeps the
tombstones of removals; it decides nothing about the change itself."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import Event

EventListener = Callable[[list[Event]], None]
_listeners: list[EventListener] = []


def event_listener_add(listener: EventListener) -> None:
    """Call `listener` with every batch of events recorded from now on (idempotent)."""
    if listener not in _listeners:
        _listeners.append(listener)


def _announce(events: list[Event]) -> None:
    for listener in _listeners:
        listener(events)


def _check_in_transaction() -> None:
    # An event recorded outside the change's transaction could outlive a change that rolled
    # back, or be lost when the change is kept.
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Record events inside the transaction of the change they describe.")


def _event_build(
    kind: str, subject: models.Model, actor: Any, member_id: int | None, data: dict | None
) -> Event:
    return Event(
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        member_id=member_id,
        data=data or {},
    )


def event_record(
    kind: str,
    *,
    subject: models.Model,
    actor: Any = None,
    member_id: int | None = None,
    data: dict | None = None,
) -> Event:
    """Record that `kind` happened to `subject`. Must be called inside the transaction of the
    change (RuntimeError otherwise), so that the event exists exactly when the change does."""
    _check_in_transaction()
    event = _event_build(kind, subject, actor, member_id, data)
    event.save()
    _announce([event])
    return event


def event_record_many(
    kind: str,
    *,
    subjects: Iterable[tuple[models.Model, int | None, dict | None]],
    actor: Any = None,
) -> list[Event]:
    """event_record for many subjects at once, each given as (subject, member_id, data), in
    one INSERT: for bulk writes such as a progress upload."""
    _check_in_transaction()
    events = [
        _event_build(kind, subject, actor, member_id, data) for subject, member_id, data in subjects
    ]
    events = Event.objects.bulk_create(events, batch_size=1000)
    _announce(events)
    return events
