"""The open-data dumps over the API: the list (GET /api/v1/exports/) and the download
(GET /api/v1/exports/<name>, streamed). Both public."""

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.exceptions import error_body

from . import selectors


class OpenDataDumpListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="The open-data dumps, newest first",
        tags=["open data"],
        operation_id="exports_list",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        dumps = [
            {
                **dump,
                "url": request.build_absolute_uri(
                    reverse("api-open-data-download", args=[dump["name"]])
                ),
            }
            for dump in selectors.open_data_dump_list()
        ]
        return Response({"count": len(dumps), "results": dumps})


class OpenDataDumpDownloadView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Download one open-data dump (ZIP)",
        tags=["open data"],
        operation_id="exports_download",
        responses={(200, "application/zip"): OpenApiTypes.BINARY, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, name: str) -> FileResponse | Response:
        path = selectors.dump_path(name)
        if path is None:
            return Response(
                error_body(404, "not_found", _("There is no open-data dump of that name.")),
                status=404,
            )
        return FileResponse(
            path.open("rb"), as_attachment=True, filename=path.name, content_type="application/zip"
        )
