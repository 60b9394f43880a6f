"""Reads of IRM review cycles."""

import datetime

from django.db.models import QuerySet

from members.models import Role, User

from .models import CycleState, ReviewCycle

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
