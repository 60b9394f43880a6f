"""Milestones and progress on the first commitments of each demo member's latest imported
plan, from the government, civil society and the IRM."""

from __future__ import annotations

import datetime

from commitments.models import Completion, Milestone, ProgressSource, ProgressUpdate
from commitments.services import progress_update_create
from members.models import Member, User

from .seeder import REFERENCE_DATE, REPOSITORY_HOST, DemoSeeder, latest_imported_plan


def milestones_and_progress_seed(
    seeder: DemoSeeder, member: Member, users: dict[str, User], handle: str
) -> None:
    plan = latest_imported_plan(member)
    if plan is None:
        return
    commitments = list(plan.commitments.published().order_by("position")[:3])
    span = (plan.period_end - plan.period_start).days
    completions = [Completion.COMPLETE, Completion.SUBSTANTIAL, Completion.NOT_STARTED]
    for index, commitment in enumerate(commitments):
        for number, share in enumerate((0.3, 0.6, 0.95), start=1):
            end = plan.period_start + datetime.timedelta(days=int(span * share))
            completion = completions[(index + number - 1) % 3]
            if end > REFERENCE_DATE and completion == Completion.COMPLETE:
                completion = Completion.LIMITED
            seeder.get_or_create(
                Milestone,
                {
                    "description": _MILESTONES[number - 1],
                    "expected_output": _OUTPUTS[number - 1],
                    "start_date": plan.period_start
                    + datetime.timedelta(days=int(span * (share - 0.3))),
                    "end_date": end,
                    "completion": completion,
                    "completed_on": end if completion == Completion.COMPLETE else None,
                },
                commitment=commitment,
                number=number,
            )
    reported = min(plan.period_start + datetime.timedelta(days=int(span * 0.5)), REFERENCE_DATE)
    # The three views agree on the first commitment and differ on the second.
    views = [
        (
            (ProgressSource.GOVERNMENT, f"gov.{handle}", Completion.SUBSTANTIAL, 0),
            (ProgressSource.CIVIL_SOCIETY, f"cso.{handle}", Completion.SUBSTANTIAL, 14),
            (ProgressSource.IRM, "irm.staff", Completion.SUBSTANTIAL, 30),
        ),
        (
            (ProgressSource.GOVERNMENT, f"gov.{handle}", Completion.COMPLETE, 0),
            (ProgressSource.CIVIL_SOCIETY, f"cso.{handle}", Completion.LIMITED, 14),
            (ProgressSource.IRM, "irm.staff", Completion.LIMITED, 30),
        ),
    ]
    for commitment, commitment_views in zip(commitments, views, strict=False):
        for source, username, completion, delay in commitment_views:
            reported_on = min(reported + datetime.timedelta(days=delay), REFERENCE_DATE)
            text = _PROGRESS_TEXT[(source, completion)]
            if ProgressUpdate.objects.filter(
                commitment=commitment, source=source, reported_on=reported_on
            ).exists():
                continue
            progress_update_create(
                author=users[username],
                commitment=commitment,
                source=source,
                completion=completion,
                text=text,
                reported_on=reported_on,
                evidence_links=[f"{REPOSITORY_HOST}/{member.slug}/progress-{source}.pdf"],
            )
            seeder.created[ProgressUpdate._meta.verbose_name_plural] += 1


_MILESTONES = (
    "Map the information the legislature holds and agree on an open data standard with "
    "civil society.",
    "Publish bills, amendments and committee votes as open data, updated daily.",
    "Evaluate use of the data with journalists and civil society and publish the findings.",
)
_OUTPUTS = (
    "A published data inventory and standard.",
    "An open legislative data portal.",
    "An evaluation report discussed in the forum.",
)
_PROGRESS_TEXT = {
    (ProgressSource.GOVERNMENT, Completion.SUBSTANTIAL): (
        "The data standard is adopted and two of three datasets are online."
    ),
    (ProgressSource.CIVIL_SOCIETY, Completion.SUBSTANTIAL): (
        "We confirm that the datasets are online and usable; committee votes are still missing."
    ),
    (ProgressSource.IRM, Completion.SUBSTANTIAL): (
        "Evidence shows most milestones delivered; the committee vote data remains outstanding."
    ),
    (ProgressSource.GOVERNMENT, Completion.COMPLETE): (
        "All planned activities took place; the consultation platform is in use."
    ),
    (ProgressSource.CIVIL_SOCIETY, Completion.LIMITED): (
        "The platform launched, but no draft law has been put to consultation on it yet."
    ),
    (ProgressSource.IRM, Completion.LIMITED): (
        "The platform exists but has not been used for any bill; completion is limited."
    ),
}
