"""Every write to commitments, milestones and progress goes through here."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import event_record, event_record_many

from . import progress_csv
from .completion import commitment_completion_refresh
from .models import (
    Commitment,
    Completion,
    Milestone,
    ProgressEvidenceFile,
    ProgressSource,
    ProgressUpdate,
)
from .permissions import check_can_report_progress, check_can_update_milestone

_validate_url = URLValidator(schemes=["http", "https"])


def _clean_evidence_links(links: Iterable[str]) -> list[str]:
    cleaned = []
    for link in links:
        link = (link or "").strip()
        if not link:
            continue
        try:
            _validate_url(link)
        except ValidationError:
            raise ValidationError(
                {
                    "evidence_links": _("%(link)s is not a web address (http or https).")
                    % {"link": link}
                }
            ) from None
        cleaned.append(link)
    return cleaned


def progress_update_validate(
    *,
    commitment: Commitment,
    source: str,
    completion: str,
    text: str,
    reported_on: datetime.date | None = None,
    milestone: Milestone | None = None,
    evidence_links: Iterable[str] = (),
) -> ProgressUpdate:
    """Build an unsaved ProgressUpdate, or raise ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    if source not in ProgressSource.values:
        errors["source"] = _("Choose one of: %(values)s.") % {
            "values": ", ".join(ProgressSource.values)
        }
    if completion not in Completion.values:
        errors["completion"] = _("Choose one of: %(values)s.") % {
            "values": ", ".join(Completion.values)
        }
    if not (text or "").strip():
        errors["text"] = _("Say what has been done.")
    today = timezone.localdate()
    reported_on = reported_on or today
    if reported_on > today:
        errors["reported_on"] = _("Progress cannot be reported for a future date.")
    if milestone is not None and milestone.commitment_id != commitment.pk:
        errors["milestone"] = _("This milestone belongs to another commitment.")
    try:
        links = _clean_evidence_links(evidence_links)
    except ValidationError as exc:
        errors.update({key: value[0] for key, value in exc.message_dict.items()})
        links = []
    if errors:
        raise ValidationError(errors)
    return ProgressUpdate(
        commitment=commitment,
        milestone=milestone,
        source=source,
        completion=completion,
        text=text.strip(),
        reported_on=reported_on,
        evidence_links=links,
    )


@transaction.atomic
def progress_update_create(
    *, author, commitment: Commitment, files: Sequence[UploadedFile] = (), **fields
) -> ProgressUpdate:
    """Record one view of progress, with evidence files checked by core.uploads. Guarantees:
    the author may write this source for this commitment (PermissionDenied otherwise) and every
    field is valid (ValidationError naming the field otherwise); nothing is stored on error.
    A government update on a milestone sets the milestone's status when it is the latest."""
    update = progress_update_validate(commitment=commitment, **fields)
    check_can_report_progress(author, commitment, update.source)
    update.author = author
    update.save()
    progress_evidence_store(update, files)
    commitment_completion_refresh(Commitment.objects.filter(pk=commitment.pk))
    if update.milestone is not None:
        milestone_status_follow(author, update.milestone, update.source)
    event_record(
        "progress.reported",
        subject=update,
        actor=author,
        member_id=commitment.plan.member_id,
        data=progress_event_data(update),
    )
    return update


def progress_event_data(update: ProgressUpdate) -> dict:
    return {
        "commitment_id": update.commitment_id,
        "milestone_id": update.milestone_id,
        "source": update.source,
        "completion": update.completion,
    }


