"""The deadline calendar's jobs over the benchmark's data set (benchmarks.dataset): time and
peak memory (tracemalloc) of each job, at OGP's size (the first 200 members, 1x) and at ten
times (every member, 10x).

The data set has no deadline near any day, so the benchmark adds, for each member, a point of
contact, an official and a forum co-chair (a seat in the data set's forum, beside its own
people), a plan in co-creation due in a week (its public consultation closing in a week with
two inputs unanswered) and an Action Plan Review of its latest plan in public comment (due in
two weeks, comment period closing in a week), and runs the jobs a week before the latest plans end (their
milestones end then). The reminder jobs commit batch by batch as in production, with each
e-mail counted instead of enqueued; the cycle job runs in a transaction rolled back after.
Everything added is removed at the end, so the data set stays as built.

`python -m benchmarks.calendar_bench` runs it alone (building the data set if needed);
`make bench` runs it after the API and the pages."""

import datetime
from collections.abc import Callable
from functools import partial

from action_plans.models import ActionPlan, DeadlineReminder, PlanStatus
from action_plans.reminders import SUBMISSION_RULE
from action_plans.services import plans_flag_missed_submission
from benchmarks.measuring import measure, rolled_back
from commitments.consultation_reminders import CONSULTATION_RULE
from commitments.models import (
    ConsultationInput,
    ConsultationReminder,
    MilestoneReminder,
    PublicConsultation,
)
from commitments.reminders import MILESTONE_RULE
from core.reminders import ReminderRule, reminders_run
from irm_reviews.models import (
    CycleState,
    ReviewAssignment,
    ReviewCycle,
    ReviewDeadlineReminder,
    ReviewKind,
)
from irm_reviews.reminders import REVIEW_RULES
from irm_reviews.services import review_cycles_advance_due
from members.models import ForumSeat, Member, MultiStakeholderForum, Role, Sector, User

PREFIX = "bench-calendar"
REMINDER_MODELS = (
    DeadlineReminder,
    MilestoneReminder,
    ConsultationReminder,
    ReviewDeadlineReminder,
)
PLAN_PREFIX = "AP_CAL"
SEAT_NAME = f"{PREFIX} co-chair"
BATCH = 5000


class _CountedDelivery:
    """Stands for the delivery tasks: counts what the jobs hand out instead of enqueueing it."""

    handed_out = 0

    @staticmethod
    def hand_out(reminder_id: int) -> None:
        _CountedDelivery.handed_out += 1


def _counted(rule: ReminderRule, dates: dict) -> int:
    return reminders_run(rule, dates, hand_out=_CountedDelivery.hand_out)


