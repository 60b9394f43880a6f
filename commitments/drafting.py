"""Co-creating the text of draft commitments: create, edit, restore an earlier version, their
milestones (the forum's comments on them are commitments.comments). Every write goes through here, from the forum's
pages and from the API alike.

Nobody's work is lost: a commitment carries a `version`, bumped by every save of it or of its
milestones. A write names the version it started from; when someone else saved since, the
change is merged three ways with the version it started from (django-simple-history's record
of it): fields only one side changed merge silently, fields both changed raise
CommitmentConflict and nothing is stored.
"""

import datetime
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan
from core.events import event_record
from core.versioning import StaleVersion
from members.models import User

from .models import TEMPLATE_TEXT_FIELDS, Commitment, Milestone
from .permissions import (
    check_can_create_commitment,
    check_can_edit_commitment,
)

# What the forum edits of a commitment, in OGP's template order, then its dates and OGP values.
DRAFT_FIELDS = (
    "number",
    *TEMPLATE_TEXT_FIELDS,
    "start_date",
    "end_date",
    "is_access_to_information",
    "is_civic_participation",
    "is_public_accountability",
    "is_technology",
)
MILESTONE_FIELDS = ("description", "expected_output", "start_date", "end_date")
MILESTONES = "milestones"
_UNKNOWN = object()


@dataclass(frozen=True)
class MilestoneDraft:
    """One milestone as the forum writes it; `id` names an existing milestone (None: a new one).
    A commitment's milestones are numbered in the order given."""

    description: str
    expected_output: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    id: int | None = None

    def content(self) -> tuple:
        return tuple(getattr(self, name) for name in MILESTONE_FIELDS)


@dataclass(frozen=True)
class FieldConflict:
    """A field both people changed: the value both started from, the other person's saved
    value and yours."""

    field: str
    label: str
    base: Any
    theirs: Any
    mine: Any


class CommitmentConflict(StaleVersion):
    """Both sides changed the same fields; nothing was stored. `merged` holds every field as it
    would be saved (the non-conflicting ones merged), `conflicts` the fields to decide."""

    def __init__(
        self,
        current_version: int,
        merged: dict[str, Any],
        conflicts: list[FieldConflict],
        milestones_theirs: list[MilestoneDraft],
        milestones_mine: list[MilestoneDraft] | None,
        keeps_their_milestones: bool = True,
    ):
        super().__init__(current_version)
        self.keeps_their_milestones = keeps_their_milestones
        self.merged = merged
        self.conflicts = conflicts
        self.milestones_theirs = milestones_theirs
        self.milestones_mine = milestones_mine

    @property
    def conflicting_fields(self) -> list[str]:
        return [conflict.field for conflict in self.conflicts]


@dataclass
class _Draft:
    values: dict[str, Any]
    milestones: list[MilestoneDraft] | None = field(default=None)


def draft_field(name: str) -> models.Field:
    """The model field of a draft field."""
    model_field = Commitment._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return model_field


def _label(name: str) -> str:
    if name == MILESTONES:
        return _("Milestones")
    return str(draft_field(name).verbose_name)


def draft_values(commitment: Any) -> dict[str, Any]:
    """The draft fields of a commitment or of a history record of one."""
    return {name: getattr(commitment, name) for name in DRAFT_FIELDS}


def milestone_drafts(commitment: Commitment) -> list[MilestoneDraft]:
    return [
        MilestoneDraft(
            id=milestone.pk, **{name: getattr(milestone, name) for name in MILESTONE_FIELDS}
        )
        for milestone in Milestone.objects.filter(commitment=commitment).order_by("number")
    ]


def _milestone_drafts_as_of(commitment_id: int, when: datetime.datetime) -> list[MilestoneDraft]:
    records = Milestone.history.as_of(when).filter(commitment_id=commitment_id).order_by("number")
    return [
        MilestoneDraft(id=record.pk, **{name: getattr(record, name) for name in MILESTONE_FIELDS})
        for record in records
    ]


def _contents(milestones: list[MilestoneDraft]) -> list[tuple]:
    return [milestone.content() for milestone in milestones]


