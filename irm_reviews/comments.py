"""Writes of the comments on an IRM report's draft and the IRM's answers to them (OGP's
pre-publication and public comment periods). Plain text, stored as typed and escaped on output.
Edits carry the version they started from (core.versioning.StaleVersion)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment
from core.events import event_record
from core.versioning import StaleVersion

from .models import ReviewComment, ReviewCycle
from .permissions import (
    check_can_answer_review_comment,
    check_can_comment_on_review,
    check_can_edit_review_comment,
)

COMMENT_MAX_LENGTH = 5000


def _clean_text(text: str | None, field: str, empty_message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: empty_message})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {field: _("At most %(limit)d characters.") % {"limit": COMMENT_MAX_LENGTH}}
        )
    if "\x00" in text:
        raise ValidationError({field: _("The text holds a character that cannot be stored.")})
    return text


@transaction.atomic
def review_comment_create(
    *, user, cycle: ReviewCycle, text: str, commitment: Commitment | None = None
) -> ReviewComment:
    """A comment on the draft report, on one commitment's assessment or on the whole report.
    Guarantees: the user may comment in the report's current period
    (check_can_comment_on_review), the commitment is in the reviewed plan, the text is 1 to
    COMMENT_MAX_LENGTH characters. Records `review.comment_added`."""
    check_can_comment_on_review(user, cycle)
    text = _clean_text(text, "text", _("Write a comment."))
    if commitment is not None and commitment.plan_id != cycle.plan_id:
        raise ValidationError(
            {"commitment": _("This commitment is not in the reviewed action plan.")}
        )
    comment = ReviewComment.objects.create(
        cycle=cycle, commitment=commitment, author=user, period=cycle.state, text=text
    )
    event_record(
        "review.comment_added",
        subject=comment,
        actor=user,
        member_id=cycle.plan.member_id,
        data={
            "cycle_id": cycle.pk,
            "commitment_id": commitment.pk if commitment else None,
            "period": cycle.state,
        },
    )
    return comment


def _update_versioned(comment: ReviewComment, version: int, **values) -> ReviewComment:
    updated = ReviewComment.objects.filter(pk=comment.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        current = ReviewComment.objects.filter(pk=comment.pk).values_list("version", flat=True)
        raise StaleVersion(current.first())
    comment.refresh_from_db()
    return comment


@transaction.atomic
def review_comment_update(
    *, user, comment: ReviewComment, text: str, version: int
) -> ReviewComment:
    """Change a comment's text. Guarantees: only its author, while the period is open and
    before it is answered (check_can_edit_review_comment); StaleVersion when someone saved it
    since `version`, storing nothing."""
    check_can_edit_review_comment(user, comment)
    text = _clean_text(text, "text", _("Write a comment."))
    return _update_versioned(comment, version, text=text)


@transaction.atomic
def review_comment_answer(
    *, user, comment: ReviewComment, answer: str, version: int
) -> ReviewComment:
    """The IRM's answer to a comment (or a new wording of it). Guarantees: the report is in a
    comment period and the user may assess it (check_can_answer_review_comment); StaleVersion
    when the comment or its answer changed since `version`. Records
    `review.comment_answered`."""
    check_can_answer_review_comment(user, comment.cycle)
    answer = _clean_text(answer, "answer", _("Write an answer."))
    comment = _update_versioned(
        comment, version, answer=answer, answered_by=user, answered_at=timezone.now()
    )
    event_record(
        "review.comment_answered",
        subject=comment,
        actor=user,
        member_id=comment.cycle.plan.member_id,
        data={"cycle_id": comment.cycle_id, "comment_id": comment.pk},
    )
    return comment