def _clean() -> None:
    for model in REMINDER_MODELS:
        model.objects.all().delete()
    ReviewCycle.objects.filter(kind=ReviewKind.ACTION_PLAN_REVIEW, narrative=PREFIX).delete()
    ActionPlan.objects.filter(ogp_id__startswith=PLAN_PREFIX).delete()
    ForumSeat.objects.filter(person_name=SEAT_NAME).delete()
    MultiStakeholderForum.objects.filter(name__startswith=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()


def _deadlines_near(today: datetime.date) -> None:
    members = list(Member.objects.select_related("forum").order_by("pk"))
    users = User.objects.bulk_create(
        (
            User(
                username=f"{PREFIX}-{member.pk}-{role}",
                email=f"{PREFIX}-{member.pk}-{role}@example.org",
                password="!",
                role=role,
                member=member if role != Role.CIVIL_SOCIETY else None,
            )
            for member in members
            for role in (Role.POINT_OF_CONTACT, Role.GOVERNMENT_OFFICIAL, Role.CIVIL_SOCIETY)
        ),
        batch_size=BATCH,
    )
    User.objects.bulk_create(
        [
            User(
                username=f"{PREFIX}-irm-{n}",
                email=f"{PREFIX}-irm-{n}@example.org",
                role=Role.IRM_STAFF,
            )
            for n in range(5)
        ]
    )
    # The data set's own forums are kept (one a member); those made here are named PREFIX.
    MultiStakeholderForum.objects.bulk_create(
        (
            MultiStakeholderForum(member=member, name=f"{PREFIX} {member.pk}")
            for member in members
            if not hasattr(member, "forum")
        ),
        batch_size=BATCH,
    )
    civil_society = {user.username: user for user in users if user.role == Role.CIVIL_SOCIETY}
    ForumSeat.objects.bulk_create(
        (
            ForumSeat(
                forum=forum,
                person_name=SEAT_NAME,
                user=civil_society[f"{PREFIX}-{forum.member_id}-{Role.CIVIL_SOCIETY}"],
                sector=Sector.CIVIL_SOCIETY,
                is_co_chair=True,
            )
            for forum in MultiStakeholderForum.objects.filter(member__in=members)
        ),
        batch_size=BATCH,
    )
    ActionPlan.objects.bulk_create(
        (
            ActionPlan(
                member=member,
                ogp_id=f"{PLAN_PREFIX}{member.pk:06d}",
                number=90,
                title="Next action plan",
                period_start=today + datetime.timedelta(days=60),
                period_end=today + datetime.timedelta(days=790),
                status=PlanStatus.CO_CREATION,
                submission_deadline=today + datetime.timedelta(days=7),
            )
            for member in members
        ),
        batch_size=BATCH,
    )
    consultations = PublicConsultation.objects.bulk_create(
        (
            PublicConsultation(
                plan_id=plan_id,
                opens_on=today - datetime.timedelta(days=20),
                closes_on=today + datetime.timedelta(days=7),
                introduction=PREFIX,
            )
            for plan_id in ActionPlan.objects.filter(ogp_id__startswith=PLAN_PREFIX).values_list(
                "pk", flat=True
            )
        ),
        batch_size=BATCH,
    )
    ConsultationInput.objects.bulk_create(
        (
            ConsultationInput(consultation=consultation, text="An input.")
            for consultation in consultations
            for _ in range(2)
        ),
        batch_size=BATCH,
    )
    latest = ActionPlan.objects.filter(period_end=today + datetime.timedelta(days=7))
    ReviewCycle.objects.bulk_create(
        (
            ReviewCycle(
                plan_id=plan_id,
                kind=ReviewKind.ACTION_PLAN_REVIEW,
                opens_on=today - datetime.timedelta(days=100),
                due_on=today + datetime.timedelta(days=14),
                state=CycleState.PUBLIC_COMMENT,
                comment_period_closes_on=today + datetime.timedelta(days=7),
                narrative=PREFIX,
            )
            for plan_id in latest.values_list("pk", flat=True)
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    # The five researchers are assigned to every report (reminders go to assigned ones).
    researchers = list(User.objects.filter(username__startswith=f"{PREFIX}-irm-"))
    ReviewAssignment.objects.bulk_create(
        (
            ReviewAssignment(cycle_id=cycle_id, researcher=researcher)
            for cycle_id in ReviewCycle.objects.filter(narrative=PREFIX).values_list(
                "pk", flat=True
            )
            for researcher in researchers
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def _measure(job: Callable[[], object]) -> dict:
    _CountedDelivery.handed_out = 0
    figures = measure(job)
    result = figures["result"]
    return {
        **figures,
        "handed_out": _CountedDelivery.handed_out,
        "result": result if isinstance(result, int | dict) else None,
    }


def _submission_job(dates: dict) -> int:
    plans_flag_missed_submission(dates)
    return _counted(SUBMISSION_RULE, dates)


def _milestone_job(dates: dict) -> int:
    return _counted(MILESTONE_RULE, dates)


def _consultation_job(dates: dict) -> int:
    return _counted(CONSULTATION_RULE, dates)


def _review_job(dates: dict) -> int:
    return sum(_counted(rule, dates) for rule in REVIEW_RULES)


def run(today: datetime.date) -> list[dict]:
    """Time each job at 1x (the first 200 members) and 10x (all); one row per job and scale."""
    _clean()
    _deadlines_near(today)
    member_ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    rows = []
    try:
        for scale, ids in (("1x", member_ids[:200]), ("10x", member_ids)):
            dates = {today: ids}
            jobs: list[tuple[str, Callable[[], object]]] = [
                ("plan submission (flag missed, remind)", partial(_submission_job, dates)),
                ("milestones ending", partial(_milestone_job, dates)),
                ("consultations closing with inputs unanswered", partial(_consultation_job, dates)),
                ("IRM reports due, comment periods closing", partial(_review_job, dates)),
                (
                    "IRM cycle (open, close, end plans)",
                    partial(rolled_back, partial(review_cycles_advance_due, dates)),
                ),
            ]
            for name, job in jobs:
                figures = _measure(job)
                rows.append({"scale": scale, "members": len(ids), "job": name, **figures})
                print(f"  {scale} {name}: {figures}")
            for model in REMINDER_MODELS:
                model.objects.all().delete()
    finally:
        _clean()
    return rows


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| scale | job | reminders handed out (cycle: what it did) | time s | peak memory MB |",
        "|---|---|---:|---:|---:|",
    ]
    for row in rows:
        result = row["result"]
        what = (
            ", ".join(f"{name.replace('_', ' ')} {count:,}" for name, count in result.items())
            if isinstance(result, dict)
            else f"{row['handed_out']:,}"
        )
        lines.append(
            f"| {row['scale']} ({row['members']:,} members) | {row['job']} | {what} "
            f"| {row['seconds']:.2f} | {row['peak_mb']:.1f} |"
        )
    return "\n".join(lines)


# A week before the data set's latest plans end (31 December 2023): their milestones end then.
BENCH_DAY = datetime.date(2023, 12, 24)
