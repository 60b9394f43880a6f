"""The pages of a plan's workflow: the sign-off section of the plan's page (signatures, what
must be fixed first, the sign and withdraw buttons, the later steps' form), the workflow page
that explains a refused step item by item, the plan as a .docx, and carrying an earlier
commitment forward. Every rule is commitments.plan_workflow; every write is a service there."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from action_plans.models import ActionPlan, PlanSignOff, PlanStatus, SignOffSide
from core.versioning import StaleVersion

from . import carry_forward, plan_workflow
from .permissions import (
    can_create_commitment,
    can_see_draft_commitments,
    check_can_create_commitment,
)
from .plan_document import DOCX_CONTENT_TYPE, plan_document
from .plan_preconditions import Problem
from .plan_workflow import SIGN_OFF, STATUS_TRANSITIONS, TRANSITIONS, StepRefused
from .plan_workflow_forms import CarryForwardSearchForm, PlanStatusForm, PlanVersionForm

STALE_PLAN = gettext_lazy(
    "The plan changed since you opened this page (someone signed, withdrew or changed its "
    "status). Nothing was stored: check the page as it is now and try again."
)
CANDIDATES_PER_PAGE = 20


@dataclass
class SignOffRow:
    side: str
    label: str
    sign_off: PlanSignOff | None


@dataclass
class StatusStep:
    name: str
    label: str
    problems: list[Problem]


@dataclass
class PlanWorkflow:
    """What the plan's sign-off section shows to this visitor."""

    plan: ActionPlan
    rows: list[SignOffRow]
    my_side: str | None = None
    has_signed: bool = False
    may_sign: bool = False
    problems: list[Problem] = field(default_factory=list)
    show_problems: bool = False
    steps: list[StatusStep] = field(default_factory=list)
    can_download: bool = False
    can_carry_forward: bool = False
    withdrawn: list[PlanSignOff] = field(default_factory=list)  # oldest first


def plan_workflow_display(user, plan: ActionPlan) -> PlanWorkflow:
    standing, withdrawn = plan_workflow.sign_offs_by_standing(plan)
    rows = [SignOffRow(side, str(label), standing.get(side)) for side, label in SignOffSide.choices]
    workflow = PlanWorkflow(
        plan=plan,
        rows=rows,
        withdrawn=withdrawn,
        can_download=plan.status != PlanStatus.CO_CREATION,
        can_carry_forward=can_create_commitment(user, plan),
    )
    if plan_workflow.can_take(user, plan, SIGN_OFF):
        workflow.my_side = plan_workflow.signing_side(user, plan)
        workflow.has_signed = workflow.my_side in standing
    if plan.status == PlanStatus.CO_CREATION and can_see_draft_commitments(user, plan.member_id):
        workflow.problems = plan_workflow.transition_problems(plan, SIGN_OFF)
        workflow.show_problems = True
    workflow.may_sign = bool(workflow.my_side) and not workflow.has_signed
    workflow.steps = [
        StatusStep(
            name, str(TRANSITIONS[name].label), plan_workflow.transition_problems(plan, name)
        )
        for name in STATUS_TRANSITIONS
        if plan_workflow.can_take(user, plan, name)
    ]
    return workflow


def plan_workflow_context(user, plan: ActionPlan) -> dict[str, Any]:
    """What the plan's page adds for its sign-off section (the include plan_workflow.html)."""
    workflow = plan_workflow_display(user, plan)
    return {
        "workflow": workflow,
        "status_form": PlanStatusForm(
            initial={"version": plan.version}, steps=[step.name for step in workflow.steps]
        )
        if workflow.steps
        else None,
    }


def _plan(member_slug: str, pk: int) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.select_related("member"), pk=pk, member__slug=member_slug
    )


