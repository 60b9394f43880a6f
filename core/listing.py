"""What every public list shares: a page of results that never fails on a bad page number, and
the same rows downloaded as CSV or JSON with the filters of the page."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import orjson
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext as _

from .csv_export import csv_download, iter_csv_lines

DOWNLOAD_FORMATS = ("csv", "json")
Column = tuple[str, Callable[[Any], Any]]


def paginate(request: HttpRequest, object_list, per_page: int) -> Page:
    """The requested page; a page number that is not a number or out of range shows the
    nearest page and tells the visitor why."""
    paginator = Paginator(object_list, per_page)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        messages.warning(
            request, _("“%(page)s” is not a page number: showing page 1.") % {"page": raw[:20]}
        )
        return paginator.page(1)
    if number < 1 or number > paginator.num_pages:
        shown = paginator.num_pages if number > 1 else 1
        messages.warning(
            request,
            _("There is no page %(page)s: showing page %(shown)s.")
            % {"page": number, "shown": shown},
        )
        return paginator.page(shown)
    return paginator.page(number)


class _CountUpTo:
    """Primary keys that Paginator counts only up to `limit` (then stops reading matches)."""

    def __init__(self, ids: QuerySet, limit: int):
        self.ids = ids
        self.limit = limit
        self.more = False

    def count(self) -> int:
        found = self.ids.order_by()[: self.limit + 1].count()
        self.more = found > self.limit
        return min(found, self.limit)

    def __getitem__(self, index: slice) -> list:
        return list(self.ids[index])


def paginate_by_ids(
    request: HttpRequest, queryset: QuerySet, per_page: int, *, count_up_to: int | None = None
) -> Page:
    """paginate, reading the page's primary keys first (a narrow query that an index or a small
    sort answers) and then the rows of those keys only: rows that the OFFSET skips are never
    built, joined or sorted whole, so a deep page costs about what the first one does.

    With `count_up_to`, the results are counted up to that many and paged through up to there;
    `page.more_than` is then that number when more match (None otherwise)."""
    ids = queryset.values_list("pk", flat=True)
    counted = _CountUpTo(ids, count_up_to) if count_up_to else None
    page = paginate(request, counted or ids, per_page)
    more_than = count_up_to if counted is not None and counted.more else None
    page.more_than = more_than  # type: ignore[attr-defined]
    page_ids = list(page.object_list)
    rows = {row.pk: row for row in queryset.filter(pk__in=page_ids).order_by()}
    page.object_list = [rows[pk] for pk in page_ids if pk in rows]
    return page


def query_string_without(request: HttpRequest, *names: str) -> str:
    """The current query string minus the given parameters, for links that change only them."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def requested_download_format(request: HttpRequest) -> str | None:
    """`csv` or `json` when the visitor asked for a download; a bad value gets a message."""
    fmt = request.GET.get("format")
    if fmt is None or fmt == "":
        return None
    if fmt in DOWNLOAD_FORMATS:
        return fmt
    messages.error(
        request,
        _("Downloads come as CSV or JSON (format=csv or format=json), not “%(format)s”.")
        % {"format": fmt[:20]},
    )
    return None


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _csv_lines(rows: Iterable[Any], columns: Sequence[Column]) -> Iterator[str]:
    return iter_csv_lines(
        [name for name, _getter in columns],
        ([getter(row) for _name, getter in columns] for row in rows),
    )


def _json_chunks(rows: Iterable[Any], columns: Sequence[Column]) -> Iterator[bytes]:
    yield b"["
    separator = b""
    for row in rows:
        record = {name: _plain(getter(row)) for name, getter in columns}
        yield separator + orjson.dumps(record)
        separator = b",\n"
    yield b"]\n"


def download_response(
    rows: Iterable[Any], columns: Sequence[Column], filename: str, fmt: str
) -> StreamingHttpResponse:
    """Stream the rows as CSV or JSON (one object per row, keyed by column name), so a download
    of every commitment never holds them all in memory."""
    if fmt == "csv":
        return csv_download(_csv_lines(rows, columns), f"{filename}.csv")
    response = StreamingHttpResponse(_json_chunks(rows, columns), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
