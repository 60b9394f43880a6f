"""Who may write what about a commitment. The browser, the API and bulk uploads ask these
predicates; nothing else decides.

- Government officials and points of contact of a member implement its commitments: they
  write the government self-assessment of progress and set milestone completion.
- Civil society holding a seat in the member's multi-stakeholder forum write the civil
  society view of progress (the shadow report) for that member's commitments.
- IRM staff write the IRM's view of progress (and, in irm_reviews, assessments) for any member.
- Progress is written on a published commitment of a submitted, implemented or ended plan
  (PROGRESS_PLAN_STATUSES), never while the plan is in co-creation; an update is edited by its
  author only. The three sources never write over each other: each is its own row.
Support Unit staff and everyone else write nothing here. An API token acts as its user, so it
never grants more than the user has.

Co-creating the text of a commitment (drafting.py): the forum members of the member, of both
sectors (members.permissions.is_forum_member_of), create and edit draft commitments while the
plan is in co-creation, and comment on them; nobody edits a submitted plan's text.

The public consultation (consultation.py): the member's point of contact opens it on a plan in
co-creation, and edits its introduction and dates or closes it early until it has closed;
while it is open any signed-in person gives input; the government side (point of contact and
officials) gives each input its reasoned response; a forum member hides an abusive input,
which stays visible to its author and the forum, never to the public.

Who sees drafts is who sees the member's work in progress (members.permissions, where the
roles and the current forum seat are defined). `access_commitment` fetches and authorises in
one call, as pages need.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan, PlanStatus
from core.ids import parse_id
from members.permissions import (
    holds_current_forum_seat,
    is_active_user,
    is_forum_member_of,
    is_government_of,
    is_irm_staff,
    is_point_of_contact_of,
    is_support_unit,
    sees_work_in_progress_of,
)

from .models import (
    Commitment,
    ConsultationInput,
    Milestone,
    ProgressSource,
    ProgressUpdate,
    PublicationState,
    PublicConsultation,
)


def is_implementer(user, commitment: Commitment) -> bool:
    return is_government_of(user, commitment.plan.member_id)


def is_forum_civil_society(user, commitment: Commitment) -> bool:
    return holds_current_forum_seat(user, commitment.plan.member_id)


# Progress is reported once a plan is submitted: during implementation, and after it ends for
# the end-of-term self-assessment and the IRM's Results Report. Not while the text is still
# being co-created, nor on a withdrawn plan.
PROGRESS_PLAN_STATUSES = frozenset(
    {PlanStatus.SUBMITTED, PlanStatus.IMPLEMENTATION, PlanStatus.ENDED}
)


def is_open_for_progress(commitment: Commitment) -> bool:
    return (
        commitment.publication_state == Commitment.PublicationState.PUBLISHED
        and commitment.plan.status in PROGRESS_PLAN_STATUSES
    )


def progress_sources_for(user, commitment: Commitment) -> list[str]:
    """The progress sources this user may write for this commitment (often none)."""
    if not is_open_for_progress(commitment):
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


def progress_refusal_reason(commitment: Commitment) -> str:
    """Why nobody may report progress on this commitment now ('' when progress is open)."""
    if is_open_for_progress(commitment):
        return ""
    if commitment.plan.status == PlanStatus.CO_CREATION:
        return _(
            "The action plan is still in co-creation: progress is reported once the plan is "
            "submitted."
        )
    if commitment.plan.status == PlanStatus.WITHDRAWN:
        return _("The action plan was withdrawn: no progress is reported on it.")
    return _("This commitment is a draft: progress is reported once it is published.")


def check_can_report_progress(user, commitment: Commitment, source: str) -> None:
    if not is_open_for_progress(commitment):
        raise PermissionDenied(progress_refusal_reason(commitment))
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


def can_edit_progress_update(user, update: ProgressUpdate) -> bool:
    """Its author edits a progress update, while they may still report that source there."""
    return (
        update.author_id is not None
        and update.author_id == getattr(user, "pk", None)
        and can_report_progress(user, update.commitment, update.source)
    )


def check_can_edit_progress_update(user, update: ProgressUpdate) -> None:
    if not can_edit_progress_update(user, update):
        raise PermissionDenied(_("Only its author may edit this progress update."))


def can_update_milestone(user, milestone: Milestone) -> bool:
    return is_implementer(user, milestone.commitment)


def check_can_update_milestone(user, milestone: Milestone) -> None:
    if not can_update_milestone(user, milestone):
        raise PermissionDenied(
            _("Only the implementing government may update this milestone's status.")
        )


def can_see_draft_commitments(user, member_id: int) -> bool:
    """Draft commitments are a plan's work in co-creation: those who see the member's work in
    progress see them (members.permissions.sees_work_in_progress_of); the public does not."""
    return sees_work_in_progress_of(user, member_id)


def can_see_commitment(user, commitment: Commitment) -> bool:
    return commitment.publication_state == Commitment.PublicationState.PUBLISHED or (
        can_see_draft_commitments(user, commitment.plan.member_id)
    )


def access_commitment(user, commitments: QuerySet[Commitment], ref: str) -> Commitment:
    """The commitment with OGP id `ref` (or primary key, when `ref` is a number) among
    `commitments`, if this user may see it. Http404 otherwise, with the same message whether
    it is unknown or a draft the user may not see."""
    pk = parse_id(ref)
    lookup: dict[str, int | str] = {"pk": pk} if pk is not None else {"ogp_id__iexact": ref}
    commitment = commitments.select_related("plan").filter(**lookup).first()
    if commitment is None or not can_see_commitment(user, commitment):
        raise Http404(_("No commitment %(ref)s.") % {"ref": ref})
    return commitment


def can_create_commitment(user, plan: ActionPlan) -> bool:
    """Forum members of the plan's member draft its commitments while it is in co-creation."""
    return plan.status == PlanStatus.CO_CREATION and is_forum_member_of(user, plan.member_id)


