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
from .seeder import REPOSITORY_HOST, DemoSeeder, latest_imported_plan


def member_forum_seed(
    seeder: DemoSeeder, demo: DemoMember, member: Member, users: dict[str, User]
) -> None:
    """The member's join year and repository, its organisations, its forum with seats for its
    accounts and other people, and the forum's meetings and documents."""
    if member.year_joined is None or not member.repository_url:
        member.year_joined = member.year_joined or demo.year_joined
        member.repository_url = member.repository_url or f"{REPOSITORY_HOST}/{member.slug}/"
        member.save(update_fields=["year_joined", "repository_url", "updated_at"])
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
    forum = seeder.get_or_create(
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
        meeting = seeder.get_or_create(
            ForumMeeting,
            {"minutes": minutes, "is_public": is_public},
            forum=forum,
            held_on=held_on,
            title=title,
        )
        if is_public:
            seeder.get_or_create(
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
    latest = latest_imported_plan(member)
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
        seeder.get_or_create(
            RepositoryDocument,
            {"kind": kind, "url": f"{repository}/{file_name}", "published_on": published_on},
            member=member,
            title=title,
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
            "file": ContentFile(_demo_pdf(f"{forum.name}: minutes"), name="forum-minutes.pdf"),
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


def _demo_pdf(text: str) -> bytes:
    """A one-page PDF saying `text`, made here so that the demo needs no file of its own."""
    safe = text.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    pdf += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    pdf += (
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return pdf
