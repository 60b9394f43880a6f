"""The progress CSV over the API: the export (streamed, public, filtered like the progress
list) and the bulk upload (all or nothing). The format lives in commitments.progress_csv."""

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.exceptions import error_body
from core.csv_export import csv_download

from .. import progress_csv, selectors
from ..filters import ProgressUpdateFilterSet
from ..forms import ProgressUploadForm
from ..models import ProgressUpdate
from ..services import progress_update_bulk_create


def error_response(
    status_code: int, code: str, message: str, fields: dict | None = None, **extra
) -> Response:
    """The project's error shape (core.api.exceptions), with extra keys such as the list
    of upload errors."""
    body = error_body(status_code, code, message, fields)
    body["error"].update(extra)
    return Response(body, status=status_code)


def progress_csv_response(updates: QuerySet[ProgressUpdate]) -> StreamingHttpResponse:
    """These updates as a streamed progress CSV download; memory does not grow with the rows."""
    rows = selectors.progress_update_export_rows(updates).iterator(chunk_size=2000)
    return csv_download(progress_csv.iter_csv_lines(rows), progress_csv.EXPORT_FILENAME)


class ProgressExportView(APIView):
    """GET /api/v1/progress-updates/export.csv: the public progress updates in the format of
    the bulk upload, filtered exactly as the progress list is (ProgressUpdateFilterSet:
    member, commitment, source, completion, reported_after/before, updated_since)."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Progress updates as the CSV the bulk upload reads",
        tags=["progress"],
        operation_id="progress_updates_export_csv",
        parameters=[
            OpenApiParameter(name, OpenApiTypes.STR)
            for name in ProgressUpdateFilterSet.base_filters
        ],
        responses={(200, "text/csv"): OpenApiTypes.STR, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> StreamingHttpResponse | Response:
        filterset = ProgressUpdateFilterSet(
            request.query_params, queryset=selectors.progress_update_public_list()
        )
        if not filterset.is_valid():
            return error_response(
                400,
                "invalid",
                _("Some values are not valid: %(fields)s.")
                % {"fields": ", ".join(filterset.errors)},
                {
                    name: [str(message) for message in messages]
                    for name, messages in filterset.errors.items()
                },
            )
        return progress_csv_response(filterset.qs)


class ProgressUploadView(APIView):
    """POST /api/v1/progress-updates/upload/ with a multipart field `file`: record every row
    of a progress CSV, or none. 201 with the count created; 400 listing every bad row."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Upload a progress CSV: every row is recorded, or none",
        tags=["progress"],
        operation_id="progress_updates_upload",
        request={
            "multipart/form-data": inline_serializer(
                "ProgressUpload", {"file": serializers.FileField()}
            )
        },
        responses={
            201: inline_serializer(
                "ProgressUploadResult",
                {
                    "created": serializers.IntegerField(),
                    "skipped": serializers.IntegerField(),
                    "skipped_rows": serializers.ListField(child=serializers.IntegerField()),
                    "message": serializers.CharField(),
                },
            ),
            400: OpenApiTypes.OBJECT,
        },
    )
    def post(self, request: Request) -> Response:
        form = ProgressUploadForm(data={}, files=request.FILES)
        if not form.is_valid():
            return error_response(
                400,
                "invalid",
                _("Upload a CSV file in the field “file”."),
                {
                    name: [str(message) for message in messages]
                    for name, messages in form.errors.items()
                },
            )
        try:
            result = progress_update_bulk_create(
                author=request.user, file=form.cleaned_data["file"]
            )
        except progress_csv.ProgressUploadRejected as rejected:
            message = ngettext(
                "The upload has %(count)d error; nothing was stored.",
                "The upload has %(count)d errors; nothing was stored.",
                len(rejected.errors),
            ) % {"count": len(rejected.errors)}
            return error_response(
                400,
                "invalid_upload",
                message,
                {"file": [message]},
                errors=[error.as_dict() for error in rejected.errors],
            )
        return Response(
            {
                "created": result.created,
                "skipped": len(result.skipped_rows),
                "skipped_rows": result.skipped_rows,
                "separator": result.separator,
                "message": progress_csv.upload_result_message(
                    result.created, len(result.skipped_rows), result.separator
                ),
            },
            status=status.HTTP_201_CREATED,
        )