def _check_in_co_creation(plan: ActionPlan) -> None:
    if plan.status != PlanStatus.CO_CREATION:
        raise PermissionDenied(
            _(
                "This action plan is no longer in co-creation (it is %(status)s): the text of "
                "its commitments is final and can no longer be changed."
            )
            % {"status": plan.get_status_display().lower()}
        )


def check_can_create_commitment(user, plan: ActionPlan) -> None:
    if not can_create_commitment(user, plan):
        _check_in_co_creation(plan)
        raise PermissionDenied(
            _("Only the forum's members draft commitments, while the plan is in co-creation.")
        )


def can_edit_commitment(user, commitment: Commitment) -> bool:
    """Forum members edit a draft commitment while its plan is in co-creation; a submitted
    plan's text is final."""
    return commitment.publication_state == PublicationState.DRAFT and can_create_commitment(
        user, commitment.plan
    )


def check_can_edit_commitment(user, commitment: Commitment) -> None:
    if not can_edit_commitment(user, commitment):
        _check_in_co_creation(commitment.plan)
        raise PermissionDenied(
            _("Only the forum's members edit a draft commitment, while the plan is in co-creation.")
        )


def can_see_comments(user, commitment: Commitment) -> bool:
    """The comments on a draft are the forum's own conversation."""
    return is_forum_member_of(user, commitment.plan.member_id)


def can_comment(user, commitment: Commitment) -> bool:
    return commitment.publication_state == PublicationState.DRAFT and can_see_comments(
        user, commitment
    )


def check_can_comment(user, commitment: Commitment) -> None:
    if not can_comment(user, commitment):
        raise PermissionDenied(_("Only the forum's members comment on a draft commitment."))


def can_open_consultation(user, plan: ActionPlan) -> bool:
    """The point of contact opens the one public consultation of a plan in co-creation."""
    return (
        plan.status == PlanStatus.CO_CREATION
        and is_point_of_contact_of(user, plan.member_id)
        and not PublicConsultation.objects.filter(plan=plan).exists()
    )


def check_can_open_consultation(user, plan: ActionPlan) -> None:
    if not can_open_consultation(user, plan):
        raise PermissionDenied(
            _(
                "Only the point of contact opens the public consultation, once, while the plan "
                "is in co-creation."
            )
        )


def can_edit_consultation(user, consultation: PublicConsultation) -> bool:
    """The point of contact edits the introduction and the dates, and closes the consultation
    early, until it has closed, while the plan is in co-creation."""
    plan = consultation.plan
    return (
        plan.status == PlanStatus.CO_CREATION
        and is_point_of_contact_of(user, plan.member_id)
        and not consultation.has_closed
    )


def check_can_edit_consultation(user, consultation: PublicConsultation) -> None:
    if not can_edit_consultation(user, consultation):
        raise PermissionDenied(
            _(
                "Only the point of contact changes the public consultation, until it has "
                "closed, while the plan is in co-creation."
            )
        )


