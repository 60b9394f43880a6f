"""Writes of action plans: the submission deadline reminders, the member's document repository."""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.events import event_record
from core.reminders import deadline_in_words, portal_url, reminder_deliver, reminder_hand_out
from core.versioning import StaleVersion
from members.models import Member, User

from .models import ActionPlan, DeadlineReminder, RepositoryDocument
from .permissions import check_can_manage_repository
from .selectors import plan_reminder_recipients, plans_due_for_submission

logger = logging.getLogger(__name__)


def deadline_reminders_send(today: datetime.date) -> int:
    """Remind everyone concerned of plan submission deadlines within
    settings.REMINDER_DAYS_BEFORE days of today: for each plan in co-creation, its member's
    point of contact and government officials and its forum's civil-society seat holders.
    Guarantees: a person gets one reminder per plan and deadline, however often this runs,
    also concurrently (a unique constraint decides); each reminder is recorded first and its
    e-mail handed to a Celery task once the record is committed; a reminder whose e-mail
    failed stays unsent and is handed out again by the next run. Returns the number of
    reminders handed out."""
    from .tasks import deliver_deadline_reminder  # the tasks module imports this one

    window_end = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    handed_out = 0
    for plan in plans_due_for_submission(today, window_end):
        deadline = plan.submission_deadline
        assert deadline is not None  # only plans with a deadline are due
        sent = set(
            DeadlineReminder.objects.filter(
                plan=plan, deadline=deadline, sent_at__isnull=False
            ).values_list("recipient_id", flat=True)
        )
        for user in plan_reminder_recipients(plan, today):
            if user.pk in sent:
                continue
            handed_out += reminder_hand_out(
                DeadlineReminder,
                deliver_deadline_reminder,
                plan=plan,
                recipient=user,
                deadline=deadline,
            )
    logger.info("Plan deadline reminders: %d handed out for e-mail", handed_out)
    return handed_out


def deadline_reminder_deliver(reminder_id: int, today: datetime.date) -> bool:
    """E-mail one plan deadline reminder unless it went out already (see
    core.reminders.reminder_deliver) or was deleted. Returns whether this call sent it."""
    reminder = (
        DeadlineReminder.objects.select_related("plan__member", "recipient")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:  # its plan was deleted since
        return False
    subject, body = _plan_reminder_message(
        reminder.plan, reminder.deadline, reminder.recipient, today
    )
    return reminder_deliver(reminder, subject, body, member_id=reminder.plan.member_id)


def _plan_reminder_message(
    plan: ActionPlan, deadline: datetime.date, user: User, today: datetime.date
) -> tuple[str, str]:
    subject = _("Action plan due %(when)s: %(plan)s") % {
        "when": deadline_in_words(deadline, today),
        "plan": plan.title,
    }
    body = _(
        "Hello %(name)s,\n\n"
        'The action plan "%(plan)s" (%(ogp_id)s) of %(member)s is due for submission to OGP '
        "on %(deadline)s, %(when)s. It is still in co-creation: please make sure that the "
        "multi-stakeholder forum has agreed on the commitments and that a reasoned response "
        "to the input received is published before submission.\n\n"
        "The plan on the portal:\n%(url)s\n\n"
        "OGP Action Plan Portal"
    ) % {
        "name": user.get_full_name() or user.username,
        "plan": plan.title,
        "ogp_id": plan.ogp_id,
        "member": plan.member.name,
        "deadline": date_format(deadline, "DATE_FORMAT"),
        "when": deadline_in_words(deadline, today),
        "url": portal_url(plan.get_absolute_url()),
    }
    return subject, body


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
