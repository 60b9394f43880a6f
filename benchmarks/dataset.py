"""A large generated data set for the benchmark: members, plans, published commitments with
milestones, policy areas, progress updates and published IRM reports (results reports of odd
plans, design reviews of even ones), each member's people, forum and a consultation on its latest
plan (benchmarks.dataset_people), built in bulk (no signals, no history rows, no events), then
the stored completion computed in one UPDATE, as the services keep it."""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, transaction

from action_plans.models import ActionPlan
from benchmarks import dataset_people
from commitments.models import (
    Commitment,
    Completion,
    ConsultationInput,
    Milestone,
    PolicyArea,
    ProgressSource,
    ProgressUpdate,
)
from irm_reviews.models import (
    CommitmentAssessment,
    CycleState,
    EarlyResults,
    PotentialForResults,
    ReviewCycle,
    ReviewKind,
    Verifiable,
)
from irm_reviews.services import commitment_completion_refresh
from members.models import Member, MultiStakeholderForum, Region, User

BATCH = 5000
THEMES = [
    "budget",
    "procurement",
    "lobbying",
    "beneficial ownership",
    "parliament",
    "health",
    "education",
    "justice",
    "climate",
    "water",
    "elections",
    "policing",
    "land",
    "anti-corruption",
    "open data",
    "public services",
    "whistleblowers",
    "access to information",
    "local government",
    "youth",
]
TEXT = (
    "Publish every decision, contract and committee vote on {theme} as open data within 24 "
    "hours, with a public calendar of hearings and a channel for citizens to comment on drafts "
    "about {other}. "
)
SHOWCASE_PLAN = "AP_SHOW01"
SHOWCASE_COMMITMENT = "SHOW0001"
SHOWCASE_PLAN_COMMITMENTS = 50
SHOWCASE_MILESTONES = 20
SHOWCASE_PROGRESS = 30
# "" is a results report without the word on completion, which the stored completion skips.
RESULTS_COMPLETION = [Completion.LIMITED, Completion.SUBSTANTIAL, "complete", ""]


