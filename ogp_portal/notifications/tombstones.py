"""Tombstones: what partner systems synced that was removed or withdrawn, so that a sync by
`updated_since` also sees what disappeared (GET /api/v1/tombstones/?since=)."""

from django.db.models import QuerySet

from core.models import Event

from .models import Tombstone
from .registry import kind_of


def tombstones_record(events: list[Event]) -> int:
    """A tombstone for each event of a removal kind whose rule applies (see registry.Removal);
    safe to call twice for an event (unique per event and object). Returns how many."""
    tombstones = []
    for event in events:
        kind = kind_of(event.kind)
        if kind is None or kind.removal is None or not kind.removal.applies(event.data or {}):
            continue
        removal = kind.removal
        object_id = event.data.get(removal.id_from_data) if removal.id_from_data else None
        tombstones.append(
            Tombstone(
                resource=removal.resource,
                object_id=object_id or event.object_id,
                ogp_id=event.data.get("ogp_id") or "",
                reason=removal.reason,
                member_id=event.member_id,
                event=event,
                removed_at=event.occurred_at,
            )
        )
        for child_resource, child_ids in (event.data.get("removed") or {}).items():
            tombstones.extend(
                Tombstone(
                    resource=child_resource,
                    object_id=child_id,
                    reason=removal.reason,
                    member_id=event.member_id,
                    event=event,
                    removed_at=event.occurred_at,
                )
                for child_id in child_ids
            )
    Tombstone.objects.bulk_create(tombstones, ignore_conflicts=True)
    return len(tombstones)


def tombstone_list() -> QuerySet[Tombstone]:
    return Tombstone.objects.order_by("removed_at", "pk")
