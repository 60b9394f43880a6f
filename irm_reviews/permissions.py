"""Who sees and who writes the IRM's reviews.

- The Support Unit assigns IRM researchers to a review (`can_assign_researchers`); only the
  researchers assigned to it and the Support Unit edit it: its assessments, clusters and state
  (`can_assess`). The API, the site's pages and the services all ask these predicates.
- A published report's assessments are final (`is_report_final`), whoever writes, the admin
  included.
- Work in progress on a report (its narrative, assessments and assignments before publication)
  is seen by IRM staff, the Support Unit and administrators only. This is narrower, on
  purpose, than who sees draft commitments (members.permissions.sees_work_in_progress_of,
  which adds the member's own government and civil society): OGP's process does share the
  IRM's pre-publication draft with the government and the forum, but outside the portal.
  Widening it is a decision for the IRM, not a refactoring.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from members.permissions import (
    is_active_user,
    is_administrator,
    is_forum_member_of,
    is_irm_staff,
    is_point_of_contact_of,
    is_support_unit,
)

from .models import CycleState, ReviewCycle


def is_report_final(cycle: ReviewCycle) -> bool:
    return cycle.state == CycleState.PUBLISHED


def report_final_message() -> str:
    return _("This IRM report is published; its assessments are final.")


def can_file_assessments(user) -> bool:
    """Whether the user works on IRM reviews at all, before any review is named: IRM
    researchers (on the reviews assigned to them) and the Support Unit."""
    return is_irm_staff(user) or is_support_unit(user)


def is_assigned_to(user, cycle: ReviewCycle) -> bool:
    """An IRM researcher whom the Support Unit assigned to this review. Uses the cycle's
    prefetched `assignments` when a selector loaded them."""
    if not is_irm_staff(user):
        return False
    cache = getattr(cycle, "_prefetched_objects_cache", {})
    if "assignments" in cache:
        return any(assignment.researcher_id == user.pk for assignment in cache["assignments"])
    return cycle.assignments.filter(researcher_id=user.pk).exists()


def can_edit_review(user, cycle: ReviewCycle) -> bool:
    """The review's assigned researchers and the Support Unit, whatever its state."""
    return is_support_unit(user) or is_assigned_to(user, cycle)


def can_assess(user, cycle: ReviewCycle) -> bool:
    """Who may write the review's assessments, clusters and state now."""
    return can_edit_review(user, cycle) and not is_report_final(cycle)


def check_can_assess(user, cycle: ReviewCycle) -> None:
    if can_assess(user, cycle):
        return
    if not can_edit_review(user, cycle):
        raise PermissionDenied(
            _("Only the IRM researchers assigned to this review and the Support Unit may edit it.")
        )
    raise PermissionDenied(report_final_message())


def check_report_not_final(cycle: ReviewCycle) -> None:
    if is_report_final(cycle):
        raise PermissionDenied(report_final_message())


def can_assign_researchers(user) -> bool:
    """The Support Unit assigns IRM researchers to reviews, and takes them off."""
    return is_support_unit(user)


def check_can_assign_researchers(user) -> None:
    if not can_assign_researchers(user):
        raise PermissionDenied(_("Only the OGP Support Unit assigns IRM researchers to reviews."))


def can_see_unpublished_reviews(user) -> bool:
    return is_irm_staff(user) or is_support_unit(user) or is_administrator(user)


def can_record_standards_findings(user, cycle: ReviewCycle) -> bool:
    """The IRM records its own finding on the co-creation standards in the plan's review, as it
    files assessments: until the report is published."""
    return can_assess(user, cycle)


def check_can_record_standards_findings(user, cycle: ReviewCycle) -> None:
    check_can_assess(user, cycle)


def can_see_standards_findings(user, cycle: ReviewCycle) -> bool:
    """Like the report's assessments: public once published, before that IRM staff only."""
    return is_report_final(cycle) or can_see_unpublished_reviews(user)
    return is_irm_staff(user) or is_administrator(user)


# Pre-publication and public comment (OGP's comment periods on a draft report), and errata.
COMMENT_PERIODS = (CycleState.PRE_PUBLICATION, CycleState.PUBLIC_COMMENT)


def is_in_comment_period(cycle: ReviewCycle) -> bool:
    return cycle.state in COMMENT_PERIODS


def can_comment_on_review(user, cycle: ReviewCycle) -> bool:
    """In pre-publication, the member's point of contact and forum members comment on the
    draft; in public comment, anyone signed in. The IRM answers rather than comments."""
    if not is_active_user(user) or is_irm_staff(user):
        return False
    if cycle.state == CycleState.PRE_PUBLICATION:
        member_id = cycle.plan.member_id
        return is_point_of_contact_of(user, member_id) or is_forum_member_of(user, member_id)
    return cycle.state == CycleState.PUBLIC_COMMENT


def check_can_comment_on_review(user, cycle: ReviewCycle) -> None:
    if can_comment_on_review(user, cycle):
        return
    if not is_in_comment_period(cycle):
        raise PermissionDenied(_("This IRM report is not open for comment."))
    if cycle.state == CycleState.PRE_PUBLICATION:
        raise PermissionDenied(
            _(
                "In pre-publication, only the member's point of contact and its forum "
                "comment on the draft report."
            )
        )
    raise PermissionDenied(_("Sign in to comment on the draft report."))


def can_see_review_draft(user, cycle: ReviewCycle) -> bool:
    """A published report, its comments and answers are public. Before publication, the
    draft's assessments and its comments are for those who may comment now and the IRM."""
    if is_report_final(cycle):
        return True
    return (
        can_see_unpublished_reviews(user)
        or can_assess(user, cycle)
        or can_comment_on_review(user, cycle)
    )


def can_answer_review_comment(user, cycle: ReviewCycle) -> bool:
    """The researcher answers comments (and may revise the assessments) while the report is in
    a comment period."""
    return is_in_comment_period(cycle) and can_assess(user, cycle)


def check_can_answer_review_comment(user, cycle: ReviewCycle) -> None:
    if can_answer_review_comment(user, cycle):
        return
    if not is_in_comment_period(cycle):
        raise PermissionDenied(_("Comments are answered while the report is open for comment."))
    raise PermissionDenied(_("Only the IRM researcher of this report answers its comments."))


def can_edit_review_comment(user, comment, *, may_comment: bool | None = None) -> bool:
    """Authors edit their own comment while the period is open and it has no answer yet.
    `may_comment` is can_comment_on_review(user, comment.cycle) when the caller knows it."""
    if may_comment is None:
        may_comment = can_comment_on_review(user, comment.cycle)
    return (
        comment.author_id is not None
        and comment.author_id == getattr(user, "pk", None)
        and not comment.answer
        and may_comment
    )


def check_can_edit_review_comment(user, comment) -> None:
    if not can_edit_review_comment(user, comment):
        raise PermissionDenied(
            _(
                "Only its author edits a comment, before it is answered and while the period is open."
            )
        )


def can_record_erratum(user, cycle: ReviewCycle) -> bool:
    """Once a report is published its assessments are final; those who edited it (its
    assigned researchers and the Support Unit) correct them with errata."""
    return is_report_final(cycle) and is_active_user(user) and can_edit_review(user, cycle)


def check_can_record_erratum(user, cycle: ReviewCycle) -> None:
    if can_record_erratum(user, cycle):
        return
    if not is_report_final(cycle):
        raise PermissionDenied(
            _("Errata correct published reports; revise the draft's assessment instead.")
        )
    raise PermissionDenied(_("Only the IRM and the Support Unit record errata."))
