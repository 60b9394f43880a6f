"""The deadline calendar in the demo: the members' real time zones, and deadlines near the
seeder's day so that the reminder jobs have something to send (`manage.py
run_deadline_calendar` prints the e-mails in the console): Ukraine's next plan is due in a
week, North Macedonia's missed its deadline ten days ago (its member page flags it), and
Ghana's plan in implementation has a milestone ending tomorrow and one overdue."""

from __future__ import annotations

import datetime

from action_plans.models import ActionPlan, PlanStatus
from commitments.models import Commitment, Completion, Milestone, PublicationState
from members.models import Member

from .seeder import DemoSeeder, repository_link

TIME_ZONES = {
    "ALB": "Europe/Tirane",
    "UKR": "Europe/Kyiv",
    "MKD": "Europe/Skopje",
    "GHA": "Africa/Accra",
    "IDN": "Asia/Jakarta",
    "MAR": "Africa/Casablanca",
    "ARBA": "America/Argentina/Buenos_Aires",
}


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def time_zones_seed(members: dict[str, Member]) -> None:
    """Set each demo member's time zone, unless someone already chose one."""
    for code, zone in TIME_ZONES.items():
        Member.objects.filter(ogp_code=code, time_zone="UTC").update(time_zone=zone)


def _plan_in_co_creation(
    seeder: DemoSeeder, member: Member, number: int, deadline: datetime.date
) -> ActionPlan:
    start = deadline + days(30)
    return seeder.get_or_create(
        ActionPlan,
        {
            "member": member,
            "number": number,
            "title": f"{member.name} Action Plan {start.year}-{start.year + 2}",
            "period_start": start,
            "period_end": start + days(2 * 365),
            "status": PlanStatus.CO_CREATION,
            "submission_deadline": deadline,
            "repository_url": repository_link(member),
        },
        ogp_id=f"AP_{member.ogp_code}{number:02d}",
    )


def _plan_in_implementation(seeder: DemoSeeder, ghana: Member, lead_agency: str) -> None:
    today = seeder.today
    plan = seeder.get_or_create(
        ActionPlan,
        {
            "member": ghana,
            "number": 6,
            "title": f"Ghana Action Plan {(today - days(400)).year}-{(today + days(330)).year}",
            "period_start": today - days(400),
            "period_end": today + days(330),
            "status": PlanStatus.IMPLEMENTATION,
            "submission_deadline": today - days(430),
            "submitted_on": today - days(432),
            "repository_url": repository_link(ghana),
        },
        ogp_id="AP_GHA06",
    )
    commitment = seeder.get_or_create(
        Commitment,
        {
            "title": "Publish the Auditor-General's follow-up of every audit recommendation",
            "short_title": "Audit follow-up in the open",
            "problem": "Citizens cannot see whether audit recommendations are acted on.",
            "position": 1,
            "lead_agency": lead_agency,
            "publication_state": PublicationState.PUBLISHED,
            "is_public_accountability": True,
            "start_date": plan.period_start,
            "end_date": plan.period_end,
        },
        plan=plan,
        number="1",
    )
    for number, description, end, completion in (
        (1, "Agree the open format of the follow-up register", -3, Completion.LIMITED),
        (2, "Publish the first quarterly follow-up register", 1, Completion.NOT_STARTED),
        (3, "Hold a public hearing on the register", 120, Completion.NOT_STARTED),
    ):
        seeder.get_or_create(
            Milestone,
            {
                "description": description,
                "start_date": plan.period_start,
                "end_date": today + days(end),
                "completion": completion,
            },
            commitment=commitment,
            number=number,
        )


def calendar_seed(seeder: DemoSeeder, members: dict[str, Member], government_bodies: dict) -> None:
    time_zones_seed(members)
    today = seeder.today
    if "UKR" in members:
        _plan_in_co_creation(seeder, members["UKR"], 7, today + days(7))
    if "MKD" in members:
        missed = _plan_in_co_creation(seeder, members["MKD"], 7, today - days(10))
        ActionPlan.objects.filter(pk=missed.pk, submission_deadline_missed_on=None).update(
            submission_deadline_missed_on=today - days(9)
        )
    if "GHA" in members:
        _plan_in_implementation(seeder, members["GHA"], government_bodies["GHA"])
