"""What every part of the demo shares: the fixed reference date, the seeder that creates an
object only when it is missing and counts what it created, and the documents of a member's
repository, which the portal itself holds (small generated PDFs saved through the storage),
so that the demo links to nothing that does not exist."""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from action_plans.models import ActionPlan, DocumentKind, RepositoryDocument
from core.reminders import portal_url
from members.models import ForumMeeting, Member

# Dated facts sit at fixed dates before this one so that the data set is the same everywhere.
REFERENCE_DATE = datetime.date(2025, 12, 15)


class DemoSeeder:
    """The day the demo is seeded and, per model's plural name, how many objects it created."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.created: Counter = Counter()

    def get_or_create(self, model, defaults: dict | None = None, **lookup):
        instance, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.created[model._meta.verbose_name_plural] += 1
        return instance


def latest_imported_plan(member: Member) -> ActionPlan | None:
    """The member's most recent plan from OGP's export (the demo's own plans have no
    commitment with an OGP identifier)."""
    return (
        member.action_plans.filter(commitments__ogp_id__isnull=False)
        .order_by("-number")
        .distinct()
        .first()
    )


def repository_document_seed(
    seeder: DemoSeeder,
    member: Member,
    title: str,
    *,
    kind: str = DocumentKind.OTHER,
    published_on: datetime.date,
    plan: ActionPlan | None = None,
    meeting: ForumMeeting | None = None,
) -> RepositoryDocument:
    """A document of the member's repository, held by the portal: a one-page PDF saying its
    title, saved through the storage API."""
    return seeder.get_or_create(
        RepositoryDocument,
        {
            "kind": kind,
            "file": ContentFile(demo_pdf(title), name=f"{slugify(title)[:80]}.pdf"),
            "file_type": "application/pdf",
            "published_on": published_on,
            "plan": plan,
            "meeting": meeting,
        },
        member=member,
        title=title,
    )


def document_link(document: RepositoryDocument) -> str:
    """The portal's address of the document's file, for a link field (absolute, SITE_URL)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("members:document-file", args=[document.member.slug, document.pk])
    return portal_url(path)


def member_document_links(member: Member, title: str) -> list[str]:
    """The link to the member's repository document of that title, if the demo made one."""
    document = RepositoryDocument.objects.filter(member=member, title=title).first()
    return [document_link(document)] if document else []


def repository_link(member: Member) -> str:
    """The portal's address of the member's repository (the documents on the member's page)."""
    with translation.override(settings.LANGUAGE_CODE):
        return portal_url(f"{member.get_absolute_url()}#repository-title")


def demo_pdf(text: str) -> bytes:
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
