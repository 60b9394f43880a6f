"""The public consultation in the demo: Albania's plan in co-creation has an open consultation
(opened ten days before the demo's today, closing in three weeks) with input from several demo
accounts, two inputs answered, two waiting for poc.albania's reasoned response, one hidden by
the forum, and an edit of a draft since the consultation opened (its redline shows it). Made through
the same services as the pages."""

from __future__ import annotations

import datetime

from django.utils import timezone

from action_plans.models import ActionPlan
from commitments import consultation, drafting
from commitments.models import ConsultationInput, PublicConsultation, ReasonedResponse
from members.models import User

from .seeder import DemoSeeder

_INPUTS = (
    # (author, commitment number or None, text, response (outcome, reason) or None, hidden)
    (
        "cso.ukraine",
        "1",
        "Please publish amendments as open data too, not only bills: in Ukraine most changes "
        "to a law happen in amendments.",
        (
            "partly_accepted",
            "Amendments tabled in committee are added to the commitment; amendments from the "
            "floor follow in the next plan, once the Assembly's voting system records them.",
        ),
        False,
    ),
    (
        "gov.ghana",
        "2",
        "Hold at least one hearing outside Tirana on each major draft law, and publish the "
        "minutes of each hearing.",
        (
            "accepted",
            "Added to the commitment: hearings in Shkodër and Vlorë, their minutes in the "
            "repository.",
        ),
        False,
    ),
    (
        "cso.north-macedonia",
        "3",
        "The lobbying register should cover meetings with Assembly staff, not only members.",
        None,
        False,
    ),
    (
        "cso.indonesia",
        "2",
        "Give the public at least thirty days to comment on each draft law.",
        None,
        False,
    ),
    (
        "cso.ghana",
        None,
        "CHEAP FOLLOWERS!!! Buy 10,000 followers for your campaign today, visit our site.",
        None,
        True,
    ),
)


def consultation_seed(seeder: DemoSeeder, plan: ActionPlan, users: dict[str, User]) -> None:
    """Once per plan: open the consultation, give the input, answer and hide some, and edit a
    draft after the opening so that its redline shows a change."""
    poc, gov, cso = (users.get(name) for name in ("poc.albania", "gov.albania", "cso.albania"))
    if PublicConsultation.objects.filter(plan=plan).exists() or None in (poc, gov, cso):
        return
    assert poc is not None and gov is not None and cso is not None
    opens_on = seeder.today - datetime.timedelta(days=10)
    opened = consultation.consultation_open(
        user=poc,
        plan=plan,
        opens_on=opens_on,
        closes_on=seeder.today + datetime.timedelta(days=21),
        introduction=(
            "The Albania OGP Multi-Stakeholder Forum puts the draft commitments of the seventh "
            "action plan to public consultation. Comment on the plan as a whole or on one "
            "commitment; the government answers every input with a reasoned response before "
            "the plan is submitted."
        ),
    )
    seeder.created[PublicConsultation._meta.verbose_name_plural] += 1
    PublicConsultation.objects.filter(pk=opened.pk).update(opened_at=_at(opens_on, 9))
    if not opened.is_open:  # a demo seeded for a day far from the real one takes no input
        return
    commitments = {commitment.number: commitment for commitment in plan.commitments.all()}
    for index, (author, number, text, response, hidden) in enumerate(_INPUTS):
        person = users.get(author)
        if person is None:
            continue
        given = consultation.consultation_input_submit(
            user=person, consultation=opened, text=text, commitment=commitments.get(number or "")
        )
        # Spread over the days since the opening (and out of today's per-day limit).
        submitted_on = seeder.today - datetime.timedelta(days=len(_INPUTS) + 2 - index)
        ConsultationInput.objects.filter(pk=given.pk).update(submitted_at=_at(submitted_on, 11))
        seeder.created[ConsultationInput._meta.verbose_name_plural] += 1
        if response is not None:
            outcome, reason = response
            answer = consultation.consultation_input_answer(
                user=poc, consultation_input=given, outcome=outcome, reason=reason
            )
            ReasonedResponse.objects.filter(pk=answer.pk).update(
                responded_at=_at(submitted_on + datetime.timedelta(days=1), 15)
            )
        if hidden:
            consultation.consultation_input_hide(
                user=cso,
                consultation_input=given,
                reason="Advertising unrelated to the consultation.",
            )
    second = commitments.get("2")
    if second is not None:
        second.refresh_from_db()
        drafting.commitment_update(
            user=gov,
            commitment=second,
            version=second.version,
            values={
                "description": (
                    "Every draft law is published for thirty days of public comment, with "
                    "at least one hearing outside Tirana (Shkodër, Vlorë) whose minutes go to "
                    "the repository."
                )
            },
        )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
