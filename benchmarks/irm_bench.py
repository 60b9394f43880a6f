"""The IRM workspace's pages as a signed-in researcher (benchmarks.dataset's data set): `/irm/`
with the researcher's reviews, a review's page with every commitment and what it lacks, and a
commitment's assessment page, each timed like benchmarks.pages_bench, with its SQL queries.

The data set has no researcher and no review in progress, so the benchmark adds one IRM
researcher (with an authenticator app, as production requires of IRM staff) assigned to an
Action Plan Review in research of the showcase plan (50 commitments, half of them assessed)
and of REVIEWS - 1 other plans, signs them in, and removes all of it at the end.

`python -m benchmarks.api_bench --irm` runs it alone; `make bench` runs it after the pages."""

import datetime

from django.conf import settings
from django.test import Client

from benchmarks import dataset, pages_bench
from irm_reviews.models import (
    CommitmentAssessment,
    CycleState,
    ReviewAssignment,
    ReviewCycle,
    ReviewKind,
)
from members.models import Role, User

PREFIX = "bench-irm"
REVIEWS = 20


def _clean() -> None:
    ReviewCycle.objects.filter(narrative=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()


def _researcher_with_reviews() -> tuple[User, ReviewCycle]:
    from allauth.mfa.models import Authenticator

    from action_plans.models import ActionPlan
    from commitments.models import Commitment

    researcher = User.objects.create(
        username=f"{PREFIX}-researcher",
        role=Role.IRM_STAFF,
        first_name="Bench",
        last_name="Researcher",
        email="bench-irm@example.org",
    )
    Authenticator.objects.create(
        user=researcher, type=Authenticator.Type.TOTP, data={"secret": "bench"}
    )
    showcase = ActionPlan.objects.get(ogp_id=dataset.SHOWCASE_PLAN)
    others = ActionPlan.objects.exclude(pk=showcase.pk).exclude(
        review_cycles__kind=ReviewKind.ACTION_PLAN_REVIEW
    )
    today = datetime.date.today()
    cycles = ReviewCycle.objects.bulk_create(
        ReviewCycle(
            plan=plan,
            kind=ReviewKind.ACTION_PLAN_REVIEW,
            opens_on=today - datetime.timedelta(days=30),
            due_on=today + datetime.timedelta(days=30 + n),
            state=CycleState.OPEN,
            narrative=PREFIX,
        )
        for n, plan in enumerate([showcase, *others.order_by("pk")[: REVIEWS - 1]])
    )
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(cycle=cycle, researcher=researcher) for cycle in cycles
    )
    review = cycles[0]
    commitments = list(Commitment.objects.filter(plan=showcase).order_by("position", "pk"))
    CommitmentAssessment.objects.bulk_create(
        CommitmentAssessment(
            cycle=review,
            commitment=commitment,
            verifiable="yes",
            open_government_lens=True,
            potential_for_results="modest",
            is_promising=n % 4 == 0,
        )
        for n, commitment in enumerate(commitments[: len(commitments) // 2])
    )
    return researcher, review


def page_cases(review: ReviewCycle) -> list[pages_bench.PageCase]:
    from commitments.models import Commitment

    commitment = Commitment.objects.filter(plan_id=review.plan_id).order_by("position", "pk")
    last = commitment.last()
    assert last is not None
    return [
        pages_bench.PageCase(f"IRM workspace `/irm/` ({REVIEWS} reviews)", lambda n: "/irm/"),
        pages_bench.PageCase(
            f"IRM review page ({dataset.SHOWCASE_PLAN_COMMITMENTS} commitments)",
            lambda n: f"/irm/reviews/{review.pk}/",
        ),
        pages_bench.PageCase(
            "IRM assessment page of a commitment",
            lambda n: f"/irm/reviews/{review.pk}/commitments/{last.pk}/",
        ),
    ]


def run(client, requests: int = pages_bench.REQUESTS, warmup: int = pages_bench.WARMUP):
    """[{page, median_ms, p95_ms, queries, requests}] for each page, signed in as the
    researcher; the client's cookie is set for the run and taken off after."""
    _clean()
    try:
        researcher, review = _researcher_with_reviews()
        signed_in = Client()
        signed_in.force_login(researcher)
        client.cookie = f"{settings.SESSION_COOKIE_NAME}={signed_in.cookies[settings.SESSION_COOKIE_NAME].value}"
        return pages_bench.time_cases(client, page_cases(review), requests, warmup)
    finally:
        client.cookie = ""
        _clean()
