"""The dual sign-off in the demo, to be tried today: Indonesia's next plan (AP_IDN08) is in
co-creation with everything submission asks for. Its commitments have a lead agency, milestones
and dates inside the plan's period, and its public consultation closed three days before the
demo's today with a reasoned response to every input (one spam input hidden). poc.indonesia
signs for government, cso.indonesia (the forum's civil-society co-chair) for civil society, and
the plan is submitted. Albania's AP_ALB07 keeps its open consultation for trying that.
Made through the same services as the pages."""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.utils import timezone

from action_plans.models import ActionPlan, PlanStatus
from commitments import consultation
from commitments.models import (
    Commitment,
    ConsultationInput,
    Milestone,
    PublicationState,
    PublicConsultation,
    ReasonedResponse,
)
from members.models import Member, User

from .seeder import DemoSeeder, repository_link

PLAN_ID = "AP_IDN08"
LEAD_AGENCY = "House of Representatives Secretariat General"
_COMMITMENTS = (
    (
        "Open data on the House's budget and spending",
        "The House publishes its budget once a year as a scanned document; its spending is "
        "not published at all.",
        "The Secretariat General publishes the House's budget and monthly spending as open "
        "data, with a plain-language summary for each quarter.",
        ("Agree the open data format with the forum", "Publish the first monthly spending file"),
    ),
    (
        "Public hearings on every bill in the national legislative programme",
        "Most bills reach a vote without any public hearing outside Jakarta.",
        "Each committee holds at least one public hearing per bill of the national "
        "legislative programme, one in three outside Jakarta, and publishes the minutes.",
        ("Adopt the hearing rules with the committees", "Publish the first year's minutes"),
    ),
)
_INPUTS = (
    # (author, commitment number or None, text, (outcome, reason) or None when hidden)
    (
        "cso.ghana",
        "1",
        "Publish spending by budget line, not only totals, so that it can be compared.",
        ("accepted", "The monthly file will have one row per budget line."),
    ),
    (
        "gov.albania",
        "2",
        "Stream every hearing online and keep the recordings.",
        (
            "partly_accepted",
            "Hearings in Jakarta are streamed and recorded; regional hearings publish minutes "
            "until the regional offices have the equipment.",
        ),
    ),
    (
        "cso.morocco",
        None,
        "Add a commitment on the asset declarations of members of the House.",
        (
            "not_accepted",
            "Asset declarations are the Anti-Corruption Commission's remit; the forum will "
            "propose it to the Commission for the next national plan.",
        ),
    ),
    ("cso.ukraine", None, "Cheap flights to Bali!!! Book now on our site.", None),
)


def plan_ready_for_sign_off_seed(
    seeder: DemoSeeder, members: dict[str, Member], users: dict[str, User]
) -> None:
    """Once: AP_IDN08 with its commitments and its closed, fully answered consultation."""
    indonesia = members.get("IDN")
    poc, chair = users.get("poc.indonesia"), users.get("cso.indonesia")
    if indonesia is None or poc is None or chair is None:
        return
    plan = _plan(seeder, indonesia)
    for position, (title, problem, description, milestones) in enumerate(_COMMITMENTS, 1):
        commitment = seeder.get_or_create(
            Commitment,
            {
                "title": title,
                "short_title": title,
                "problem": problem,
                "description": description,
                "position": position,
                "lead_agency": LEAD_AGENCY,
                "publication_state": PublicationState.DRAFT,
                "is_access_to_information": True,
                "is_civic_participation": position == 2,
                "start_date": plan.period_start,
                "end_date": plan.period_end,
            },
            plan=plan,
            number=str(position),
        )
        for number, milestone in enumerate(milestones, 1):
            seeder.get_or_create(
                Milestone,
                {
                    "description": milestone,
                    "start_date": plan.period_start,
                    "end_date": plan.period_start + datetime.timedelta(days=180 * number),
                },
                commitment=commitment,
                number=number,
            )
    if not PublicConsultation.objects.filter(plan=plan).exists():
        _closed_consultation(seeder, plan, poc, chair, users)


def _plan(seeder: DemoSeeder, indonesia: Member) -> ActionPlan:
    start = (seeder.today + datetime.timedelta(days=62)).replace(day=1)
    end = start.replace(year=start.year + 2) - datetime.timedelta(days=1)
    latest = indonesia.action_plans.aggregate(latest=Max("number"))["latest"] or 0
    return seeder.get_or_create(
        ActionPlan,
        {
            "member": indonesia,
            "number": latest + 1,
            "title": f"Indonesia Open Parliament Action Plan {start.year}-{end.year}",
            "period_start": start,
            "period_end": end,
            "status": PlanStatus.CO_CREATION,
            "submission_deadline": seeder.today + datetime.timedelta(days=14),
            "repository_url": repository_link(indonesia),
        },
        ogp_id=PLAN_ID,
    )


def _closed_consultation(
    seeder: DemoSeeder, plan: ActionPlan, poc: User, chair: User, users: dict[str, User]
) -> None:
    """Opened 33 days before the demo's today, input given and answered, closed 3 days ago."""
    opens_on = seeder.today - datetime.timedelta(days=33)
    opened = consultation.consultation_open(
        user=poc,
        plan=plan,
        opens_on=opens_on,
        # Open on the real day too, so that the services take the input; dated below.
        closes_on=max(seeder.today, timezone.localdate()),
        introduction=(
            "The Open Government Indonesia National Forum puts the House's draft commitments "
            "to public consultation for thirty days. The government answers every input with "
            "a reasoned response before the plan is signed off."
        ),
    )
    seeder.created[PublicConsultation._meta.verbose_name_plural] += 1
    commitments = {commitment.number: commitment for commitment in plan.commitments.all()}
    # A demo seeded for a day far from the real one takes no input.
    inputs = _INPUTS if opened.is_open else ()
    for index, (author, number, text, response) in enumerate(inputs):
        person = users.get(author)
        if person is None:
            continue
        given = consultation.consultation_input_submit(
            user=person, consultation=opened, text=text, commitment=commitments.get(number or "")
        )
        submitted_on = opens_on + datetime.timedelta(days=5 + 6 * index)
        ConsultationInput.objects.filter(pk=given.pk).update(submitted_at=_at(submitted_on, 10))
        seeder.created[ConsultationInput._meta.verbose_name_plural] += 1
        if response is None:
            consultation.consultation_input_hide(
                user=chair, consultation_input=given, reason="Advertising, not input on the plan."
            )
            continue
        outcome, reason = response
        answer = consultation.consultation_input_answer(
            user=poc, consultation_input=given, outcome=outcome, reason=reason
        )
        ReasonedResponse.objects.filter(pk=answer.pk).update(
            responded_at=_at(seeder.today - datetime.timedelta(days=2), 14)
        )
    PublicConsultation.objects.filter(pk=opened.pk).update(
        opened_at=_at(opens_on, 9), closes_on=seeder.today - datetime.timedelta(days=3)
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
