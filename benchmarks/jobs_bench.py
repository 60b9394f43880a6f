"""The jobs the deadline calendar's benchmark (benchmarks.calendar_bench) leaves out, at OGP's
size (1x) and ten times (10x): time, SQL queries and peak memory (tracemalloc) of each.

- the public consultations' reminders and the followers' deadline notices, on the calendar
  benchmark's worst day (its set-up: every member's latest plan ends a week later; 1x is the
  first 200 members, 10x all 2,000);
- the daily digests handed out, for 500 (1x) and 5,000 (10x) people told of five things
  the day before;
- the nightly open-data dump: 10x is the whole data set, 1x the same code with each
  resource's query kept to the first 200 members' rows;
- the importer of OGP's export: 1x is the export in data/ogp, 10x a copy of it with every row
  repeated ten times under new members, plans and commitment identifiers
  (`export_copy_write`), imported in a transaction rolled back after.

Each e-mail, notice and digest is counted instead of enqueued. Everything added is removed at
the end, so the data set stays as built. `python -m benchmarks.api_bench --jobs` runs these
alone; `make bench` runs them after the calendar's jobs."""

import csv
import datetime
import re
import tempfile
import zipfile
from dataclasses import replace
from functools import partial
from pathlib import Path
from unittest import mock

import orjson
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings

from benchmarks import calendar_bench
from benchmarks.measuring import measure, rolled_back
from commitments.consultation_reminders import CONSULTATION_RULE
from core.models import Event
from core.reminders import reminders_run
from members.models import Member, User
from ogp_portal.notifications.deadlines import deadline_notices_run
from ogp_portal.notifications.digests import digest_window, digests_hand_out
from ogp_portal.notifications.models import Digest, DigestPeriod, Notification
from ogp_portal.ogp_import import columns as export_columns
from ogp_portal.ogp_import import ogp_export_import
from ogp_portal.open_data import services as open_data_services
from ogp_portal.open_data.resources import RESOURCES

ROOT = Path(__file__).resolve().parent.parent
OGP_EXPORT = ROOT / "data" / "ogp" / "ogp_commitments_open_parliament_2024-07-03.csv"
PREFIX = "bench-jobs"
ONE_X_MEMBERS = 200
DIGEST_PEOPLE = {"1x": 500, "10x": 5000}
NOTIFICATIONS_EACH = 5
BATCH = 5000
# How each resource of the dump reaches its member, to keep the 1x dump to 200 members' rows.
MEMBER_PATHS = {
    "members": "pk",
    "forums": "member_id",
    "forum_seats": "forum__member_id",
    "forum_meetings": "forum__member_id",
    "action_plans": "member_id",
    "commitments": "plan__member_id",
    "milestones": "commitment__plan__member_id",
    "progress_updates": "commitment__plan__member_id",
    "review_cycles": "plan__member_id",
    "assessments": "cycle__plan__member_id",
}


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs) -> None:
        self.count += 1


# --- the consultations' reminders and the followers' deadline notices ---


def _consultation_reminders(dates: dict) -> int:
    return reminders_run(CONSULTATION_RULE, dates, hand_out=_Counter())


def _follower_notices(dates: dict) -> int:
    """The events recorded, in a transaction rolled back after (the event table is
    append-only: what the benchmark records could not be removed); their fan-out to followers
    is the `notify_event` task's, one per event, enqueued on commit (so not here)."""
    return rolled_back(partial(deadline_notices_run, dates))


def _calendar_rows(today: datetime.date) -> list[dict]:
    calendar_bench._clean()
    calendar_bench._deadlines_near(today)
    member_ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    rows = []
    try:
        for scale, ids in (("1x", member_ids[:ONE_X_MEMBERS]), ("10x", member_ids)):
            dates = {today: ids}
            for name, job, unit in (
                (
                    "consultations closing with inputs unanswered (reminders)",
                    partial(_consultation_reminders, dates),
                    "reminders",
                ),
                (
                    "followers' deadline notices (milestones ending, consultations closing)",
                    partial(_follower_notices, dates),
                    "events",
                ),
            ):
                rows.append(_row(scale, f"{len(ids):,} members", name, unit, measure(job)))
            for model in calendar_bench.REMINDER_MODELS:
                model.objects.all().delete()
    finally:
        calendar_bench._clean()
    return rows


