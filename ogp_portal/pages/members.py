from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from action_plans.display import submission_record
from action_plans.permissions import can_manage_repository
from action_plans.selectors import member_documents_prefetch, member_list_with_plans
from commitments.selectors import plan_list_for_member
from core.listing import (
    download_response,
    paginate,
    query_string_without,
    requested_download_format,
)
from irm_reviews.display import review_results
from irm_reviews.selectors import review_results_data_latest_for_member
from members import selectors
from members.filters import MemberFilterSet
from members.permissions import can_manage_forum

# OGP's members fit on one page; at ten times its size, a page of 100 renders in a few dozen ms
# where all 2,000 rows took about two seconds.
MEMBERS_PER_PAGE = 100


def _current_plan(member):
    return member.plans_newest_first[0] if member.plans_newest_first else None


def member_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    if "type" in request.GET:
        # The page's filter was once called `type`, as the API's is `kind`: old links still work.
        params = request.GET.copy()
        params.setlist("kind", params.pop("type"))
        return redirect(f"{request.path}?{params.urlencode()}", permanent=True)
    filterset = MemberFilterSet.for_page(request.GET, member_list_with_plans(), request)
    members = filterset.qs
    fmt = requested_download_format(request)
    if fmt and filterset.is_valid():
        columns = [
            ("name", lambda m: m.name),
            ("slug", lambda m: m.slug),
            ("type", lambda m: m.kind),
            ("region", lambda m: m.region),
            ("status", lambda m: m.status),
            ("country_code", lambda m: m.country_code),
            ("year_joined", lambda m: m.year_joined),
            ("current_plan", lambda m: getattr(_current_plan(m), "ogp_id", None)),
            ("current_plan_status", lambda m: getattr(_current_plan(m), "status", None)),
            ("url", lambda m: request.build_absolute_uri(m.get_absolute_url())),
        ]
        return download_response(members, columns, "ogp-members", fmt)
    page = paginate(request, members, MEMBERS_PER_PAGE)
    return render(
        request,
        "members/member_list.html",
        {
            "filter": filterset,
            "page": page,
            "members": page.object_list,
            "query": query_string_without(request, "format", "page"),
        },
    )


def member_detail(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    member = selectors.member_get_for_detail(slug, request.user)
    plans = plan_list_for_member(member)
    fmt = requested_download_format(request)
    if fmt:
        columns = [
            ("ogp_id", lambda p: p.ogp_id),
            ("member", lambda p: member.name),
            ("number", lambda p: p.number),
            ("title", lambda p: p.title),
            ("period_start", lambda p: p.period_start),
            ("period_end", lambda p: p.period_end),
            ("status", lambda p: p.status),
            ("submitted_on", lambda p: p.submitted_on),
            ("published_commitments", lambda p: p.published_commitments),
            ("url", lambda p: request.build_absolute_uri(p.get_absolute_url())),
        ]
        return download_response(plans, columns, f"{member.slug}-action-plans", fmt)
    member_documents_prefetch(request.user, member)
    forum = selectors.member_forum(member)
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "plans": plans,
            "forum": forum,
            "seats_by_sector": selectors.forum_seats_by_sector(forum) if forum else [],
            "co_chairs": selectors.forum_co_chairs(forum) if forum else [],
            "manages_forum": bool(forum) and can_manage_forum(request.user, member.pk),
            "manages_repository": can_manage_repository(request.user, member),
            "irm_results": review_results(*review_results_data_latest_for_member(member.pk)),
            "submission_record": submission_record(plans),
        },
    )
