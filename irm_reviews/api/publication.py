"""The API of a report's comment periods and errata: comments on the draft and the IRM's
answers (/review-comments/), corrections of published assessments (/errata/). The same
permission functions as the pages (irm_reviews.permissions); published data is public, drafts
are not. Creates honour Idempotency-Key, edits If-Match (core.api)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from commitments.models import Commitment
from core.api.concurrency import PreconditionFailed, check_if_match, representation_etag, set_etag
from core.api.fields import UpdatedAtField, label_field
from core.api.idempotency import idempotent_create
from core.api.serializers import DescribedModelSerializer
from core.api.views import ApiReadViewSet
from core.versioning import StaleVersion

from .. import comments as comment_services
from .. import errata as errata_services
from ..filters import ErratumFilterSet, ReviewCommentFilterSet
from ..models import (
    INDICATOR_FIELDS,
    AssessmentErratum,
    CycleState,
    ReviewComment,
    ReviewCycle,
)
from ..selectors import assessment_list_visible
from . import selectors


class ReviewCommentSerializer(DescribedModelSerializer):
    member_slug = serializers.SlugField(
        source="cycle.plan.member.slug", read_only=True, help_text=_("The member's slug.")
    )
    cycle_kind = serializers.CharField(
        source="cycle.kind", read_only=True, help_text=_("Which IRM report is commented on.")
    )
    commitment_ogp_id = serializers.CharField(
        source="commitment.ogp_id",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("OGP identifier of the commitment; null for a comment on the whole report."),
    )
    author_name = serializers.SerializerMethodField(help_text=_("The author's name."))
    period_label = label_field("period", CycleState, _("comment period"))
    updated_at = UpdatedAtField()

    class Meta:
        model = ReviewComment
        fields = [
            "id",
            "cycle",
            "cycle_kind",
            "member_slug",
            "commitment",
            "commitment_ogp_id",
            "author_name",
            "period",
            "period_label",
            "text",
            "created_at",
            "answer",
            "answered_at",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def get_author_name(self, comment: ReviewComment) -> str:
        author = comment.author
        if author is None:
            return ""
        return author.get_full_name() or author.username


class ReviewCommentCreateSerializer(serializers.Serializer):
    cycle = serializers.IntegerField(min_value=1, help_text=_("Numeric id of the review cycle."))
    commitment = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text=_("Numeric id of the commitment; leave out to comment on the whole report."),
    )
    text = serializers.CharField(
        max_length=comment_services.COMMENT_MAX_LENGTH, help_text=_("Plain text.")
    )


class ReviewCommentEditSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=comment_services.COMMENT_MAX_LENGTH, help_text=_("Plain text.")
    )


class ReviewAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(
        max_length=comment_services.COMMENT_MAX_LENGTH, help_text=_("The IRM's answer.")
    )


class ErratumSerializer(DescribedModelSerializer):
    cycle = serializers.IntegerField(
        source="assessment.cycle_id", read_only=True, help_text=_("Numeric id of the report.")
    )
    commitment_ogp_id = serializers.CharField(
        source="assessment.commitment.ogp_id",
        read_only=True,
        allow_null=True,
        help_text=_("OGP identifier of the commitment."),
    )
    author_name = serializers.SerializerMethodField(help_text=_("Who recorded the erratum."))

    class Meta:
        model = AssessmentErratum
        fields = [
            "id",
            "assessment",
            "cycle",
            "commitment_ogp_id",
            "field",
            "original_value",
            "corrected_value",
            "reason",
            "corrected_on",
            "author_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_author_name(self, erratum: AssessmentErratum) -> str:
        author = erratum.author
        return "" if author is None else (author.get_full_name() or author.username)


class ErratumCreateSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(min_value=1, help_text=_("Numeric id of the assessment."))
    field = serializers.ChoiceField(
        choices=[*INDICATOR_FIELDS, "narrative"], help_text=_("The indicator to correct.")
    )
    value = serializers.JSONField(
        help_text=_(
            "The corrected value: a level (such as `complete`), true/false for a flag, the "
            'text for `narrative`, null or "" for no value.'
        )
    )
    reason = serializers.CharField(
        max_length=errata_services.REASON_MAX_LENGTH, help_text=_("Why it is corrected.")
    )


@extend_schema_view(
    list=extend_schema(summary="List comments on IRM reports and the IRM's answers", tags=["irm"]),
    retrieve=extend_schema(summary="One comment on an IRM report", tags=["irm"]),
    create=extend_schema(
        summary="Comment on a draft IRM report (pre-publication: point of contact and forum; "
        "public comment: anyone signed in)",
        tags=["irm"],
        request=ReviewCommentCreateSerializer,
        responses={201: ReviewCommentSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit your comment before it is answered (If-Match)",
        tags=["irm"],
        request=ReviewCommentEditSerializer,
        responses={200: ReviewCommentSerializer},
    ),
)
class ReviewCommentViewSet(ApiReadViewSet):
    """Comments on IRM reports in their comment periods, with the IRM's answers. Public once
    the report is published; before, for those who may comment now and the IRM."""

    serializer_class = ReviewCommentSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_class = ReviewCommentFilterSet

    def get_queryset(self):
        return selectors.review_comment_api_list(self.request.user)

    def _respond(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        data = self.get_serializer(self.get_queryset().get(pk=pk)).data
        return set_etag(Response(data, status=status_code))

    def create(self, request, *args, **kwargs) -> Response:
        return idempotent_create(request, lambda: self._create(request))

    def _create(self, request) -> Response:
        serializer = ReviewCommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cycle = ReviewCycle.objects.select_related("plan__member").filter(pk=data["cycle"]).first()
        if cycle is None:
            raise ValidationError({"cycle": [_("No review cycle has this id.")]})
        commitment = None
        if data.get("commitment"):
            commitment = Commitment.objects.filter(pk=data["commitment"]).first()
            if commitment is None:
                raise ValidationError({"commitment": [_("No commitment has this id.")]})
        comment = comment_services.review_comment_create(
            user=request.user, cycle=cycle, text=data["text"], commitment=commitment
        )
        return self._respond(comment.pk, status.HTTP_201_CREATED)

    def _write(self, request, serializer_class, write) -> Response:
        comment = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            locked = ReviewComment.objects.select_for_update(of=("self",)).select_related(
                "cycle__plan__member"
            )
            comment = locked.get(pk=comment.pk)
            check_if_match(request, representation_etag(self.get_serializer(comment).data))
            try:
                write(comment, serializer.validated_data)
            except StaleVersion:
                raise PreconditionFailed() from None
        return self._respond(comment.pk)

    def partial_update(self, request, *args, **kwargs) -> Response:
        return self._write(
            request,
            ReviewCommentEditSerializer,
            lambda comment, data: comment_services.review_comment_update(
                user=request.user, comment=comment, text=data["text"], version=comment.version
            ),
        )

    @extend_schema(
        summary="Answer a comment, or reword the answer (the report's IRM researcher; If-Match)",
        tags=["irm"],
        request=ReviewAnswerSerializer,
        responses={200: ReviewCommentSerializer},
    )
    @action(detail=True, methods=["put"], url_path="answer")
    def answer(self, request, *args, **kwargs) -> Response:
        return self._write(
            request,
            ReviewAnswerSerializer,
            lambda comment, data: comment_services.review_comment_answer(
                user=request.user, comment=comment, answer=data["answer"], version=comment.version
            ),
        )


@extend_schema_view(
    list=extend_schema(summary="List errata to published IRM reports", tags=["irm"]),
    retrieve=extend_schema(summary="One erratum", tags=["irm"]),
    create=extend_schema(
        summary="Correct a published assessment (IRM and Support Unit); the original stays",
        tags=["irm"],
        request=ErratumCreateSerializer,
        responses={201: ErratumSerializer},
    ),
)
class ErratumViewSet(ApiReadViewSet):
    """Corrections of published assessments: dated, with a reason, beside the original value
    (which the assessment keeps)."""

    serializer_class = ErratumSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_class = ErratumFilterSet

    def get_queryset(self):
        return selectors.erratum_api_list(self.request.user)

    def create(self, request, *args, **kwargs) -> Response:
        return idempotent_create(request, lambda: self._create(request))

    def _create(self, request) -> Response:
        serializer = ErratumCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessment = (
            assessment_list_visible(request.user)
            .select_related("cycle__plan")
            .filter(pk=data["assessment"])
            .first()
        )
        if assessment is None:
            raise ValidationError({"assessment": [_("No published assessment has this id.")]})
        value = data["value"]
        if value is not None and not isinstance(value, str | bool):
            raise ValidationError({"value": [_("Give a level, true/false, text or null.")]})
        erratum = errata_services.assessment_erratum_record(
            user=request.user,
            assessment=assessment,
            field=data["field"],
            value=value,
            reason=data["reason"],
            today=timezone.localdate(),
        )
        response = Response(
            self.get_serializer(self.get_queryset().get(pk=erratum.pk)).data,
            status=status.HTTP_201_CREATED,
        )
        return set_etag(response)
