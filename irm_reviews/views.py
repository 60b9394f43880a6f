"""The IRM workspace (`/irm/`): the researcher's reviews, each review's page (assignments,
clusters, state), and one assessment page per commitment or cluster. Every write is a service
of irm_reviews.services or irm_reviews.assignments; every "may they?" is
irm_reviews.permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commitments.models import Commitment
from core.timezones import local_date
from core.versioning import StaleVersion

from . import assignments, selectors, services
from .display import assessment_ratings, missing_summary, review_commitment_rows
from .forms import AssessmentForm, AssignmentForm, ClusterForm
from .models import AssessmentCluster, CycleState, ReviewAssignment, ReviewCycle, ReviewKind
from .permissions import (
    can_assess,
    can_assign_researchers,
    can_edit_review,
    can_see_unpublished_reviews,
    is_in_comment_period,
    is_report_final,
    report_final_message,
)
from .services import CYCLE_TRANSITIONS, ReviewIncomplete
from .standards import plan_standards_check


def _check_can_see_workspace(user) -> None:
    if not can_see_unpublished_reviews(user):
        raise PermissionDenied(_("The IRM workspace is for IRM staff and the OGP Support Unit."))


def _review(request: HttpRequest, pk: int) -> ReviewCycle:
    _check_can_see_workspace(request.user)
    return selectors.review_cycle_get_for_workspace(pk)


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The signed-in person's reviews by state and due date, with what each still lacks; the
    Support Unit sees every unpublished review and assigns researchers here."""
    _check_can_see_workspace(request.user)
    reviews = list(selectors.review_cycle_list_for_workspace(request.user))
    may_assign = can_assign_researchers(request.user)
    researchers = list(selectors.irm_researchers()) if may_assign else []
    groups = []
    for state in CycleState:
        rows = [
            {
                "cycle": cycle,
                "summary": missing_summary(
                    cycle.commitments_count - cycle.complete_count,  # type: ignore[attr-defined]
                    cycle.commitments_count,  # type: ignore[attr-defined]
                ),
                "is_overdue": cycle.due_on < timezone.localdate()
                and cycle.state != CycleState.PUBLISHED,
            }
            for cycle in reviews
            if cycle.state == state
        ]
        if rows:
            groups.append({"state": state, "rows": rows})
    return render(
        request,
        "irm_reviews/workspace.html",
        {"groups": groups, "may_assign": may_assign, "researchers": researchers},
    )


def _review_page(request: HttpRequest, cycle: ReviewCycle, status: int = 200, **extra):
    rows = review_commitment_rows(cycle.kind, selectors.review_commitments_with_assessments(cycle))
    assigned = {assignment.researcher_id for assignment in cycle.assignments.all()}
    may_assign = can_assign_researchers(request.user) and not is_report_final(cycle)
    context = {
        "cycle": cycle,
        "plan": cycle.plan,
        "member": cycle.plan.member,
        "rows": rows,
        "missing_count": sum(1 for row in rows if row.missing),
        "may_assess": can_assess(request.user, cycle),
        "may_edit": can_edit_review(request.user, cycle),
        "may_assign": may_assign,
        "next_state": CYCLE_TRANSITIONS.get(CycleState(cycle.state)),
        # The IRM checks the co-creation standards in the plan's Action Plan Review.
        "standards_check": plan_standards_check(cycle.plan, viewer=request.user)
        if cycle.kind == ReviewKind.ACTION_PLAN_REVIEW
        else None,
        "is_commented": is_in_comment_period(cycle),
        "comments_close_on": cycle.comment_period_closes_on
        if is_in_comment_period(cycle)
        else None,
        "is_final": is_report_final(cycle),
        "final_message": report_final_message(),
        "assignment_form": AssignmentForm(
            researchers=selectors.irm_researchers().exclude(pk__in=assigned)
        )
        if may_assign
        else None,
        "cluster_form": extra.pop(
            "cluster_form",
            ClusterForm(commitments=[row.commitment for row in rows if row.cluster is None]),
        ),
        **extra,
    }
    return render(request, "irm_reviews/workspace_review.html", context, status=status)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, _review(request, pk))