@dataclass(frozen=True)
class Size:
    members: int
    plans_per_member: int
    commitments_per_plan: int
    milestones_per_commitment: int
    progress_per_commitment: int = 0
    assessed_per_plan: int = 0
    showcase: bool = False
    users_per_member: float = 0  # 2.5: members have 2 and 3 accounts in turn

    @property
    def users(self) -> int:
        return int(self.members * self.users_per_member)

    @property
    def forums(self) -> int:
        return self.members if self.users_per_member else 0

    @property
    def consultation_inputs(self) -> int:
        consulted = dataset_people.consulted_members(self.users_per_member, self.members)
        return consulted * dataset_people.INPUTS_PER_CONSULTATION

    @property
    def design_reviews(self) -> int:
        return self.members * (self.plans_per_member // 2) if self.assessed_per_plan else 0

    @property
    def commitments(self) -> int:
        return self.members * self.plans_per_member * self.commitments_per_plan

    @property
    def plans(self) -> int:
        return self.members * self.plans_per_member

    @property
    def commitments_total(self) -> int:
        return self.commitments + (SHOWCASE_PLAN_COMMITMENTS if self.showcase else 0)

    @property
    def milestones_total(self) -> int:
        extra = 0
        if self.showcase:
            extra = SHOWCASE_PLAN_COMMITMENTS * self.milestones_per_commitment
            extra += SHOWCASE_MILESTONES - self.milestones_per_commitment
        return self.commitments * self.milestones_per_commitment + extra


LARGE = Size(members=200, plans_per_member=3, commitments_per_plan=50, milestones_per_commitment=3)
# Ten times OGP's size: 2,000 members, 10,000 plans, 50,000 commitments, 250,000 milestones,
# 100,000 progress updates, 40,000 assessments (24,000 in results reports, 16,000 in design
# reviews), 5,000 people, 2,000 forums, 6,000 consultation inputs on 2,000 plans; plus one plan
# of 50 commitments and one commitment with 20 milestones and 30 progress updates for the page
# benchmark.
TEN_X = Size(
    members=2000,
    plans_per_member=5,
    commitments_per_plan=5,
    milestones_per_commitment=5,
    progress_per_commitment=2,
    assessed_per_plan=4,
    showcase=True,
    users_per_member=2.5,
)


def is_built(size: Size) -> bool:
    return (
        Member.objects.count() == size.members
        and Commitment.objects.count() == size.commitments_total
        and Milestone.objects.count() == size.milestones_total
        and ProgressUpdate.objects.count()
        == size.commitments * size.progress_per_commitment
        + (SHOWCASE_PROGRESS if size.showcase else 0)
        and CommitmentAssessment.objects.count() == size.plans * size.assessed_per_plan
        and ReviewCycle.objects.filter(kind=ReviewKind.ACTION_PLAN_REVIEW).count()
        == size.design_reviews
        and User.objects.filter(username__startswith=dataset_people.USERNAME_PREFIX).count()
        == size.users
        and MultiStakeholderForum.objects.count() == size.forums
        and ConsultationInput.objects.count() == size.consultation_inputs
    )


def _commitment(plan: ActionPlan, n: int, position: int, rng: random.Random) -> Commitment:
    theme, other = rng.sample(THEMES, 2)
    text = TEXT.format(theme=theme, other=other)
    return Commitment(
        plan=plan,
        ogp_id=f"BN{n:06d}",
        number=str(position),
        position=position,
        title=f"Open {theme}: commitment {n}",
        short_title=f"Open {theme}",
        problem=text,
        description=text * 2,
        lead_agency=f"Ministry of {other.title()}",
        is_access_to_information=True,
        is_civic_participation=bool(n % 2),
        start_date=plan.period_start,
        end_date=plan.period_end,
        publication_state=Commitment.PublicationState.PUBLISHED,
    )


def _milestones(commitment: Commitment, count: int, rng: random.Random) -> list[Milestone]:
    completions = list(Completion.values)[:5]
    return [
        Milestone(
            commitment=commitment,
            number=k + 1,
            description=f"Milestone {k + 1}: publish the calendar of hearings online.",
            expected_output="A public calendar, updated weekly.",
            start_date=commitment.start_date,
            end_date=commitment.end_date,
            completion=rng.choice(completions),
        )
        for k in range(count)
    ]


def _progress(commitment: Commitment, count: int, rng: random.Random) -> list[ProgressUpdate]:
    sources = [ProgressSource.GOVERNMENT, ProgressSource.CIVIL_SOCIETY, ProgressSource.IRM]
    levels = [Completion.NOT_STARTED, Completion.LIMITED, Completion.SUBSTANTIAL, "complete"]
    start = commitment.start_date or datetime.date(2020, 1, 1)
    return [
        ProgressUpdate(
            commitment=commitment,
            source=sources[k % 3] if count > 2 else sources[k % 2],
            reported_on=start + datetime.timedelta(days=30 * (k + 1)),
            completion=rng.choice(levels),
            text="The first datasets are online; the hearings calendar follows.",
        )
        for k in range(count)
    ]


@transaction.atomic
def build(size: Size, seed: int = 2011) -> None:
    """Fill an empty database (or one built with another size, which is emptied first)."""
    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_member CASCADE")
    areas = [
        PolicyArea.objects.get_or_create(slug=f"bench-area-{n}", defaults={"name": f"Area {n}"})[0]
        for n in range(10)
    ]
    regions = list(Region.values)
    members = Member.objects.bulk_create(
        (
            Member(
                name=f"Bench member {m:04d}",
                slug=f"bench-member-{m:04d}",
                ogp_code=f"B{m:04d}",
                country_code=f"{chr(65 + m // 26 % 26)}{chr(65 + m % 26)}",
                region=regions[m % len(regions)],
                year_joined=2011 + m % 12,
            )
            for m in range(size.members)
        ),
        batch_size=BATCH,
    )
    plans = ActionPlan.objects.bulk_create(
        (
            ActionPlan(
                member=member,
                ogp_id=f"AP_B{m:04d}{p + 1:02d}",
                number=p + 1,
                title=f"Action plan {p + 1}",
                period_start=datetime.date(2014 + 2 * p, 1, 1),
                period_end=datetime.date(2015 + 2 * p, 12, 31),
                status=ActionPlan.Status.IMPLEMENTATION,
            )
            for m, member in enumerate(members)
            for p in range(size.plans_per_member)
        ),
        batch_size=BATCH,
    )
    commitments = [
        _commitment(plan, plan_index * size.commitments_per_plan + c, c + 1, rng)
        for plan_index, plan in enumerate(plans)
        for c in range(size.commitments_per_plan)
    ]
    if size.showcase:
        showcase_plan = ActionPlan.objects.create(
            member=members[0],
            ogp_id=SHOWCASE_PLAN,
            number=size.plans_per_member + 1,
            title="Action plan with fifty commitments",
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            status=ActionPlan.Status.IMPLEMENTATION,
        )
        for c in range(SHOWCASE_PLAN_COMMITMENTS):
            commitments.append(_commitment(showcase_plan, 900000 + c, c + 1, rng))
        commitments[-1].ogp_id = SHOWCASE_COMMITMENT
    commitments = Commitment.objects.bulk_create(commitments, batch_size=BATCH)
    milestones: list[Milestone] = []
    updates: list[ProgressUpdate] = []
    for commitment in commitments:
        is_showcase = commitment.ogp_id == SHOWCASE_COMMITMENT
        count = SHOWCASE_MILESTONES if is_showcase else size.milestones_per_commitment
        milestones += _milestones(commitment, count, rng)
        if is_showcase:
            updates += _progress(commitment, SHOWCASE_PROGRESS, rng)
        elif commitment.plan.ogp_id != SHOWCASE_PLAN:
            updates += _progress(commitment, size.progress_per_commitment, rng)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
    del updates
    Through = Commitment.policy_areas.through
    Through.objects.bulk_create(
        (
            Through(commitment_id=commitment.pk, policyarea_id=area.pk)
            for commitment in commitments
            for area in rng.sample(areas, 2)
        ),
        batch_size=BATCH,
    )
    if size.users_per_member:
        people = dataset_people.people_build(members, size.users_per_member)
        latest = [plan for plan in plans if plan.number == size.plans_per_member]
        dataset_people.consultations_build(latest, commitments, milestones, people)
    del milestones
    if size.assessed_per_plan:
        _reviews_build(plans, commitments, size.assessed_per_plan, rng)
    with connection.cursor() as cursor:
        # Fresh tables have no statistics: without them the planner reads the correlated
        # subqueries of the completion with sequential scans.
        cursor.execute("ANALYZE")
    commitment_completion_refresh(Commitment.objects.all())


def _review_kind(plan: ActionPlan) -> str:
    """Odd plans have a results report, even ones a design review: every member both."""
    return ReviewKind.RESULTS_REPORT if plan.number % 2 else ReviewKind.ACTION_PLAN_REVIEW


def _reviews_build(
    plans: list[ActionPlan], commitments: list[Commitment], assessed: int, rng: random.Random
) -> None:
    """A published report of each plan assessing its first `assessed` commitments: a design
    review after the plan starts, a results report after it ends."""
    cycles = ReviewCycle.objects.bulk_create(
        (_published_cycle(plan) for plan in plans), batch_size=BATCH
    )
    by_plan: dict[int, list[Commitment]] = {}
    for commitment in commitments:
        by_plan.setdefault(commitment.plan_id, []).append(commitment)
    CommitmentAssessment.objects.bulk_create(
        (
            _assessment(cycle, commitment, rng)
            for cycle in cycles
            for commitment in by_plan[cycle.plan_id][:assessed]
        ),
        batch_size=BATCH,
    )


def _published_cycle(plan: ActionPlan) -> ReviewCycle:
    kind = _review_kind(plan)
    opens_on = plan.period_end if kind == ReviewKind.RESULTS_REPORT else plan.period_start
    assert opens_on is not None
    return ReviewCycle(
        plan=plan,
        kind=kind,
        opens_on=opens_on,
        due_on=opens_on + datetime.timedelta(days=120),
        state=CycleState.PUBLISHED,
        published_on=opens_on + datetime.timedelta(days=150),
    )


def _assessment(
    cycle: ReviewCycle, commitment: Commitment, rng: random.Random
) -> CommitmentAssessment:
    """The indicators its kind records (irm_reviews.services.INDICATORS_BY_KIND), given."""
    if cycle.kind == ReviewKind.RESULTS_REPORT:
        return CommitmentAssessment(
            cycle=cycle,
            commitment=commitment,
            completion=rng.choice(RESULTS_COMPLETION),
            early_results=EarlyResults.MODERATE,
        )
    if rng.random() < 0.2:
        # Not verifiable, so not reviewable: the other indicators stay empty.
        return CommitmentAssessment(cycle=cycle, commitment=commitment, verifiable=Verifiable.NO)
    potential = rng.choice(PotentialForResults.values)
    return CommitmentAssessment(
        cycle=cycle,
        commitment=commitment,
        verifiable=Verifiable.YES,
        open_government_lens=potential != PotentialForResults.UNCLEAR,
        potential_for_results=potential,
        is_promising=potential == PotentialForResults.SUBSTANTIAL,
    )
