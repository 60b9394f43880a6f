"""Who may write what about a commitment. The browser, the API and bulk uploads ask these
predicates; nothing else decides.

- Government officials and points of contact of a member implement its commitments: they
  write the government self-assessment of progress and set milestone completion.
- Civil society holding a seat in the member's multi-stakeholder forum write the civil
  society view of progress (the shadow report) for that member's commitments.
- IRM staff write the IRM's view of progress (and, in irm_reviews, assessments) for any member.
Support Unit staff and everyone else write nothing here. An API token acts as its user, so it
never grants more than the user has.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from members.models import ForumSeat, Role

from .models import Commitment, Milestone, ProgressSource

GOVERNMENT_ROLES = frozenset({Role.POINT_OF_CONTACT, Role.GOVERNMENT_OFFICIAL})


def is_implementer(user, commitment: Commitment) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role in GOVERNMENT_ROLES
        and user.member_id is not None
        and user.member_id == commitment.plan.member_id
    )


def is_forum_civil_society(user, commitment: Commitment) -> bool:
    if not (
        user.is_authenticated
        and user.is_active
        and user.role == Role.CIVIL_SOCIETY
        and user.member_id == commitment.plan.member_id
    ):
        return False
    return ForumSeat.objects.filter(
        user=user, forum__member_id=user.member_id, left_on__isnull=True
    ).exists()


def is_irm_staff(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.IRM_STAFF


def progress_sources_for(user, commitment: Commitment) -> list[str]:
    """The progress sources this user may write for this commitment (often none)."""
    if not commitment.publication_state == Commitment.PublicationState.PUBLISHED:
        return []
    sources: list[str] = []
    if is_implementer(user, commitment):
        sources.append(ProgressSource.GOVERNMENT)
    if is_forum_civil_society(user, commitment):
        sources.append(ProgressSource.CIVIL_SOCIETY)
    if is_irm_staff(user):
        sources.append(ProgressSource.IRM)
    return sources


def can_report_progress(user, commitment: Commitment, source: str) -> bool:
    return source in progress_sources_for(user, commitment)


def check_can_report_progress(user, commitment: Commitment, source: str) -> None:
    if not can_report_progress(user, commitment, source):
        raise PermissionDenied(
            _("You may not report %(source)s progress on commitment %(commitment)s.")
            % {
                "source": ProgressSource(source).label
                if source in ProgressSource.values
                else source,
                "commitment": commitment.ogp_id or commitment.pk,
            }
        )


def can_update_milestone(user, milestone: Milestone) -> bool:
    return is_implementer(user, milestone.commitment)


def check_can_update_milestone(user, milestone: Milestone) -> None:
    if not can_update_milestone(user, milestone):
        raise PermissionDenied(
            _("Only the implementing government may update this milestone's status.")
        )


DRAFT_READER_ROLES = frozenset({*GOVERNMENT_ROLES, Role.CIVIL_SOCIETY})


def can_see_draft_commitments(user, member_id: int) -> bool:
    """Draft commitments are a plan's work in co-creation: the member's own government and
    civil society users, IRM and Support Unit staff and admins see them; the public does not."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff or user.role in (Role.IRM_STAFF, Role.SUPPORT_UNIT):
        return True
    return user.role in DRAFT_READER_ROLES and user.member_id == member_id
