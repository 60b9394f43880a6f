"""Deadlines told to followers: a milestone ending at each lead time of the calendar, and once
when it is overdue, becomes one event (`milestone.ending`, `milestone.overdue`) that notifies
the followers of its commitment like any other (in the app, and by e-mail as each person
chose); so does a plan's public consultation closing (`consultation.closing`, whatever its
inputs), for the plan's followers. The people who must act get the calendar's own reminder
e-mails (commitments.reminders, commitments.consultation_reminders); this is the followers'
side of the same rules, read with the same lead times."""

import dataclasses
import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from action_plans.models import PlanStatus
from commitments.consultation_reminders import CONSULTATION_RULE
from commitments.models import PublicConsultation
from commitments.reminders import MILESTONE_RULE
from core.events import event_record_many
from core.models import OVERDUE_LEAD_DAYS
from core.reminders import ReminderRule, lead_time_due

from .models import DeadlineNotice

Key = tuple[int, str, datetime.date, int]  # subject id, event kind, deadline, lead time

EVENT_KINDS = {
    MILESTONE_RULE.kind: "milestone.ending",
    MILESTONE_RULE.overdue_kind: "milestone.overdue",
    CONSULTATION_RULE.kind: "consultation.closing",
}
# Followers hear of every consultation closing, not only of those with inputs unanswered.
CONSULTATION_CLOSING = dataclasses.replace(
    CONSULTATION_RULE,
    subjects=lambda: PublicConsultation.objects.filter(
        plan__status=PlanStatus.CO_CREATION
    ).select_related("plan"),
)
FOLLOWED_DEADLINES = [MILESTONE_RULE, CONSULTATION_CLOSING]


def _batch_notices(rule: ReminderRule, subjects: list, today: datetime.date) -> int:
    """Record the batch's notices due today and one event for each not yet told. Four
    queries whatever the batch; a concurrent run waits on the locked notices, then finds them
    told."""
    content_type = ContentType.objects.get_for_model(rule.subjects().model)
    due: dict[Key, Any] = {}
    for subject in subjects:
        deadline = getattr(subject, rule.deadline_field)
        lead = lead_time_due(deadline, today)
        kind = rule.overdue_kind if lead == OVERDUE_LEAD_DAYS else rule.kind
        if lead is not None and kind:
            due[(subject.pk, EVENT_KINDS[kind], deadline, lead)] = subject
    if not due:
        return 0
    DeadlineNotice.objects.bulk_create(
        [
            DeadlineNotice(
                content_type=content_type,
                object_id=pk,
                kind=kind,
                deadline=deadline,
                lead_days=lead,
            )
            for pk, kind, deadline, lead in due
        ],
        ignore_conflicts=True,
    )
    untold = (
        DeadlineNotice.objects.select_for_update()
        .filter(
            content_type=content_type,
            object_id__in={key[0] for key in due},
            noticed_at__isnull=True,
        )
        .values_list("pk", "object_id", "kind", "deadline", "lead_days")
    )
    told: dict[int, Key] = {}
    for pk, object_id, kind, deadline, lead in untold:
        if (object_id, kind, deadline, lead) in due:
            told[pk] = (object_id, kind, deadline, lead)
    if not told:
        return 0
    DeadlineNotice.objects.filter(pk__in=list(told)).update(noticed_at=timezone.now())
    for event_kind in sorted({key[1] for key in told.values()}):
        event_record_many(
            event_kind,
            subjects=[
                (
                    due[key],
                    rule.member_id_of(due[key]),
                    {"deadline": key[2].isoformat(), "lead_days": key[3]},
                )
                for key in told.values()
                if key[1] == event_kind
            ],
        )
    return len(told)


def deadline_notices_run(member_ids_by_date: dict[datetime.date, list[int]]) -> int:
    """Tell the followers of each subject of FOLLOWED_DEADLINES whose deadline is at a lead
    time today (each member's local date), once per subject, deadline and lead time; batches
    of settings.REMINDER_BATCH_SIZE, one transaction each. Returns how many events it recorded."""
    return sum(_rule_notices_run(rule, member_ids_by_date) for rule in FOLLOWED_DEADLINES)


def _rule_notices_run(
    rule: ReminderRule, member_ids_by_date: dict[datetime.date, list[int]]
) -> int:
    recorded = 0
    for today, member_ids in member_ids_by_date.items():
        last_pk = 0
        while True:
            with transaction.atomic():
                batch = list(
                    rule.subjects_near(member_ids, today)
                    .filter(pk__gt=last_pk)
                    .order_by("pk")[: settings.REMINDER_BATCH_SIZE]
                )
                if not batch:
                    break
                last_pk = batch[-1].pk
                recorded += _batch_notices(rule, batch, today)
    return recorded
