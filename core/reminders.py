"""The deadline calendar's machinery, shared by the apps that keep their own reminder rows
(models on core.models.Reminder): which lead time is due, recording reminders in batches,
and delivering one reminder exactly once with retries.

A rule (ReminderRule) says which subjects have a deadline near a member's local date and who
hears about each; reminders_run walks the subjects in batches of settings.REMINDER_BATCH_SIZE,
with a constant number of queries per batch, one transaction per batch (a job that dies
half-way keeps the batches it finished and the next run records only what is missing), and
hands every unsent reminder of the batch to the rule's Celery task once the batch commits."""

import dataclasses
import datetime
import logging
import smtplib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .events import event_record
from .models import OVERDUE_LEAD_DAYS
from .timezones import local_date

logger = logging.getLogger(__name__)


class ReminderNotSent(Exception):
    """The mail server refused or could not be reached; the reminder stays unsent."""


def deadline_in_words(deadline: datetime.date, today: datetime.date) -> str:
    days = (deadline - today).days
    if days == 0:
        return _("today")
    if days < 0:
        return ngettext("%(days)d day ago", "%(days)d days ago", -days) % {"days": -days}
    return ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}


def portal_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def lead_days() -> tuple[int, ...]:
    """settings.REMINDER_LEAD_DAYS, longest first."""
    return tuple(sorted(set(settings.REMINDER_LEAD_DAYS), reverse=True))


def lead_time_due(deadline: datetime.date, today: datetime.date) -> int | None:
    """The lead time whose reminder is due today: the shortest lead time not shorter than the
    days left (10 days left with lead times 30, 14, 7, 1: the 14-day reminder), so that a day
    the job did not run is caught up the next day and a reminder already passed is never sent
    late. OVERDUE_LEAD_DAYS once the deadline passed (within settings.REMINDER_OVERDUE_DAYS);
    None when no reminder is due."""
    days = (deadline - today).days
    if days < 0:
        return OVERDUE_LEAD_DAYS if -days <= settings.REMINDER_OVERDUE_DAYS else None
    longer = [lead for lead in lead_days() if lead >= days]
    return min(longer) if longer else None


def reminder_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The deadlines a rule looks at on `today`: from REMINDER_OVERDUE_DAYS ago to the longest
    lead time ahead."""
    return (
        today - datetime.timedelta(days=settings.REMINDER_OVERDUE_DAYS),
        today + datetime.timedelta(days=max(lead_days(), default=0)),
    )


@dataclasses.dataclass(frozen=True)
class DueReminder:
    """One reminder a rule wants recorded: its subject's id, who, about what."""

    subject_id: int
    recipient_id: int
    kind: str
    deadline: datetime.date
    lead_days: int


@dataclasses.dataclass(frozen=True)
class ReminderRule:
    """One kind of deadline, declared by the app that owns it, in a few lines:

    - `subjects()`: everything that has this deadline now (state filters only; the rule adds
      the member and date filters, so the batch query reads only what is near);
    - `member_field`: the path from a subject to its member ("plan__member"), whose time zone
      decides the local day;
    - `deadline_field`: the subject's date field;
    - `recipients(subjects, today)`: the ids of the people to remind of each subject, by subject
      id, in a constant number of queries whatever the batch;
    - `kind` before the deadline, `overdue_kind` once after it (None: nothing after it);
    - `message(reminder, today)`: the e-mail's (subject, body), rendered in the recipient's
      language (links with reverse() inside it, so they get the language's prefix);
    - `model` stores the reminders with its foreign key `subject_field`; `deliver_task`, the
      dotted name of a Celery task taking a reminder id, e-mails one (reminder_deliver)."""

    name: str
    model: type[models.Model]
    subject_field: str
    subjects: Callable[[], models.QuerySet]
    member_field: str
    deadline_field: str
    recipients: Callable[[list[Any], datetime.date], Mapping[int, Iterable[int]]]
    kind: str
    message: Callable[[Any, datetime.date], tuple[str, str]]
    deliver_task: str
    overdue_kind: str | None = None

    def subjects_near(self, member_ids: Sequence[int], today: datetime.date) -> models.QuerySet:
        """The members' subjects whose deadline is in reminder_window(today) (from today on,
        when nothing is sent after the deadline)."""
        start, end = reminder_window(today)
        return self.subjects().filter(
            **{
                f"{self.member_field}__in": member_ids,
                f"{self.deadline_field}__gte": start if self.overdue_kind else today,
                f"{self.deadline_field}__lte": end,
            }
        )

    def due(self, subjects: list[Any], today: datetime.date) -> list[DueReminder]:
        """The reminders due today for a batch of subjects: the current lead time's, to each
        of their recipients."""
        recipients = self.recipients(subjects, today)
        due = []
        for subject in subjects:
            deadline = getattr(subject, self.deadline_field)
            lead = lead_time_due(deadline, today)
            kind = self.overdue_kind if lead == OVERDUE_LEAD_DAYS else self.kind
            if lead is None or not kind:
                continue
            due += [
                DueReminder(subject.pk, user_id, kind, deadline, lead)
                for user_id in sorted(recipients.get(subject.pk, ()))
            ]
        return due

    def member_of(self, subject: Any) -> Any:
        for name in self.member_field.split("__"):
            subject = getattr(subject, name)
        return subject

    def member_id_of(self, subject: Any) -> int:
        """The subject's member id, through what `subjects()` selected (no query)."""
        *path, last = self.member_field.split("__")
        for name in path:
            subject = getattr(subject, name)
        return getattr(subject, f"{last}_id")