@transaction.atomic
def milestone_set_completion(
    *, user, milestone: Milestone, completion: str, completed_on: datetime.date | None = None
) -> Milestone:
    """Set a milestone's completion. Only the implementing government may; a complete milestone
    carries the date it was completed (today unless given), and any other level clears it."""
    check_can_update_milestone(user, milestone)
    if completion not in Completion.values:
        raise ValidationError(
            {
                "completion": _("Choose one of: %(values)s.")
                % {"values": ", ".join(Completion.values)}
            }
        )
    if completed_on and completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("A milestone cannot be completed in the future.")})
    milestone.completion = completion
    milestone.completed_on = (
        (completed_on or timezone.localdate()) if completion == Completion.COMPLETE else None
    )
    milestone.save(update_fields=["completion", "completed_on", "updated_at"])
    # A commitment is shown with its milestones: partners syncing with `updated_since` on
    # commitments must see this change too.
    Commitment.objects.filter(pk=milestone.commitment_id).update(updated_at=milestone.updated_at)
    event_record(
        "milestone.completion_changed",
        subject=milestone,
        actor=user,
        member_id=milestone.commitment.plan.member_id,
        data={"commitment_id": milestone.commitment_id, "completion": completion},
    )
    return milestone


@dataclass(frozen=True)
class ProgressUploadResult:
    """What a bulk upload stored: how many updates it created, and the rows it skipped because
    an identical update (same commitment, milestone, source, date and text) already exists."""

    created: int
    skipped_rows: list[int]
    separator: str = ","


def progress_update_bulk_create(*, author, file: IO[bytes]) -> ProgressUploadResult:
    """Record every progress update of an uploaded progress CSV (see progress_csv), all or
    nothing. Guarantees: each row passes progress_update_validate and the author may report
    that source on that commitment (can_report_progress); otherwise ProgressUploadRejected lists
    every bad row (row, column, reason) and nothing is stored. A row identical to an update
    already stored, or to an earlier row of the file, is skipped, so re-uploading an export
    creates no duplicates."""
    rows, errors, separator = progress_csv.read_upload(file)
    ogp_ids = {row.commitment for row in rows}
    commitments = {
        commitment.ogp_id: commitment
        for commitment in Commitment.objects.select_related("plan").filter(ogp_id__in=ogp_ids)
    }
    milestones = {
        (milestone.commitment_id, milestone.number): milestone
        for milestone in Milestone.objects.filter(commitment__in=commitments.values()).only(
            "id", "commitment_id", "number"
        )
    }
    permitted: dict[tuple[int, str], str | None] = {}
    valid: list[tuple[int, ProgressUpdate]] = []
    for row in rows:
        commitment = commitments.get(row.commitment)
        if commitment is None:
            errors.append(
                progress_csv.UploadError(
                    row.row,
                    "commitment",
                    _("No commitment has the OGP identifier %(id)s.") % {"id": row.commitment},
                )
            )
            continue
        milestone = None
        if row.milestone is not None:
            milestone = milestones.get((commitment.pk, row.milestone))
            if milestone is None:
                errors.append(
                    progress_csv.UploadError(
                        row.row,
                        "milestone",
                        _("Commitment %(id)s has no milestone %(number)d.")
                        % {"id": row.commitment, "number": row.milestone},
                    )
                )
                continue
        try:
            update = progress_update_validate(
                commitment=commitment,
                milestone=milestone,
                source=row.source,
                completion=row.completion,
                text=row.text,
                reported_on=row.reported_on,
                evidence_links=row.evidence_links,
            )
        except ValidationError as exc:
            errors.extend(
                progress_csv.UploadError(row.row, column, messages[0])
                for column, messages in exc.message_dict.items()
            )
            continue
        key = (commitment.pk, update.source)
        if key not in permitted:
            try:
                check_can_report_progress(author, commitment, update.source)
                permitted[key] = None
            except PermissionDenied as exc:
                permitted[key] = str(exc)
        refusal = permitted[key]
        if refusal is not None:
            errors.append(progress_csv.UploadError(row.row, "source", refusal))
            continue
        update.author = author
        valid.append((row.row, update))
    if errors:
        raise progress_csv.ProgressUploadRejected(sorted(errors, key=_upload_error_order))
    return replace(_progress_updates_store(valid, author=author), separator=separator)


def _upload_error_order(error: "progress_csv.UploadError") -> tuple:
    return (error.row or 0, progress_csv.COLUMNS.index(error.column) if error.column else -1)


