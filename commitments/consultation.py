"""The public consultation on a plan in co-creation: open it (freezing the commitments' text),
change its introduction and dates or close it early, take input, give each input its reasoned
response, hide abusive input, and say what about it still blocks the plan's submission. Every write of the consultation pages goes through here;
who may is commitments.permissions.

Nothing is ever deleted: a hidden input is kept with who hid it, when and why.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan
from core.events import event_record
from core.versioning import StaleVersion
from members.models import User

from .models import (
    TEMPLATE_TEXT_FIELDS,
    Commitment,
    ConsultationInput,
    ConsultationText,
    PublicConsultation,
    ReasonedResponse,
    ResponseOutcome,
)
from .permissions import (
    check_can_close_consultation,
    check_can_edit_consultation,
    check_can_give_input,
    check_can_hide_input,
    check_can_open_consultation,
    check_can_respond_to_input,
)

INTRODUCTION_MAX_LENGTH = 10000
INPUT_MAX_LENGTH = 10000
REASON_MAX_LENGTH = 10000


def inputs_per_day() -> int:
    return int(getattr(settings, "CONSULTATION_INPUTS_PER_DAY", 10))


def consultation_text_values(commitment: Commitment) -> tuple[dict[str, str], list[str]]:
    """A commitment's template fields and milestone descriptions, as a consultation freezes
    them and the redline compares them."""
    fields = {name: getattr(commitment, name) or "" for name in TEMPLATE_TEXT_FIELDS}
    milestones = [milestone.description for milestone in commitment.milestones.all()]
    return fields, milestones


def _required_text(errors: dict[str, str], name: str, value: str, limit: int, empty: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[name] = empty
    elif len(value) > limit:
        errors[name] = _("At most %(limit)d characters.") % {"limit": limit}
    return value


def _introduction_cleaned(errors: dict[str, str], introduction: str) -> str:
    return _required_text(
        errors,
        "introduction",
        introduction,
        INTRODUCTION_MAX_LENGTH,
        _("Introduce the consultation: what is asked, and how input will be used."),
    )


def consultation_open(
    *,
    user: User,
    plan: ActionPlan,
    opens_on: datetime.date,
    closes_on: datetime.date,
    introduction: str,
) -> PublicConsultation:
    """Open the plan's public consultation. Guarantees: the user is the member's point of
    contact, the plan is in co-creation and has no consultation yet (PermissionDenied); the
    dates are sound (closing on or after opening, not in the past) and the introduction is
    given (ValidationError naming the field); the text of every commitment of the plan, as
    it stands now, is stored as its consultation text; one event `consultation.opened`."""
    check_can_open_consultation(user, plan)
    errors: dict[str, str] = {}
    introduction = _introduction_cleaned(errors, introduction)
    today = timezone.localdate()
    if closes_on < opens_on:
        errors["closes_on"] = _("The consultation closes before it opens.")
    elif closes_on < today:
        errors["closes_on"] = _("The closing date has passed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The plan row serialises two openings of the same plan.
        ActionPlan.objects.select_for_update().get(pk=plan.pk)
        check_can_open_consultation(user, plan)
        consultation = PublicConsultation.objects.create(
            plan=plan,
            opens_on=opens_on,
            closes_on=closes_on,
            introduction=introduction,
            opened_by=user,
        )
        texts = []
        for commitment in plan.commitments.prefetch_related("milestones"):
            fields, milestones = consultation_text_values(commitment)
            texts.append(
                ConsultationText(
                    consultation=consultation,
                    commitment=commitment,
                    commitment_version=commitment.version,
                    fields=fields,
                    milestones=milestones,
                )
            )
        ConsultationText.objects.bulk_create(texts)
        event_record(
            "consultation.opened",
            subject=consultation,
            actor=user,
            member_id=plan.member_id,
            data={
                "plan_id": plan.pk,
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "commitments": len(texts),
            },
        )
    return consultation


def consultation_update(
    *,
    user: User,
    consultation: PublicConsultation,
    version: int,
    introduction: str,
    closes_on: datetime.date,
    opens_on: datetime.date | None = None,
) -> PublicConsultation:
    """Change the introduction and the dates of a consultation that has not closed, from the
    `version` the person started from. Guarantees: the user is the point of contact and the
    plan in co-creation (PermissionDenied); the introduction is given, the closing date is not
    in the past nor before the opening, and the opening date moves only before the
    consultation has opened, never into the past (ValidationError naming the field); when
    someone changed the consultation since `version`, nothing is stored (StaleVersion); one
    event `consultation.updated` naming the changed fields. The consultation text stays as it
    was frozen at the opening."""
    check_can_edit_consultation(user, consultation)
    errors: dict[str, str] = {}
    introduction = _introduction_cleaned(errors, introduction)
    today = timezone.localdate()
    if opens_on is None or opens_on == consultation.opens_on:
        opens_on = consultation.opens_on
    elif consultation.has_opened:
        errors["opens_on"] = _("The consultation has opened: its opening date cannot move.")
    elif opens_on < today:
        errors["opens_on"] = _("The opening date cannot be in the past.")
    if closes_on < today:
        errors["closes_on"] = _("The closing date cannot be moved into the past.")
    elif closes_on < opens_on:
        errors["closes_on"] = _("The consultation closes before it opens.")
    if errors:
        raise ValidationError(errors)
    values = {"introduction": introduction, "opens_on": opens_on, "closes_on": closes_on}
    changed = [name for name, value in values.items() if getattr(consultation, name) != value]
    with transaction.atomic():
        updated = PublicConsultation.objects.filter(pk=consultation.pk, version=version).update(
            **values, version=F("version") + 1
        )
        if not updated:
            raise StaleVersion(
                PublicConsultation.objects.filter(pk=consultation.pk)
                .values_list("version", flat=True)
                .first()
            )
        event_record(
            "consultation.updated",
            subject=consultation,
            actor=user,
            member_id=consultation.plan.member_id,
            data={
                "plan_id": consultation.plan_id,
                "changed": changed,
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
            },
        )
    consultation.refresh_from_db()
    return consultation


def consultation_close_early(
    *, user: User, consultation: PublicConsultation, version: int
) -> PublicConsultation:
    """Close an open consultation today, before its closing date. Guarantees: the user is the
    point of contact, the plan in co-creation and the consultation open (PermissionDenied);
    its closing date becomes today and it takes no more input from now on; when someone
    changed it since `version`, nothing is stored (StaleVersion); one event
    `consultation.closed_early` with the closing date it had."""
    check_can_close_consultation(user, consultation)
    planned = consultation.closes_on
    with transaction.atomic():
        updated = PublicConsultation.objects.filter(pk=consultation.pk, version=version).update(
            closes_on=timezone.localdate(),
            closed_early_at=timezone.now(),
            version=F("version") + 1,
        )
        if not updated:
            raise StaleVersion(None)
        event_record(
            "consultation.closed_early",
            subject=consultation,
            actor=user,
            member_id=consultation.plan.member_id,
            data={"plan_id": consultation.plan_id, "planned_closes_on": planned.isoformat()},
        )
    consultation.refresh_from_db()
    return consultation


def _start_of_today() -> datetime.datetime:
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


def consultation_input_submit(
    *,
    user: User,
    consultation: PublicConsultation,
    text: str,
    commitment: Commitment | None = None,
    attachment: UploadedFile | None = None,
) -> ConsultationInput:
    """A signed-in person's input on the plan or on one of its commitments, while the
    consultation is open (PermissionDenied otherwise). Plain text, with an optional
    attachment already checked by core.uploads. Guarantees: nobody gives more than
    settings.CONSULTATION_INPUTS_PER_DAY inputs a day, also in parallel (ValidationError on
    `text`); the commitment belongs to the plan; one event `consultation.input_submitted`."""
    check_can_give_input(user, consultation)
    errors: dict[str, str] = {}
    text = _required_text(errors, "text", text, INPUT_MAX_LENGTH, _("Write your input."))
    if commitment is not None and commitment.plan_id != consultation.plan_id:
        errors["commitment"] = _("This commitment is not in the plan under consultation.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The person's row serialises their parallel submissions, so the limit holds.
        User.objects.select_for_update().filter(pk=user.pk).first()
        given_today = ConsultationInput.objects.filter(
            author=user, submitted_at__gte=_start_of_today()
        ).count()
        limit = inputs_per_day()
        if given_today >= limit:
            raise ValidationError(
                {
                    "text": _(
                        "You have given %(limit)d inputs today, the most one person may give in "
                        "a day. Nothing was stored: please come back tomorrow."
                    )
                    % {"limit": limit}
                }
            )
        consultation_input = ConsultationInput(
            consultation=consultation, commitment=commitment, author=user, text=text
        )
        if attachment is not None:
            consultation_input.attachment.save(
                attachment.name or "attachment", attachment, save=False
            )
            consultation_input.attachment_type = attachment.sniffed_content_type  # type: ignore[attr-defined]
        consultation_input.save()
        event_record(
            "consultation.input_submitted",
            subject=consultation_input,
            actor=user,
            member_id=consultation.plan.member_id,
            data={
                "consultation_id": consultation.pk,
                "plan_id": consultation.plan_id,
                "commitment_id": commitment.pk if commitment else None,
            },
        )
    return consultation_input


def consultation_input_answer(
    *,
    user: User,
    consultation_input: ConsultationInput,
    outcome: str,
    reason: str,
    version: int | None = None,
) -> ReasonedResponse:
    """Give (or edit) the reasoned response to an input. `version` is the response's version
    the person started from, None when they saw none. Guarantees: the user is of the member's
    government and the plan is in co-creation (PermissionDenied); an outcome and a reason are
    given (ValidationError naming the field); when someone answered or edited since, nothing
    is stored (StaleVersion); one event `consultation.input_answered`."""
    check_can_respond_to_input(user, consultation_input)
    errors: dict[str, str] = {}
    if outcome not in ResponseOutcome.values:
        errors["outcome"] = _("Say whether the input was accepted, partly accepted or not.")
    reason = _required_text(
        errors,
        "reason",
        reason,
        REASON_MAX_LENGTH,
        _("Give the reason: how the input was taken into account, or why not."),
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ConsultationInput.objects.select_for_update().get(pk=consultation_input.pk)
        response = ReasonedResponse.objects.filter(input=consultation_input).first()
        if response is None:
            if version:
                raise StaleVersion(None)
            response = ReasonedResponse.objects.create(
                input=consultation_input, outcome=outcome, reason=reason, responded_by=user
            )
            edited = False
        else:
            if version != response.version:
                raise StaleVersion(response.version)
            ReasonedResponse.objects.filter(pk=response.pk, version=version).update(
                outcome=outcome,
                reason=reason,
                responded_by=user,
                responded_at=timezone.now(),
                version=F("version") + 1,
            )
            response.refresh_from_db()
            edited = True
        event_record(
            "consultation.input_answered",
            subject=consultation_input,
            actor=user,
            member_id=consultation_input.consultation.plan.member_id,
            data={
                "consultation_id": consultation_input.consultation_id,
                "outcome": outcome,
                "version": response.version,
                "edited": edited,
            },
        )
    return response


def consultation_input_hide(
    *, user: User, consultation_input: ConsultationInput, reason: str
) -> ConsultationInput:
    """Hide an abusive input from the public, with the reason. Guarantees: the user is a
    forum member of the plan's member and the input is not hidden yet (PermissionDenied; a
    parallel hide is refused the same way); a reason is given (ValidationError); the input
    is kept, its author still sees it and why; one event `consultation.input_hidden`."""
    check_can_hide_input(user, consultation_input)
    errors: dict[str, str] = {}
    reason = _required_text(
        errors, "reason", reason, REASON_MAX_LENGTH, _("Say why this input is hidden.")
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hidden = ConsultationInput.objects.filter(
            pk=consultation_input.pk, hidden_at__isnull=True
        ).update(hidden_at=timezone.now(), hidden_by=user, hidden_reason=reason)
        if not hidden:
            consultation_input.refresh_from_db()
            check_can_hide_input(user, consultation_input)
        event_record(
            "consultation.input_hidden",
            subject=consultation_input,
            actor=user,
            member_id=consultation_input.consultation.plan.member_id,
            data={"consultation_id": consultation_input.consultation_id},
        )
    consultation_input.refresh_from_db()
    return consultation_input


@dataclass(frozen=True)
class SubmissionProblem:
    """Something that blocks the plan's submission: what, and the page where it is fixed."""

    message: str
    url: str


