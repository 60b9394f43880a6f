"""The plan workflow in the demo: Albania's plan in co-creation (AP_ALB07) is a few steps from
submission (its third commitment still needs a milestone, its consultation is open with inputs
waiting), so that poc.albania and cso.albania can follow the explanation item by item; Morocco's
submitted plan (AP_MAR03) shows both signatures. Indonesia's AP_IDN08 (submission.py) is ready
for both sign-offs today."""

from __future__ import annotations

import datetime

from action_plans.models import ActionPlan, PlanSignOff, SignerRole, SignOffSide
from commitments.models import Milestone
from members.models import Sector, User

from .accounts import DEMO_MEMBERS
from .seeder import DemoSeeder


def _in_period(seeder: DemoSeeder, plan: ActionPlan) -> None:
    """Commitment dates inside the plan's period, and milestones for all but the last."""
    plan.commitments.filter(start_date__isnull=True).update(
        start_date=plan.period_start, end_date=plan.period_end
    )
    commitments = list(plan.commitments.order_by("position", "pk"))
    for commitment in commitments[:-1]:
        if not commitment.milestones.exists():
            seeder.get_or_create(
                Milestone,
                {
                    "description": "Agree the detailed work plan with the forum",
                    "expected_output": "A work plan published in the repository.",
                    "start_date": plan.period_start,
                    "end_date": plan.period_start + datetime.timedelta(days=90),
                },
                commitment=commitment,
                number=1,
            )


def plan_sign_off_seed(seeder: DemoSeeder) -> None:
    """Once: AP_ALB07's dates and milestones, AP_MAR03's two sign-offs (each when its plan
    exists)."""
    albania = ActionPlan.objects.filter(ogp_id="AP_ALB07").first()
    morocco = ActionPlan.objects.filter(ogp_id="AP_MAR03").first()
    if albania is not None:
        _in_period(seeder, albania)
    if morocco is None or morocco.sign_offs.exists():
        return
    demo = next(demo for demo in DEMO_MEMBERS if demo.code == "MAR")
    signed = datetime.datetime.combine(
        morocco.submitted_on or seeder.today, datetime.time(10, 30), tzinfo=datetime.UTC
    )
    chair = User.objects.filter(username="cso.morocco").first()
    seat = chair.forum_seats.filter(sector=Sector.CIVIL_SOCIETY).first() if chair else None
    organisation = seat.organization.name if seat and seat.organization else ""
    PlanSignOff.objects.create(
        plan=morocco,
        side=SignOffSide.GOVERNMENT,
        signer_name="Amina El Idrissi",
        signer_role=SignerRole.POINT_OF_CONTACT,
        signer_organisation=demo.government_body,
        signed_at=signed - datetime.timedelta(days=2),
    )
    PlanSignOff.objects.create(
        plan=morocco,
        side=SignOffSide.CIVIL_SOCIETY,
        signer=chair,
        signer_name=chair.get_full_name() if chair else "Civil-society co-chair",
        signer_role=SignerRole.CIVIL_SOCIETY_CO_CHAIR,
        signer_organisation=organisation,
        signer_forum=demo.forum_name,
        signed_at=signed,
    )
    seeder.created[PlanSignOff._meta.verbose_name_plural] += 2
