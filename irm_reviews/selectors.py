"""Reads of IRM review cycles."""

import datetime

from django.db.models import Case, CharField, F, QuerySet, Value, When

from commitments.models import PublicationState
from members.models import Role, User

from .models import CommitmentAssessment, CycleState, ReviewCycle

UNPUBLISHED_STATES = [
    CycleState.SCHEDULED,
    CycleState.OPEN,
    CycleState.PRE_PUBLICATION,
    CycleState.PUBLIC_COMMENT,
]


def review_cycles_due_between(start: datetime.date, end: datetime.date) -> QuerySet[ReviewCycle]:
    """Unpublished IRM reports whose due date falls between start and end."""
    return ReviewCycle.objects.filter(
        state__in=UNPUBLISHED_STATES, due_on__gte=start, due_on__lte=end
    ).select_related("plan__member")


def review_cycles_overdue(today: datetime.date) -> QuerySet[ReviewCycle]:
    """Unpublished IRM reports whose due date has passed."""
    return ReviewCycle.objects.filter(state__in=UNPUBLISHED_STATES, due_on__lt=today)


def irm_staff_recipients() -> QuerySet[User]:
    """IRM staff with an active account and an e-mail address."""
    return User.objects.filter(role=Role.IRM_STAFF, is_active=True).exclude(email="").order_by("pk")


def _once_published(field: str) -> Case:
    return Case(
        When(state=CycleState.PUBLISHED, then=F(field)), default=Value(""), output_field=CharField()
    )


def review_cycle_list_public() -> QuerySet[ReviewCycle]:
    """Every review cycle (the IRM's schedule is public), with `public_report_url` and
    `public_narrative`: the report's address and summary once it is published, blank before."""
    return ReviewCycle.objects.annotate(
        public_report_url=_once_published("report_url"),
        public_narrative=_once_published("narrative"),
    )


def assessment_list_published() -> QuerySet[CommitmentAssessment]:
    """The assessments anyone may read: those in published reports, of published commitments."""
    return CommitmentAssessment.objects.filter(
        cycle__state=CycleState.PUBLISHED,
        commitment__publication_state=PublicationState.PUBLISHED,
    )
