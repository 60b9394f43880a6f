"""The people of the benchmark's data set (benchmarks.dataset): each member's accounts (a point
of contact, civil society, an official for every other member), its multi-stakeholder forum
with a seat for each account and a co-chair per side, and a closed public consultation on its
latest plan with input from its civil society, some of it answered. Built in bulk, without
signals (the audit's) or events, like the rest of the data set."""

import datetime
from collections.abc import Iterable, Sequence

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from action_plans.models import ActionPlan
from commitments.models import (
    TEMPLATE_TEXT_FIELDS,
    Commitment,
    ConsultationInput,
    ConsultationText,
    Milestone,
    PublicConsultation,
    ReasonedResponse,
    ResponseOutcome,
)
from members.models import ForumSeat, Member, MultiStakeholderForum, Role, Sector, User

BATCH = 5000
# Not "bench-": the benchmarks' own accounts (signed_in_bench, irm_bench, calendar_bench,
# jobs_bench, loadtest_accounts) start so, and are removed by that prefix.
USERNAME_PREFIX = "dataset-"
# A member's k-th account has ROLES[k % 4]: two accounts are a point of contact and civil
# society (a forum with a co-chair on each side and an author for the consultation).
ROLES = (Role.POINT_OF_CONTACT, Role.CIVIL_SOCIETY, Role.GOVERNMENT_OFFICIAL, Role.CIVIL_SOCIETY)
GOVERNMENT_ROLES = (Role.POINT_OF_CONTACT, Role.GOVERNMENT_OFFICIAL)
INPUTS_PER_CONSULTATION = 3
ANSWERED_PER_CONSULTATION = 2
INPUT_TEXT = (
    "Publish the draft commitment's data sets before the hearings, not after, and give the "
    "public thirty days to comment on each."
)
OUTCOMES = list(ResponseOutcome.values)


def users_of_member(users_per_member: float, m: int) -> int:
    """How many accounts the m-th member has: 2.5 a member gives 2, 3, 2, 3..."""
    return int((m + 1) * users_per_member) - int(m * users_per_member)


def consulted_members(users_per_member: float, members: int) -> int:
    """The members with a civil society account (their second), whose latest plan was put to
    consultation."""
    return sum(users_of_member(users_per_member, m) >= 2 for m in range(members))


def people_build(members: Sequence[Member], users_per_member: float) -> dict[int, list[User]]:
    """Each member's accounts, forum and seats; the accounts by member id."""
    password = make_password(None)  # unusable, hashed once for all
    users = User.objects.bulk_create(
        (
            User(
                username=f"{USERNAME_PREFIX}{m:04d}-{k}",
                email=f"{USERNAME_PREFIX}{m:04d}-{k}@example.org",
                password=password,
                first_name="Person",
                last_name=f"{m:04d}-{k}",
                role=ROLES[k % len(ROLES)],
                member=member,
            )
            for m, member in enumerate(members)
            for k in range(users_of_member(users_per_member, m))
        ),
        batch_size=BATCH,
    )
    by_member: dict[int, list[User]] = {}
    for user in users:
        assert user.member_id is not None
        by_member.setdefault(user.member_id, []).append(user)
    forums = MultiStakeholderForum.objects.bulk_create(
        (
            MultiStakeholderForum(
                member=member,
                name=f"{member.name} multi-stakeholder forum",
                established_on=_established(member),
                description="Government and civil society co-create and monitor the plans.",
            )
            for member in members
        ),
        batch_size=BATCH,
    )
    ForumSeat.objects.bulk_create(
        (
            seat
            for forum, member in zip(forums, members, strict=True)
            for seat in _seats(forum, _established(member), by_member.get(member.pk, []))
        ),
        batch_size=BATCH,
    )
    return by_member


def _established(member: Member) -> datetime.date:
    return datetime.date(member.year_joined or 2011, 6, 1)


