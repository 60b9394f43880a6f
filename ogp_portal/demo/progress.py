"""Milestones and progress written for the commitments they belong to: a handful of real
commitments (Ghana's asset declarations and open parliament, North Macedonia's Assembly TV
channel and parliamentary caravan), each with the milestones of its own text and the three
sources' views of them, dated near the seeder's today, so that one milestone ends soon and
others are overdue. Morocco's submitted plan gets milestones and no progress yet, for its
government and civil society to record the first. Everything goes through the services
(progress_update_create), as a person's progress would."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from action_plans.models import ActionPlan
from commitments.models import (
    Commitment,
    Completion,
    Milestone,
    ProgressSource,
    ProgressUpdate,
)
from commitments.services import progress_update_create
from members.models import Member, User

from .forums import SELF_ASSESSMENT_TITLE, SHADOW_REPORT_TITLE
from .seeder import DemoSeeder, member_document_links

GOV, CSO, IRM = ProgressSource.GOVERNMENT, ProgressSource.CIVIL_SOCIETY, ProgressSource.IRM
C = Completion


@dataclass(frozen=True)
class View:
    """One source's progress update: its completion, how many days before today it was
    reported, and what it says."""

    source: str
    completion: str
    days_ago: int
    text: str


@dataclass(frozen=True)
class MilestonePlan:
    description: str
    expected_output: str
    start: datetime.date
    end: datetime.date
    views: tuple[View, ...] = ()


@dataclass(frozen=True)
class CommitmentStory:
    ogp_id: str
    views: tuple[View, ...]  # on the commitment as a whole
    milestones: tuple[MilestonePlan, ...]


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def milestones_and_progress_seed(
    seeder: DemoSeeder, member: Member, users: dict[str, User], handle: str
) -> None:
    """The member's stories (STORIES), each commitment's milestones and the views of its
    government (gov.<handle>), its civil society (cso.<handle>) and the IRM (irm.staff). A
    milestone or view that exists is left as it is."""
    for story in STORIES.get(member.ogp_code or "", ()):
        commitment = Commitment.objects.select_related("plan").filter(ogp_id=story.ogp_id).first()
        if commitment is None:
            continue
        authors: dict[str, User] = {
            GOV: users[f"gov.{handle}"],
            CSO: users[f"cso.{handle}"],
            IRM: users["irm.staff"],
        }
        for number, plan in enumerate(story.milestones, start=1):
            milestone = seeder.get_or_create(
                Milestone,
                {
                    "description": plan.description,
                    "expected_output": plan.expected_output,
                    "start_date": plan.start,
                    "end_date": plan.end,
                },
                commitment=commitment,
                number=number,
            )
            _views_seed(seeder, commitment, milestone, plan.views, authors, member)
        _views_seed(seeder, commitment, None, story.views, authors, member)


def _views_seed(
    seeder: DemoSeeder,
    commitment: Commitment,
    milestone: Milestone | None,
    views: tuple[View, ...],
    authors: dict[str, User],
    member: Member,
) -> None:
    latest_allowed = min(seeder.today, timezone.localdate())
    for view in views:
        if ProgressUpdate.objects.filter(
            commitment=commitment, milestone=milestone, source=view.source
        ).exists():
            continue
        progress_update_create(
            author=authors[view.source],
            commitment=commitment,
            milestone=milestone,
            source=view.source,
            completion=view.completion,
            text=view.text,
            reported_on=latest_allowed - datetime.timedelta(days=view.days_ago),
            evidence_links=_evidence_links(member, commitment, view.source),
        )
        seeder.created[ProgressUpdate._meta.verbose_name_plural] += 1


def _evidence_links(member: Member, commitment: Commitment, source: str) -> list[str]:
    """What each source points to: the government's self-assessment and civil society's
    shadow report in the member's repository, the IRM's page of the commitment on OGP's site."""
    if source == IRM:
        return [commitment.ogp_url] if commitment.ogp_url else []
    return member_document_links(
        member, SELF_ASSESSMENT_TITLE if source == GOV else SHADOW_REPORT_TITLE
    )


def submitted_plan_milestones_seed(seeder: DemoSeeder, plan: ActionPlan) -> None:
    """Milestones for the commitments of the demo's submitted plan, dated from its start: the
    plan's government and civil society record the first progress on them."""
    start = plan.period_start
    for commitment in plan.commitments.order_by("position"):
        for number, (description, output, begins, ends) in enumerate(
            SUBMITTED_PLAN_MILESTONES.get(commitment.number, ()), start=1
        ):
            seeder.get_or_create(
                Milestone,
                {
                    "description": description,
                    "expected_output": output,
                    "start_date": start + datetime.timedelta(days=begins),
                    "end_date": start + datetime.timedelta(days=ends),
                },
                commitment=commitment,
                number=number,
            )


