"""What every API view shares: JSON and CSV, validators' 4xx shape, conditional GET (ETag,
Last-Modified, 304), CSV of the whole filtered list, and the token endpoint."""

from __future__ import annotations

import builtins
import datetime
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import F, QuerySet
from django.http import Http404
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.filters import BaseFilterBackend
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import BasePagination
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from ..csv_export import csv_download
from ..ids import parse_id
from ..models import ApiToken
from .concurrency import etag_of_content
from .filters import ApiFilterBackend
from .lookups import AnyOf
from .pagination import ApiPagination
from .parsers import JSONParser
from .renderers import CSVRenderer, ORJSONRenderer, iter_csv
from .throttling import AnonThrottle
from .tokens import api_token_issue

if TYPE_CHECKING:
    from rest_framework.generics import BaseFilterProtocol

CSV_CHUNK = 500


def _as_datetime(value) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def last_modified_of(data) -> datetime.datetime | None:
    """The newest `updated_at` of the rows shown, including their nested lists (a commitment's
    milestones), or None when the rows carry no timestamp."""
    if isinstance(data, dict) and "results" in data:
        data = data["results"]
    rows = data if isinstance(data, list) else [data]
    stamps = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        stamps.append(row.get("updated_at"))
        for value in row.values():
            if isinstance(value, list):
                stamps.extend(item.get("updated_at") for item in value if isinstance(item, dict))
    return max(filter(None, map(_as_datetime, stamps)), default=None)


class ApiViewMixin(APIView):
    """JSON by default, CSV on request (?format=csv or Accept: text/csv)."""

    renderer_classes = [ORJSONRenderer, CSVRenderer]
    parser_classes = [JSONParser]
    # Typed as GenericAPIView types them, for the viewsets that mix this in.
    filter_backends: Sequence[type[BaseFilterBackend | BaseFilterProtocol[Any]]] = [
        ApiFilterBackend
    ]
    pagination_class: type[BasePagination] | None = ApiPagination

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not isinstance(response, Response):
            return response
        if response.exception and getattr(request, "accepted_renderer", None) is not None:
            if not isinstance(request.accepted_renderer, ORJSONRenderer):
                # Errors are JSON whatever format was asked for.
                response.accepted_renderer = ORJSONRenderer()
                response.accepted_media_type = ORJSONRenderer.media_type
        patch_vary_headers(response, ("Authorization", "Cookie"))
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            return self._conditional(request, response)
        return response

    def _conditional(self, request: Request, response: Response):
        """ETag is a hash of the body, so any change to what is shown changes it;
        Last-Modified is the newest updated_at shown."""
        response.render()
        response["ETag"] = etag_of_content(response.content)
        modified = last_modified_of(response.data)
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
        response["Cache-Control"] = (
            "private, no-cache" if request.user.is_authenticated else "public, no-cache"
        )
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(modified.timestamp()) if modified is not None else None,
            response=response,
        )


def get_object_by_id_or_key(view, key_field: str):
    """The object named in the URL by its numeric id or by its key (slug, OGP identifier)."""
    value = view.kwargs[view.lookup_url_kwarg or view.lookup_field]
    if "\x00" in value:  # PostgreSQL text cannot hold NUL: no object can have this key
        raise Http404
    pk = parse_id(value)
    lookup = {"pk": pk} if pk is not None else {f"{key_field}__iexact": value}
    obj = get_object_or_404(view.get_queryset(), **lookup)
    view.check_object_permissions(view.request, obj)
    return obj


class ApiReadViewSet(ApiViewMixin, GenericViewSet):
    """List and detail of one resource; subclasses add write actions where a service allows.

    A list page is read in two steps: the ids of the page (filtered, ordered, counted), then
    the rows of those ids with everything they show, so that the number of queries does not
    grow with the page. `?format=csv` streams every row of the filtered list (not one page) in
    the list's order, CSV_CHUNK rows at a time so that memory does not grow with the list;
    its columns are the serializer's fields, nested ones as `plan.ogp_id` or
    `milestones.number` (values joined with "; ")."""

    def serialize_rows(self, queryset: QuerySet) -> list[dict]:
        """The list's rows of these objects, in any order; views may build them faster."""
        return self.get_serializer(list(queryset), many=True).data

    def rows_for_ids(self, ids: list[int]) -> list[dict]:
        rows = self.serialize_rows(self.get_queryset().filter(AnyOf(F("pk"), ids)).order_by())
        by_id = {row["id"]: row for row in rows}
        return [by_id[pk] for pk in ids if pk in by_id]

    def list(self, request: Request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if isinstance(request.accepted_renderer, CSVRenderer):
            return csv_download(
                iter_csv(self.csv_columns(), self._csv_chunks(queryset)), f"{self.basename}.csv"
            )
        ids = self.paginate_queryset(queryset.values_list("pk", flat=True))
        assert ids is not None  # pagination_class is always set
        return self.get_paginated_response(self.rows_for_ids(list(ids)))

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    # `builtins.list`: in this class `list` is the list action.
    def csv_columns(self) -> builtins.list[str]:
        columns: builtins.list[str] = []
        serializer = self.get_serializer()
        assert isinstance(serializer, serializers.Serializer)
        for name, field in serializer.fields.items():
            child = getattr(field, "child", field)
            if isinstance(child, serializers.Serializer):
                columns.extend(f"{name}.{sub}" for sub in child.fields)
            else:
                columns.append(name)
        return columns

    def _csv_chunks(self, queryset: QuerySet) -> Iterator[builtins.list[dict]]:
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), CSV_CHUNK):
            yield self.rows_for_ids(ids[start : start + CSV_CHUNK])


class TokenRequestSerializer(AuthTokenSerializer):
    scope = serializers.ChoiceField(
        choices=ApiToken.Scope.choices,
        default=ApiToken.Scope.READ_WRITE,
        help_text=_("read: GET only; read_write (the default): also writes."),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as `Authorization: Token <token>`."))
    expires_at = serializers.DateTimeField(help_text=_("After this, get a new token."))
    scope = serializers.CharField()


class TokenObtainView(ApiViewMixin, APIView):
    """POST username and password; get a new API token, shown this once (core.api.tokens).
    A token acts as its user: it never grants more than the user has."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AnonThrottle]
    renderer_classes = [ORJSONRenderer]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer}, tags=["auth"])
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, key = api_token_issue(
            user=serializer.validated_data["user"],
            scope=serializer.validated_data["scope"],
            label=str(_("From the API")),
            request=request,
        )
        return Response({"token": key, "expires_at": token.expires_at, "scope": token.scope})


RESOURCES = (
    "members",
    "forums",
    "action-plans",
    "commitments",
    "milestones",
    "progress-updates",
    "review-cycles",
    "assessments",
)


class ApiRootView(APIView):
    """The API's front door: every resource's list, the schema and the docs, as links."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        base = request.build_absolute_uri("/api/v1/")
        links = {name: f"{base}{name}/" for name in RESOURCES}
        links |= {
            "exports": f"{base}exports/",
            "schema": f"{base}schema/",
            "docs": f"{base}docs/",
            "redoc": f"{base}redoc/",
        }
        return Response(links)