def _draft_validate(
    plan: ActionPlan,
    values: dict[str, Any],
    milestones: list[MilestoneDraft] | None,
    commitment_pk: int | None,
) -> None:
    """ValidationError naming each bad field (milestone fields as `milestones`)."""
    errors: dict[str, str] = {}
    unknown = set(values) - set(DRAFT_FIELDS)
    for name in sorted(unknown):
        errors[name] = _("This field cannot be written.")
    for name in TEMPLATE_TEXT_FIELDS:
        if name in values:
            limit = draft_field(name).max_length
            if limit and len(values[name] or "") > limit:
                errors[name] = _("At most %(limit)d characters.") % {"limit": limit}
    if not (values.get("title") or "").strip():
        errors["title"] = _("Give the commitment a title.")
    number = (values.get("number") or "").strip()
    if not number:
        errors["number"] = _("Give the commitment its number in the plan.")
    elif len(number) > 30:
        errors["number"] = _("At most %(limit)d characters.") % {"limit": 30}
    elif _number_taken(plan, number, commitment_pk):
        errors["number"] = _("Another commitment of this plan has number %(number)s.") % {
            "number": number
        }
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("The end date comes before the start date.")
    for position, milestone in enumerate(milestones or (), start=1):
        if not (milestone.description or "").strip():
            errors[MILESTONES] = _("Milestone %(number)d needs a description.") % {
                "number": position
            }
        elif (
            milestone.start_date
            and milestone.end_date
            and milestone.end_date < milestone.start_date
        ):
            errors[MILESTONES] = _("Milestone %(number)d ends before it starts.") % {
                "number": position
            }
    if errors:
        raise ValidationError(errors)


def _milestones_store(user: User, commitment: Commitment, drafts: list[MilestoneDraft]) -> None:
    """Make the commitment's milestones these, numbered in order; recorded in their history."""
    existing = {milestone.pk: milestone for milestone in commitment.milestones.all()}
    kept = {draft.id for draft in drafts if draft.id in existing}
    for pk, milestone in existing.items():
        if pk not in kept:
            # Partner systems syncing milestones learn of it from the tombstones feed.
            event_record(
                "milestone.removed",
                subject=milestone,
                actor=user,
                member_id=commitment.plan.member_id,
                data={"commitment_id": commitment.pk},
            )
            milestone._history_user = user  # type: ignore[attr-defined]
            milestone.delete()
    # Out of the way of the unique (commitment, number) while renumbering; no history record.
    Milestone.objects.filter(pk__in=kept).update(number=F("number") + 10000)
    for number, draft in enumerate(drafts, start=1):
        milestone = existing[draft.id] if draft.id in kept else Milestone(commitment=commitment)
        milestone.number = number
        for name in MILESTONE_FIELDS:
            setattr(milestone, name, getattr(draft, name))
        milestone.expected_output = milestone.expected_output or ""
        milestone._history_user = user  # type: ignore[attr-defined]
        milestone.save()


def _merge(commitment: Commitment, seen_version: int, draft: _Draft, current: Commitment) -> _Draft:
    """Three-way merge of `draft` (started from `seen_version`) onto what is stored now."""
    base_record = (
        Commitment.history.filter(id=commitment.pk, version=seen_version)
        .order_by("-history_date", "-history_id")
        .first()
    )
    theirs = draft_values(current)
    base = draft_values(base_record) if base_record is not None else {}
    merged: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name, mine in draft.values.items():
        if name not in theirs:
            merged[name] = mine
            continue
        # Without the record of the version started from, every difference is the person's.
        started = base[name] if base_record is not None else _UNKNOWN
        if mine == started or mine == theirs[name]:
            merged[name] = theirs[name]
        elif theirs[name] == started:
            merged[name] = mine
        else:
            conflicts.append(
                FieldConflict(
                    name, _label(name), None if started is _UNKNOWN else started, theirs[name], mine
                )
            )
            merged[name] = mine
    milestones_theirs = milestone_drafts(current)
    merged_milestones = draft.milestones
    if draft.milestones is not None:
        started_milestones = (
            _milestone_drafts_as_of(commitment.pk, base_record.history_date)
            if base_record is not None
            else milestones_theirs
        )
        mine_c, theirs_c, base_c = (
            _contents(draft.milestones),
            _contents(milestones_theirs),
            _contents(started_milestones),
        )
        if mine_c == base_c or mine_c == theirs_c:
            merged_milestones = None
        elif theirs_c != base_c:
            conflicts.append(
                FieldConflict(
                    MILESTONES,
                    _label(MILESTONES),
                    started_milestones,
                    milestones_theirs,
                    draft.milestones,
                )
            )
    if conflicts:
        raise CommitmentConflict(
            current.version,
            {**theirs, **merged},
            conflicts,
            milestones_theirs,
            draft.milestones,
            keeps_their_milestones=merged_milestones is None,
        )
    return _Draft(merged, merged_milestones)


