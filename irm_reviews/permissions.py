"""Who sees and who writes the IRM's reviews.

- The Support Unit assigns IRM researchers to a review (`can_assign_researchers`); only the
  researchers assigned to it and the Support Unit edit it: its assessments, clusters and state
  (`can_assess`). The API, the site's pages and the services all ask these predicates.
- A published report's assessments are final (`is_report_final`), whoever writes, the admin
  included.
- Work in progress on a report in the IRM's workspace and the API (its narrative, assessments
  and assignments before publication) is seen by IRM staff, the Support Unit and
  administrators (`can_see_unpublished_reviews`).
- The draft on the review's page and the comments on it (pages and API alike) follow OGP's
  comment periods (`review_drafts_readable_by`): in pre-publication the member's government
  side and forum read and comment, in public comment anyone signed in; before publication
  only the review's assigned researchers, the Support Unit and administrators read it
  otherwise. Comments are taken until the period's last day (`is_comment_period_open`).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.timezones import local_date
from members.models import ForumSeat
from members.permissions import (
    GOVERNMENT_ROLES,
    is_active_user,
    is_administrator,
    is_forum_member_of,
    is_irm_staff,
    is_point_of_contact_of,
    is_support_unit,
)

from .models import CycleState, ReviewAssignment, ReviewCycle


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


# Pre-publication and public comment (OGP's comment periods on a draft report), and errata.
COMMENT_PERIODS = (CycleState.PRE_PUBLICATION, CycleState.PUBLIC_COMMENT)


def is_in_comment_period(cycle: ReviewCycle) -> bool:
    return cycle.state in COMMENT_PERIODS


def is_comment_period_open(cycle: ReviewCycle, today: datetime.date | None = None) -> bool:
    """The one rule of whether a report takes comments now: it is in a comment period and the
    period's last day (`comment_period_closes_on`, on the member's local calendar) has not
    passed. A period without a last day stays open until the IRM moves the report on.
    `today` defaults to the member's local date (the cycle's plan and member loaded)."""
    if not is_in_comment_period(cycle):
        return False
    closes_on = cycle.comment_period_closes_on
    if closes_on is None:
        return True
    if today is None:
        today = local_date(cycle.plan.member.time_zone, timezone.now())
    return today <= closes_on


def check_comment_period_open(cycle: ReviewCycle, today: datetime.date | None = None) -> None:
    """A closed period is a refusal of the data (ValidationError naming
    `comment_period_closes_on`), shown beside the form or as a 400 naming the field."""
    if is_comment_period_open(cycle, today):
        return
    closes_on = cycle.comment_period_closes_on
    if not is_in_comment_period(cycle) or closes_on is None:
        raise PermissionDenied(_("This IRM report is not open for comment."))
    raise ValidationError(
        {
            "comment_period_closes_on": _(
                "The comment period on this report closed on %(date)s; nothing was stored."
            )
            % {"date": date_format(closes_on, "DATE_FORMAT")}
        }
    )


def is_commenter_on_review(user, cycle: ReviewCycle) -> bool:
    """Who comments in the report's current period, whatever the day: in pre-publication, the
    member's point of contact and forum members; in public comment, anyone signed in. The IRM
    answers rather than comments."""
    if not is_active_user(user) or is_irm_staff(user):
        return False
    if cycle.state == CycleState.PRE_PUBLICATION:
        member_id = cycle.plan.member_id
        return is_point_of_contact_of(user, member_id) or is_forum_member_of(user, member_id)
    return cycle.state == CycleState.PUBLIC_COMMENT


def can_comment_on_review(user, cycle: ReviewCycle) -> bool:
    """A commenter of the current period (is_commenter_on_review) while it is open
    (is_comment_period_open)."""
    return is_commenter_on_review(user, cycle) and is_comment_period_open(cycle)


def check_can_comment_on_review(user, cycle: ReviewCycle) -> None:
    """PermissionDenied for someone who does not comment now; ValidationError naming
    `comment_period_closes_on` once the period's last day has passed."""
    if not is_commenter_on_review(user, cycle):
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
    check_comment_period_open(cycle)


def review_drafts_readable_by(user) -> Q:
    """The reviews (a condition on ReviewCycle) whose draft, assessments and comments the user
    reads: published ones, for everyone; before publication, the review's assigned researchers,
    the Support Unit and administrators; in pre-publication also the member's government side
    and whoever holds a current seat in its forum (is_forum_member_of); in public comment anyone
    signed in. Other IRM researchers do not read the comments of reviews they are not assigned
    to before the public does. The one rule for the review's page (can_see_review_draft) and the
    API's lists."""
    readable = Q(state=CycleState.PUBLISHED)
    if is_support_unit(user) or is_administrator(user):
        return Q()
    if not is_active_user(user):
        return readable
    readable |= Q(state=CycleState.PUBLIC_COMMENT)
    if is_irm_staff(user):
        assigned = ReviewAssignment.objects.filter(researcher_id=user.pk).values("cycle_id")
        readable |= Q(pk__in=assigned)
    forum_members = Q(
        plan__member_id__in=ForumSeat.objects.current().filter(user=user).values("forum__member_id")
    )
    if user.role in GOVERNMENT_ROLES and user.member_id is not None:
        forum_members |= Q(plan__member_id=user.member_id)
    return readable | (Q(state=CycleState.PRE_PUBLICATION) & forum_members)


def can_see_review_draft(user, cycle: ReviewCycle) -> bool:
    """A published report, its comments and answers are public. Before publication,
    review_drafts_readable_by says who reads the draft (one query)."""
    if is_report_final(cycle):
        return True
    return ReviewCycle.objects.filter(review_drafts_readable_by(user), pk=cycle.pk).exists()


def can_answer_review_comment(user, cycle: ReviewCycle) -> bool:
    """The researcher answers comments (and may revise the assessments) while the report is in
    a comment period, also after its last day for comments."""
    return is_in_comment_period(cycle) and can_assess(user, cycle)


def check_can_answer_review_comment(user, cycle: ReviewCycle) -> None:
    if can_answer_review_comment(user, cycle):
        return
    if not is_in_comment_period(cycle):
        raise PermissionDenied(_("Comments are answered while the report is open for comment."))
    raise PermissionDenied(_("Only the IRM researcher of this report answers its comments."))


def is_own_unanswered_comment(user, comment) -> bool:
    """The comment's author, still a commenter of the report's period, before the IRM answers;
    whether the period is still open is is_comment_period_open's question."""
    return (
        comment.author_id is not None
        and comment.author_id == getattr(user, "pk", None)
        and not comment.answer
        and is_commenter_on_review(user, comment.cycle)
    )


def can_edit_review_comment(user, comment, *, may_comment: bool | None = None) -> bool:
    """Authors edit their own comment while the period is open and it has no answer yet.
    `may_comment` is can_comment_on_review(user, comment.cycle) when the caller knows it."""
    if may_comment is None:
        return is_own_unanswered_comment(user, comment) and is_comment_period_open(comment.cycle)
    return (
        may_comment
        and comment.author_id is not None
        and comment.author_id == getattr(user, "pk", None)
        and not comment.answer
    )


def check_can_edit_review_comment(user, comment) -> None:
    if not is_own_unanswered_comment(user, comment):
        raise PermissionDenied(
            _(
                "Only its author edits a comment, before it is answered and while the period is open."
            )
        )
    check_comment_period_open(comment.cycle)


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