def can_close_consultation(user, consultation: PublicConsultation) -> bool:
    """An open consultation (not one still to open) may be closed before its closing date."""
    return consultation.is_open and can_edit_consultation(user, consultation)


def check_can_close_consultation(user, consultation: PublicConsultation) -> None:
    check_can_edit_consultation(user, consultation)
    if not can_close_consultation(user, consultation):
        raise PermissionDenied(_("Only an open consultation can be closed early."))


def can_give_input(user, consultation: PublicConsultation) -> bool:
    """Any signed-in person, while the consultation is open."""
    return (
        is_active_user(user)
        and consultation.plan.status == PlanStatus.CO_CREATION
        and consultation.is_open
    )


def check_can_give_input(user, consultation: PublicConsultation) -> None:
    if not can_give_input(user, consultation):
        raise PermissionDenied(
            _("Input is taken from signed-in people while the consultation is open.")
        )


def can_respond_to_inputs(user, consultation: PublicConsultation) -> bool:
    """The government side of the member (point of contact, officials) answers every input,
    while the plan is in co-creation."""
    plan = consultation.plan
    return plan.status == PlanStatus.CO_CREATION and is_government_of(user, plan.member_id)


def can_respond_to_input(user, consultation_input: ConsultationInput) -> bool:
    return can_respond_to_inputs(user, consultation_input.consultation)


def check_can_respond_to_input(user, consultation_input: ConsultationInput) -> None:
    if not can_respond_to_input(user, consultation_input):
        raise PermissionDenied(_("Only the member's government gives the reasoned response."))


def can_moderate_inputs(user, consultation: PublicConsultation) -> bool:
    """The forum's members moderate the input: they hide abusive input."""
    return is_forum_member_of(user, consultation.plan.member_id)


def can_hide_input(user, consultation_input: ConsultationInput) -> bool:
    """An input is hidden once, by a forum member."""
    return not consultation_input.is_hidden and can_moderate_inputs(
        user, consultation_input.consultation
    )


def check_can_hide_input(user, consultation_input: ConsultationInput) -> None:
    if not can_hide_input(user, consultation_input):
        raise PermissionDenied(_("Only the forum's members hide input, and only once."))


def sees_hidden_inputs(user, consultation: PublicConsultation) -> bool:
    """The forum sees every hidden input with its reason; the public sees none."""
    return is_forum_member_of(user, consultation.plan.member_id)


def can_see_input(user, consultation_input: ConsultationInput) -> bool:
    """A visible input: anyone. A hidden one: its author (who sees why) and the forum."""
    if not consultation_input.is_hidden:
        return True
    if is_active_user(user) and consultation_input.author_id == user.pk:
        return True
    return sees_hidden_inputs(user, consultation_input.consultation)


def can_delete_commitment(user, commitment: Commitment) -> bool:
    """Whoever may edit a draft may delete it (softly: the forum can restore it)."""
    return commitment.deleted_at is None and can_edit_commitment(user, commitment)


def check_can_delete_commitment(user, commitment: Commitment) -> None:
    if not can_delete_commitment(user, commitment):
        raise PermissionDenied(
            _(
                "Only the forum's members delete a draft commitment, while the plan is in "
                "co-creation; a published commitment is withdrawn, not deleted."
            )
        )


def can_restore_deleted_commitment(user, commitment: Commitment) -> bool:
    """The forum's members restore a deleted draft while its plan is still in co-creation."""
    return (
        commitment.deleted_at is not None
        and commitment.publication_state == PublicationState.DRAFT
        and can_create_commitment(user, commitment.plan)
    )


def check_can_restore_deleted_commitment(user, commitment: Commitment) -> None:
    if not can_restore_deleted_commitment(user, commitment):
        raise PermissionDenied(
            _("Only the forum's members restore a deleted draft, while the plan is in co-creation.")
        )


def can_withdraw_commitment(user, commitment: Commitment) -> bool:
    """A published commitment is withdrawn (never deleted) by the OGP Support Unit or the
    member's point of contact, once."""
    return (
        commitment.publication_state == PublicationState.PUBLISHED
        and commitment.withdrawn_at is None
        and (is_support_unit(user) or is_point_of_contact_of(user, commitment.plan.member_id))
    )


def check_can_withdraw_commitment(user, commitment: Commitment) -> None:
    if not can_withdraw_commitment(user, commitment):
        raise PermissionDenied(
            _(
                "Only the OGP Support Unit or the member's point of contact withdraw a published "
                "commitment."
            )
        )