def _commitment_save(
    *,
    user: User,
    commitment: Commitment,
    version: int,
    draft: _Draft,
    merge: bool,
    event_kind: str,
    event_data: dict | None = None,
) -> Commitment:
    check_can_edit_commitment(user, commitment)
    with transaction.atomic():
        # The plan's row first, as a sign-off locks it (commitments.plan_workflow): a sign-off
        # that submits the plan waits for this save, and a save after it is refused below.
        list(ActionPlan.objects.select_for_update().filter(pk=commitment.plan_id).values("pk"))
        current = (
            Commitment.objects.select_for_update().select_related("plan").get(pk=commitment.pk)
        )
        check_can_edit_commitment(user, current)
        if current.version != version:
            if not merge:
                raise StaleVersion(current.version)
            draft = _merge(commitment, version, draft, current)
            version = current.version
        values = {**draft_values(current), **draft.values}
        _draft_validate(current.plan, values, draft.milestones, current.pk)
        claimed = Commitment.objects.filter(pk=current.pk, version=version).update(
            version=version + 1
        )
        if not claimed:
            raise StaleVersion(
                Commitment.objects.values_list("version", flat=True).get(pk=current.pk)
            )
        changed = sorted(name for name in values if values[name] != getattr(current, name))
        if draft.milestones is not None:
            _milestones_store(user, current, draft.milestones)
            changed.append(MILESTONES)
        for name, value in values.items():
            setattr(current, name, value)
        current.number = current.number.strip()
        current.version = version + 1
        current._history_user = user
        current.save()
        event_record(
            event_kind,
            subject=current,
            actor=user,
            member_id=current.plan.member_id,
            data={"version": current.version, "fields": changed, **(event_data or {})},
        )
    return current


def commitment_create(
    *,
    user: User,
    plan: ActionPlan,
    values: dict[str, Any],
    milestones: list[MilestoneDraft] = (),  # type: ignore[assignment]
    carried_forward_from: Commitment | None = None,
) -> Commitment:
    """A new draft commitment in the plan, at its end, version 1 (carrying forward
    `carried_forward_from`, see commitments.carry_forward). Guarantees: the user is a
    forum member of the plan's member and the plan is in co-creation (PermissionDenied),
    every field is valid (ValidationError naming it), nothing is stored on error."""
    check_can_create_commitment(user, plan)
    values = dict(values)
    if not (values.get("number") or "").strip():
        values["number"] = str(Commitment.with_deleted.filter(plan=plan).count() + 1)
    milestones = list(milestones)
    with transaction.atomic():
        # As in _commitment_save: no new commitment once a sign-off has submitted the plan.
        plan = ActionPlan.objects.select_for_update().select_related("member").get(pk=plan.pk)
        check_can_create_commitment(user, plan)
        _draft_validate(plan, values, milestones, None)
        position = (plan.commitments.aggregate(last=Max("position"))["last"] or 0) + 1
        commitment = Commitment(
            plan=plan, position=position, version=1, carried_forward_from=carried_forward_from
        )
        for name, value in values.items():
            setattr(commitment, name, value)
        commitment.number = commitment.number.strip()
        # Its first history record is written after its milestones, so that the version-1
        # record sees them (the merge reads milestones as of a record's date).
        commitment.skip_history_when_saving = True  # type: ignore[attr-defined]
        commitment.save()
        del commitment.skip_history_when_saving  # type: ignore[attr-defined]
        _milestones_store(user, commitment, milestones)
        Commitment.history.bulk_history_create([commitment], default_user=user)
        event_record(
            "commitment.created",
            subject=commitment,
            actor=user,
            member_id=plan.member_id,
            data={
                "plan_id": plan.pk,
                "version": 1,
                "carried_forward_from": getattr(carried_forward_from, "pk", None),
            },
        )
    return commitment