def _progress_update_key(update: ProgressUpdate) -> tuple:
    return (
        update.commitment_id,
        update.milestone_id,
        update.source,
        update.reported_on,
        update.text,
    )


@transaction.atomic
def _progress_updates_store(
    valid: list[tuple[int, ProgressUpdate]], *, author
) -> ProgressUploadResult:
    commitment_ids = sorted({update.commitment_id for _row, update in valid})
    # Lock the commitments so that two uploads of the same file cannot both pass the duplicate
    # check below.
    list(
        Commitment.objects.filter(pk__in=commitment_ids)
        .order_by("pk")
        .select_for_update()
        .values_list("pk", flat=True)
    )
    seen = set(
        ProgressUpdate.objects.filter(
            commitment_id__in=commitment_ids,
            reported_on__in={update.reported_on for _row, update in valid},
        ).values_list("commitment_id", "milestone_id", "source", "reported_on", "text")
    )
    to_create, skipped = [], []
    for row, update in valid:
        key = _progress_update_key(update)
        if key in seen:
            skipped.append(row)
            continue
        seen.add(key)
        to_create.append(update)
    ProgressUpdate.objects.bulk_create(to_create, batch_size=1000)
    commitment_completion_refresh(Commitment.objects.filter(pk__in=commitment_ids))
    followed = {
        update.milestone.pk: update.milestone
        for update in to_create
        if update.milestone is not None and update.source == ProgressSource.GOVERNMENT
    }
    for milestone in followed.values():
        milestone_status_follow(author, milestone, ProgressSource.GOVERNMENT)
    event_record_many(
        "progress.reported",
        subjects=[
            (update, update.commitment.plan.member_id, progress_event_data(update))
            for update in to_create
        ],
        actor=author,
    )
    return ProgressUploadResult(created=len(to_create), skipped_rows=skipped)


def progress_evidence_store(update: ProgressUpdate, files: Sequence[UploadedFile]) -> None:
    """Store files that core.uploads.DocumentFileField accepted (it sets their content type)."""
    for file in files:
        evidence = ProgressEvidenceFile(
            update=update,
            file_type=file.sniffed_content_type,  # type: ignore[attr-defined]
            name=(file.name or "evidence")[-200:],
        )
        evidence.file.save(file.name or "evidence", file, save=False)
        evidence.save()


def milestone_status_follow(author, milestone: Milestone, source: str) -> None:
    """The milestone's status is the government's latest progress update on it (by date
    reported): set it through milestone_set_completion when that update changes it."""
    if source != ProgressSource.GOVERNMENT:
        return
    latest = (
        ProgressUpdate.objects.filter(milestone=milestone, source=ProgressSource.GOVERNMENT)
        .order_by("-reported_on", "-pk")
        .only("completion", "reported_on")
        .first()
    )
    if latest is None:
        return
    milestone.refresh_from_db(fields=["completion", "completed_on"])
    completed_on = latest.reported_on if latest.completion == Completion.COMPLETE else None
    if (milestone.completion, milestone.completed_on) != (latest.completion, completed_on):
        milestone_set_completion(
            user=author,
            milestone=milestone,
            completion=latest.completion,
            completed_on=latest.reported_on,
        )


@transaction.atomic
def commitments_delete(*, actor, commitments: Iterable[Commitment]) -> int:
    """Delete commitments (the admin's delete), recording `commitment.deleted` for each with its
    OGP id and its milestones' ids, so that partner systems see them go (the tombstones feed)."""
    deleted = 0
    for commitment in commitments:
        event_record(
            "commitment.deleted",
            subject=commitment,
            actor=actor,
            member_id=commitment.plan.member_id,
            data={
                "ogp_id": commitment.ogp_id or "",
                "plan_id": commitment.plan_id,
                "removed": {"milestone": list(commitment.milestones.values_list("pk", flat=True))},
            },
        )
        commitment.delete()
        deleted += 1
    return deleted
