"""The demo's own action plans: Albania's in co-creation and Morocco's submitted, with their
draft and proposed commitments."""

from __future__ import annotations

import datetime

from action_plans.models import (
    ActionPlan,
    CoCreationKind,
    CoCreationStep,
    DocumentKind,
    PlanStatus,
)
from commitments.models import Commitment, PublicationState
from members.models import Member

from .seeder import DemoSeeder, document_link, repository_document_seed, repository_link


def plan_in_co_creation_seed(seeder: DemoSeeder, albania: Member) -> ActionPlan:
    start = _first_of_next_month(seeder.today + datetime.timedelta(days=120))
    end = _years_later(start, 2) - datetime.timedelta(days=1)
    plan = seeder.get_or_create(
        ActionPlan,
        {
            "member": albania,
            "number": 7,
            "title": f"Albania Action Plan {start.year}-{end.year}",
            "period_start": start,
            "period_end": end,
            "status": PlanStatus.CO_CREATION,
            "submission_deadline": seeder.today + datetime.timedelta(days=60),
            "repository_url": repository_link(albania),
        },
        ogp_id="AP_ALB07",
    )
    steps = [
        (
            CoCreationKind.ADVANCE_NOTICE,
            "Advance notice: co-creation of the seventh action plan",
            -45,
            -31,
            0,
            "The forum announces the calendar and the ways to take part, two weeks before "
            "co-creation starts.",
        ),
        (
            CoCreationKind.CONSULTATION,
            "Public consultation on proposed commitments",
            -30,
            14,
            87,
            "Anyone may propose or comment on commitments online or at the regional "
            "hearings in Tirana, Shkodër and Vlorë.",
        ),
        (
            CoCreationKind.WORKSHOP,
            "Co-creation workshop with the Assembly and civil society",
            20,
            20,
            0,
            "Government and civil society draft the commitments together from the "
            "consultation's proposals.",
        ),
        (
            CoCreationKind.REASONED_RESPONSE,
            "Reasoned response to the proposals received",
            30,
            45,
            0,
            "The government publishes how each proposal was taken into account, or why not.",
        ),
    ]
    for kind, title, opens, closes, contributions, description in steps:
        opens_on = seeder.today + datetime.timedelta(days=opens)
        seeder.get_or_create(
            CoCreationStep,
            {
                "opens_on": opens_on,
                "closes_on": seeder.today + datetime.timedelta(days=closes),
                "description": description,
                "contributions": contributions,
                "url": _step_document_link(seeder, plan, kind, title, opens_on),
            },
            plan=plan,
            kind=kind,
            title=title,
        )
    for number, (title, problem) in enumerate(_DRAFT_COMMITMENTS, start=1):
        seeder.get_or_create(
            Commitment,
            {
                "title": title,
                "short_title": title,
                "problem": problem,
                "position": number,
                "lead_agency": "Assembly of Albania, Secretariat General",
                "publication_state": PublicationState.DRAFT,
                "is_access_to_information": True,
                "is_civic_participation": number != 1,
            },
            plan=plan,
            number=str(number),
        )
    return plan


def _step_document_link(
    seeder: DemoSeeder, plan: ActionPlan, kind: str, title: str, opens_on: datetime.date
) -> str:
    """The step's document in the member's repository once the step has opened (a notice, the
    consultation's call); a step still to come has none yet."""
    if opens_on > seeder.today:
        return ""
    document_kind = (
        DocumentKind.REASONED_RESPONSE
        if kind == CoCreationKind.REASONED_RESPONSE
        else DocumentKind.OTHER
    )
    document = repository_document_seed(
        seeder, plan.member, title, kind=document_kind, published_on=opens_on, plan=plan
    )
    return document_link(document)


def submitted_plan_seed(seeder: DemoSeeder, morocco: Member) -> ActionPlan:
    submitted_on = seeder.today - datetime.timedelta(days=25)
    start = _first_of_next_month(seeder.today + datetime.timedelta(days=5))
    end = _years_later(start, 2) - datetime.timedelta(days=1)
    plan = seeder.get_or_create(
        ActionPlan,
        {
            "member": morocco,
            "number": 3,
            "title": f"Morocco Action Plan {start.year}-{end.year}",
            "period_start": start,
            "period_end": end,
            "status": PlanStatus.SUBMITTED,
            "submission_deadline": submitted_on + datetime.timedelta(days=6),
            "submitted_on": submitted_on,
            "repository_url": repository_link(morocco),
        },
        ogp_id="AP_MAR03",
    )
    predecessors = Commitment.objects.in_bulk(
        [ogp_id for *_text, ogp_id in _SUBMITTED_COMMITMENTS if ogp_id], field_name="ogp_id"
    )
    for number, (title, problem, predecessor) in enumerate(_SUBMITTED_COMMITMENTS, start=1):
        seeder.get_or_create(
            Commitment,
            {
                "title": title,
                "short_title": title,
                "problem": problem,
                "position": number,
                "lead_agency": "House of Representatives, Citizens' Petitions Office",
                "publication_state": PublicationState.PUBLISHED,
                "is_civic_participation": True,
                "start_date": start,
                "end_date": end,
                "carried_forward_from": predecessors.get(predecessor),
            },
            plan=plan,
            number=str(number),
        )
    return plan


def _first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _years_later(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years)


_DRAFT_COMMITMENTS = (
    (
        "Open legislative data for the Assembly",
        "Citizens cannot follow how bills change between first reading and the final vote.",
    ),
    (
        "Public consultation on every draft law",
        "Draft laws reach the Assembly without any public consultation on most of them.",
    ),
    (
        "A register of lobbying contacts with members of the Assembly",
        "Meetings between lobbyists and legislators are not recorded anywhere public.",
    ),
)
_SUBMITTED_COMMITMENTS = (
    (
        "Online petitions to the House of Representatives",
        "Few citizens use their constitutional right to petition because filing is on paper.",
        "MO0051",  # carries forward: involvement of citizens in parliamentary action
    ),
    (
        "Publish the legislative agenda and committee reports",
        "Committee reports are not published, so the public learns of changes after the vote.",
        None,
    ),
)
