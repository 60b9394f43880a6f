from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from commitments.api.views import CommitmentViewSet
from core.api.concurrency import check_if_match, representation_etag, set_etag
from core.api.idempotency import idempotent_create
from core.api.views import ApiReadViewSet
from core.ids import parse_id
from members.models import User

from .. import assignments
from ..filters import (
    AssessmentFilterSet,
    RatedCommitmentFilterSet,
    ReviewAssignmentFilterSet,
    ReviewCycleFilterSet,
)
from ..models import CommitmentAssessment, ReviewAssignment, ReviewCycle
from ..permissions import can_assign_researchers, can_file_assessments, check_can_assess
from ..selectors import review_assignment_list_visible
from ..services import assessment_save
from . import selectors
from .serializers import (
    AssessmentCreateSerializer,
    AssessmentSerializer,
    AssessmentWriteSerializer,
    ReviewAssignmentCreateSerializer,
    ReviewAssignmentSerializer,
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
    """Writes by the review's assigned IRM researchers and the Support Unit; the report must
    not be published (irm_reviews.permissions)."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or can_file_assessments(request.user)

    def has_object_permission(self, request, view, obj: CommitmentAssessment) -> bool:
        if request.method not in permissions.SAFE_METHODS:
            check_can_assess(request.user, obj.cycle)  # a 403 that says why: final, or not assigned
        return True


@extend_schema_view(
    list=extend_schema(summary="List IRM assessments of commitments", tags=["irm"]),
    retrieve=extend_schema(summary="One IRM assessment", tags=["irm"]),
    create=extend_schema(
        summary="File (or update) the assessment of a commitment in a report (assigned IRM researchers, Support Unit)",
        tags=["irm"],
        request=AssessmentCreateSerializer,
        responses={200: AssessmentSerializer, 201: AssessmentSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an assessment (assigned IRM researchers, Support Unit; unpublished reports)",
        tags=["irm"],
        request=AssessmentWriteSerializer,
        responses={200: AssessmentSerializer},
    ),
)
class AssessmentViewSet(ApiReadViewSet):
    """The IRM's assessment of each commitment in each report. The public sees those of
    published reports; IRM staff and the Support Unit also see those in progress, and the
    review's assigned researchers and the Support Unit write them."""

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


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the assignment as read; 412 when it changed since.",
)


class CanAssignResearchers(permissions.BasePermission):
    """Writes by the Support Unit only (irm_reviews.permissions.can_assign_researchers)."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or can_assign_researchers(request.user)


@extend_schema_view(
    list=extend_schema(summary="List the IRM researchers assigned to reviews", tags=["irm"]),
    retrieve=extend_schema(summary="One review assignment", tags=["irm"]),
    create=extend_schema(
        summary="Assign an IRM researcher to a review (Support Unit; Idempotency-Key)",
        tags=["irm"],
        request=ReviewAssignmentCreateSerializer,
        responses={201: ReviewAssignmentSerializer},
    ),
    destroy=extend_schema(
        summary="Take a researcher off a review (Support Unit; If-Match)",
        tags=["irm"],
        parameters=[IF_MATCH],
    ),
)
class ReviewAssignmentViewSet(ApiReadViewSet):
    """Which IRM researchers the Support Unit assigned to each review: only they and the
    Support Unit edit it. The public sees the assignments of published reviews; IRM staff and
    the Support Unit see them all."""

    serializer_class = ReviewAssignmentSerializer
    filterset_class = ReviewAssignmentFilterSet
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanAssignResearchers]

    def get_queryset(self):
        return review_assignment_list_visible(self.request.user).order_by("cycle_id", "id")

    def create(self, request, *args, **kwargs) -> Response:
        """A retried POST with the same `Idempotency-Key` assigns once."""
        return idempotent_create(request, lambda: self._create(request))

    def _create(self, request) -> Response:
        serializer = ReviewAssignmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cycle = ReviewCycle.objects.select_related("plan").filter(pk=data["cycle"]).first()
        if cycle is None:
            raise ValidationError({"cycle": ["No review cycle has this id."]})
        reference = data["researcher"].strip()
        pk = parse_id(reference)
        researcher = User.objects.filter(
            **({"pk": pk} if pk is not None else {"username__iexact": reference})
        ).first()
        if researcher is None:
            raise ValidationError({"researcher": ["No user has this username or id."]})
        assignment = assignments.review_assignment_create(
            user=request.user, cycle=cycle, researcher=researcher
        )
        data = self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data
        return set_etag(Response(data, status=status.HTTP_201_CREATED))

    def destroy(self, request, *args, **kwargs) -> Response:
        """Honours If-Match, with the row locked while it compares."""
        assignment = self.get_object()
        with transaction.atomic():
            locked = ReviewAssignment.objects.select_for_update().select_related("cycle__plan")
            assignment = locked.get(pk=assignment.pk)
            current = self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data
            check_if_match(request, representation_etag(current))
            assignments.review_assignment_delete(user=request.user, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)
