from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from core.api.views import ApiReadViewSet, get_object_by_id_or_key

from ..filters import ActionPlanFilterSet
from ..models import ActionPlan
from .serializers import ActionPlanSerializer

PLAN_REF = OpenApiParameter(
    "id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The plan's numeric id or its OGP identifier (such as `AP_ALB01`).",
)


@extend_schema_view(
    list=extend_schema(summary="List action plans", tags=["action plans"]),
    retrieve=extend_schema(
        summary="One action plan, by id or OGP identifier",
        tags=["action plans"],
        parameters=[PLAN_REF],
    ),
)
class ActionPlanViewSet(ApiReadViewSet):
    """Action plans: each member's plans, their period and status."""

    serializer_class = ActionPlanSerializer
    filterset_class = ActionPlanFilterSet
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return ActionPlan.objects.select_related("member").order_by("member__name", "number", "id")

    def get_object(self):
        return get_object_by_id_or_key(self, "ogp_id")