# Ghana's fifth plan (2023-2027): the milestones as its text lists them.
_ASSET_DECLARATION = CommitmentStory(
    "GH0042",
    (
        View(
            GOV,
            C.LIMITED,
            20,
            "Cabinet approved the Conduct of Public Officers Bill and the Attorney General's "
            "Department has finalised the draft; Parliament's consultations are under way and the "
            "first PFM compliance league table framework is finalised.",
        ),
        View(
            CSO,
            C.LIMITED,
            12,
            "The Bill is still not passed, and the final draft no longer requires declarations "
            "to be verified; the league table has not been published.",
        ),
        View(
            IRM,
            C.LIMITED,
            5,
            "Drafting has advanced but no milestone that changes practice (a passed law, "
            "published declarations or a league table) is complete.",
        ),
    ),
    (
        MilestonePlan(
            "Draft Bill approved by Cabinet.",
            "Conduct of Public Officers Bill approved by Cabinet",
            *_year(2024),
            (
                View(GOV, C.COMPLETE, 400, "Cabinet approved the draft Bill."),
                View(CSO, C.COMPLETE, 390, "We confirm Cabinet approved the draft Bill."),
            ),
        ),
        MilestonePlan(
            "Final Bill drafted by AG Department.",
            "Final Bill ready to be laid before Parliament",
            *_year(2025),
            (
                View(
                    GOV,
                    C.SUBSTANTIAL,
                    60,
                    "The Attorney General's Department has a final draft; the sanctions "
                    "schedule is being checked with the Ministry of Finance.",
                ),
                View(
                    CSO,
                    C.LIMITED,
                    45,
                    "The final draft drops the requirement that declarations be verified, which "
                    "was the point of the commitment.",
                ),
            ),
        ),
        MilestonePlan(
            "Public consultations held by parliament on the Bill.",
            "Consultation report of the parliamentary committee",
            *_year(2026),
            (
                View(
                    GOV,
                    C.LIMITED,
                    15,
                    "The Constitutional, Legal and Parliamentary Affairs Committee held the first "
                    "of three regional hearings.",
                ),
                View(
                    CSO,
                    C.NOT_STARTED,
                    10,
                    "The hearing was a briefing by the Attorney General's Department; no comments "
                    "were taken. We do not count it as a consultation.",
                ),
            ),
        ),
        MilestonePlan(
            "Bill is passed by parliament and assented to by the President.",
            "Conduct of Public Officers Act",
            *_year(2027),
        ),
        MilestonePlan(
            "Regulations to the new Act drafted.",
            "Draft regulations on verification and sanctions",
            *_year(2026),
            (
                View(
                    GOV,
                    C.NOT_STARTED,
                    30,
                    "Drafting waits for the Bill's passage; terms of reference are ready.",
                ),
            ),
        ),
        MilestonePlan("Regulations to the new Act passed.", "Regulations in force", *_year(2027)),
        MilestonePlan(
            "Framework for the league table developed.",
            "PFM compliance league table framework",
            *_year(2024),
            (
                View(GOV, C.COMPLETE, 380, "The Internal Audit Agency drafted the framework."),
                View(CSO, C.COMPLETE, 370, "The framework was shared with the PFM Coalition."),
            ),
        ),
        MilestonePlan(
            "Public consultations on the draft framework held.",
            "Comments received and answered",
            *_year(2025),
            (
                View(GOV, C.COMPLETE, 200, "Consultations were held in Accra, Kumasi and Tamale."),
                View(
                    CSO,
                    C.SUBSTANTIAL,
                    190,
                    "Consultations took place, but the answers to our comments are not public.",
                ),
            ),
        ),
        MilestonePlan(
            "Draft framework finalised.",
            "Final league table framework",
            *_year(2026),
            (View(GOV, C.SUBSTANTIAL, 25, "The final framework awaits the Minister's sign-off."),),
        ),
        MilestonePlan(
            "First league table published.",
            "League table of public institutions' PFM compliance",
            *_year(2027),
        ),
    ),
)

