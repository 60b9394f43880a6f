"""The public consultation's pages: the consultation of a plan (open it; give input; read the
input and the reasoned responses), answer an input, hide one, download an attachment, and
the redline of a commitment. Every write is a commitments.consultation service; every "may
they?" is commitments.permissions."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from action_plans.models import ActionPlan
from core.uploads import download_response, refuse_oversized_uploads
from core.versioning import StaleVersion
from members.forms import STALE_MESSAGE
from members.models import User

from . import consultation as services
from . import consultation_selectors as selectors
from .consultation_forms import (
    ConsultationEditForm,
    ConsultationInputForm,
    ConsultationOpenForm,
    HideInputForm,
    ReasonedResponseForm,
)
from .models import Commitment, ConsultationInput, PublicConsultation
from .permissions import (
    access_commitment,
    can_close_consultation,
    can_edit_consultation,
    can_give_input,
    can_moderate_inputs,
    can_open_consultation,
    can_respond_to_inputs,
    can_see_input,
    check_can_edit_consultation,
    check_can_hide_input,
    check_can_open_consultation,
    check_can_respond_to_input,
)
from .redline import commitment_redline


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required
    return user


def _put_errors(form, error: ValidationError) -> None:
    for name, errors in error.message_dict.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


def _consultation_or_404(plan: ActionPlan) -> PublicConsultation:
    consultation = selectors.consultation_for_plan(plan)
    if consultation is None:
        raise Http404(_("No public consultation has been opened on this action plan."))
    return consultation


def _page(
    request: HttpRequest,
    plan: ActionPlan,
    *,
    open_form: ConsultationOpenForm | None = None,
    input_form: ConsultationInputForm | None = None,
    status: int = 200,
) -> HttpResponse:
    consultation = selectors.consultation_for_plan(plan)
    user = request.user
    context: dict = {"plan": plan, "member": plan.member, "consultation": consultation}
    if consultation is None:
        if can_open_consultation(user, plan):
            today = timezone.localdate()
            context["open_form"] = open_form or ConsultationOpenForm(
                initial={"opens_on": today, "closes_on": today + datetime.timedelta(days=30)}
            )
        return render(request, "commitments/consultation.html", context, status=status)
    inputs = list(selectors.consultation_input_list_for(user, consultation))
    context |= {
        "texts": selectors.consultation_text_list(consultation),
        "inputs": inputs,
        "can_give_input": can_give_input(user, consultation),
        "can_edit": can_edit_consultation(user, consultation),
        "can_respond": can_respond_to_inputs(user, consultation),
        "can_hide": {item.pk for item in inputs if not item.is_hidden}
        if can_moderate_inputs(user, consultation)
        else set(),
        "summary": selectors.consultation_summary(plan),
    }
    if context["can_give_input"]:
        context["input_form"] = input_form or ConsultationInputForm(consultation=consultation)
    return render(request, "commitments/consultation.html", context, status=status)


def consultation_page(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    """The plan's consultation; for its point of contact, before there is one, the form that
    opens it (POST here)."""
    plan = selectors.plan_get_for_consultation(member_slug, pk)
    if request.method != "POST":
        return _page(request, plan)
    if not request.user.is_authenticated:
        return redirect("account_login")
    check_can_open_consultation(request.user, plan)
    form = ConsultationOpenForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_open(user=_actor(request), plan=plan, **form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(
                request,
                _("The public consultation is open. The commitments' text is frozen as of now."),
            )
            return redirect("commitments:consultation", member_slug, pk)
    return _page(request, plan, open_form=form, status=400)


STALE_CONSULTATION = gettext_lazy(
    "Someone changed this consultation since you opened the page. Nothing was stored. What is "
    "stored now is shown below; your text is kept in the form: check it and save again."
)

STALE_CONSULTATION_CLOSE = gettext_lazy(
    "Someone changed this consultation since you opened the page, so it was not closed. Check "
    "it as it is now and close it again if you still want to."
)


def _edit_page(
    request: HttpRequest,
    consultation: PublicConsultation,
    form: ConsultationEditForm,
    *,
    stored: PublicConsultation | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = consultation.plan
    return render(
        request,
        "commitments/consultation_edit.html",
        {
            "plan": plan,
            "member": plan.member,
            "consultation": consultation,
            "form": form,
            "stored": stored,
            "can_close": can_close_consultation(request.user, consultation),
        },
        status=status,
    )


@login_required
def consultation_edit(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    """Change the consultation's introduction and dates (the point of contact, until it has
    closed), from the version the page showed."""
    plan = selectors.plan_get_for_consultation(member_slug, pk)
    consultation = _consultation_or_404(plan)
    check_can_edit_consultation(request.user, consultation)
    if request.method != "POST":
        return _edit_page(request, consultation, ConsultationEditForm(consultation=consultation))
    form = ConsultationEditForm(request.POST, consultation=consultation)
    if not form.is_valid():
        return _edit_page(request, consultation, form, status=400)
    try:
        services.consultation_update(
            user=_actor(request), consultation=consultation, **form.cleaned_data
        )
    except ValidationError as error:
        _put_errors(form, error)
        return _edit_page(request, consultation, form, status=400)
    except StaleVersion:
        return _stale_edit(request, member_slug, pk)
    messages.success(request, _("The consultation's introduction and dates are saved."))
    return redirect("commitments:consultation", member_slug, pk)


def _stale_edit(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    """The edit page after a refused save: what is stored now beside what the person typed,
    which a second save (from the stored version) stores."""
    stored = _consultation_or_404(selectors.plan_get_for_consultation(member_slug, pk))
    if not can_edit_consultation(request.user, stored):
        messages.error(request, STALE_CONSULTATION)
        return redirect("commitments:consultation", member_slug, pk)
    typed = request.POST.copy()
    typed["version"] = str(stored.version)
    form = ConsultationEditForm(typed, consultation=stored)
    form.is_valid()
    form.add_error(None, STALE_CONSULTATION)
    return _edit_page(request, stored, form, stored=stored, status=409)


@require_POST
@login_required
def consultation_close(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    """Close the open consultation today (the point of contact)."""
    plan = selectors.plan_get_for_consultation(member_slug, pk)
    consultation = _consultation_or_404(plan)
    try:
        seen = int(request.POST.get("version", ""))
    except ValueError:
        seen = 0
    try:
        services.consultation_close_early(
            user=_actor(request), consultation=consultation, version=seen
        )
    except StaleVersion:
        messages.error(request, STALE_CONSULTATION_CLOSE)
        return redirect("commitments:consultation", member_slug, pk)
    messages.success(
        request, _("The public consultation is closed: it takes no more input from today.")
    )
    return redirect("commitments:consultation", member_slug, pk)


@require_POST
@login_required
def consultation_input_new(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_consultation(member_slug, pk)
    consultation = _consultation_or_404(plan)
    form = ConsultationInputForm(request.POST, request.FILES, consultation=consultation)
    refuse_oversized_uploads(form, request)
    if form.is_valid():
        try:
            created = services.consultation_input_submit(
                user=_actor(request),
                consultation=consultation,
                text=form.cleaned_data["text"],
                commitment=form.cleaned_data["commitment"],
                attachment=form.cleaned_data["attachment"] or None,
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Thank you: your input is published."))
            return redirect(f"{consultation.get_absolute_url()}#input-{created.pk}")
    return _page(request, plan, input_form=form, status=400)


def _input(member_slug: str, pk: int, input_pk: int) -> ConsultationInput:
    plan = selectors.plan_get_for_consultation(member_slug, pk)
    consultation = _consultation_or_404(plan)
    return selectors.consultation_input_get(consultation, input_pk)


def _input_page(request, template: str, consultation_input, form, status=200) -> HttpResponse:
    consultation = consultation_input.consultation
    return render(
        request,
        template,
        {
            "plan": consultation.plan,
            "member": consultation.plan.member,
            "consultation": consultation,
            "item": consultation_input,
            "form": form,
        },
        status=status,
    )


@login_required
def consultation_input_respond(
    request: HttpRequest, member_slug: str, pk: int, input_pk: int
) -> HttpResponse:
    """Give or edit the reasoned response to one input (the government side)."""
    consultation_input = _input(member_slug, pk, input_pk)
    check_can_respond_to_input(request.user, consultation_input)
    response = getattr(consultation_input, "response", None)
    status = 200
    if request.method == "POST":
        form = ReasonedResponseForm(request.POST)
        if form.is_valid():
            try:
                services.consultation_input_answer(
                    user=_actor(request),
                    consultation_input=consultation_input,
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                )
            except StaleVersion:
                form.add_error(None, STALE_MESSAGE)
                status = 409
            except ValidationError as error:
                _put_errors(form, error)
                status = 400
            else:
                messages.success(request, _("The reasoned response is published."))
                return redirect(
                    f"{consultation_input.consultation.get_absolute_url()}#input-{input_pk}"
                )
        else:
            status = 400
    else:
        form = ReasonedResponseForm.for_response(response)
    return _input_page(
        request, "commitments/consultation_respond.html", consultation_input, form, status
    )


@login_required
def consultation_input_hide(
    request: HttpRequest, member_slug: str, pk: int, input_pk: int
) -> HttpResponse:
    """Hide an abusive input from the public, with a reason (a forum member)."""
    consultation_input = _input(member_slug, pk, input_pk)
    check_can_hide_input(request.user, consultation_input)
    status = 200
    if request.method == "POST":
        form = HideInputForm(request.POST)
        if form.is_valid():
            try:
                services.consultation_input_hide(
                    user=_actor(request),
                    consultation_input=consultation_input,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _put_errors(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("The input is hidden from the public. Its author sees it and your reason."),
                )
                return redirect(
                    f"{consultation_input.consultation.get_absolute_url()}#input-{input_pk}"
                )
        else:
            status = 400
    else:
        form = HideInputForm()
    return _input_page(
        request, "commitments/consultation_hide.html", consultation_input, form, status
    )


def consultation_input_attachment(
    request: HttpRequest, member_slug: str, pk: int, input_pk: int
) -> StreamingHttpResponse:
    """An input's attachment, as a download, to whoever may see the input."""
    consultation_input = _input(member_slug, pk, input_pk)
    if not consultation_input.attachment or not can_see_input(request.user, consultation_input):
        raise Http404
    return download_response(
        consultation_input.attachment,
        consultation_input.attachment_type,
        _("input-%(number)d") % {"number": consultation_input.pk},
    )


def commitment_redline_page(request: HttpRequest, ref: str) -> HttpResponse:
    """What changed, word by word, since the commitment was put to public consultation."""
    commitment = access_commitment(request.user, Commitment.objects.all(), ref)
    if commitment.ogp_id and ref != commitment.ogp_id:
        return redirect("commitments:redline", commitment.ogp_id, permanent=True)
    return render(
        request,
        "commitments/redline.html",
        {
            "commitment": commitment,
            "plan": commitment.plan,
            "member": commitment.plan.member,
            "redline": commitment_redline(commitment),
        },
    )
