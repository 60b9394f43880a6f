"""Co-editing in the demo: Albania's draft commitments carry a few versions by different
forum members and a comment thread, made through the same services as the pages."""

from __future__ import annotations

from action_plans.models import ActionPlan
from commitments import comments, drafting
from commitments.models import CommitmentComment
from members.models import User

from .seeder import DemoSeeder


def co_editing_seed(seeder: DemoSeeder, plan: ActionPlan, users: dict[str, User]) -> None:
    """Once: two edits of the first draft (point of contact, then civil society), a new
    milestone from government, and a thread of comments with a mention."""
    commitment = plan.commitments.filter(number="1").first()
    poc, gov, cso = (users.get(name) for name in ("poc.albania", "gov.albania", "cso.albania"))
    if commitment is None or None in (poc, gov, cso) or commitment.comments.exists():
        return
    assert poc is not None and gov is not None and cso is not None
    commitment = drafting.commitment_update(
        user=poc,
        commitment=commitment,
        version=commitment.version,
        values={
            "description": (
                "The Assembly publishes every bill, amendment and committee vote as open data "
                "on the day it is tabled."
            ),
            "objective": "Citizens and journalists can follow each bill from draft to vote.",
        },
        milestones=[
            drafting.MilestoneDraft("Publish the Assembly's open data standard"),
            drafting.MilestoneDraft("Publish all bills of the session as open data"),
        ],
    )
    commitment = drafting.commitment_update(
        user=cso,
        commitment=commitment,
        version=commitment.version,
        values={
            "supporting_civil_society": "Open Data Albania; Institute for Democracy and Mediation",
            "relevance": "Access to information: the legislative record becomes open data.",
        },
    )
    drafting.milestone_create(
        user=gov,
        commitment=commitment,
        version=commitment.version,
        draft=drafting.MilestoneDraft(
            "Train the committee secretariats to publish their votes",
            expected_output="Every committee publishes its votes within a day.",
        ),
    )
    first = comments.commitment_comment_create(
        user=cso,
        commitment=commitment,
        text=(
            "Could we add a milestone on amendments? See the Assembly's rules: "
            "https://www.parlament.al/ @poc.albania"
        ),
    )
    comments.commitment_comment_create(
        user=poc,
        commitment=commitment,
        text="Yes: the Secretariat agrees; @gov.albania will draft it this week.",
        reply_to=first,
    )
    seeder.created[CommitmentComment._meta.verbose_name_plural] += 2