def _key(subject_id: int, recipient_id: int, kind: str, deadline: datetime.date, lead: int):
    return (subject_id, recipient_id, kind, deadline, lead)


def reminders_record(rule: ReminderRule, due: list[DueReminder]) -> list[int]:
    """Record the due reminders (the model's unique constraint keeps one row per subject,
    recipient, kind, deadline and lead time, also when runs overlap) and return the ids of
    those among them not sent yet. Two queries."""
    if not due:
        return []
    subject_id = f"{rule.subject_field}_id"
    rule.model._default_manager.bulk_create(
        [
            rule.model(
                **{subject_id: item.subject_id},
                recipient_id=item.recipient_id,
                kind=item.kind,
                deadline=item.deadline,
                lead_days=item.lead_days,
            )
            for item in due
        ],
        ignore_conflicts=True,
    )
    wanted = {dataclasses.astuple(item) for item in due}
    unsent = rule.model._default_manager.filter(
        **{f"{subject_id}__in": {item.subject_id for item in due}},
        recipient_id__in={item.recipient_id for item in due},
        sent_at__isnull=True,
    ).values_list("pk", subject_id, "recipient_id", "kind", "deadline", "lead_days")
    return [pk for pk, *key in unsent if _key(*key) in wanted]


def _enqueue_delivery(rule: ReminderRule) -> Callable[[int], None]:
    task = import_string(rule.deliver_task)
    return lambda reminder_id: task.delay(reminder_id)


def _on_commit(hand_out: Callable[[int], None], reminder_id: int) -> Callable[[], None]:
    def deliver() -> None:  # a named function: Django logs a robust callback's name
        hand_out(reminder_id)

    return deliver


def reminders_run(
    rule: ReminderRule,
    member_ids_by_date: dict[datetime.date, list[int]],
    hand_out: Callable[[int], None] | None = None,
) -> int:
    """Record the reminders of `rule` due on each member's local date (the mapping from a date
    to the members for whom it is today) and hand each unsent one to the rule's task (or to
    `hand_out`) once its batch commits. Safe to run twice and concurrently. Returns how many
    it handed out."""
    hand_out = hand_out or _enqueue_delivery(rule)
    handed_out = 0
    size = settings.REMINDER_BATCH_SIZE
    for today, member_ids in member_ids_by_date.items():
        last_pk = 0
        while True:
            with transaction.atomic():
                subjects = rule.subjects_near(member_ids, today).filter(pk__gt=last_pk)
                batch = list(subjects.order_by("pk")[:size])
                if not batch:
                    break
                last_pk = batch[-1].pk
                unsent = reminders_record(rule, rule.due(batch, today))
                for reminder_id in unsent:
                    # robust: a delivery that fails to enqueue (or, run in-process, raises)
                    # never keeps the others from going out.
                    transaction.on_commit(_on_commit(hand_out, reminder_id), robust=True)
            handed_out += len(unsent)
    logger.info("Reminders %s: %d handed out for e-mail", rule.name, handed_out)
    return handed_out


def reminders_run_all(
    rules: Iterable[ReminderRule], member_ids_by_date: dict[datetime.date, list[int]]
) -> dict[str, int]:
    return {rule.name: reminders_run(rule, member_ids_by_date) for rule in rules}


