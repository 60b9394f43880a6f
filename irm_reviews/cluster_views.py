"""The IRM workspace's cluster pages: assess a cluster once, and change its name and
commitments until publication (irm_reviews.assignments). The helpers shared with the
commitment's assessment page are irm_reviews.views'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.versioning import StaleVersion

from . import assignments, selectors
from .forms import AssessmentForm, ClusterEditForm
from .models import AssessmentCluster, ReviewCycle
from .permissions import can_assess, check_can_assess, is_report_final, report_final_message
from .views import _assessment_page, _assessment_url, _neighbours, _review, _save_assessment


def _cluster_context(request: HttpRequest, cycle: ReviewCycle, cluster: AssessmentCluster) -> dict:
    """What the cluster's page shows: its commitments with their text and progress, the
    assessment form's neighbours, and the form of its name and commitments."""
    order = selectors.review_commitments_with_assessments(cycle)
    clustered = [
        (commitment, assessment)
        for commitment, assessment in order
        if assessment is not None and assessment.assessed_cluster_id == cluster.pk
    ]
    members = [commitment for commitment, _assessment in clustered]
    first = clustered[0][1] if clustered else None
    previous, following = _neighbours(cycle, {commitment.pk for commitment in members})
    may_assess = can_assess(request.user, cycle)
    candidates = [
        c
        for c, assessment in order
        if assessment is None or assessment.assessed_cluster_id in (None, cluster.pk)
    ]
    return {
        "cycle": cycle,
        "plan": cycle.plan,
        "member": cycle.plan.member,
        "cluster": cluster,
        "commitments": members,
        "assessment": first,
        "previous_url": _assessment_url(cycle, previous) if previous else None,
        "next_url": _assessment_url(cycle, following),
        "has_next": following is not None,
        "progress": [
            update
            for commitment in members
            for update in selectors.commitment_progress_for_review(commitment)
        ],
        "may_assess": may_assess,
        "is_final": is_report_final(cycle),
        "final_message": report_final_message(),
        "members_form": ClusterEditForm(
            commitments=candidates,
            initial={
                "name": cluster.name,
                "commitments": [str(c.pk) for c in members],
                "version": cluster.version,
            },
        )
        if may_assess
        else None,
        "candidates": candidates,
    }


CLUSTER_STALE_MESSAGE = gettext_lazy(
    "Someone changed this cluster since you opened the page; nothing was saved. The page "
    "shows its commitments as stored now and the form what you chose: send it again to keep "
    "yours."
)


@login_required
def cluster_edit(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponse:
    """Assess a cluster once; the levels go to each commitment in it."""
    cycle = _review(request, pk)
    cluster = get_object_or_404(AssessmentCluster, pk=cluster_pk, cycle=cycle)
    context = _cluster_context(request, cycle, cluster)
    first = context["assessment"]
    status = 200
    if request.method == "POST":
        form = AssessmentForm(request.POST, kind=cycle.kind)
        context["form"] = form
        response, status = _save_assessment(
            request,
            cycle,
            form,
            lambda values, version: assignments.cluster_assessment_save(
                user=request.user, cluster=cluster, values=values, version=version
            ),
            lambda: cycle.assessments.filter(assessed_cluster=cluster).order_by("pk").first(),
            context["next_url"],
            context,
        )
        if response is not None:
            return response
    else:
        initial = AssessmentForm.initial_from(first, cycle.kind)
        initial["version"] = cluster.version
        context["form"] = AssessmentForm(initial=initial, kind=cycle.kind)
    return _assessment_page(request, context, status)


@require_POST
@login_required
def cluster_members(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponse:
    """Rename the cluster and choose its commitments (assignments.cluster_update): refused with
    the reason once the report is published; when someone changed the cluster since the page
    was loaded, nothing is saved and the form comes back as typed, to be sent again."""
    cycle = _review(request, pk)
    cluster = get_object_or_404(AssessmentCluster, pk=cluster_pk, cycle=cycle)
    context = _cluster_context(request, cycle, cluster)
    candidates = context.pop("candidates")
    try:
        check_can_assess(request.user, cycle)
    except PermissionDenied as refusal:
        context["refusal"], context["members_form"] = str(refusal), None
        return _cluster_page(request, cycle, cluster, context, 403)
    form = ClusterEditForm(request.POST, commitments=candidates)
    status = 400
    if form.is_valid():
        chosen = {int(value) for value in form.cleaned_data["commitments"]}
        try:
            cluster = assignments.cluster_update(
                user=request.user,
                cluster=cluster,
                name=form.cleaned_data["name"],
                commitments=[c for c in candidates if c.pk in chosen],
                version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(stale.current_version)
            form = ClusterEditForm(data, commitments=candidates)
            form.is_valid()
            form.add_error(None, CLUSTER_STALE_MESSAGE)
            status = 409
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("The cluster %(name)s is saved.") % {"name": cluster})
            return redirect("irm:cluster", pk=cycle.pk, cluster_pk=cluster.pk)
    context["members_form"] = form
    return _cluster_page(request, cycle, cluster, context, status)


def _cluster_page(
    request: HttpRequest, cycle: ReviewCycle, cluster: AssessmentCluster, context: dict, status
) -> HttpResponse:
    """The cluster's page after a refused change of its members, its assessment form as
    stored."""
    initial = AssessmentForm.initial_from(context["assessment"], cycle.kind)
    initial["version"] = cluster.version
    context["form"] = AssessmentForm(initial=initial, kind=cycle.kind)
    return _assessment_page(request, context, status)
