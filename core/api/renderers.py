"""The API's two formats: JSON rendered with orjson, and CSV with one flat row per object."""

from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from django.utils.functional import Promise
from rest_framework.renderers import BaseRenderer

from core.csv_export import CSVLines

ORJSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def _orjson_default(value: Any) -> Any:
    if isinstance(value, Promise):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data: Any) -> bytes:
    return orjson.dumps(data, default=_orjson_default, option=ORJSON_OPTIONS)


class ORJSONRenderer(BaseRenderer):
    """JSON as DRF's JSONRenderer writes it (UTC datetimes end in Z), several times faster."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return dumps(data)


def flatten_row(row: dict, columns: list[str]) -> list[Any]:
    """The row's values in column order. `plan.ogp_id` reads a nested object's field and
    `milestones.number` joins that field over a nested list."""
    cells = []
    for column in columns:
        name, _, child = column.partition(".")
        value = row.get(name)
        if child:
            if isinstance(value, list):
                value = [item.get(child) for item in value]
            elif isinstance(value, dict):
                value = value.get(child)
        cells.append(value)
    return cells


def iter_csv(columns: list[str], chunks: Iterable[list[dict]]) -> Iterator[str]:
    """CSV text, the header then each chunk of rows, for a StreamingHttpResponse."""
    lines = CSVLines()
    yield lines.header(columns)
    for rows in chunks:
        yield "".join(lines.row(flatten_row(row, columns)) for row in rows)


class CSVRenderer(BaseRenderer):
    """CSV of one object (a detail) or of a list. List views stream every row of the filtered
    list themselves (see core.api.views.CSVListMixin); this renders what is left."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        view = (renderer_context or {}).get("view")
        columns = view.csv_columns() if view is not None and hasattr(view, "csv_columns") else []
        if not columns and rows:
            columns = list(rows[0])
        lines = CSVLines()
        text = lines.header(columns) + "".join(lines.row(flatten_row(row, columns)) for row in rows)
        return text.encode("utf-8")
