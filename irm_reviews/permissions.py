"""Who sees and who writes the IRM's reviews.

- Only IRM staff file assessments, and only while the report is not published: a published
  report's assessments are final (`is_report_final`), whoever writes, the admin included.
- Work in progress on a report (its narrative and assessments before publication) is seen by
  IRM staff and administrators only. This is narrower, on purpose, than who sees draft
  commitments (members.permissions.sees_work_in_progress_of, which adds the Support Unit and
  the member's own government and civil society): OGP's process does share the IRM's
  pre-publication draft with the government and the forum, but outside the portal, and the
  portal's documentation (docs/api.md) promises unpublished assessments to IRM staff only.
  Widening it is a decision for the IRM, not a refactoring.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from members.permissions import is_administrator, is_irm_staff

from .models import CycleState, ReviewCycle


def is_report_final(cycle: ReviewCycle) -> bool:
    return cycle.state == CycleState.PUBLISHED


def report_final_message() -> str:
    return _("This IRM report is published; its assessments are final.")


def can_file_assessments(user) -> bool:
    """Whether the user files assessments at all, before any report is named."""
    return is_irm_staff(user)


def can_assess(user, cycle: ReviewCycle) -> bool:
    return can_file_assessments(user) and not is_report_final(cycle)


def check_can_assess(user, cycle: ReviewCycle) -> None:
    if can_assess(user, cycle):
        return
    if not can_file_assessments(user):
        raise PermissionDenied(_("Only IRM staff may file assessments."))
    raise PermissionDenied(report_final_message())


def check_report_not_final(cycle: ReviewCycle) -> None:
    if is_report_final(cycle):
        raise PermissionDenied(report_final_message())


def can_see_unpublished_reviews(user) -> bool:
    return is_irm_staff(user) or is_administrator(user)


def can_record_standards_findings(user, cycle: ReviewCycle) -> bool:
    """The IRM records its own finding on the co-creation standards in the plan's review, as it
    files assessments: until the report is published."""
    return can_assess(user, cycle)


def check_can_record_standards_findings(user, cycle: ReviewCycle) -> None:
    check_can_assess(user, cycle)


def can_see_standards_findings(user, cycle: ReviewCycle) -> bool:
    """Like the report's assessments: public once published, before that IRM staff only."""
    return is_report_final(cycle) or can_see_unpublished_reviews(user)