_OPEN_PARLIAMENT = CommitmentStory(
    "GH0056",
    (
        View(
            GOV,
            C.SUBSTANTIAL,
            18,
            "The Open Parliament Steering Committee meets quarterly and the baseline survey is "
            "published; the Open Parliament office is designated.",
        ),
        View(
            CSO,
            C.LIMITED,
            9,
            "The Steering Committee exists, but Parliament still answers few Right to "
            "Information requests within the Act's deadlines and the office has no staff.",
        ),
        View(
            IRM,
            C.LIMITED,
            3,
            "The committee and the survey are in place; compliance with the Right to Information "
            "Act in the Parliamentary Service could not be verified.",
        ),
    ),
    (
        MilestonePlan(
            "Capacity of OGP Caucus members built on OGP and open parliament; an Open Parliament "
            "Steering Committee established, following OGP standards.",
            "Steering Committee established; caucus training held",
            *_year(2024),
            (
                View(GOV, C.COMPLETE, 330, "The Steering Committee was inaugurated in November."),
                View(CSO, C.COMPLETE, 320, "Civil society holds three of its nine seats."),
            ),
        ),
        MilestonePlan(
            "Steering Committee operational; the Right to Information Act, 2019 (Act 989) complied "
            "with in the Parliamentary Service; baseline survey on citizens' access to "
            "parliamentary information conducted.",
            "Baseline survey report; Right to Information compliance in the Parliamentary Service",
            *_year(2025),
            (
                View(
                    GOV,
                    C.SUBSTANTIAL,
                    70,
                    "The baseline survey is published and an information officer is appointed.",
                ),
                View(
                    CSO,
                    C.LIMITED,
                    50,
                    "Eight of our twenty requests to the Parliamentary Service got an answer "
                    "within the Act's 14 days.",
                ),
            ),
        ),
        MilestonePlan(
            "Framework for monitoring OGP commitments developed and implemented; an office for "
            "open parliament designated and operational.",
            "Monitoring framework; Open Parliament office",
            *_year(2026),
            (
                View(GOV, C.LIMITED, 18, "The office is designated; staff are being recruited."),
                View(IRM, C.LIMITED, 3, "The monitoring framework is a draft, not yet applied."),
            ),
        ),
        MilestonePlan(
            "Activities evaluated and reported; the operation of the Open Parliament office "
            "sustained.",
            "Evaluation report",
            *_year(2027),
        ),
    ),
)

# North Macedonia's sixth plan (2024-2026): the Assembly's milestones, which its text plans
# "throughout the entire duration of this action plan", dated here within it.
_ASSEMBLY_TV = CommitmentStory(
    "MK0200",
    (
        View(
            GOV,
            C.SUBSTANTIAL,
            14,
            "The Council of the Assembly channel works and the channel airs daily legislative "
            "news; co-production with MRT has started.",
        ),
        View(
            CSO,
            C.SUBSTANTIAL,
            7,
            "The programme is regular and announced in advance; debate shows between MPs are "
            "still rare.",
        ),
        View(
            IRM,
            C.SUBSTANTIAL,
            2,
            "Most milestones are done; the staff planned for the studio are not all employed.",
        ),
    ),
    (
        MilestonePlan(
            "Formation of the Council for the Assembly channel.",
            "Council constituted, chaired by a Vice-President of the Assembly from the opposition",
            datetime.date(2024, 1, 1),
            datetime.date(2024, 6, 30),
            (
                View(GOV, C.COMPLETE, 540, "The Council held its constituent session."),
                View(CSO, C.COMPLETE, 530, "Majority and opposition both sit on the Council."),
            ),
        ),
        MilestonePlan(
            "Engaging external experts in the Council.",
            "External experts appointed, with the right to speak",
            datetime.date(2024, 3, 1),
            datetime.date(2024, 12, 31),
            (
                View(GOV, C.COMPLETE, 400, "Two media experts were appointed to the Council."),
                View(
                    CSO,
                    C.LIMITED,
                    390,
                    "The experts were appointed without a public call; we asked for one.",
                ),
            ),
        ),
        MilestonePlan(
            "Adoption of the work program.",
            "Annual work program and plan of programmes",
            datetime.date(2024, 7, 1),
            datetime.date(2025, 3, 31),
            (View(GOV, C.COMPLETE, 300, "The Council adopted the work program for 2025."),),
        ),
        MilestonePlan(
            "Equipment and training of the staff.",
            "Studio staff employed and trained",
            datetime.date(2024, 1, 1),
            datetime.date(2025, 6, 30),
            (
                View(GOV, C.SUBSTANTIAL, 120, "Five of the seven planned posts are filled."),
                View(CSO, C.LIMITED, 100, "Two posts are still vacant after two announcements."),
            ),
        ),
        MilestonePlan(
            "Creating content for broadcasting.",
            "Daily legislative news, legislative briefs and debate shows",
            datetime.date(2025, 1, 1),
            datetime.date(2026, 12, 31),
            (
                View(GOV, C.SUBSTANTIAL, 14, "Daily legislative news and weekly briefs air."),
                View(CSO, C.SUBSTANTIAL, 7, "Briefs explain the bills well; few debate shows."),
            ),
        ),
        MilestonePlan(
            "Engagement of coproduction.",
            "Co-produced programmes with MRT and others",
            datetime.date(2025, 6, 1),
            datetime.date(2026, 12, 15),
            (View(GOV, C.LIMITED, 14, "One co-production with MRT is on air."),),
        ),
    ),
)

