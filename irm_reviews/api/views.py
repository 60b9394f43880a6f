from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from commitments.api.views import CommitmentViewSet
from core.api.concurrency import check_if_match, representation_etag, set_etag
from core.api.idempotency import idempotent_create
from core.api.views import ApiReadViewSet

from ..filters import AssessmentFilterSet, RatedCommitmentFilterSet, ReviewCycleFilterSet
from ..models import CommitmentAssessment, ReviewCycle
from ..permissions import can_assess, can_file_assessments
from ..services import assessment_save
from . import selectors
from .serializers import (
    AssessmentCreateSerializer,
    AssessmentSerializer,
    AssessmentWriteSerializer,
    ReviewCycleSerializer,
)


class RatedCommitmentViewSet(CommitmentViewSet):
    """Commitments of action plans with their milestones, policy areas and OGP values. The
    public sees published commitments; drafts are shown to those who co-create them. Filter by
    the ratings of published IRM reports too."""

    filterset_class = RatedCommitmentFilterSet


@extend_schema_view(
    list=extend_schema(summary="List IRM review cycles", tags=["irm"]),
    retrieve=extend_schema(summary="One IRM review cycle", tags=["irm"]),
)
class ReviewCycleViewSet(ApiReadViewSet):
    """The IRM's reports on each plan, from research to publication."""

    serializer_class = ReviewCycleSerializer
    filterset_class = ReviewCycleFilterSet

    def get_queryset(self):
        return selectors.review_cycle_api_list(self.request.user)


class CanAssess(permissions.BasePermission):
    """Writes by IRM staff only; the report must not be published (irm_reviews.permissions)."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or can_file_assessments(request.user)

    def has_object_permission(self, request, view, obj: CommitmentAssessment) -> bool:
        return request.method in permissions.SAFE_METHODS or can_assess(request.user, obj.cycle)


@extend_schema_view(
    list=extend_schema(summary="List IRM assessments of commitments", tags=["irm"]),
    retrieve=extend_schema(summary="One IRM assessment", tags=["irm"]),
    create=extend_schema(
        summary="File (or update) the assessment of a commitment in a report (IRM staff)",
        tags=["irm"],
        request=AssessmentCreateSerializer,
        responses={200: AssessmentSerializer, 201: AssessmentSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an assessment (IRM staff, unpublished reports)",
        tags=["irm"],
        request=AssessmentWriteSerializer,
        responses={200: AssessmentSerializer},
    ),
)
class AssessmentViewSet(ApiReadViewSet):
    """The IRM's assessment of each commitment in each report. The public sees those of
    published reports; IRM staff also see and write those in progress."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanAssess]

    def get_queryset(self):
        return selectors.assessment_api_list(self.request.user)

    def create(self, request, *args, **kwargs) -> Response:
        """A retried POST with the same `Idempotency-Key` files the assessment once and gets
        the first answer again (core.api.idempotency)."""
        return idempotent_create(request, lambda: self._create(request))

    def _create(self, request) -> Response:
        serializer = AssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cycle = ReviewCycle.objects.filter(pk=data["cycle"]).first()
        if cycle is None:
            raise ValidationError({"cycle": ["No review cycle has this id."]})
        assessment, created = assessment_save(
            user=request.user,
            cycle=cycle,
            commitment=serializer.commitment_for(request.user),
            values=serializer.indicator_values(),
        )
        return set_etag(
            Response(
                self.representation(assessment.pk),
                status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            )
        )

    def representation(self, pk: int) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    def partial_update(self, request, *args, **kwargs) -> Response:
        """Honours If-Match (core.api.concurrency), with the row locked while it compares."""
        assessment = self.get_object()
        serializer = AssessmentWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            CommitmentAssessment.objects.select_for_update().get(pk=assessment.pk)
            check_if_match(request, representation_etag(self.representation(assessment.pk)))
            assessment_save(
                user=request.user,
                cycle=assessment.cycle,
                commitment=assessment.commitment,
                values=serializer.indicator_values(),
            )
        return set_etag(Response(self.representation(assessment.pk)))