def commitment_update(
    *,
    user: User,
    commitment: Commitment,
    version: int,
    values: dict[str, Any],
    milestones: list[MilestoneDraft] | None = None,
) -> Commitment:
    """Save the forum's edit of a draft commitment started from `version`; `milestones` (when
    given) become its milestones in that order. Guarantees: the user may edit it
    (PermissionDenied); every field is valid (ValidationError naming it); when someone saved
    since `version`, the fields only one side changed are merged and saved, and when both
    changed the same field CommitmentConflict is raised and nothing is stored. Each save is a
    new version in the history, by this user."""
    return _commitment_save(
        user=user,
        commitment=commitment,
        version=version,
        draft=_Draft(dict(values), None if milestones is None else list(milestones)),
        merge=True,
        event_kind="commitment.updated",
    )


def commitment_restore(
    *, user: User, commitment: Commitment, history_id: int, version: int
) -> Commitment:
    """Make an earlier version (a history record of this commitment) the current text and
    milestones again, as a new version. Guarantees as commitment_update, except that a
    restore started from a stale version stores nothing (StaleVersion): it is a whole."""
    record = commitment.history.get(history_id=history_id)
    existing = set(commitment.milestones.values_list("pk", flat=True))
    milestones = [
        replace(draft, id=draft.id if draft.id in existing else None)
        for draft in _milestone_drafts_as_of(commitment.pk, record.history_date)
    ]
    return _commitment_save(
        user=user,
        commitment=commitment,
        version=version,
        draft=_Draft(draft_values(record), milestones),
        merge=False,
        event_kind="commitment.version_restored",
        event_data={"restored_version": record.version, "history_id": history_id},
    )


def milestone_create(
    *,
    user: User,
    commitment: Commitment,
    version: int,
    draft: MilestoneDraft,
    place: int | None = None,
) -> Milestone:
    """Add a milestone to a draft commitment (a new version of it), at `place` among its
    milestones (default: the end); the others renumber."""
    drafts = milestone_drafts(commitment)
    place = place or len(drafts) + 1
    if not 1 <= place <= len(drafts) + 1:
        raise ValidationError(
            {"number": _("Give a number from 1 to %(last)d.") % {"last": len(drafts) + 1}}
        )
    drafts.insert(place - 1, replace(draft, id=None))
    saved = _commitment_save(
        user=user,
        commitment=commitment,
        version=version,
        draft=_Draft({}, drafts),
        merge=False,
        event_kind="milestone.created",
    )
    return saved.milestones.get(number=place)


def milestone_update(
    *, user: User, milestone: Milestone, version: int, values: dict[str, Any]
) -> Milestone:
    """Change a milestone's text or dates (a new version of its commitment); `number` moves
    it to that place among the commitment's milestones."""
    commitment = milestone.commitment
    drafts = milestone_drafts(commitment)
    index = next(i for i, draft in enumerate(drafts) if draft.id == milestone.pk)
    unknown = set(values) - {*MILESTONE_FIELDS, "number"}
    if unknown:
        raise ValidationError({name: _("This field cannot be written.") for name in unknown})
    changed = replace(drafts.pop(index), **{k: v for k, v in values.items() if k != "number"})
    place = int(values.get("number") or index + 1)
    if not 1 <= place <= len(drafts) + 1:
        raise ValidationError(
            {"number": _("Give a number from 1 to %(last)d.") % {"last": len(drafts) + 1}}
        )
    drafts.insert(place - 1, changed)
    _commitment_save(
        user=user,
        commitment=commitment,
        version=version,
        draft=_Draft({}, drafts),
        merge=False,
        event_kind="milestone.updated",
        event_data={"milestone_id": milestone.pk},
    )
    return Milestone.objects.get(pk=milestone.pk)


def milestone_delete(*, user: User, milestone: Milestone, version: int) -> None:
    """Remove a milestone of a draft commitment (a new version of it); the others renumber."""
    drafts = [draft for draft in milestone_drafts(milestone.commitment) if draft.id != milestone.pk]
    _commitment_save(
        user=user,
        commitment=milestone.commitment,
        version=version,
        draft=_Draft({}, drafts),
        merge=False,
        event_kind="milestone.deleted",
        event_data={"milestone_id": milestone.pk},
    )


def _number_taken(plan: ActionPlan, number: str, commitment_pk: int | None) -> bool:
    """Whether another commitment of the plan (not the one being edited) has this number; a
    deleted draft keeps its number, so that it can be restored."""
    others = Commitment.with_deleted.filter(plan=plan, number=number)
    if commitment_pk is not None:
        others = others.exclude(pk=commitment_pk)
    return others.exists()
