"""/compare/: one IRM indicator across members' latest published reviews, current and legacy
methodology alike, as a sortable table and a CSV or JSON download."""

from functools import partial

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from core.listing import (
    download_response,
    paginate,
    query_string_without,
    requested_download_format,
)
from irm_reviews import selectors
from irm_reviews.display import (
    SCALES,
    CompareRow,
    compare_rows,
    indicator_label,
    value_label,
)
from irm_reviews.filters import CompareFilterSet
from irm_reviews.models import ReviewCycle
from irm_reviews.published_results import published_results_cached

DEFAULTS = {"indicator": "completion", "ordering": "member"}
# One row per member: OGP's fit on one page; at ten times its size all 2,000 rows took 1.5 s
# to render. Sorting applies to all rows before the page is cut; downloads hold them all.
ROWS_PER_PAGE = 100


def _count(row: CompareRow, *, level: str) -> int:
    return row.count_of(level)


def _share(row: CompareRow, *, level: str) -> float:
    return round(row.share_of(level), 1)


def _columns(request: HttpRequest, field: str) -> list:
    columns = [
        ("member", lambda r: r.cycle.plan.member.name),
        ("member_slug", lambda r: r.cycle.plan.member.slug),
        ("type", lambda r: r.cycle.plan.member.kind),
        ("region", lambda r: r.cycle.plan.member.region),
        ("action_plan", lambda r: r.cycle.plan.ogp_id),
        ("report", lambda r: r.cycle.kind),
        ("published_on", lambda r: r.cycle.published_on),
        ("indicator", lambda r: field),
        ("commitments", lambda r: r.total),
    ]
    for level in [*SCALES[field], ""]:
        name = level or "no_value"
        columns.append((f"{name}_count", partial(_count, level=level)))
        columns.append((f"{name}_share", partial(_share, level=level)))
    columns.append(("url", lambda r: request.build_absolute_uri(r.cycle.get_absolute_url())))
    return columns


def _attach_cycles(cycles: QuerySet[ReviewCycle], rows: list[CompareRow]) -> None:
    """Give these rows their reports, read for them only."""
    by_pk = selectors.review_cycles_by_pk(cycles, [row.cycle_id for row in rows])
    for row in rows:
        row.cycle = by_pk[row.cycle_id]


def _compare_rows(cycles: QuerySet[ReviewCycle], field: str, ordering: str) -> list[CompareRow]:
    latest = selectors.review_cycles_latest_per_member(cycles)
    keys = selectors.compare_sort_keys(latest)
    values, errata = selectors.compare_values(latest, field)
    return compare_rows(field, keys, values, errata, ordering)


def compare(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    data = request.GET.copy()
    for name, value in DEFAULTS.items():
        if not data.get(name):
            data[name] = value
    filterset = CompareFilterSet.for_page(data, selectors.review_cycle_list_for_compare(), request)
    rows: list[CompareRow] = []
    field = DEFAULTS["indicator"]
    if filterset.is_valid():
        field = filterset.form.cleaned_data["indicator"]
        rows = published_results_cached(
            ("compare", sorted(filterset.form.cleaned_data.items())),
            partial(_compare_rows, filterset.qs, field, filterset.form.cleaned_data["ordering"]),
        )
    fmt = requested_download_format(request)
    if fmt and filterset.is_valid():
        _attach_cycles(filterset.qs, rows)
        return download_response(rows, _columns(request, field), f"ogp-irm-{field}", fmt)
    page = paginate(request, rows, ROWS_PER_PAGE)
    if filterset.is_valid():
        _attach_cycles(filterset.qs, list(page.object_list))
    return render(
        request,
        "irm_reviews/compare.html",
        {
            "filter": filterset,
            "page": page,
            "rows": page.object_list,
            "field": field,
            "indicator_name": indicator_label(field),
            "levels": [(level, value_label(field, level)) for level in SCALES[field]],
            "query": query_string_without(request, "format", "page"),
            "sort_query": query_string_without(request, "format", "ordering", "page"),
            "ordering": filterset.form.cleaned_data.get("ordering", "member")
            if filterset.is_valid()
            else "member",
        },
        status=200 if filterset.is_valid() else 400,
    )
