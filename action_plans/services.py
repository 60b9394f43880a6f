"""Writes of action plans: the member's document repository (deadline reminders:
action_plans.reminders)."""

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, QuerySet

from core.events import event_record, event_record_many
from core.reminders import in_locked_batches
from core.versioning import StaleVersion
from members.models import Member, User

from .models import ActionPlan, PlanStatus, RepositoryDocument
from .permissions import check_can_manage_repository

logger = logging.getLogger(__name__)


DOCUMENT_FIELDS = ("title", "published_on", "kind", "plan", "meeting", "url")


def _document_values(
    member: Member, values: dict[str, Any], file: UploadedFile | None, document: RepositoryDocument
) -> dict[str, Any]:
    plan, meeting = values.get("plan"), values.get("meeting")
    if plan is not None and plan.member_id != member.pk:
        raise PermissionDenied  # the form offers only the member's plans
    if meeting is not None and meeting.forum.member_id != member.pk:
        raise PermissionDenied
    stored = {name: values.get(name) for name in DOCUMENT_FIELDS}
    stored["url"] = stored["url"] or ""
    if file is not None:
        document.file.save(file.name or "document", file, save=False)
        stored |= {"file": document.file.name, "file_type": file.sniffed_content_type}  # type: ignore[attr-defined]
    return stored


def repository_document_create(
    *, actor: User, member: Member, values: dict[str, Any], file: UploadedFile | None = None
) -> RepositoryDocument:
    """Add a document (a link, an uploaded file checked by core.uploads, or both) to the
    member's repository, optionally tied to one of its plans and forum meetings."""
    check_can_manage_repository(actor, member)
    document = RepositoryDocument(member=member)
    with transaction.atomic():
        for name, value in _document_values(member, values, file, document).items():
            setattr(document, name, value)
        document.save()
        event_record(
            "repository.document_added", subject=document, actor=actor, member_id=member.pk
        )
    return document


def repository_document_update(
    *,
    actor: User,
    document: RepositoryDocument,
    version: int,
    values: dict[str, Any],
    file: UploadedFile | None = None,
) -> RepositoryDocument:
    """Save the document if `version` is still the stored one (StaleVersion otherwise,
    nothing stored)."""
    check_can_manage_repository(actor, document.member)
    with transaction.atomic():
        if not RepositoryDocument.objects.filter(pk=document.pk, version=version).exists():
            raise StaleVersion
        stored = _document_values(document.member, values, file, document)
        updated = RepositoryDocument.objects.filter(pk=document.pk, version=version).update(
            **stored, version=F("version") + 1
        )
        if not updated:
            raise StaleVersion
        event_record(
            "repository.document_updated",
            subject=document,
            actor=actor,
            member_id=document.member_id,
        )
    document.refresh_from_db()
    return document


@transaction.atomic
def plans_delete(*, actor: User, plans: Any) -> int:
    """Delete action plans (the admin's delete), recording `plan.deleted` for each with its OGP
    id and the ids of its commitments and milestones, so that partner systems see them go (the
    tombstones feed)."""
    deleted = 0
    for plan in plans:
        rows = list(plan.commitments.values_list("pk", "milestones__pk"))
        event_record(
            "plan.deleted",
            subject=plan,
            actor=actor,
            member_id=plan.member_id,
            data={
                "ogp_id": plan.ogp_id,
                "removed": {
                    "commitment": sorted({pk for pk, _m in rows}),
                    "milestone": sorted({m for _pk, m in rows if m is not None}),
                },
            },
        )
        plan.delete()
        deleted += 1
    return deleted


def plans_flag_missed_submission(member_ids_by_date: dict[datetime.date, list[int]]) -> int:
    """Flag every plan still in co-creation whose submission deadline has passed on its
    member's local date (the mapping from a date to the members for whom it is today), once:
    `submission_deadline_missed_on` is set and a `plan.submission_deadline_missed` event
    recorded in one transaction per batch (core.reminders.in_locked_batches: the rows are
    locked, so a concurrent run flags nothing twice). Returns how many it flagged."""
    flagged = 0
    for today, member_ids in member_ids_by_date.items():

        def missed(member_ids: list[int] = member_ids, today: datetime.date = today) -> QuerySet:
            return ActionPlan.objects.select_for_update().filter(
                member_id__in=member_ids,
                status=PlanStatus.CO_CREATION,
                submission_deadline__lt=today,
                submission_deadline_missed_on__isnull=True,
            )

        def flag(plans: list[ActionPlan], today: datetime.date = today) -> None:
            ActionPlan.objects.filter(pk__in=[plan.pk for plan in plans]).update(
                submission_deadline_missed_on=today
            )
            event_record_many(
                "plan.submission_deadline_missed",
                subjects=[
                    (plan, plan.member_id, {"deadline": str(plan.submission_deadline)})
                    for plan in plans
                ],
            )

        flagged += in_locked_batches(missed, flag)
    return flagged


def plans_ending(member_ids: list[int], today: datetime.date) -> QuerySet[ActionPlan]:
    """The members' plans in implementation whose period ended before `today`, locked."""
    return ActionPlan.objects.select_for_update().filter(
        member_id__in=member_ids, status=PlanStatus.IMPLEMENTATION, period_end__lt=today
    )


def plans_end(plans: list[ActionPlan]) -> None:
    """Mark plans in implementation as ended (their period is over), with a
    `plan.state_changed` event each, in two queries. Call inside the transaction that locked
    them (plans_ending)."""
    assert transaction.get_connection().in_atomic_block
    ActionPlan.objects.filter(pk__in=[plan.pk for plan in plans]).update(status=PlanStatus.ENDED)
    event_record_many(
        "plan.state_changed",
        subjects=[
            (plan, plan.member_id, {"from": plan.status, "to": PlanStatus.ENDED}) for plan in plans
        ],
    )
    for plan in plans:
        plan.status = PlanStatus.ENDED
