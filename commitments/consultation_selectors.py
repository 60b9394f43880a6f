"""Reads of the public consultation: the plan's consultation, the input a person may see with
its response, and the counts the plan page shows. Who sees a hidden input is
commitments.permissions."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from action_plans.models import ActionPlan

from .models import ConsultationInput, ConsultationText, PublicConsultation
from .permissions import sees_hidden_inputs


def plan_get_for_consultation(member_slug: str, pk: int) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.select_related("member"), pk=pk, member__slug=member_slug
    )


def consultation_for_plan(plan: ActionPlan) -> PublicConsultation | None:
    consultation = PublicConsultation.objects.filter(plan=plan).first()
    if consultation is not None:
        consultation.plan = plan
    return consultation


def consultation_input_list_for(user, consultation: PublicConsultation) -> QuerySet:
    """The inputs this person sees, oldest first, with their author, commitment, response and
    moderation: every visible input, and hidden ones to the forum (all) and to their author
    (theirs). A constant number of queries."""
    inputs = consultation.inputs.select_related(
        "author", "commitment", "hidden_by", "response__responded_by"
    )
    if not sees_hidden_inputs(user, consultation):
        visible = Q(hidden_at__isnull=True)
        if user.is_authenticated:
            visible |= Q(author=user)
        inputs = inputs.filter(visible)
    return inputs.order_by("submitted_at", "pk")


def consultation_input_get(consultation: PublicConsultation, pk: int) -> ConsultationInput:
    input_ = get_object_or_404(
        ConsultationInput.objects.select_related("author", "commitment", "response"),
        pk=pk,
        consultation=consultation,
    )
    input_.consultation = consultation
    return input_


def consultation_text_list(consultation: PublicConsultation) -> QuerySet[ConsultationText]:
    return consultation.texts.select_related("commitment").order_by(
        "commitment__position", "commitment_id"
    )


@dataclass(frozen=True)
class ConsultationSummary:
    """What the plan page says of its consultation."""

    consultation: PublicConsultation | None
    received: int = 0
    answered: int = 0
    hidden: int = 0
    answered_visible: int = 0

    @property
    def awaiting_response(self) -> int:
        return self.received - self.hidden - self.answered_visible


def consultation_summary(plan: ActionPlan) -> ConsultationSummary:
    """The plan's consultation with the inputs received, answered and hidden; two queries."""
    consultation = consultation_for_plan(plan)
    if consultation is None:
        return ConsultationSummary(None)
    counts = consultation.inputs.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(response__isnull=False)),
        hidden=Count("pk", filter=Q(hidden_at__isnull=False)),
        answered_visible=Count("pk", filter=Q(response__isnull=False, hidden_at__isnull=True)),
    )
    return ConsultationSummary(consultation, **counts)
