"""Each demo member's organisations, multi-stakeholder forum with its seats and meetings, and
the documents of its repository: minutes, the action plan, a self-assessment, a reasoned
response."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from action_plans.models import DocumentKind, RepositoryDocument
from members.models import (
    ForumInvitation,
    ForumMeeting,
    ForumSeat,
    Member,
    MultiStakeholderForum,
    Organization,
    Sector,
    User,
)
from members.services import INVITATION_VALID_DAYS, invitation_token_hash

from .accounts import CSO, GOV, DemoMember
from .seeder import (
    DemoSeeder,
    demo_pdf,
    document_link,
    latest_imported_plan,
    repository_document_seed,
)

# The evidence the demo's progress updates point to (ogp_portal.demo.progress).
SELF_ASSESSMENT_TITLE = "Government self-assessment report, 2025"
SHADOW_REPORT_TITLE = "Civil society shadow report, 2025"


def member_forum_seed(
    seeder: DemoSeeder, demo: DemoMember, member: Member, users: dict[str, User]
) -> None:
    """The member's join year, its organisations, its forum with seats for its accounts and
    other people, and the forum's rules, meetings and documents (the portal holds the
    member's repository, so the member links to no repository elsewhere)."""
    if member.year_joined is None:
        member.year_joined = demo.year_joined
        member.save(update_fields=["year_joined", "updated_at"])
    organisations = {
        name: seeder.get_or_create(Organization, {"kind": kind}, member=member, name=name)
        for name, kind in (
            (demo.government_body, GOV),
            (demo.civil_society_organisation, CSO),
            *demo.other_organisations,
        )
    }
    for username, organisation in (
        (f"gov.{demo.handle}", demo.government_body),
        (f"cso.{demo.handle}", demo.civil_society_organisation),
        (f"poc.{demo.handle}", demo.government_body),
    ):
        user = users.get(username)
        if user and user.member_id == member.pk and user.organization_id is None:
            user.organization = organisations[organisation]
            user.save(update_fields=["organization"])
    rules = repository_document_seed(
        seeder,
        member,
        f"Rules of participation of the {demo.forum_name}",
        published_on=demo.forum_established or datetime.date(2020, 1, 1),
    )
    forum = seeder.get_or_create(
        MultiStakeholderForum,
        {
            "name": demo.forum_name,
            "established_on": demo.forum_established,
            "rules_url": document_link(rules),
            "description": (
                "Government and civil society meet here to co-create and monitor "
                f"{member.name}'s OGP action plans. Seats are split equally between the "
                "two sides and the forum is co-chaired by one member of each."
            ),
        },
        member=member,
    )
    seats: list[tuple[str, str, str, bool]] = [
        (f"gov.{demo.handle}", demo.government_body, Sector.GOVERNMENT, True),
        (f"cso.{demo.handle}", demo.civil_society_organisation, Sector.CIVIL_SOCIETY, True),
    ]
    if f"poc.{demo.handle}" in users:
        seats.append((f"poc.{demo.handle}", demo.government_body, Sector.GOVERNMENT, False))
    for username, organisation, sector, is_co_chair in seats:
        user = users[username]
        seeder.get_or_create(
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
        seeder.get_or_create(
            ForumSeat,
            {
                "organization": organisations[organisation],
                "sector": sector,
                "joined_on": demo.forum_established + datetime.timedelta(days=180),
            },
            forum=forum,
            person_name=person,
        )
    meetings_and_documents_seed(seeder, member, forum)


def meetings_and_documents_seed(
    seeder: DemoSeeder, member: Member, forum: MultiStakeholderForum
) -> None:
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
        meeting = seeder.get_or_create(
            ForumMeeting,
            {"minutes": minutes, "is_public": is_public},
            forum=forum,
            held_on=held_on,
            title=title,
        )
        if is_public:
            repository_document_seed(
                seeder,
                member,
                f"Minutes: {title} ({held_on:%d %B %Y})",
                kind=DocumentKind.MINUTES,
                published_on=held_on + datetime.timedelta(days=10),
                meeting=meeting,
            )
    latest = latest_imported_plan(member)
    documents = [
        (
            f"{latest.title}" if latest else f"{member.name} action plan",
            DocumentKind.ACTION_PLAN,
            latest.period_start if latest else datetime.date(2024, 1, 1),
        ),
        (SELF_ASSESSMENT_TITLE, DocumentKind.SELF_ASSESSMENT, datetime.date(2025, 10, 15)),
        (SHADOW_REPORT_TITLE, DocumentKind.OTHER, datetime.date(2025, 6, 30)),
        (
            "Reasoned response to the public consultation",
            DocumentKind.REASONED_RESPONSE,
            datetime.date(2025, 3, 31),
        ),
    ]
    for title, kind, published_on in documents:
        repository_document_seed(
            seeder,
            member,
            title,
            kind=kind,
            published_on=published_on,
            plan=latest if kind == DocumentKind.ACTION_PLAN else None,
        )


DEMO_INVITATION_TOKEN = "demo-invitation-to-the-albania-forum"


def forum_pages_seed(seeder: DemoSeeder, member: Member, users: dict[str, User]) -> None:
    """What the forum's own pages need to be tried at once by poc.albania and cso.albania:
    an uploaded PDF in the repository and a pending invitation (for cso.ukraine, who would
    then hold seats in two forums; its link is /forum/invitations/<DEMO_INVITATION_TOKEN>/)."""
    forum = MultiStakeholderForum.objects.get(member=member)
    latest = latest_imported_plan(member)
    seeder.get_or_create(
        RepositoryDocument,
        {
            "kind": DocumentKind.MINUTES,
            "plan": latest,
            "file": ContentFile(demo_pdf(f"{forum.name}: minutes"), name="forum-minutes.pdf"),
            "file_type": "application/pdf",
            "published_on": seeder.today - datetime.timedelta(days=7),
        },
        member=member,
        title="Forum minutes (uploaded PDF)",
    )
    invitee = users.get("cso.ukraine")
    if invitee is not None:
        seeder.get_or_create(
            ForumInvitation,
            {
                "email": invitee.email,
                "person_name": invitee.get_full_name(),
                "sector": Sector.CIVIL_SOCIETY,
                "invited_by": users.get("poc.albania"),
                "expires_at": timezone.now() + datetime.timedelta(days=INVITATION_VALID_DAYS),
            },
            forum=forum,
            token_hash=invitation_token_hash(DEMO_INVITATION_TOKEN),
        )
