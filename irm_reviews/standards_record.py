"""What the co-creation standards check (irm_reviews.standards) reads and says: the verdicts,
a requirement's result with its evidence, and the plan's record loaded once."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from action_plans.models import ActionPlan, DocumentKind, PlanStatus
from commitments.models import PublicConsultation
from members.models import ForumMeeting, ForumSeat, Member, MultiStakeholderForum

MEETING_INTERVAL_DAYS = 183  # "at least every six months"
ADVANCE_NOTICE_DAYS = 14  # "about two weeks" (approx.)
YEAR = datetime.timedelta(days=365)


class Verdict:
    MET = "met"
    NOT_MET = "not_met"
    NOT_ASSESSABLE = "not_assessable"
    LABELS = {
        MET: gettext_lazy("Met"),
        NOT_MET: gettext_lazy("Not met"),
        NOT_ASSESSABLE: gettext_lazy("Not assessable yet"),
    }


@dataclass(frozen=True)
class Evidence:
    label: str
    url: str


@dataclass(frozen=True)
class RequirementResult:
    code: str
    title: str
    verdict: str
    reason: str
    evidence: list[Evidence] = field(default_factory=list)
    # The IRM's own finding (irm_reviews.standards_findings), where the viewer may see one.
    finding: Any = None

    @property
    def verdict_label(self) -> str:
        return str(Verdict.LABELS[self.verdict])


@dataclass
class PlanRecord:
    """What the requirements read, loaded once for a plan (a constant number of queries)."""

    plan: ActionPlan
    member: Member
    today: datetime.date
    forum: MultiStakeholderForum | None
    seats_by_sector: dict[str, int]
    meetings: list[ForumMeeting]
    document_dates: list[datetime.date]
    reasoned_response_documents: int
    steps: list
    consultation: PublicConsultation | None
    inputs: int = 0
    inputs_hidden: int = 0
    inputs_unanswered: int = 0

    @property
    def co_creation_until(self) -> datetime.date:
        """The day the co-creation requirements are judged on: submission, or today."""
        return self.plan.submitted_on or self.today

    @property
    def is_in_co_creation(self) -> bool:
        return self.plan.status == PlanStatus.CO_CREATION

    @property
    def is_implementing(self) -> bool:
        return self.plan.status in (PlanStatus.IMPLEMENTATION, PlanStatus.ENDED)

    def steps_of(self, kind: str) -> list:
        return [step for step in self.steps if step.kind == kind]

    def member_url(self, anchor: str) -> str:
        return f"{self.member.get_absolute_url()}#{anchor}"

    def consultation_url(self) -> str:
        return reverse("commitments:consultation", args=[self.member.slug, self.plan.pk])


def plan_record(plan: ActionPlan, today: datetime.date | None = None) -> PlanRecord:
    member = plan.member
    forum = MultiStakeholderForum.objects.filter(member=member).first()
    seats: dict[str, int] = {}
    meetings: list[ForumMeeting] = []
    if forum is not None:
        seats = dict(
            ForumSeat.objects.current()
            .filter(forum=forum)
            .values_list("sector")
            .annotate(n=Count("pk"))
            .values_list("sector", "n")
        )
        meetings = list(forum.meetings.order_by("held_on"))
    documents = member.documents.all()
    consultation = PublicConsultation.objects.filter(plan=plan).first()
    record = PlanRecord(
        plan=plan,
        member=member,
        today=today or timezone.localdate(),
        forum=forum,
        seats_by_sector=seats,
        meetings=meetings,
        document_dates=sorted(documents.values_list("published_on", flat=True)),
        reasoned_response_documents=documents.filter(
            plan=plan, kind=DocumentKind.REASONED_RESPONSE
        ).count(),
        steps=list(plan.cocreation_steps.all()),
        consultation=consultation,
    )
    if consultation is not None:
        counts = consultation.inputs.aggregate(
            inputs=Count("pk"),
            hidden=Count("pk", filter=Q(hidden_at__isnull=False)),
            unanswered=Count("pk", filter=Q(hidden_at__isnull=True, response__isnull=True)),
        )
        record.inputs = counts["inputs"]
        record.inputs_hidden = counts["hidden"]
        record.inputs_unanswered = counts["unanswered"]
    return record
