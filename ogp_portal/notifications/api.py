"""The API of partner sync: the tombstones feed (GET /api/v1/tombstones/, public) and the
webhook of the token in use (GET, PUT /api/v1/webhook/; see docs/api.md, "Webhooks")."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.filters import UtcIsoDateTimeFilter
from core.api.serializers import ErrorSerializer
from core.api.views import ApiReadViewSet, ApiViewMixin
from core.filtersets import ResourceFilterSet
from core.models import ApiToken

from .models import Tombstone, WebhookDelivery, WebhookSubscription
from .registry import WEBHOOK_KINDS
from .tombstones import tombstone_list
from .webhooks import webhook_subscription_save


class TombstoneFilterSet(ResourceFilterSet):
    since = UtcIsoDateTimeFilter(
        field_name="removed_at",
        lookup_expr="gte",
        label=_(
            "Only removals at or after this ISO 8601 date-time (such as 2025-01-31T00:00:00Z)."
        ),
    )
    resource = django_filters.ChoiceFilter(
        choices=[("commitment", "commitment"), ("plan", "plan"), ("milestone", "milestone")],
        label=_("Only tombstones of this resource."),
    )

    class Meta:
        model = Tombstone
        fields: list[str] = []


class TombstoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tombstone
        fields = ["id", "resource", "object_id", "ogp_id", "reason", "member_id", "removed_at"]


@extend_schema_view(
    list=extend_schema(summary="Removed and withdrawn records, oldest first", tags=["sync"]),
    retrieve=extend_schema(summary="One tombstone", tags=["sync"]),
)
class TombstoneViewSet(ApiReadViewSet):
    """What partner systems synced that has since been removed or withdrawn: after a sync by
    `updated_since`, read `tombstones/?since=` from the same moment and drop these ids."""

    permission_classes = [AllowAny]
    serializer_class = TombstoneSerializer
    filterset_class = TombstoneFilterSet

    def get_queryset(self):
        return tombstone_list()


class DeliverySerializer(serializers.ModelSerializer):
    event_id = serializers.IntegerField()
    event_kind = serializers.CharField(source="event.kind")

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event_kind",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "last_attempt_at",
            "delivered_at",
        ]


class WebhookSerializer(serializers.ModelSerializer):
    event_kinds = serializers.ListField(child=serializers.ChoiceField(choices=WEBHOOK_KINDS))
    last_deliveries = serializers.SerializerMethodField()

    class Meta:
        model = WebhookSubscription
        fields = ["url", "event_kinds", "is_active", "secret", "last_deliveries"]
        read_only_fields = ["secret", "last_deliveries"]

    def get_last_deliveries(self, subscription: WebhookSubscription) -> list[dict]:
        deliveries = subscription.deliveries.select_related("event").order_by("-created_at")[:20]
        return DeliverySerializer(deliveries, many=True).data  # type: ignore[return-value]


class WebhookView(ApiViewMixin):
    """The webhook of the API token that makes the request (token authentication only)."""

    permission_classes = [IsAuthenticated]
    pagination_class = None

    def _token(self, request: Request) -> ApiToken:
        if not isinstance(request.auth, ApiToken):
            raise PermissionDenied(_("Webhooks belong to an API token: authenticate with one."))
        return request.auth

    @extend_schema(
        summary="The webhook of this token, with its last deliveries",
        tags=["sync"],
        responses={
            200: WebhookSerializer,
            401: OpenApiResponse(ErrorSerializer, "No credentials, or a bad token."),
            403: OpenApiResponse(ErrorSerializer, "Signed in by session, not by a token."),
            404: OpenApiResponse(ErrorSerializer, "This token has no webhook yet."),
        },
    )
    def get(self, request: Request) -> Response:
        subscription = WebhookSubscription.objects.filter(token=self._token(request)).first()
        if subscription is None:
            raise NotFound(_("This token has no webhook yet: PUT one."))
        return Response(WebhookSerializer(subscription).data)

    @extend_schema(
        summary="Subscribe this token (or change its subscription)",
        tags=["sync"],
        request=WebhookSerializer,
        responses=WebhookSerializer,
    )
    def put(self, request: Request) -> Response:
        token = self._token(request)
        serializer = WebhookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            subscription = webhook_subscription_save(
                user=request.user,
                token=token,
                url=serializer.validated_data["url"],
                event_kinds=serializer.validated_data["event_kinds"],
                is_active=serializer.validated_data.get("is_active", True),
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(WebhookSerializer(subscription).data)
