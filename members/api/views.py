from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from core.api.views import ApiReadViewSet, get_object_by_id_or_key

from ..filters import ForumFilterSet, MemberFilterSet
from . import selectors
from .serializers import ForumSerializer, MemberSerializer

MEMBER_REF = OpenApiParameter(
    "id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The member's numeric id or its slug (such as `albania`).",
)


@extend_schema_view(
    list=extend_schema(summary="List OGP members", tags=["members"]),
    retrieve=extend_schema(
        summary="One member, by id or slug", tags=["members"], parameters=[MEMBER_REF]
    ),
)
class MemberViewSet(ApiReadViewSet):
    """OGP members: national and local governments."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.member_api_list()

    def get_object(self):
        return get_object_by_id_or_key(self, "slug")


@extend_schema_view(
    list=extend_schema(summary="List multi-stakeholder forums", tags=["members"]),
    retrieve=extend_schema(summary="One multi-stakeholder forum", tags=["members"]),
)
class ForumViewSet(ApiReadViewSet):
    """Each member's multi-stakeholder forum, its current seats and its public meetings."""

    serializer_class = ForumSerializer
    filterset_class = ForumFilterSet

    def get_queryset(self):
        return selectors.forum_api_list()
