"""The OpenAPI schema documents every error a client can get, in the one error shape."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .serializers import ErrorSerializer

ERRORS_ON_READ = {
    "400": "A filter, page size or parameter has a value that cannot be used.",
    "404": "No such object, or a page past the end of the list.",
    "406": "The format asked for (Accept or ?format=) is not offered.",
    "429": "Too many requests; retry after the number of seconds in Retry-After.",
}
ERRORS_ON_WRITE = {
    "400": "The body is not valid JSON, or a field is not valid (see error.fields).",
    "401": "No credentials, or a bad token.",
    "403": "The user may not do this (see commitments.permissions and irm_reviews.permissions).",
    "404": "No such object.",
    "415": "The body is not JSON.",
    "429": "Too many requests; retry after the number of seconds in Retry-After.",
}
FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["json", "csv"],
    description="json (default) or csv: every row of the filtered list as CSV, not one page.",
)


class ApiAutoSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._is_list_view() and self.method == "GET":
            parameters = [*parameters, FORMAT]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = ERRORS_ON_READ if self.method in ("GET", "HEAD") else ERRORS_ON_WRITE
        for code, description in errors.items():
            if code not in responses:
                response = self._get_response_for_code(
                    ErrorSerializer, code, media_types=["application/json"]
                )
                response["description"] = description
                responses[code] = response
        return responses
