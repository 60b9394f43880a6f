"""The writes of the progress pages (commitments.progress_views): several milestones' progress
in one form, all or none, and an author's correction of their own update. Each new update is a
services.progress_update_create, so the API, the bulk upload and these pages share one rule."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import event_record
from core.versioning import StaleVersion

from .completion import commitment_completion_refresh
from .models import Commitment, Milestone, ProgressUpdate
from .permissions import check_can_edit_progress_update, check_can_report_progress
from .services import (
    milestone_status_follow,
    progress_event_data,
    progress_evidence_store,
    progress_update_create,
    progress_update_validate,
)


@dataclass
class ProgressReport:
    """One row of the progress form: a new update on the commitment itself (milestone None) or
    one of its milestones, and `seen_latest`, the newest update of the same source on it when
    the form was opened (0 for none)."""

    milestone: Milestone | None
    seen_latest: int
    completion: str
    text: str
    reported_on: datetime.date | None = None
    evidence_links: list[str] = field(default_factory=list)
    files: list[UploadedFile] = field(default_factory=list)


class ProgressReportRejected(Exception):
    """Some rows of a progress form are wrong; nothing was stored. `errors` maps each bad row's
    index to {field: [messages]} ('__all__' for the row as a whole); `stale` lists the rows
    someone reported on since the form was opened."""

    def __init__(self, errors: dict[int, dict[str, list[str]]], stale: set[int]):
        super().__init__(errors)
        self.errors = errors
        self.stale = stale


def progress_newest_by_milestone(commitment: Commitment, source: str) -> dict[int | None, int]:
    """The id of the newest update of `source` on the commitment (key None) and on each of its
    milestones, as a progress form starts from."""
    return dict(
        ProgressUpdate.objects.filter(commitment=commitment, source=source)
        .values("milestone_id")
        .annotate(newest=Max("pk"))
        .values_list("milestone_id", "newest")
    )


def progress_report_many(
    *, author, commitment: Commitment, source: str, reports: Sequence[ProgressReport]
) -> list[ProgressUpdate]:
    """Record the rows of a progress form, all or none. Guarantees: the author may report
    `source` here (PermissionDenied otherwise); every row is valid and nobody reported `source`
    on the same milestone since the row's `seen_latest`, or ProgressReportRejected names every
    bad row and field and nothing is stored. Each row is a progress_update_create."""
    check_can_report_progress(author, commitment, source)
    with transaction.atomic():
        # Two people submitting on the same commitment at once: the second sees the first.
        Commitment.objects.select_for_update().filter(pk=commitment.pk).values_list("pk").get()
        newest = progress_newest_by_milestone(commitment, source)
        errors: dict[int, dict[str, list[str]]] = {}
        stale: set[int] = set()
        for index, report in enumerate(reports):
            try:
                progress_update_validate(**_report_fields(commitment, source, report))
            except ValidationError as error:
                errors[index] = dict(error.message_dict)
            milestone_id = report.milestone.pk if report.milestone is not None else None
            if newest.get(milestone_id, 0) != report.seen_latest:
                stale.add(index)
                errors.setdefault(index, {}).setdefault("__all__", []).append(
                    _(
                        "Someone reported progress here since you opened this page; it is "
                        "shown above. Check it, then submit again."
                    )
                )
        if errors:
            raise ProgressReportRejected(errors, stale)
        return [
            progress_update_create(
                author=author,
                files=report.files,
                **_report_fields(commitment, source, report),
            )
            for report in reports
        ]


def _report_fields(commitment: Commitment, source: str, report: ProgressReport) -> dict:
    return {
        "commitment": commitment,
        "source": source,
        "milestone": report.milestone,
        "completion": report.completion,
        "text": report.text,
        "reported_on": report.reported_on,
        "evidence_links": report.evidence_links,
    }


def progress_update_edit(
    *,
    author,
    update: ProgressUpdate,
    version: int,
    completion: str,
    text: str,
    reported_on: datetime.date | None,
    evidence_links: Iterable[str] = (),
    files: Sequence[UploadedFile] = (),
    remove_files: Iterable[int] = (),
) -> ProgressUpdate:
    """Its author corrects a progress update. Guarantees: only the author, while they may still
    report that source (PermissionDenied otherwise); valid fields (ValidationError naming the
    field); `version` still the stored one (StaleVersion otherwise); nothing stored on error.
    The commitment's completion and the milestone's status follow."""
    check_can_edit_progress_update(author, update)
    checked = progress_update_validate(
        commitment=update.commitment,
        source=update.source,
        milestone=update.milestone,
        completion=completion,
        text=text,
        reported_on=reported_on,
        evidence_links=evidence_links,
    )
    with transaction.atomic():
        changed = ProgressUpdate.objects.filter(pk=update.pk, version=version).update(
            completion=checked.completion,
            text=checked.text,
            reported_on=checked.reported_on,
            evidence_links=checked.evidence_links,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not changed:
            current = ProgressUpdate.objects.filter(pk=update.pk).values_list("version", flat=True)
            raise StaleVersion(current.first())
        update.evidence_files.filter(pk__in=list(remove_files)).delete()
        progress_evidence_store(update, files)
        commitment_completion_refresh(Commitment.objects.filter(pk=update.commitment_id))
        if update.milestone is not None:
            milestone_status_follow(author, update.milestone, update.source)
        update.refresh_from_db()
        event_record(
            "progress.updated",
            subject=update,
            actor=author,
            member_id=update.commitment.plan.member_id,
            data=progress_event_data(update) | {"version": update.version},
        )
    return update
