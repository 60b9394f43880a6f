"""The demo data set: OGP's real commitments plus what their export lacks, for a few members.

It imports the repository's copy of the real extract (data/ogp/), then gives six national
members and one local member a multi-stakeholder forum with seats, meetings and minutes, a
document repository, organisations, milestones and progress from the three sources; Albania
gets a plan in co-creation and Morocco a submitted one; the IRM has a report in each state.
Dated facts sit at fixed dates before REFERENCE_DATE so that the data set is the same on every
machine; only what must be current (a consultation open now, a review not yet opened) is
placed relative to the day it is seeded. Every object is looked up before it is created, so a
second run changes nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan, CoCreationKind, CoCreationStep, PlanStatus
from commitments.models import (
    Commitment,
    Completion,
    Milestone,
    ProgressSource,
    ProgressUpdate,
    PublicationState,
)
from commitments.services import progress_update_create
from irm_reviews.models import CommitmentAssessment, CycleState, ReviewCycle, ReviewKind
from irm_reviews.services import assessment_save
from ogp_portal.ogp_import import ImportReport, ogp_export_import

from .models import (
    DocumentKind,
    ForumMeeting,
    ForumSeat,
    Member,
    MultiStakeholderForum,
    Organization,
    OrganizationKind,
    RepositoryDocument,
    Role,
    Sector,
    User,
)

OGP_EXPORT = settings.BASE_DIR / "data/ogp/ogp_commitments_open_parliament_2024-07-03.csv"
DEMO_PASSWORD = "demo-portal-2026"
REFERENCE_DATE = datetime.date(2025, 12, 15)
REPOSITORY_HOST = "https://repository.example.org"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    member_code: str | None
    first_name: str
    last_name: str
    is_superuser: bool = False


@dataclass(frozen=True)
class DemoMember:
    code: str
    handle: str
    year_joined: int
    forum_name: str
    forum_established: datetime.date
    government_body: str
    civil_society_organisation: str
    other_organisations: tuple[tuple[str, str], ...]
    government_person: tuple[str, str]
    civil_society_person: tuple[str, str]
    other_seats: tuple[tuple[str, str, str], ...]  # person, organisation, sector


CSO = OrganizationKind.CIVIL_SOCIETY
GOV = OrganizationKind.GOVERNMENT
DEMO_MEMBERS = (
    DemoMember(
        "ALB",
        "albania",
        2011,
        "Albania OGP Multi-Stakeholder Forum",
        datetime.date(2019, 3, 12),
        "Department of Development and Good Governance, Prime Minister's Office",
        "Institute for Open Governance Albania",
        (("Assembly of Albania, Secretariat General", GOV), ("Citizens' Channel Tirana", CSO)),
        ("Elira", "Hoxha"),
        ("Arben", "Krasniqi"),
        (
            ("Blerina Deda", "Assembly of Albania, Secretariat General", Sector.GOVERNMENT),
            ("Dritan Leka", "Citizens' Channel Tirana", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "UKR",
        "ukraine",
        2011,
        "Coordination Council for Open Government, Ukraine",
        datetime.date(2016, 5, 24),
        "Secretariat of the Cabinet of Ministers of Ukraine",
        "Open Parliament Watch Ukraine",
        (("Verkhovna Rada Office for Public Engagement", GOV), ("Kyiv Anti-Corruption Lab", CSO)),
        ("Olena", "Kovalenko"),
        ("Taras", "Melnyk"),
        (
            ("Iryna Bondar", "Verkhovna Rada Office for Public Engagement", Sector.GOVERNMENT),
            ("Mykola Shevchuk", "Kyiv Anti-Corruption Lab", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "MKD",
        "north-macedonia",
        2011,
        "OGP Council of North Macedonia",
        datetime.date(2018, 10, 3),
        "Ministry of Information Society and Administration",
        "Centre for Civic Openness Skopje",
        (("Assembly of North Macedonia, Parliamentary Institute", GOV), ("Metamorphic Net", CSO)),
        ("Marija", "Stojanovska"),
        ("Goran", "Petrovski"),
        (
            (
                "Ana Trajkovska",
                "Assembly of North Macedonia, Parliamentary Institute",
                Sector.GOVERNMENT,
            ),
            ("Bojan Ristovski", "Metamorphic Net", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "GHA",
        "ghana",
        2011,
        "Ghana OGP Steering Committee",
        datetime.date(2017, 2, 8),
        "Office of the Head of the Civil Service, Ghana",
        "Ghana Open Governance Coalition",
        (("Parliament of Ghana, Public Affairs Directorate", GOV), ("Accra Budget Forum", CSO)),
        ("Akosua", "Mensah"),
        ("Kwame", "Owusu"),
        (
            ("Efua Boateng", "Parliament of Ghana, Public Affairs Directorate", Sector.GOVERNMENT),
            ("Yaw Asante", "Accra Budget Forum", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "IDN",
        "indonesia",
        2011,
        "Open Government Indonesia National Forum",
        datetime.date(2015, 9, 1),
        "Ministry of National Development Planning (Bappenas), Open Government Secretariat",
        "Indonesian Parliament and Budget Watch",
        (("House of Representatives Secretariat General", GOV), ("Jakarta Open Data Circle", CSO)),
        ("Dewi", "Lestari"),
        ("Budi", "Santoso"),
        (
            ("Sri Wahyuni", "House of Representatives Secretariat General", Sector.GOVERNMENT),
            ("Agus Pratama", "Jakarta Open Data Circle", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "MAR",
        "morocco",
        2018,
        "Morocco Open Government Steering Committee",
        datetime.date(2019, 1, 17),
        "Ministry of Digital Transition and Administrative Reform",
        "Moroccan Network for Open Government",
        (("House of Representatives, Citizens' Petitions Office", GOV), ("Rabat Civic Tech", CSO)),
        ("Samira", "El Idrissi"),
        ("Youssef", "Benali"),
        (
            (
                "Nadia Alaoui",
                "House of Representatives, Citizens' Petitions Office",
                Sector.GOVERNMENT,
            ),
            ("Karim Tazi", "Rabat Civic Tech", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "ARBA",
        "buenos-aires",
        2016,
        "Buenos Aires Open Government Round Table",
        datetime.date(2017, 4, 20),
        "Secretariat of Innovation and Digital Transformation, City of Buenos Aires",
        "Buenos Aires Citizens' Lab",
        (("Legislature of the City of Buenos Aires", GOV), ("Fundación Datos Abiertos BA", CSO)),
        ("Lucía", "Fernández"),
        ("Martín", "Gómez"),
        (
            ("Sofía Romero", "Legislature of the City of Buenos Aires", Sector.GOVERNMENT),
            ("Diego Acosta", "Fundación Datos Abiertos BA", Sector.CIVIL_SOCIETY),
        ),
    ),
)


def _member_accounts(demo: DemoMember) -> list[DemoAccount]:
    accounts = [
        DemoAccount(
            f"gov.{demo.handle}", Role.GOVERNMENT_OFFICIAL, demo.code, *demo.government_person
        ),
        DemoAccount(
            f"cso.{demo.handle}", Role.CIVIL_SOCIETY, demo.code, *demo.civil_society_person
        ),
    ]
    if demo.code == "ALB":
        accounts.insert(
            0, DemoAccount("poc.albania", Role.POINT_OF_CONTACT, "ALB", "Klodiana", "Shehu")
        )
    return accounts


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "", None, "Portal", "Administrator", is_superuser=True),
    *(account for demo in DEMO_MEMBERS for account in _member_accounts(demo)),
    DemoAccount("irm.staff", Role.IRM_STAFF, None, "Paula", "Reyes"),
    DemoAccount("support.unit", Role.SUPPORT_UNIT, None, "Hannah", "Okafor"),
)


@dataclass
class DemoReport:
    """What one run of the demo did: the import's report and the objects it created."""

    import_report: ImportReport
    created: Counter = field(default_factory=Counter)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