@require_POST
@login_required
def review_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the review one step on; refused with the list of what is missing while a
    commitment lacks its required indicators."""
    cycle = _review(request, pk)
    try:
        services.review_cycle_advance(
            user=request.user,
            cycle=cycle,
            today=local_date(cycle.plan.member.time_zone, timezone.now()),
            from_state=request.POST.get("from_state") or None,
        )
    except ReviewIncomplete as incomplete:
        rows = [
            row
            for row in review_commitment_rows(
                cycle.kind, selectors.review_commitments_with_assessments(cycle)
            )
            if row.missing
        ]
        return _review_page(request, cycle, status=400, incomplete=incomplete, refused_rows=rows)
    except StaleVersion:
        messages.error(
            request,
            _("Someone moved this review on since you opened the page; check its state again."),
        )
    else:
        messages.success(
            request, _("The review is now: %(state)s.") % {"state": cycle.get_state_display()}
        )
    return redirect("irm:review", pk=cycle.pk)


@require_POST
@login_required
def review_assign(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _review(request, pk)
    form = AssignmentForm(request.POST, researchers=selectors.irm_researchers())
    if form.is_valid():
        try:
            assignment = assignments.review_assignment_create(
                user=request.user, cycle=cycle, researcher=form.cleaned_data["researcher"]
            )
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(
                request,
                _("%(name)s is assigned to this review.")
                % {"name": assignment.researcher.get_full_name() or assignment.researcher},
            )
    else:
        messages.error(request, _("Choose an IRM researcher to assign."))
    return _back(request, cycle)


def _back(request: HttpRequest, cycle: ReviewCycle) -> HttpResponse:
    if request.POST.get("next") == "workspace":
        return redirect("irm:workspace")
    return redirect("irm:review", pk=cycle.pk)


@require_POST
@login_required
def review_unassign(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    cycle = _review(request, pk)
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("researcher", "cycle__plan"),
        pk=assignment_pk,
        cycle=cycle,
    )
    assignments.review_assignment_delete(user=request.user, assignment=assignment)
    messages.success(
        request,
        _("%(name)s is no longer assigned to this review.")
        % {"name": assignment.researcher.get_full_name() or assignment.researcher},
    )
    return _back(request, cycle)


@require_POST
@login_required
def cluster_new(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _review(request, pk)
    candidates = list(Commitment.objects.filter(plan_id=cycle.plan_id).order_by("position", "pk"))
    form = ClusterForm(request.POST, commitments=candidates)
    if form.is_valid():
        chosen = {int(value) for value in form.cleaned_data["commitments"]}
        try:
            cluster = assignments.cluster_create(
                user=request.user,
                cycle=cycle,
                name=form.cleaned_data["name"],
                commitments=[c for c in candidates if c.pk in chosen],
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("The cluster %(name)s is created.") % {"name": cluster})
            return redirect("irm:cluster", pk=cycle.pk, cluster_pk=cluster.pk)
    return _review_page(request, cycle, status=400, cluster_form=form)


@require_POST
@login_required
def cluster_dissolve(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponse:
    cycle = _review(request, pk)
    cluster = get_object_or_404(AssessmentCluster, pk=cluster_pk, cycle=cycle)
    assignments.cluster_dissolve(user=request.user, cluster=cluster)
    messages.success(
        request,
        _("The cluster %(name)s is ungrouped; each commitment keeps its levels.")
        % {"name": cluster.name},
    )
    return redirect("irm:review", pk=cycle.pk)


def _neighbours(cycle: ReviewCycle, shown: set[int]) -> tuple[Commitment | None, Commitment | None]:
    """The commitments before and after those shown on an assessment page, in the plan's
    order (the one after may be in a cluster: its page leads to the cluster's)."""
    order = [commitment for commitment, _a in selectors.review_commitments_with_assessments(cycle)]
    positions = [index for index, commitment in enumerate(order) if commitment.pk in shown]
    if not positions:
        return None, None
    previous = order[min(positions) - 1] if min(positions) > 0 else None
    following = next((c for c in order[max(positions) + 1 :] if c.pk not in shown), None)
    return previous, following


def _assessment_url(cycle: ReviewCycle, commitment: Commitment | None) -> str:
    if commitment is None:
        return reverse("irm:review", kwargs={"pk": cycle.pk})
    return reverse("irm:assessment", kwargs={"pk": cycle.pk, "commitment_pk": commitment.pk})


def _save_assessment(request, cycle, form, save, stored_version_of, next_url, context):
    """The form's save: refused with a clear message when the report is published or the user
    is not assigned, the stale-version page when someone saved in between."""
    if not can_assess(request.user, cycle):
        context["refusal"] = (
            report_final_message()
            if is_report_final(cycle) and can_edit_review(request.user, cycle)
            else _(
                "Only the IRM researchers assigned to this review and the Support Unit may edit it."
            )
        )
        return None, 403
    if not form.is_valid():
        return None, 400
    try:
        save(form.assessment_values(), form.cleaned_data["version"])
    except StaleVersion as stale:
        data = request.POST.copy()
        data["version"] = str(stale.current_version if stale.current_version is not None else 0)
        context["form"] = AssessmentForm(data, kind=cycle.kind)
        context["stale"] = True
        stored = stored_version_of()
        context["stored_ratings"] = assessment_ratings(stored) if stored is not None else []
        return None, 409
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
        return None, 400
    messages.success(request, _("The assessment is saved."))
    if "save_next" in request.POST:
        return redirect(next_url), 302
    return redirect(request.get_full_path()), 302


@login_required
def assessment_edit(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    """Record one commitment's indicators, with the commitment's text and the government's and
    civil society's progress beside the form."""
    cycle = _review(request, pk)
    commitment = get_object_or_404(
        Commitment.objects.prefetch_related("milestones"), pk=commitment_pk, plan_id=cycle.plan_id
    )
    assessment = (
        cycle.assessments.filter(commitment=commitment).select_related("assessed_cluster").first()
    )
    if assessment is not None and assessment.assessed_cluster is not None:
        return redirect("irm:cluster", pk=cycle.pk, cluster_pk=assessment.assessed_cluster_id)
    previous, following = _neighbours(cycle, {commitment.pk})
    context = {
        "cycle": cycle,
        "plan": cycle.plan,
        "member": cycle.plan.member,
        "commitments": [commitment],
        "commitment": commitment,
        "assessment": assessment,
        "previous_url": _assessment_url(cycle, previous) if previous else None,
        "next_url": _assessment_url(cycle, following),
        "has_next": following is not None,
        "progress": list(selectors.commitment_progress_for_review(commitment)),
        "may_assess": can_assess(request.user, cycle),
        "is_final": is_report_final(cycle),
        "final_message": report_final_message(),
    }
    status = 200
    if request.method == "POST":
        form = AssessmentForm(request.POST, kind=cycle.kind)
        context["form"] = form
        response, status = _save_assessment(
            request,
            cycle,
            form,
            lambda values, version: services.assessment_save(
                user=request.user,
                cycle=cycle,
                commitment=commitment,
                values=values,
                version=version,
            ),
            lambda: cycle.assessments.filter(commitment=commitment).first(),
            context["next_url"],
            context,
        )
        if response is not None:
            return response
    else:
        context["form"] = AssessmentForm(
            initial=AssessmentForm.initial_from(assessment, cycle.kind), kind=cycle.kind
        )
    return _assessment_page(request, context, status)


def _assessment_page(request: HttpRequest, context: dict, status: int) -> HttpResponse:
    form = context["form"]
    if not context["may_assess"]:
        for field in form.fields.values():
            field.disabled = True
    elif form.indicators:
        # Focus without script: the first field in error, else the first indicator.
        errors = [
            name for name in form.indicator_names() if form.is_bound and form.errors.get(name)
        ]
        form.fields[errors[0] if errors else form.indicators[0]].widget.attrs["autofocus"] = True
    return render(request, "irm_reviews/assessment_form.html", context, status=status)