def in_locked_batches(locked: Callable[[], models.QuerySet], handle: Callable[[list], None]) -> int:
    """Lock up to settings.REMINDER_BATCH_SIZE rows of `locked()` (a select_for_update
    queryset of the rows still to do), hand them to `handle`, which makes them stop matching,
    and commit; again until none is left. A concurrent run waits on the locked rows and then
    finds them done; a run that dies keeps the batches it committed. Returns how many rows."""
    done = 0
    while True:
        with transaction.atomic():
            batch = list(locked().order_by("pk")[: settings.REMINDER_BATCH_SIZE])
            if not batch:
                return done
            handle(batch)
        done += len(batch)


def reminder_claim(model: type[models.Model], reminder_id: int) -> bool:
    """Mark the reminder as being delivered by this call, unless it was sent or another
    delivery started less than settings.REMINDER_CLAIM_SECONDS ago (one UPDATE: of two workers
    handed the same reminder, one gets it)."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.REMINDER_CLAIM_SECONDS)
    return bool(
        model._default_manager.filter(pk=reminder_id, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )


def recipient_language(user: Any) -> str:
    """The language the person chose (en, es, fr), or the portal's default."""
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def reminder_deliver(rules: Sequence[ReminderRule], reminder_id: int) -> bool:
    """E-mail one recorded reminder of `rules` (those stored in one model; the reminder's kind
    picks its rule) exactly once: claim it (reminder_claim; nothing happens if it was sent or
    another worker has it), render its message in the recipient's language on its member's
    local date, send it with no transaction open, then mark it sent and record a
    `reminder.sent` event in one transaction. A failed e-mail releases the claim and raises
    ReminderNotSent, for the task to retry with backoff. Returns whether this call sent it."""
    model = rules[0].model
    assert all(rule.model is model for rule in rules)
    if not reminder_claim(model, reminder_id):
        return False
    related = {f"{rule.subject_field}__{rule.member_field}" for rule in rules}
    reminder = (
        model._default_manager.select_related("recipient", *related).filter(pk=reminder_id).first()
    )
    if reminder is None:  # its subject was deleted since
        return False
    kind = reminder.kind  # type: ignore[attr-defined]
    rule = next(rule for rule in rules if kind in (rule.kind, rule.overdue_kind))
    member = rule.member_of(getattr(reminder, rule.subject_field))
    recipient = reminder.recipient  # type: ignore[attr-defined]
    with translation.override(recipient_language(recipient)):
        subject, body = rule.message(reminder, local_date(member.time_zone, timezone.now()))
    try:
        send_mail(subject, body, None, [recipient.email])
    except (smtplib.SMTPException, OSError) as exc:
        model._default_manager.filter(pk=reminder_id).update(claimed_at=None)
        logger.warning("Reminder %s to user %s not sent: %s", reminder_id, recipient.pk, exc)
        raise ReminderNotSent(str(exc)) from exc
    with transaction.atomic():
        marked = model._default_manager.filter(pk=reminder_id, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        if marked:
            event_record(
                "reminder.sent",
                subject=reminder,
                member_id=member.pk,
                data={
                    "recipient_id": recipient.pk,
                    "kind": kind,
                    "deadline": reminder.deadline.isoformat(),  # type: ignore[attr-defined]
                    "lead_days": reminder.lead_days,  # type: ignore[attr-defined]
                },
            )
    return bool(marked)


def reminder_retry_delay(retries: int) -> int:
    """Seconds before the next attempt: settings.REMINDER_RETRY_SECONDS, doubled each time."""
    return int(settings.REMINDER_RETRY_SECONDS * 2**retries)


def reminder_deliver_task(task: Any, rules: Sequence[ReminderRule], reminder_id: int) -> bool:
    """The body of every reminder delivery task (bound, acks_late): reminder_deliver, and on a mail
    failure retry later with backoff, up to settings.REMINDER_MAX_RETRIES times; after that the
    reminder stays unsent (logged) and the next run of the job hands it out again while its
    lead time is current."""
    try:
        return reminder_deliver(rules, reminder_id)
    except ReminderNotSent as exc:
        if task.request.retries >= settings.REMINDER_MAX_RETRIES:
            logger.error("Reminder %s given up after %d retries", reminder_id, task.request.retries)
            return False
        raise task.retry(exc=exc, countdown=reminder_retry_delay(task.request.retries)) from exc
