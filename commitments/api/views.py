from django.db import connection, transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from action_plans.models import ActionPlan
from core.api import concurrency
from core.api.concurrency import PreconditionFailed, representation_etag, set_etag
from core.api.idempotency import idempotent_create
from core.api.views import ApiReadViewSet, get_object_by_id_or_key

from .. import drafting, services
from ..filters import CommitmentFilterSet, MilestoneFilterSet, ProgressUpdateFilterSet
from ..models import Milestone
from ..permissions import can_edit_commitment, can_update_milestone
from . import rows, selectors
from .serializers import (
    CommitmentDraftSerializer,
    CommitmentSerializer,
    MilestoneCompletionSerializer,
    MilestoneSerializer,
    MilestoneWriteSerializer,
    ProgressUpdateCreateSerializer,
    ProgressUpdateSerializer,
)

COMMITMENT_REF = OpenApiParameter(
    "id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The commitment's numeric id or its OGP identifier (such as `AL0002`).",
)


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the version the change starts from; 412 when someone saved since.",
)


class DraftWrites:
    """The version check of the API's draft writes: `If-Match` carries the ETag of the detail as
    the client read it (core.api.concurrency: 412 when stale, 428 when required and missing),
    and every write answers with the new ETag."""

    def detail_etag(self, obj) -> str:
        return representation_etag(self.get_serializer(obj).data)  # type: ignore[attr-defined]

    def check_if_match(self, request, obj) -> None:
        concurrency.check_if_match(request, self.detail_etag(obj))

    def with_etag(self, obj, status_code: int = status.HTTP_200_OK) -> Response:
        data = self.get_serializer(obj).data  # type: ignore[attr-defined]
        return set_etag(Response(data, status=status_code))


