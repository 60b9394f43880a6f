from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from commitments.carry_forward import carried_forward_drafts
from commitments.display import commitment_change_history, milestone_progress_table
from commitments.permissions import (
    can_comment,
    can_edit_commitment,
    can_see_comments,
    progress_sources_for,
)
from commitments.selectors import (
    commitment_comment_threads,
    commitment_named_by,
    commitment_search_with_snippets,
)
from core.listing import (
    download_response,
    paginate_by_ids,
    query_string_without,
    requested_download_format,
)
from irm_reviews import selectors
from irm_reviews.display import commitment_progress_side_by_side, commitment_timeline_with_reviews
from irm_reviews.filters import CommitmentSearchFilterSet, search_filter_groups

from .commitment_story import commitment_story

RESULTS_PER_PAGE = 20
# Words that match most commitments ("open data") are counted no further, nor paged past: at
# ten times OGP's size, counting all 50,000 matches cost a third of the page, and the most
# relevant 10,000 are more than anyone reads.
SEARCH_COUNT_UP_TO = 10_000


def commitment_search(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filterset = CommitmentSearchFilterSet.for_page(
        request.GET, selectors.commitment_list_for_search(request.user), request
    )
    results = filterset.qs
    fmt = requested_download_format(request)
    if fmt and filterset.is_valid():
        columns = [
            ("ogp_id", lambda c: c.ogp_id),
            ("member", lambda c: c.plan.member.name),
            ("action_plan", lambda c: c.plan.ogp_id),
            ("plan_period", lambda c: c.plan.period_label),
            ("plan_status", lambda c: c.plan.status),
            ("number", lambda c: c.number),
            ("title", lambda c: c.title),
            ("lead_agency", lambda c: c.lead_agency),
            ("policy_areas", lambda c: [area.name for area in c.policy_areas.all()]),
            ("ogp_values", lambda c: [str(value) for value in c.ogp_values]),
            ("start_date", lambda c: c.start_date),
            ("end_date", lambda c: c.end_date),
            ("completion", lambda c: c.completion_level or None),
            ("completion_irm", lambda c: c.completion_irm_level),
            ("completion_self_reported", lambda c: c.self_reported_completion),
            ("url", lambda c: request.build_absolute_uri(c.get_absolute_url())),
        ]
        return download_response(results.iterator(chunk_size=500), columns, "ogp-commitments", fmt)
    words = filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else ""
    named = commitment_named_by(results, words)
    if named is not None:
        return redirect(named)
    page = paginate_by_ids(
        request,
        commitment_search_with_snippets(results, words),
        RESULTS_PER_PAGE,
        count_up_to=SEARCH_COUNT_UP_TO if words else None,
    )
    return render(
        request,
        "commitments/commitment_search.html",
        {
            "filter": filterset,
            "filter_groups": search_filter_groups(filterset.form),
            "active_filters": sum(
                1 for name in filterset.form.fields if name != "q" and request.GET.get(name)
            ),
            "page": page,
            "query": query_string_without(request, "page", "format"),
            "download_query": query_string_without(request, "page", "format"),
        },
    )


def commitment_detail(request: HttpRequest, ref: str) -> HttpResponse:
    commitment = selectors.commitment_get_for_detail(ref, request.user)
    if commitment.ogp_id and ref != commitment.ogp_id:
        return redirect(commitment, permanent=True)
    milestone_rows = milestone_progress_table(commitment)
    return render(
        request,
        "commitments/commitment_detail.html",
        {
            "commitment": commitment,
            "plan": commitment.plan,
            "member": commitment.plan.member,
            "progress": commitment_progress_side_by_side(commitment),
            "milestone_rows": milestone_rows,
            "story": commitment_story(commitment, has_milestones=bool(milestone_rows)),
            "progress_sources": progress_sources_for(request.user, commitment),
            "timeline": commitment_timeline_with_reviews(commitment),
            "history": commitment_change_history(commitment),
            "can_edit": can_edit_commitment(request.user, commitment),
            "carried_forward_drafts": carried_forward_drafts(commitment, request.user),
            "can_comment": can_comment(request.user, commitment),
            "comments": commitment_comment_threads(commitment)
            if can_see_comments(request.user, commitment)
            else None,
        },
    )
