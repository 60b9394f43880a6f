"""The one way to record an event (core.models.Event)."""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import Event


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
    return Event.objects.bulk_create(events, batch_size=1000)