# --- the daily digests ---


def _people_told(count: int, start: datetime.datetime) -> None:
    """People (`count` in all, with this benchmark's prefix) each told of NOTIFICATIONS_EACH
    events during the digest's day."""
    have = User.objects.filter(username__startswith=PREFIX).count()
    people = User.objects.bulk_create(
        (
            User(username=f"{PREFIX}-{n}", email=f"{PREFIX}-{n}@example.org", password="!")
            for n in range(have, count)
        ),
        batch_size=BATCH,
    )
    member = Member.objects.order_by("pk").first()
    events = list(Event.objects.filter(data__bench=PREFIX).order_by("pk")[:NOTIFICATIONS_EACH])
    if not events:
        events = Event.objects.bulk_create(
            Event(
                kind="commitment.updated",
                content_type=ContentType.objects.get_for_model(Member),
                object_id=member.pk if member else 0,
                data={"bench": PREFIX},
                occurred_at=start,
            )
            for _n in range(NOTIFICATIONS_EACH)
        )
    Notification.objects.bulk_create(
        (
            Notification(
                event=event,
                recipient=person,
                member=member,
                created_at=start + datetime.timedelta(hours=n + 1),
            )
            for person in people
            for n, event in enumerate(events)
        ),
        batch_size=BATCH,
    )


def _digest_rows(now: datetime.datetime, scales: dict[str, int]) -> list[dict]:
    """In one transaction rolled back after: the people's notifications need events, which
    could not be removed (the event table is append-only)."""
    start, _end = digest_window(DigestPeriod.DAILY, now)
    rows = []
    with transaction.atomic():
        for scale, people in scales.items():
            _people_told(people, start)
            with mock.patch("ogp_portal.notifications.digests.enqueue_on_commit", _Counter()):
                figures = measure(partial(digests_hand_out, DigestPeriod.DAILY, now))
            rows.append(_row(scale, f"{people:,} people", "daily digests handed out", "", figures))
            # By the people's ids, not a join: the planner, with statistics taken while the
            # table was empty, ran the join's DELETE as a nested loop over 5,000 x 5,000 rows
            # (more than ten minutes).
            people_ids = User.objects.filter(username__startswith=PREFIX).values_list(
                "pk", flat=True
            )
            Digest.objects.filter(recipient_id__in=list(people_ids)).delete()
        transaction.set_rollback(True)
    return rows


# --- the open-data dump ---


def _resources_of(member_ids: list[int]) -> tuple:
    def kept(resource, path):
        return lambda: resource.queryset().filter(**{f"{path}__in": member_ids})

    return tuple(
        replace(resource, queryset=kept(resource, MEMBER_PATHS[resource.name]))
        for resource in RESOURCES
    )


def _dump(resources: tuple) -> dict:
    """The dump's job (open_data_dump_create) into a temporary EXPORTS_DIR: its rows and MB."""
    with (
        tempfile.TemporaryDirectory() as folder,
        override_settings(EXPORTS_DIR=folder),
        mock.patch.object(open_data_services, "RESOURCES", resources),
    ):
        path = open_data_services.open_data_dump_create()
        with zipfile.ZipFile(path) as archive:
            manifest = orjson.loads(archive.read("manifest.json"))
        return {
            "rows": sum(manifest["resources"].values()),
            "MB zipped": round(path.stat().st_size / 2**20, 1),
        }


def _dump_rows() -> list[dict]:
    member_ids = list(Member.objects.order_by("pk").values_list("pk", flat=True)[:ONE_X_MEMBERS])
    # A dump of no member first, unmeasured: the first dump of a process loads modules and
    # translation catalogs (about 23 MB), which measured as the 1x dump's peak when `--jobs` ran
    # alone.
    _dump(_resources_of([]))
    rows = []
    for scale, resources in (("1x", _resources_of(member_ids)), ("10x", RESOURCES)):
        figures = measure(partial(_dump, resources))
        members = len(member_ids) if scale == "1x" else Member.objects.count()
        rows.append(_row(scale, f"{members:,} members", "open-data dump", "rows", figures))
    return rows


