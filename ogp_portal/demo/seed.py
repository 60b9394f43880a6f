"""The entry point that builds the whole demo data set, in order: the import, the accounts,
each member's forum and progress, the demo's own plans and the IRM's reports."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from commitments.models import Commitment
from irm_reviews.services import commitment_completion_refresh
from members.models import Member
from ogp_portal.ogp_import import ImportReport, ogp_export_import

from .accounts import DEMO_MEMBERS, accounts_seed
from .calendar import calendar_seed
from .coediting import co_editing_seed
from .comment_periods import comment_periods_seed
from .consultation import consultation_seed
from .forums import forum_pages_seed, member_forum_seed
from .irm_publication import irm_publication_seed
from .irm_workspace import irm_workspace_seed
from .notifications import notifications_seed
from .plans import plan_in_co_creation_seed, submitted_plan_seed
from .progress import milestones_and_progress_seed, submitted_plan_milestones_seed
from .reviews import review_cycles_seed
from .seeder import DemoSeeder
from .signoff import plan_sign_off_seed
from .standards import standards_findings_seed
from .submission import plan_ready_for_sign_off_seed

OGP_EXPORT = settings.BASE_DIR / "data/ogp/ogp_commitments_open_parliament_2024-07-03.csv"


@dataclass
class DemoReport:
    """What one run of the demo did: the import's report and the objects it created."""

    import_report: ImportReport
    created: Counter = field(default_factory=Counter)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


def demo_seed(*, today: datetime.date | None = None) -> DemoReport:
    """Build the demo data set. Guarantees: the real extract is imported through the importer
    (all 558 commitments); every demo account of DEMO_ACCOUNTS exists with DEMO_PASSWORD; a
    second run creates nothing and changes nothing (objects that exist are left as they are)."""
    today = today or timezone.localdate()
    import_report = ogp_export_import(OGP_EXPORT, today=today)
    seeder = DemoSeeder(today)
    with transaction.atomic():
        members = {
            member.ogp_code: member
            for member in Member.objects.filter(ogp_code__in=[demo.code for demo in DEMO_MEMBERS])
            if member.ogp_code is not None
        }
        users = accounts_seed(seeder, members)
        for demo in DEMO_MEMBERS:
            if demo.code in members:
                member_forum_seed(seeder, demo, members[demo.code], users)
                milestones_and_progress_seed(seeder, members[demo.code], users, demo.handle)
        if "ALB" in members:
            albania_plan = plan_in_co_creation_seed(seeder, members["ALB"])
            co_editing_seed(seeder, albania_plan, users)
            consultation_seed(seeder, albania_plan, users)
            forum_pages_seed(seeder, members["ALB"], users)
        if "MAR" in members:
            submitted = submitted_plan_seed(seeder, members["MAR"])
            submitted_plan_milestones_seed(seeder, submitted)
            review_cycles_seed(seeder, submitted, users["irm.staff"])
            standards_findings_seed(seeder, submitted, users.get("irm.staff"))
        plan_sign_off_seed(seeder)
        plan_ready_for_sign_off_seed(seeder, members, users)
        irm_workspace_seed(seeder, members, users)
        irm_publication_seed(seeder, users)
        comment_periods_seed(seeder)
        notifications_seed(seeder, members, users)
        calendar_seed(seeder, members, {demo.code: demo.government_body for demo in DEMO_MEMBERS})
        # The demo writes progress and reviews directly, not through the services.
        commitment_completion_refresh(
            Commitment.objects.filter(plan__member__in=list(members.values()))
        )
    return DemoReport(import_report=import_report, created=seeder.created)