def _page(
    request: HttpRequest,
    plan: ActionPlan,
    *,
    refused: list[Problem] | None = None,
    error: str = "",
    status_form: PlanStatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    plan.refresh_from_db()
    context = plan_workflow_context(request.user, plan)
    if status_form is not None and context["status_form"] is not None:
        status_form.offer([step.name for step in context["workflow"].steps])
        context["status_form"] = status_form
    return render(
        request,
        "commitments/plan_workflow.html",
        {
            "plan": plan,
            "member": plan.member,
            "refused": refused or [],
            "error": error,
            **context,
        },
        status=status,
    )


def plan_workflow_page(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    """The plan's sign-off and status: who signed, what must be fixed first, the steps."""
    return _page(request, _plan(member_slug, pk))


def _version(request: HttpRequest) -> int | None:
    form = PlanVersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


@require_POST
def plan_sign_off_view(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    """Sign off the plan for one's side (`action=sign`) or withdraw one's sign-off."""
    if not request.user.is_authenticated:
        return redirect_to_login(_plan(member_slug, pk).get_absolute_url())
    plan = _plan(member_slug, pk)
    version = _version(request)
    withdraw = request.POST.get("action") == "withdraw"
    try:
        if version is None:
            raise StaleVersion
        if withdraw:
            plan_workflow.plan_sign_off_withdraw(user=request.user, plan=plan, version=version)
        else:
            plan_workflow.plan_sign_off(user=request.user, plan=plan, version=version)
    except StepRefused as refusal:
        return _page(request, plan, refused=refusal.problems, status=400)
    except StaleVersion:
        return _page(request, plan, error=str(STALE_PLAN), status=409)
    if withdraw:
        messages.success(request, _("Your sign-off is withdrawn."))
    elif plan.status == PlanStatus.SUBMITTED:
        messages.success(request, _("Both sides have signed off: the action plan is submitted."))
    else:
        messages.success(
            request,
            _("Your sign-off is recorded. The plan is submitted once the other side signs."),
        )
    return redirect(f"{plan.get_absolute_url()}#sign-off")


@require_POST
def plan_status_view(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    """Take a later step: begin implementation, end, or withdraw the plan (with a reason)."""
    if not request.user.is_authenticated:
        return redirect_to_login(_plan(member_slug, pk).get_absolute_url())
    plan = _plan(member_slug, pk)
    form = PlanStatusForm(request.POST)
    if not form.is_valid():
        return _page(request, plan, status_form=form, status=400)
    try:
        plan_workflow.plan_status_change(
            user=request.user,
            plan=plan,
            step=form.cleaned_data["step"],
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
        return _page(request, plan, status_form=form, status=400)
    except StepRefused as refusal:
        return _page(request, plan, refused=refusal.problems, status=400)
    except StaleVersion:
        return _page(request, plan, error=str(STALE_PLAN), status=409)
    messages.success(
        request, _("The action plan is now %(status)s.") % {"status": plan.get_status_display()}
    )
    return redirect(f"{plan.get_absolute_url()}#sign-off")


def plan_document_view(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    """The submitted plan in OGP's action plan template, as a .docx (404 while in co-creation)."""
    plan = _plan(member_slug, pk)
    if plan.status == PlanStatus.CO_CREATION:
        raise Http404(_("The plan is still in co-creation: its document comes with submission."))
    response = HttpResponse(plan_document(plan), content_type=DOCX_CONTENT_TYPE)
    filename = f"{plan.ogp_id or slugify(plan.title)}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def carry_forward_view(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    """Search the member's earlier commitments (GET `q`) and start a draft from one (POST)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    plan = _plan(member_slug, pk)
    check_can_create_commitment(request.user, plan)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            source_id = int(request.POST.get("source", ""))
        except ValueError:
            source_id = 0
        try:
            commitment = carry_forward.commitment_carry_forward(
                user=request.user,
                plan=plan,
                source_id=source_id,
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
            status = 400
        else:
            messages.success(
                request,
                _("The draft carries the earlier commitment forward: review and edit its text."),
            )
            return redirect("commitments:edit", commitment.ogp_id or commitment.pk)
    form = CarryForwardSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(
        carry_forward.carry_forward_candidates(plan, query), CANDIDATES_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "commitments/carry_forward.html",
        {
            "plan": plan,
            "member": plan.member,
            "form": form,
            "page": page,
            "query": query,
            "error": error,
        },
        status=status,
    )