# --- the importer of OGP's export ---


def _letters(number: int, width: int) -> str:
    text = ""
    for _n in range(width):
        number, digit = divmod(number, 26)
        text = chr(ord("A") + digit) + text
    return text


def export_copy_write(source: Path, target: Path, copies: int) -> int:
    """Write `copies` times every row of OGP's export `source` to `target`: the first copy as
    it is, each other one under new member codes, names and pages, plan identifiers and
    commitment identifiers (ZQB0000...), so that each imports as new members of its own.
    Returns the rows written."""
    with source.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file)
        header = next(reader)
        records = list(reader)
    at = {name: header.index(name) for name in export_columns.REQUIRED_COLUMNS}
    url_at = header.index(export_columns.COL_URL)
    codes = sorted({record[at[export_columns.COL_CODE]].strip().upper() for record in records})
    written = 0
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for copy in range(copies):
            for n, record in enumerate(records):
                row = list(record)
                if copy:
                    code = row[at[export_columns.COL_CODE]].strip().upper()
                    new_code = "ZZ" + _letters(copy * len(codes) + codes.index(code), 3)
                    plan_id = row[at[export_columns.COL_PLAN_ID]].strip().upper()
                    row[at[export_columns.COL_CODE]] = new_code
                    row[at[export_columns.COL_PLAN_ID]] = f"AP_{new_code}{plan_id[-2:]}"
                    row[at[export_columns.COL_ID]] = f"ZQ{_letters(copy, 1)}{n:04d}"
                    row[at[export_columns.COL_MEMBER]] += f" (copy {copy})"
                    row[url_at] = re.sub(
                        r"/members/([a-z0-9-]+)/", rf"/members/\1-copy-{copy}/", row[url_at]
                    )
                writer.writerow(row)
                written += 1
    return written


def _imported(path: Path) -> dict:
    report = rolled_back(partial(ogp_export_import, path, today=datetime.date(2024, 7, 3)))
    return {"rows": report.rows, "created": report.created, "rejected": report.rejected}


def _import_rows(source: Path, scales: tuple[tuple[str, int], ...]) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for scale, copies in scales:
            path = Path(folder) / f"ogp-export-{scale}.csv"
            export_copy_write(source, path, copies)
            figures = measure(partial(_imported, path))
            figures["mb_read"] = round(path.stat().st_size / 2**20, 1)
            rows.append(
                _row(scale, f"{figures['result']['rows']:,} rows", "OGP export import", "", figures)
            )
    return rows


def _row(scale: str, size: str, job: str, unit: str, figures: dict) -> dict:
    row = {"scale": scale, "size": size, "job": job, **figures}
    result = figures["result"]
    if isinstance(result, dict):
        row["items"] = ", ".join(f"{name} {count:,}" for name, count in result.items())
    else:
        row["items"] = f"{result:,} {unit}".strip()
    print(f"  {scale} {job}: {row['items']}, {figures}")
    return row


def run(
    today: datetime.date = calendar_bench.BENCH_DAY,
    *,
    export: Path = OGP_EXPORT,
    import_scales: tuple[tuple[str, int], ...] = (("1x", 1), ("10x", 10)),
    digest_people: dict[str, int] = DIGEST_PEOPLE,
    with_dump: bool = True,
) -> list[dict]:
    """Every job at 1x and 10x, one row each (scale, size, job, items, seconds, queries,
    peak_mb)."""
    digests_sent_at = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time(6), tzinfo=datetime.UTC
    )
    rows = _calendar_rows(today)
    rows += _digest_rows(digests_sent_at, digest_people)
    if with_dump:
        rows += _dump_rows()
    rows += _import_rows(export, import_scales)
    return rows


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| scale | job | items | time s | queries | peak memory MB |",
        "|---|---|---|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['scale']} ({row['size']}) | {row['job']} | {row['items']} "
            f"| {row['seconds']:.2f} | {row['queries']:,} | {row['peak_mb']:.1f} |"
        )
    return "\n".join(lines)