def _seats(
    forum: MultiStakeholderForum, joined_on: datetime.date, users: Iterable[User]
) -> list[ForumSeat]:
    seats = []
    chaired: set[str] = set()
    for user in users:
        sector = Sector.GOVERNMENT if user.role in GOVERNMENT_ROLES else Sector.CIVIL_SOCIETY
        seats.append(
            ForumSeat(
                forum=forum,
                person_name=user.get_full_name(),
                user=user,
                sector=sector,
                is_co_chair=sector not in chaired,
                joined_on=joined_on,
            )
        )
        chaired.add(sector)
    return seats


def consultations_build(
    plans: Iterable[ActionPlan],
    commitments: Sequence[Commitment],
    milestones: Iterable[Milestone],
    people: dict[int, list[User]],
) -> None:
    """A closed consultation on each plan of `plans` whose member has a civil society account:
    the commitments' text frozen at its opening, INPUTS_PER_CONSULTATION inputs from those
    accounts (on the plan, then on its commitments) and the point of contact's reasoned
    response to the first ANSWERED_PER_CONSULTATION."""
    by_plan: dict[int, list[Commitment]] = {}
    for commitment in commitments:
        by_plan.setdefault(commitment.plan_id, []).append(commitment)
    descriptions: dict[int, list[str]] = {}
    for milestone in milestones:
        descriptions.setdefault(milestone.commitment_id, []).append(milestone.description)
    consulted = [
        (plan, people[plan.member_id])
        for plan in plans
        if len(people.get(plan.member_id, [])) >= 2 and plan.period_start is not None
    ]
    consultations = PublicConsultation.objects.bulk_create(
        (_consultation(plan, users[0]) for plan, users in consulted), batch_size=BATCH
    )
    civil_society = [
        [user for user in users if user.role == Role.CIVIL_SOCIETY] for _plan, users in consulted
    ]
    ConsultationText.objects.bulk_create(
        (
            ConsultationText(
                consultation=consultation,
                commitment=commitment,
                commitment_version=commitment.version,
                fields={name: getattr(commitment, name) or "" for name in TEMPLATE_TEXT_FIELDS},
                milestones=descriptions.get(commitment.pk, []),
            )
            for consultation in consultations
            for commitment in by_plan.get(consultation.plan_id, [])
        ),
        batch_size=BATCH,
    )
    inputs = ConsultationInput.objects.bulk_create(
        (
            ConsultationInput(
                consultation=consultation,
                commitment=_commented(by_plan.get(consultation.plan_id, []), n),
                author=authors[n % len(authors)],
                text=INPUT_TEXT,
                submitted_at=_at(consultation.opens_on + datetime.timedelta(days=n + 1)),
            )
            for consultation, authors in zip(consultations, civil_society, strict=True)
            for n in range(INPUTS_PER_CONSULTATION)
        ),
        batch_size=BATCH,
    )
    answered = (
        given
        for n, given in enumerate(inputs)
        if n % INPUTS_PER_CONSULTATION < ANSWERED_PER_CONSULTATION
    )
    ReasonedResponse.objects.bulk_create(
        (
            ReasonedResponse(
                input=given,
                outcome=OUTCOMES[n % len(OUTCOMES)],
                reason="Taken into account in the commitment's milestones.",
                responded_by=given.consultation.opened_by,
                responded_at=given.submitted_at + datetime.timedelta(days=2),
            )
            for n, given in enumerate(answered)
        ),
        batch_size=BATCH,
    )


def _consultation(plan: ActionPlan, point_of_contact: User) -> PublicConsultation:
    assert plan.period_start is not None
    opens_on = plan.period_start - datetime.timedelta(days=100)
    return PublicConsultation(
        plan=plan,
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=30),
        introduction="The draft commitments of the plan, put to public consultation.",
        opened_by=point_of_contact,
        opened_at=_at(opens_on),
    )


def _commented(commitments: Sequence[Commitment], n: int) -> Commitment | None:
    """The first input is on the plan, the next ones on its commitments in turn."""
    if n == 0 or not commitments:
        return None
    return commitments[(n - 1) % len(commitments)]


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