@extend_schema_view(
    list=extend_schema(summary="List commitments with their milestones", tags=["commitments"]),
    retrieve=extend_schema(
        summary="One commitment, by id or OGP identifier",
        tags=["commitments"],
        parameters=[COMMITMENT_REF],
    ),
)
class CommitmentViewSet(DraftWrites, ApiReadViewSet):
    """Commitments of action plans with their milestones, policy areas and OGP values. The
    public sees published commitments; drafts are shown to those who co-create them, and the
    forum's members create and edit them while the plan is in co-creation."""

    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        queryset = selectors.commitment_api_list(self.request.user)
        if self.action == "retrieve" and connection.vendor == "postgresql":
            # retrieve reads only which commitment it is here; its row comes from commitment_rows.
            return queryset.select_related(None).prefetch_related(None).only("pk")
        return queryset

    def rows_for_ids(self, ids: list[int]) -> list[dict]:
        if connection.vendor != "postgresql":
            return super().rows_for_ids(ids)
        # The ids come from get_queryset(), so they are visible to this user already.
        return rows.commitment_rows(ids)

    def retrieve(self, request, *args, **kwargs) -> Response:
        """The list's row of the commitment: the same bytes as the serializer's (so the same
        ETag that writes compare If-Match with), in a third of the time."""
        if connection.vendor != "postgresql":
            return super().retrieve(request, *args, **kwargs)
        return Response(rows.commitment_rows([self.get_object().pk])[0])

    def get_object(self):
        return get_object_by_id_or_key(self, "ogp_id")

    @extend_schema(
        summary="Draft a commitment in a plan in co-creation (its forum's members)",
        tags=["commitments"],
        request=CommitmentDraftSerializer,
        responses={201: CommitmentSerializer},
    )
    def create(self, request, *args, **kwargs) -> Response:
        """A retried POST with the same `Idempotency-Key` stores one draft."""
        return idempotent_create(request, lambda: self._create(request))

    def _create(self, request) -> Response:
        serializer = CommitmentDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = ActionPlan.objects.filter(pk=serializer.validated_data["plan"]).first()
        if plan is None:
            raise ValidationError({"plan": ["No action plan has this id."]})
        milestones = [
            drafting.MilestoneDraft(**milestone)
            for milestone in serializer.validated_data.get("milestones", [])
        ]
        commitment = drafting.commitment_create(
            user=request.user, plan=plan, values=serializer.draft_values(), milestones=milestones
        )
        return self.with_etag(self.get_queryset().get(pk=commitment.pk), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit a draft commitment (its forum's members, plan in co-creation)",
        tags=["commitments"],
        parameters=[COMMITMENT_REF, IF_MATCH],
        request=CommitmentDraftSerializer(partial=True),
        responses={200: CommitmentSerializer},
    )
    def partial_update(self, request, *args, **kwargs) -> Response:
        commitment = self.get_object()
        self.check_if_match(request, commitment)
        serializer = CommitmentDraftSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "plan" in serializer.validated_data:
            raise ValidationError({"plan": ["A commitment cannot move to another plan."]})
        milestones = None
        if "milestones" in serializer.validated_data:
            milestones = [
                drafting.MilestoneDraft(**milestone)
                for milestone in serializer.validated_data["milestones"]
            ]
        try:
            drafting.commitment_update(
                user=request.user,
                commitment=commitment,
                version=commitment.version,
                values=serializer.draft_values(),
                milestones=milestones,
            )
        except drafting.StaleVersion:
            raise PreconditionFailed() from None
        return self.with_etag(self.get_object())


class CanUpdateMilestone(permissions.BasePermission):
    """Refuses a write before its body is read; the rule is commitments.permissions'."""

    def has_object_permission(self, request, view, obj: Milestone) -> bool:
        return (
            request.method in permissions.SAFE_METHODS
            or can_update_milestone(request.user, obj)
            or can_edit_commitment(request.user, obj.commitment)
        )


@extend_schema_view(
    list=extend_schema(summary="List milestones", tags=["commitments"]),
    retrieve=extend_schema(summary="One milestone", tags=["commitments"]),
    partial_update=extend_schema(
        summary=(
            "Set a milestone's completion (implementing government), or edit a draft's "
            "milestone (its forum's members; send If-Match)"
        ),
        tags=["commitments"],
        parameters=[IF_MATCH],
        request=MilestoneCompletionSerializer,
        responses={200: MilestoneSerializer},
    ),
    create=extend_schema(
        summary="Add a milestone to a draft commitment (its forum's members)",
        tags=["commitments"],
        request=MilestoneWriteSerializer,
        responses={201: MilestoneSerializer},
    ),
    destroy=extend_schema(
        summary="Remove a milestone of a draft commitment (its forum's members; If-Match)",
        tags=["commitments"],
        parameters=[IF_MATCH],
    ),
)
class MilestoneViewSet(DraftWrites, ApiReadViewSet):
    """Milestones of the commitments the user may see. Draft commitments' milestones are
    written by the forum's members; each write is a new version of the commitment."""

    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanUpdateMilestone]

    def get_queryset(self):
        return selectors.milestone_api_list(self.request.user)

    def create(self, request, *args, **kwargs) -> Response:
        """A retried POST with the same `Idempotency-Key` stores one milestone."""
        return idempotent_create(request, lambda: self._create(request))

    def _create(self, request) -> Response:
        serializer = MilestoneWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        commitment = get_object_or_404(
            selectors.commitment_api_list(request.user), pk=data.pop("commitment")
        )
        milestone = drafting.milestone_create(
            user=request.user,
            commitment=commitment,
            version=commitment.version,
            place=data.pop("number", None),
            draft=drafting.MilestoneDraft(**data),
        )
        return self.with_etag(self.get_queryset().get(pk=milestone.pk), status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs) -> Response:
        milestone = self.get_object()
        self.check_if_match(request, milestone)
        try:
            drafting.milestone_delete(
                user=request.user, milestone=milestone, version=milestone.commitment.version
            )
        except drafting.StaleVersion:
            raise PreconditionFailed() from None
        return Response(status=status.HTTP_204_NO_CONTENT)

    def representation(self, pk: int) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    def partial_update(self, request, *args, **kwargs) -> Response:
        """Honours If-Match (core.api.concurrency): the row is locked while its ETag is
        compared and the change written, so of parallel writers with one ETag only the first
        wins and the others get 412."""
        milestone = self.get_object()
        if not {"completion", "completed_on"} & set(request.data):
            return self._draft_update(request, milestone)
        serializer = MilestoneCompletionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            milestone = (
                Milestone.objects.select_for_update()
                .select_related("commitment__plan")
                .get(pk=milestone.pk)
            )
            concurrency.check_if_match(
                request, representation_etag(self.representation(milestone.pk))
            )
            services.milestone_set_completion(
                user=request.user, milestone=milestone, **serializer.validated_data
            )
        return set_etag(Response(self.representation(milestone.pk)))

    def _draft_update(self, request, milestone: Milestone) -> Response:
        self.check_if_match(request, milestone)
        serializer = MilestoneWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if "commitment" in values:
            raise ValidationError(
                {"commitment": ["A milestone cannot move to another commitment."]}
            )
        try:
            drafting.milestone_update(
                user=request.user,
                milestone=milestone,
                version=milestone.commitment.version,
                values=values,
            )
        except drafting.StaleVersion:
            raise PreconditionFailed() from None
        return self.with_etag(self.get_queryset().get(pk=milestone.pk))


@extend_schema_view(
    list=extend_schema(summary="List progress updates", tags=["progress"]),
    retrieve=extend_schema(summary="One progress update", tags=["progress"]),
    create=extend_schema(
        summary="Report progress on a commitment or milestone",
        tags=["progress"],
        request=ProgressUpdateCreateSerializer,
        responses={201: ProgressUpdateSerializer},
    ),
)
class ProgressUpdateViewSet(ApiReadViewSet):
    """Views of progress from the government, civil society and the IRM. Implementers write
    the government's, civil society with a forum seat the civil society view, IRM staff the
    IRM's (see commitments.permissions)."""

    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilterSet

    def get_queryset(self):
        return selectors.progress_update_api_list(self.request.user)

    def create(self, request, *args, **kwargs) -> Response:
        """A retried POST with the same `Idempotency-Key` stores one update (core.api.idempotency)."""
        return idempotent_create(request, lambda: self._create(request))

    def _create(self, request) -> Response:
        serializer = ProgressUpdateCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        commitment = serializer.commitment_for(request.user)
        milestone = None
        if data.get("milestone"):
            milestone = Milestone.objects.filter(pk=data["milestone"]).first()
            if milestone is None:
                raise ValidationError({"milestone": ["No milestone has this id."]})
        update = services.progress_update_create(
            author=request.user,
            commitment=commitment,
            milestone=milestone,
            source=data["source"],
            completion=data["completion"],
            text=data["text"],
            reported_on=data.get("reported_on"),
            evidence_links=data.get("evidence_links", ()),
        )
        update = self.get_queryset().get(pk=update.pk)
        return set_etag(Response(self.get_serializer(update).data, status=status.HTTP_201_CREATED))
