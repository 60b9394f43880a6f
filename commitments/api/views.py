from django.db import connection, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.concurrency import check_if_match, representation_etag, set_etag
from core.api.idempotency import idempotent_create
from core.api.views import ApiReadViewSet, get_object_by_id_or_key

from .. import services
from ..filters import CommitmentFilterSet, MilestoneFilterSet, ProgressUpdateFilterSet
from ..models import Milestone
from ..permissions import can_update_milestone
from . import rows, selectors
from .serializers import (
    CommitmentSerializer,
    MilestoneCompletionSerializer,
    MilestoneSerializer,
    ProgressUpdateCreateSerializer,
    ProgressUpdateSerializer,
)

COMMITMENT_REF = OpenApiParameter(
    "id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The commitment's numeric id or its OGP identifier (such as `AL0002`).",
)


@extend_schema_view(
    list=extend_schema(summary="List commitments with their milestones", tags=["commitments"]),
    retrieve=extend_schema(
        summary="One commitment, by id or OGP identifier",
        tags=["commitments"],
        parameters=[COMMITMENT_REF],
    ),
)
class CommitmentViewSet(ApiReadViewSet):
    """Commitments of action plans with their milestones, policy areas and OGP values. The
    public sees published commitments; drafts are shown to those who co-create them."""

    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.commitment_api_list(self.request.user)

    def rows_for_ids(self, ids: list[int]) -> list[dict]:
        if connection.vendor != "postgresql":
            return super().rows_for_ids(ids)
        # The ids come from get_queryset(), so they are visible to this user already.
        return rows.commitment_rows(ids)

    def get_object(self):
        return get_object_by_id_or_key(self, "ogp_id")


class CanUpdateMilestone(permissions.BasePermission):
    """Refuses a write before its body is read; the rule is commitments.permissions'."""

    def has_object_permission(self, request, view, obj: Milestone) -> bool:
        return request.method in permissions.SAFE_METHODS or can_update_milestone(request.user, obj)


@extend_schema_view(
    list=extend_schema(summary="List milestones", tags=["commitments"]),
    retrieve=extend_schema(summary="One milestone", tags=["commitments"]),
    partial_update=extend_schema(
        summary="Set a milestone's completion (implementing government only)",
        tags=["commitments"],
        request=MilestoneCompletionSerializer,
        responses={200: MilestoneSerializer},
    ),
)
class MilestoneViewSet(ApiReadViewSet):
    """Milestones of the commitments the user may see."""

    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanUpdateMilestone]

    def get_queryset(self):
        return selectors.milestone_api_list(self.request.user)

    def representation(self, pk: int) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    def partial_update(self, request, *args, **kwargs) -> Response:
        """Honours If-Match (core.api.concurrency): the row is locked while its ETag is
        compared and the change written, so of parallel writers with one ETag only the first
        wins and the others get 412."""
        milestone = self.get_object()
        serializer = MilestoneCompletionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            milestone = (
                Milestone.objects.select_for_update()
                .select_related("commitment__plan")
                .get(pk=milestone.pk)
            )
            check_if_match(request, representation_etag(self.representation(milestone.pk)))
            services.milestone_set_completion(
                user=request.user, milestone=milestone, **serializer.validated_data
            )
        return set_etag(Response(self.representation(milestone.pk)))


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