def demo_accounts_table() -> list[tuple[str, str, str, str]]:
    """(username, password, role, member) for each demo account; reads nothing from the DB."""
    names = {
        "ALB": "Albania",
        "UKR": "Ukraine",
        "MKD": "North Macedonia",
        "GHA": "Ghana",
        "IDN": "Indonesia",
        "MAR": "Morocco",
        "ARBA": "Buenos Aires, Argentina",
    }
    return [
        (
            account.username,
            DEMO_PASSWORD,
            str(Role(account.role).label) if account.role else _("Administrator (superuser)"),
            names.get(account.member_code or "", "—"),
        )
        for account in DEMO_ACCOUNTS
    ]


class _Seeder:
    def __init__(self, today: datetime.date):
        self.today = today
        self.created: Counter = Counter()

    def get_or_create(self, model, defaults: dict | None = None, **lookup):
        instance, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.created[model._meta.verbose_name_plural] += 1
        return instance

    def accounts(self, members: dict[str, Member]) -> dict[str, User]:
        users = {}
        # One hash for all: the password is public anyway, and hashing is slow by design.
        password_hash = None
        for account in DEMO_ACCOUNTS:
            user = User.objects.filter(username=account.username).first()
            if user is None:
                user = User(
                    username=account.username,
                    email=f"{account.username}@example.org",
                    first_name=account.first_name,
                    last_name=account.last_name,
                    role=account.role,
                    member=members.get(account.member_code or ""),
                    is_staff=account.is_superuser,
                    is_superuser=account.is_superuser,
                )
                password_hash = password_hash or make_password(DEMO_PASSWORD)
                user.password = password_hash
                user.save()
                self.created[User._meta.verbose_name_plural] += 1
            users[account.username] = user
        return users

    def member_setup(self, demo: DemoMember, member: Member, users: dict[str, User]) -> None:
        if member.year_joined is None or not member.repository_url:
            member.year_joined = member.year_joined or demo.year_joined
            member.repository_url = member.repository_url or f"{REPOSITORY_HOST}/{member.slug}/"
            member.save(update_fields=["year_joined", "repository_url", "updated_at"])
        organisations = {
            name: self.get_or_create(Organization, {"kind": kind}, member=member, name=name)
            for name, kind in (
                (demo.government_body, GOV),
                (demo.civil_society_organisation, CSO),
                *demo.other_organisations,
            )
        }
        for username, organisation in (
            (f"gov.{demo.handle}", demo.government_body),
            (f"cso.{demo.handle}", demo.civil_society_organisation),
            ("poc.albania", demo.government_body),
        ):
            user = users.get(username)
            if user and user.member_id == member.pk and user.organization_id is None:
                user.organization = organisations[organisation]
                user.save(update_fields=["organization"])
        forum = self.get_or_create(
            MultiStakeholderForum,
            {
                "name": demo.forum_name,
                "established_on": demo.forum_established,
                "rules_url": f"{REPOSITORY_HOST}/{member.slug}/forum-rules-of-participation.pdf",
                "description": (
                    "Government and civil society meet here to co-create and monitor "
                    f"{member.name}'s OGP action plans. Seats are split equally between the "
                    "two sides and the forum is co-chaired by one member of each."
                ),
            },
            member=member,
        )
        seats = [
            (f"gov.{demo.handle}", demo.government_body, Sector.GOVERNMENT, True),
            (f"cso.{demo.handle}", demo.civil_society_organisation, Sector.CIVIL_SOCIETY, True),
        ]
        if demo.code == "ALB":
            seats.append(("poc.albania", demo.government_body, Sector.GOVERNMENT, False))
        for username, organisation, sector, is_co_chair in seats:
            user = users[username]
            self.get_or_create(
                ForumSeat,
                {
                    "user": user,
                    "organization": organisations[organisation],
                    "sector": sector,
                    "is_co_chair": is_co_chair,
                    "joined_on": demo.forum_established,
                },
                forum=forum,
                person_name=user.get_full_name(),
            )
        for person, organisation, sector in demo.other_seats:
            self.get_or_create(
                ForumSeat,
                {
                    "organization": organisations[organisation],
                    "sector": sector,
                    "joined_on": demo.forum_established + datetime.timedelta(days=180),
                },
                forum=forum,
                person_name=person,
            )
        self.meetings_and_documents(member, forum)

    def meetings_and_documents(self, member: Member, forum: MultiStakeholderForum) -> None:
        repository = f"{REPOSITORY_HOST}/{member.slug}"
        meetings = [
            (
                datetime.date(2025, 2, 18),
                "Forum meeting: priorities for the next action plan",
                "The co-chairs opened the meeting. Civil society presented the results of the "
                "public survey on parliamentary openness; the government side agreed to "
                "consider three of its proposals as commitments. Next meeting in May.",
                True,
            ),
            (
                datetime.date(2025, 5, 27),
                "Forum meeting: implementation review",
                "Lead agencies reported on each commitment. The forum noted delays on the open "
                "legislative data portal and asked for a revised timeline. Civil society will "
                "publish its shadow report in June.",
                True,
            ),
            (
                datetime.date(2025, 7, 8),
                "Co-chairs' preparatory session",
                "Preparation of the agenda of the September meeting. Internal, not minuted for "
                "publication.",
                False,
            ),
            (
                datetime.date(2025, 9, 23),
                "Forum meeting: self-assessment and IRM findings",
                "The government presented its draft self-assessment. The forum discussed where "
                "it differs from civil society's shadow report and agreed to publish both.",
                True,
            ),
        ]
        for held_on, title, minutes, is_public in meetings:
            meeting = self.get_or_create(
                ForumMeeting,
                {"minutes": minutes, "is_public": is_public},
                forum=forum,
                held_on=held_on,
                title=title,
            )
            if is_public:
                self.get_or_create(
                    RepositoryDocument,
                    {
                        "kind": DocumentKind.MINUTES,
                        "url": f"{repository}/minutes-{held_on:%Y-%m-%d}.pdf",
                        "published_on": held_on + datetime.timedelta(days=10),
                        "meeting": meeting,
                    },
                    member=member,
                    title=f"Minutes: {title} ({held_on:%d %B %Y})",
                )
        latest = _latest_imported_plan(member)
        documents = [
            (
                f"{latest.title}" if latest else f"{member.name} action plan",
                DocumentKind.ACTION_PLAN,
                "action-plan.pdf",
                latest.period_start if latest else datetime.date(2024, 1, 1),
            ),
            (
                "Government self-assessment report, 2025",
                DocumentKind.SELF_ASSESSMENT,
                "self-assessment-2025.pdf",
                datetime.date(2025, 10, 15),
            ),
            (
                "Reasoned response to the public consultation",
                DocumentKind.REASONED_RESPONSE,
                "reasoned-response.pdf",
                datetime.date(2025, 3, 31),
            ),
        ]
        for title, kind, file_name, published_on in documents:
            self.get_or_create(
                RepositoryDocument,
                {"kind": kind, "url": f"{repository}/{file_name}", "published_on": published_on},
                member=member,
                title=title,
            )

    def milestones_and_progress(self, member: Member, users: dict[str, User], handle: str) -> None:
        plan = _latest_imported_plan(member)
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
                self.get_or_create(
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
                self.created[ProgressUpdate._meta.verbose_name_plural] += 1

    def plan_in_co_creation(self, albania: Member) -> ActionPlan:
        start = _first_of_next_month(self.today + datetime.timedelta(days=120))
        end = _years_later(start, 2) - datetime.timedelta(days=1)
        plan = self.get_or_create(
            ActionPlan,
            {
                "member": albania,
                "number": 7,
                "title": f"Albania Action Plan {start.year}-{end.year}",
                "period_start": start,
                "period_end": end,
                "status": PlanStatus.CO_CREATION,
                "submission_deadline": self.today + datetime.timedelta(days=60),
                "repository_url": f"{REPOSITORY_HOST}/{albania.slug}/action-plan-7/",
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
            self.get_or_create(
                CoCreationStep,
                {
                    "opens_on": self.today + datetime.timedelta(days=opens),
                    "closes_on": self.today + datetime.timedelta(days=closes),
                    "description": description,
                    "contributions": contributions,
                    "url": f"{REPOSITORY_HOST}/{albania.slug}/action-plan-7/{kind}/",
                },
                plan=plan,
                kind=kind,
                title=title,
            )
        for number, (title, problem) in enumerate(_DRAFT_COMMITMENTS, start=1):
            self.get_or_create(
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

    def submitted_plan(self, morocco: Member) -> ActionPlan:
        submitted_on = self.today - datetime.timedelta(days=25)
        start = _first_of_next_month(self.today + datetime.timedelta(days=5))
        end = _years_later(start, 2) - datetime.timedelta(days=1)
        plan = self.get_or_create(
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
                "repository_url": f"{REPOSITORY_HOST}/{morocco.slug}/action-plan-3/",
            },
            ogp_id="AP_MAR03",
        )
        predecessors = Commitment.objects.in_bulk(
            [ogp_id for *_text, ogp_id in _SUBMITTED_COMMITMENTS if ogp_id], field_name="ogp_id"
        )
        for number, (title, problem, predecessor) in enumerate(_SUBMITTED_COMMITMENTS, start=1):
            self.get_or_create(
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

    def review_cycles(self, submitted: ActionPlan, irm: User) -> None:
        """One IRM report in each state before publication; the import brings published ones.
        Each sits on a plan and report that the export does not cover."""
        plans = {
            plan.ogp_id: plan
            for plan in ActionPlan.objects.filter(ogp_id__in=["AP_UKR06", "AP_ALB06", "AP_IDN07"])
        }
        cycles = [
            (submitted, ReviewKind.ACTION_PLAN_REVIEW, CycleState.SCHEDULED, 14, 134),
            (plans.get("AP_UKR06"), ReviewKind.RESULTS_REPORT, CycleState.OPEN, -21, 100),
            (
                plans.get("AP_ALB06"),
                ReviewKind.RESULTS_REPORT,
                CycleState.PRE_PUBLICATION,
                -140,
                20,
            ),
            (plans.get("AP_IDN07"), ReviewKind.RESULTS_REPORT, CycleState.PUBLIC_COMMENT, -200, 7),
        ]
        for plan, kind, state, opens, due in cycles:
            if plan is None:
                continue
            cycle = ReviewCycle.objects.filter(plan=plan, kind=kind).first()
            if cycle is None:
                cycle = ReviewCycle.objects.create(
                    plan=plan,
                    kind=kind,
                    state=state,
                    opens_on=self.today + datetime.timedelta(days=opens),
                    due_on=self.today + datetime.timedelta(days=due),
                    narrative=_CYCLE_NARRATIVES[state],
                )
                self.created[ReviewCycle._meta.verbose_name_plural] += 1
            if state in (CycleState.PRE_PUBLICATION, CycleState.PUBLIC_COMMENT):
                self.draft_assessments(cycle, irm)

    def draft_assessments(self, cycle: ReviewCycle, irm: User) -> None:
        levels = [
            (Completion.SUBSTANTIAL, "moderate"),
            (Completion.LIMITED, "no_notable_results"),
            (Completion.COMPLETE, "significant"),
        ]
        assessed = set(
            CommitmentAssessment.objects.filter(cycle=cycle).values_list("commitment_id", flat=True)
        )
        for commitment, (completion, early_results) in zip(
            cycle.plan.commitments.order_by("position"), levels, strict=False
        ):
            if commitment.pk in assessed:
                continue
            assessment_save(
                user=irm,
                cycle=cycle,
                commitment=commitment,
                values={
                    "completion": completion,
                    "early_results": early_results,
                    "narrative": "Draft finding, open for comment before publication.",
                },
            )
            self.created[CommitmentAssessment._meta.verbose_name_plural] += 1


def demo_seed(*, today: datetime.date | None = None) -> DemoReport:
    """Build the demo data set. Guarantees: the real extract is imported through the importer
    (all 558 commitments); every demo account of DEMO_ACCOUNTS exists with DEMO_PASSWORD; a
    second run creates nothing and changes nothing (objects that exist are left as they are)."""
    today = today or timezone.localdate()
    import_report = ogp_export_import(OGP_EXPORT, today=today)
    seeder = _Seeder(today)
    with transaction.atomic():
        members = {
            member.ogp_code: member
            for member in Member.objects.filter(ogp_code__in=[demo.code for demo in DEMO_MEMBERS])
        }
        users = seeder.accounts(members)
        for demo in DEMO_MEMBERS:
            if demo.code in members:
                seeder.member_setup(demo, members[demo.code], users)
                seeder.milestones_and_progress(members[demo.code], users, demo.handle)
        if "ALB" in members:
            seeder.plan_in_co_creation(members["ALB"])
        if "MAR" in members:
            submitted = seeder.submitted_plan(members["MAR"])
            seeder.review_cycles(submitted, users["irm.staff"])
    return DemoReport(import_report=import_report, created=seeder.created)


def _latest_imported_plan(member: Member) -> ActionPlan | None:
    """The member's most recent plan from OGP's export (the demo's own plans have no
    commitment with an OGP identifier)."""
    return (
        member.action_plans.filter(commitments__ogp_id__isnull=False)
        .order_by("-number")
        .distinct()
        .first()
    )


def _first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _years_later(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years)


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
_CYCLE_NARRATIVES = {
    CycleState.SCHEDULED: "The IRM will review the plan's design once research opens.",
    CycleState.OPEN: "IRM researchers are interviewing lead agencies and civil society.",
    CycleState.PRE_PUBLICATION: "The draft report is with the government and the forum.",
    CycleState.PUBLIC_COMMENT: "The draft report is open for public comment.",
}