_CARAVAN = CommitmentStory(
    "MK0202",
    (
        View(
            GOV,
            C.SUBSTANTIAL,
            21,
            "Five caravan events were held in MPs' contact offices since 2024; the report of "
            "citizens' remarks for 2025 is published.",
        ),
        View(
            CSO,
            C.SUBSTANTIAL,
            11,
            "The events took place and were well attended; schools outside the cities were not "
            "reached.",
        ),
    ),
    (
        MilestonePlan(
            "Making a coordination decision for the implementation of the activity.",
            "Coordination decision of the Assembly",
            datetime.date(2024, 1, 1),
            datetime.date(2024, 3, 31),
            (View(GOV, C.COMPLETE, 600, "The Secretary General signed the decision."),),
        ),
        MilestonePlan(
            "Informing all parliamentary groups and MPs; a working group of the Parliamentary "
            "Institute and the Assembly service organised.",
            "Working group for the caravan events",
            datetime.date(2024, 2, 1),
            datetime.date(2024, 6, 30),
            (View(GOV, C.COMPLETE, 560, "Every parliamentary group named a contact."),),
        ),
        MilestonePlan(
            "Defining agendas, time frame and resources.",
            "Agenda of a 60-minute event; calendar; van and equipment",
            datetime.date(2024, 4, 1),
            datetime.date(2024, 9, 30),
            (
                View(GOV, C.COMPLETE, 480, "Agenda, calendar and equipment are set."),
                View(CSO, C.SUBSTANTIAL, 470, "There is no budget line for the van after 2025."),
            ),
        ),
        MilestonePlan(
            "Two to three caravan events in 2025, with a report of citizens' remarks.",
            "Events held; report of remarks and ideas",
            datetime.date(2025, 1, 1),
            datetime.date(2025, 12, 31),
            (
                View(GOV, C.COMPLETE, 40, "Three events were held; the report is published."),
                View(CSO, C.SUBSTANTIAL, 30, "The report lists remarks but no follow-up."),
            ),
        ),
        MilestonePlan(
            "Two to three caravan events in 2026, with a report of citizens' remarks.",
            "Events held; report of remarks and ideas",
            datetime.date(2026, 1, 1),
            datetime.date(2026, 12, 31),
            (View(GOV, C.LIMITED, 21, "Two events are held; the third is set for December."),),
        ),
    ),
)

STORIES: dict[str, tuple[CommitmentStory, ...]] = {
    "GHA": (_ASSET_DECLARATION, _OPEN_PARLIAMENT),
    "MKD": (_ASSEMBLY_TV, _CARAVAN),
}

# Morocco's submitted plan (ogp_portal.demo.plans): per commitment number, each milestone
# with its expected output and its start and end in days from the plan's start.
SUBMITTED_PLAN_MILESTONES: dict[str, tuple[tuple[str, str, int, int], ...]] = {
    "1": (
        (
            "Adopt the House's internal rules for receiving and answering online petitions.",
            "Amended internal rules of the House",
            0,
            120,
        ),
        (
            "Open the online petitions platform, with identity checks and a public register of "
            "every petition filed.",
            "Online petitions platform and register",
            90,
            300,
        ),
        (
            "Publish the House's reasoned answer to every petition that reaches the threshold.",
            "Answers published in the register",
            240,
            700,
        ),
    ),
    "2": (
        (
            "Publish the weekly agenda of the plenary and of every committee on the House's "
            "website.",
            "Weekly legislative agenda online",
            0,
            90,
        ),
        (
            "Publish every committee report within seven days of its adoption, as a document "
            "and as open data.",
            "Committee reports online within seven days",
            60,
            365,
        ),
        (
            "Review the publication with civil society and the press, and publish the findings.",
            "Review report discussed in the forum",
            365,
            700,
        ),
    ),
}
