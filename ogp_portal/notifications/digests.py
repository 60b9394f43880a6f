"""Daily and weekly digests: each period, one e-mail per person who chose it and was told of
something in it. The beat tasks call `digests_hand_out`; `digest_send` (emails.py) sends one."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from members.models import User

from .hooks import enqueue_on_commit
from .models import Digest, DigestPeriod, EmailFrequency

BATCH_SIZE = 500


def digest_window(
    period: str, now: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    """The period a digest sent at `now` covers, in UTC: the previous day, or the previous
    week from Monday to Monday."""
    midnight = datetime.datetime.combine(
        timezone.localdate(now, datetime.UTC), datetime.time(), tzinfo=datetime.UTC
    )
    if period == DigestPeriod.DAILY:
        return midnight - datetime.timedelta(days=1), midnight
    monday = midnight - datetime.timedelta(days=midnight.weekday())
    return monday - datetime.timedelta(days=7), monday


def _wants(period: str) -> Q:
    chose = Q(notification_settings__email_frequency=period)
    if period == EmailFrequency.DAILY:  # the default, for people who never chose
        chose |= Q(notification_settings__isnull=True)
    return chose


def digests_hand_out(
    period: str, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE
) -> int:
    """Record this period's digest of everyone who chose `period` and has notifications in it,
    and hand each unsent one to the `send_digest` task. Guarantees: one digest per person and
    period however often and however concurrently this runs (unique constraint; the send
    claims it); three queries per batch of `batch_size` people. Returns how many it handed
    out."""
    from .tasks import send_digest  # the tasks module imports this one

    start, end = digest_window(period, now or timezone.now())
    handed_out, last_pk = 0, 0
    while True:
        ids = list(
            User.objects.filter(
                _wants(period),
                is_active=True,
                pk__gt=last_pk,
                notifications__created_at__gte=start,
                notifications__created_at__lt=end,
            )
            .exclude(email="")
            .order_by("pk")
            .values_list("pk", flat=True)
            .distinct()[:batch_size]
        )
        if not ids:
            return handed_out
        last_pk = ids[-1]
        with transaction.atomic():
            Digest.objects.bulk_create(
                [
                    Digest(recipient_id=pk, period=period, period_start=start, period_end=end)
                    for pk in ids
                ],
                ignore_conflicts=True,
            )
            pending = list(
                Digest.objects.filter(
                    recipient_id__in=ids, period=period, period_start=start, sent_at__isnull=True
                ).values_list("pk", flat=True)
            )
            for digest_id in pending:
                enqueue_on_commit(send_digest, digest_id)
        handed_out += len(pending)
