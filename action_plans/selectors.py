"""Reads of action plans for the public portal."""

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from members.models import Member
from members.permissions import can_see_private_meetings
from members.selectors import member_forum

from .models import ActionPlan, PlanStatus, RepositoryDocument


def plan_get_for_detail(member_slug: str, pk: int) -> ActionPlan:
    """The plan with its member and co-creation record; Http404 unless the plan exists and
    belongs to the member with that slug."""
    queryset = ActionPlan.objects.select_related("member").prefetch_related("cocreation_steps")
    return get_object_or_404(queryset, pk=pk, member__slug=member_slug)


def member_list_with_plans() -> QuerySet[Member]:
    """Every member with `plans_newest_first` (withdrawn plans left out) for its current plan;
    two queries whatever the number of members."""
    plans = ActionPlan.objects.exclude(status=PlanStatus.WITHDRAWN).order_by("-number")
    return Member.objects.order_by("name").prefetch_related(
        Prefetch("action_plans", queryset=plans, to_attr="plans_newest_first")
    )


def plan_list_latest_published(limit: int) -> QuerySet[ActionPlan]:
    """The most recent plans past co-creation, newest first: by submission date, or by the
    start of the period for plans whose submission date OGP's export does not give."""
    return (
        ActionPlan.objects.exclude(status__in=[PlanStatus.CO_CREATION, PlanStatus.WITHDRAWN])
        .annotate(published_on=Coalesce("submitted_on", "period_start"))
        .select_related("member")
        .order_by("-published_on", "-pk")[:limit]
    )


def repository_document_list_for(viewer: Any, member: Member) -> QuerySet[RepositoryDocument]:
    """The member's repository as `viewer` may see it: a document of a private meeting only
    for the forum's members."""
    documents = RepositoryDocument.objects.filter(member=member).select_related("plan__member")
    if not can_see_private_meetings(viewer, member.pk):
        documents = documents.exclude(meeting__is_public=False)
    return documents


def member_documents_prefetch(viewer: Any, member: Member) -> None:
    """Prefetch `member.documents` (as `viewer` may see them) and the documents of the meetings
    member_get_for_detail prefetched, for the member's page: two queries."""
    documents = repository_document_list_for(viewer, member)
    prefetch_related_objects([member], Prefetch("documents", queryset=documents))
    forum = member_forum(member)
    meetings = getattr(forum, "public_meetings", None) if forum else None
    if meetings:
        prefetch_related_objects(
            meetings, Prefetch("documents", queryset=RepositoryDocument.objects.all())
        )


def repository_document_get(member_slug: str, pk: int) -> RepositoryDocument:
    queryset = RepositoryDocument.objects.select_related("member", "meeting", "plan")
    return get_object_or_404(queryset, pk=pk, member__slug=member_slug)


def plan_list_for_repository(member: Member) -> QuerySet[ActionPlan]:
    """The plans a repository document of the member can belong to, newest first."""
    return ActionPlan.objects.filter(member=member).order_by("-number")
