"""Delivery of deadline reminders, shared by the apps that keep their own reminder rows (a
model with `recipient` and a nullable `sent_at`)."""

import datetime
import logging
import smtplib
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .events import event_record

logger = logging.getLogger(__name__)


def deadline_in_words(deadline: datetime.date, today: datetime.date) -> str:
    days = (deadline - today).days
    if days == 0:
        return _("today")
    return ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}


def portal_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def reminder_hand_out(reminders: type[models.Model], deliver_task: Any, **lookup: Any) -> bool:
    """Record the reminder `lookup` names (once per recipient and deadline: the model's unique
    constraint decides, also when runs overlap) and, unless it went out already, hand its e-mail
    to `deliver_task` (a Celery task taking the reminder's id) once this transaction commits.
    Returns whether it was handed out."""
    with transaction.atomic():
        reminder, _created = reminders._default_manager.get_or_create(**lookup)
        if reminder.sent_at is not None:  # type: ignore[attr-defined]
            return False
        transaction.on_commit(partial(deliver_task.delay, reminder.pk), robust=True)
        return True


def reminder_deliver(
    reminder: models.Model, subject: str, body: str, *, member_id: int | None
) -> bool:
    """E-mail one recorded reminder unless it went out already, then mark it sent and record a
    `reminder.sent` event in one transaction. No transaction is open while the mail server is
    talked to. A failed e-mail is logged and leaves the reminder unsent, for the next daily run
    to hand out again. Returns whether this call sent it."""
    if reminder.sent_at is not None:  # type: ignore[attr-defined]
        return False
    recipient = reminder.recipient  # type: ignore[attr-defined]
    try:
        send_mail(subject, body, None, [recipient.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Deadline reminder %s to user %s not sent", reminder.pk, recipient.pk)
        return False
    with transaction.atomic():
        marked = (
            type(reminder)
            ._default_manager.filter(pk=reminder.pk, sent_at__isnull=True)
            .update(sent_at=timezone.now())
        )
        if marked:
            event_record(
                "reminder.sent",
                subject=reminder,
                member_id=member_id,
                data={
                    "recipient_id": recipient.pk,
                    "deadline": reminder.deadline.isoformat(),  # type: ignore[attr-defined]
                },
            )
    return bool(marked)