def consultation_submission_problems(plan: ActionPlan) -> list[SubmissionProblem]:
    """What about the public consultation stops the plan from being submitted: none held, one
    not yet closed, and each input (not hidden) still without a reasoned response. Empty when
    the consultation is done. Two queries."""
    url = reverse("commitments:consultation", args=[plan.member.slug, plan.pk])
    consultation = PublicConsultation.objects.filter(plan=plan).first()
    if consultation is None:
        return [
            SubmissionProblem(_("No public consultation has been held on this action plan."), url)
        ]
    problems: list[SubmissionProblem] = []
    if not consultation.has_closed:
        problems.append(
            SubmissionProblem(
                _(
                    "The public consultation is open until %(date)s: the plan is signed off once "
                    "it has closed (its point of contact may close it early)."
                )
                % {"date": date_format(consultation.closes_on, "DATE_FORMAT")},
                url,
            )
        )
    unanswered = (
        consultation.inputs.filter(hidden_at__isnull=True, response__isnull=True)
        .select_related("commitment")
        .order_by("submitted_at", "pk")
    )
    for consultation_input in unanswered:
        if consultation_input.commitment is not None:
            message = _(
                "Input %(number)d, on commitment %(commitment)s, has no reasoned response yet."
            ) % {
                "number": consultation_input.pk,
                "commitment": consultation_input.commitment.number,
            }
        else:
            message = _("Input %(number)d, on the plan, has no reasoned response yet.") % {
                "number": consultation_input.pk
            }
        # The input on the consultation page, which everyone who sees the problem may read;
        # those who may respond find the button there (the respond page refuses the others).
        problems.append(SubmissionProblem(message, f"{url}#input-{consultation_input.pk}"))
    return problems
