"""Every write to commitments, milestones and progress goes through here."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Commitment, Completion, Milestone, ProgressSource, ProgressUpdate
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


def progress_update_create(*, author, commitment: Commitment, **fields) -> ProgressUpdate:
    """Record one view of progress. Guarantees: the author may write this source for this
    commitment (PermissionDenied otherwise) and every field is valid (ValidationError naming the
    field otherwise); nothing is stored on error."""
    update = progress_update_validate(commitment=commitment, **fields)
    check_can_report_progress(author, commitment, update.source)
    update.author = author
    update.save()
    return update


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
    return milestone
