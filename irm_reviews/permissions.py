"""Only IRM staff write assessments, and only while the report is not yet published."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from commitments.permissions import is_irm_staff

from .models import CycleState, ReviewCycle


def can_assess(user, cycle: ReviewCycle) -> bool:
    return is_irm_staff(user) and cycle.state != CycleState.PUBLISHED


def check_can_assess(user, cycle: ReviewCycle) -> None:
    if not is_irm_staff(user):
        raise PermissionDenied(_("Only IRM staff may file assessments."))
    if cycle.state == CycleState.PUBLISHED:
        raise PermissionDenied(_("This IRM report is published; its assessments are final."))
