"""The IRM's comment periods and errata in the demo: comments on the Albanian draft report in
pre-publication (so the Albanian forum's accounts can add theirs and `irm.staff` can answer),
one on the Indonesian draft in public comment (any signed-in account may add one), and an
erratum to a published Albanian report, whose figures show on the plan and member pages."""

from __future__ import annotations

import datetime

from django.utils import timezone

from irm_reviews.display import SCALES
from irm_reviews.errata import value_as_text
from irm_reviews.models import (
    AssessmentErratum,
    CommitmentAssessment,
    CycleState,
    ReviewAssignment,
    ReviewComment,
    ReviewCycle,
    ReviewKind,
)
from irm_reviews.services import INDICATORS_BY_KIND
from members.models import User

from .seeder import DemoSeeder

# (username, commitment's position in the draft or None for the whole report, text, answer)
_PRE_PUBLICATION_COMMENTS = (
    (
        "cso.albania",
        0,
        "The draft rates this commitment's completion higher than the forum saw it: the "
        "public register was online for two months only.",
        "",
    ),
    (
        "gov.albania",
        1,
        "The ministry published the second progress report in October; please take it into "
        "account.",
        "Thank you: the October report is now cited, and the finding stays as drafted.",
    ),
    (
        "poc.albania",
        None,
        "The government will send a written response to the whole draft before the period closes.",
        "",
    ),
)


def _moment(seeder: DemoSeeder, days_ago: int) -> datetime.datetime:
    day = seeder.today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))


def _comment(seeder, cycle, author, commitment, text, answer, irm, days_ago) -> None:
    if ReviewComment.objects.filter(cycle=cycle, text=text).exists():
        return
    comment = ReviewComment.objects.create(
        cycle=cycle,
        commitment=commitment,
        author=author,
        period=cycle.state,
        text=text,
        answer=answer,
        answered_by=irm if answer else None,
        answered_at=_moment(seeder, days_ago - 1) if answer else None,
        version=2 if answer else 1,
    )
    # The demo dates its comments in the comment period, not on the day it runs.
    ReviewComment.objects.filter(pk=comment.pk).update(created_at=_moment(seeder, days_ago))
    seeder.created[ReviewComment._meta.verbose_name_plural] += 1


def review_comments_seed(seeder: DemoSeeder, users: dict[str, User]) -> None:
    irm = users.get("irm.staff")
    draft = ReviewCycle.objects.filter(
        plan__ogp_id="AP_ALB06", state=CycleState.PRE_PUBLICATION
    ).first()
    if draft is not None:
        assessed = [
            a.commitment
            for a in CommitmentAssessment.objects.filter(cycle=draft)
            .select_related("commitment")
            .order_by("commitment__position")
        ]
        for days_ago, (username, position, text, answer) in enumerate(
            _PRE_PUBLICATION_COMMENTS, start=3
        ):
            author = users.get(username)
            if author is None or (position is not None and position >= len(assessed)):
                continue
            commitment = assessed[position] if position is not None else None
            _comment(seeder, draft, author, commitment, text, answer, irm, days_ago)
    public = ReviewCycle.objects.filter(
        plan__ogp_id="AP_IDN07", state=CycleState.PUBLIC_COMMENT
    ).first()
    author = users.get("cso.ukraine")
    if public is not None and author is not None:
        _comment(
            seeder,
            public,
            author,
            None,
            "A reader from another member: the draft's evidence links would help others "
            "learn from this plan.",
            "",
            irm,
            2,
        )


def erratum_seed(seeder: DemoSeeder, users: dict[str, User]) -> None:
    """One erratum on the latest published Albanian report: its first rated commitment's
    first charted indicator is corrected one level, with a reason."""
    irm = users.get("irm.staff")
    cycle = (
        ReviewCycle.objects.filter(plan__member__ogp_code="ALB", state=CycleState.PUBLISHED)
        .order_by("-published_on", "-pk")
        .first()
    )
    if cycle is None or irm is None:
        return
    if AssessmentErratum.objects.filter(assessment__cycle=cycle).exists():
        return
    # The researcher who corrects a report is one assigned to it (irm_reviews.permissions).
    ReviewAssignment.objects.get_or_create(cycle=cycle, researcher=irm)
    fields = [
        f for f in SCALES if f in INDICATORS_BY_KIND[ReviewKind(cycle.kind)] and f != "verifiable"
    ]
    for assessment in CommitmentAssessment.objects.filter(cycle=cycle).order_by(
        "commitment__position", "pk"
    ):
        for field in fields:
            current = value_as_text(field, getattr(assessment, field))
            if not current:
                continue
            scale = SCALES[field]
            corrected = scale[(scale.index(current) + 1) % len(scale)] if current in scale else ""
            if not corrected or (cycle.is_legacy and corrected == "no_evidence"):
                continue
            AssessmentErratum.objects.create(
                assessment=assessment,
                field=field,
                original_value=current,
                corrected_value=corrected,
                reason=(
                    "The published level was transcribed from an earlier draft; the report's "
                    "evidence supports the corrected level."
                ),
                corrected_on=seeder.today - datetime.timedelta(days=12),
                author=irm,
            )
            seeder.created[AssessmentErratum._meta.verbose_name_plural] += 1
            return


def irm_publication_seed(seeder: DemoSeeder, users: dict[str, User]) -> None:
    review_comments_seed(seeder, users)
    erratum_seed(seeder, users)
