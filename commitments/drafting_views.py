"""The forum's pages for co-creating a draft commitment: new, edit (with the conflict page when
someone saved in between), the history of versions with restore, and comments. Every write is
a commitments.drafting service; every "may they?" is commitments.permissions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from action_plans.models import ActionPlan

from . import comments, drafting
from .display import commitment_change_history
from .forms import MILESTONES_PREFIX, CommentForm, CommitmentDraftForm, milestone_formset
from .models import Commitment, CommitmentComment, Milestone
from .permissions import (
    access_commitment,
    can_edit_commitment,
    check_can_comment,
    check_can_create_commitment,
    check_can_edit_commitment,
)


def _signed_in(view):
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _editable(request: HttpRequest, ref: str) -> Commitment:
    commitment = access_commitment(request.user, Commitment.objects.all(), ref)
    check_can_edit_commitment(request.user, commitment)
    return commitment


def _show_errors(error: ValidationError, form: CommitmentDraftForm) -> list[str]:
    """Put each service error next to its field; return the milestones' own."""
    milestone_errors: list[str] = []
    for name, errors in error.message_dict.items():
        if name == drafting.MILESTONES:
            milestone_errors.extend(errors)
        elif name in form.fields:
            for message in errors:
                form.add_error(name, message)
        else:
            for message in errors:
                form.add_error(None, message)
    return milestone_errors


def _render_form(request, template: str, context: dict[str, Any], status: int = 200):
    return render(request, template, context, status=status)


@_signed_in
def commitment_new(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    """A new draft commitment in a plan in co-creation, in OGP's template."""
    plan = get_object_or_404(
        ActionPlan.objects.select_related("member"), pk=pk, member__slug=member_slug
    )
    check_can_create_commitment(request.user, plan)
    milestone_errors: list[str] = []
    if request.method == "POST":
        form = CommitmentDraftForm(request.POST)
        formset = milestone_formset(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                commitment = drafting.commitment_create(
                    user=request.user,  # type: ignore[arg-type]
                    plan=plan,
                    values=form.draft_values(),
                    milestones=formset.milestone_drafts(),
                )
            except ValidationError as error:
                milestone_errors = _show_errors(error, form)
            else:
                messages.success(request, _("The draft commitment is saved."))
                return redirect(commitment)
    else:
        form = CommitmentDraftForm(initial={"version": 1})
        formset = milestone_formset()
    return _render_form(
        request,
        "commitments/commitment_edit.html",
        {
            "plan": plan,
            "member": plan.member,
            "form": form,
            "formset": formset,
            "milestone_errors": milestone_errors,
        },
    )


def _resolved_data(request: HttpRequest):
    """The submitted form, with each field the person chose to keep from the other side on
    the conflict page replaced by that value."""
    data = request.POST.copy()
    for name in drafting.DRAFT_FIELDS:
        if data.get(f"resolve_{name}") == "theirs":
            if f"theirs_{name}" in data:
                data.setlist(name, data.getlist(f"theirs_{name}"))
            else:
                data.pop(name, None)
    return data


@_signed_in
def commitment_edit(request: HttpRequest, ref: str) -> HttpResponse:
    """Edit a draft in OGP's template with its milestones; a save on a stale version merges
    silently what only one side changed, or shows the conflict page."""
    commitment = _editable(request, ref)
    milestone_errors: list[str] = []
    if request.method == "POST":
        data = _resolved_data(request)
        form = CommitmentDraftForm(data)
        keeps_their_milestones = data.get("resolve_milestones") == "theirs"
        formset = milestone_formset(data)
        if form.is_valid() and (keeps_their_milestones or formset.is_valid()):
            try:
                saved = drafting.commitment_update(
                    user=request.user,  # type: ignore[arg-type]
                    commitment=commitment,
                    version=form.cleaned_data["version"] or commitment.version,
                    values=form.draft_values(),
                    milestones=None if keeps_their_milestones else formset.milestone_drafts(),
                )
            except drafting.CommitmentConflict as conflict:
                return _conflict_page(request, commitment, conflict)
            except ValidationError as error:
                milestone_errors = _show_errors(error, form)
            else:
                messages.success(
                    request, _("Saved as version %(version)d.") % {"version": saved.version}
                )
                return redirect(saved)
    else:
        form = CommitmentDraftForm(
            initial={**drafting.draft_values(commitment), "version": commitment.version}
        )
        formset = milestone_formset(
            initial=[draft.__dict__ for draft in drafting.milestone_drafts(commitment)]
        )
    return _render_form(
        request,
        "commitments/commitment_edit.html",
        {
            "commitment": commitment,
            "plan": commitment.plan,
            "member": commitment.plan.member,
            "form": form,
            "formset": formset,
            "milestone_errors": milestone_errors,
        },
    )


def _hidden_value(value: Any) -> str | None:
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _conflict_page(
    request: HttpRequest, commitment: Commitment, conflict: drafting.CommitmentConflict
) -> HttpResponse:
    conflicting = set(conflict.conflicting_fields)
    carried = [
        (name, _hidden_value(value))
        for name, value in conflict.merged.items()
        if name not in conflicting and _hidden_value(value) is not None
    ]
    if conflict.keeps_their_milestones and drafting.MILESTONES not in conflicting:
        carried.append(("resolve_milestones", "theirs"))
    else:
        carried += [
            (key, value)
            for key in request.POST
            if key.startswith(f"{MILESTONES_PREFIX}-")
            for value in request.POST.getlist(key)
        ]
    text_fields = {
        name
        for name in drafting.DRAFT_FIELDS
        if not isinstance(drafting.draft_field(name).default, bool)
    }
    return render(
        request,
        "commitments/commitment_conflict.html",
        {
            "commitment": commitment,
            "plan": commitment.plan,
            "member": commitment.plan.member,
            "conflict": conflict,
            "version": conflict.current_version,
            "carried": carried,
            "rows": [
                {
                    "conflict": field,
                    "is_text": field.field in text_fields,
                    "is_long": field.field in text_fields
                    and drafting.draft_field(field.field).get_internal_type() == "TextField",
                    "theirs_value": _hidden_value(field.theirs),
                    "mine_value": _hidden_value(field.mine) or "",
                }
                for field in conflict.conflicts
            ],
        },
        status=409,
    )


def _record_milestones(commitment: Commitment, record) -> list:
    return list(
        Milestone.history.as_of(record.history_date)
        .filter(commitment_id=commitment.pk)
        .order_by("number")
    )


@_signed_in
def commitment_version(request: HttpRequest, ref: str, history_id: int) -> HttpResponse:
    """One earlier version of a commitment as it was saved; its editors may restore it."""
    commitment = access_commitment(request.user, Commitment.objects.all(), ref)
    record = get_object_or_404(
        commitment.history.select_related("history_user"), history_id=history_id
    )
    if request.method == "POST":
        check_can_edit_commitment(request.user, commitment)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = 0
        try:
            saved = drafting.commitment_restore(
                user=request.user,  # type: ignore[arg-type]
                commitment=commitment,
                history_id=record.history_id,
                version=version,
            )
        except drafting.StaleVersion:
            messages.error(
                request,
                _(
                    "Someone saved this commitment since you opened this page; nothing was restored. Check the current version and restore again if you still want to."
                ),
            )
            return redirect(request.get_full_path())
        except ValidationError as error:
            for errors in error.message_dict.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(request.get_full_path())
        messages.success(
            request,
            _("Version %(old)d is restored as version %(new)d.")
            % {"old": record.version, "new": saved.version},
        )
        return redirect(saved)
    return render(
        request,
        "commitments/commitment_version.html",
        {
            "commitment": commitment,
            "plan": commitment.plan,
            "member": commitment.plan.member,
            "record": record,
            "fields": [
                (str(drafting.draft_field(name).verbose_name), getattr(record, name))
                for name in drafting.DRAFT_FIELDS
            ],
            "milestones": _record_milestones(commitment, record),
            "can_restore": can_edit_commitment(request.user, commitment),
            "history": commitment_change_history(commitment),
        },
    )


@require_POST
@_signed_in
def commitment_comment(request: HttpRequest, ref: str) -> HttpResponse:
    """Add a comment (or a reply) to a draft; back to the commitment's comments."""
    commitment = access_commitment(request.user, Commitment.objects.all(), ref)
    check_can_comment(request.user, commitment)
    form = CommentForm(request.POST)
    if form.is_valid():
        reply_to = None
        if form.cleaned_data.get("reply_to"):
            reply_to = CommitmentComment.objects.filter(
                pk=form.cleaned_data["reply_to"], commitment=commitment
            ).first()
        try:
            comment = comments.commitment_comment_create(
                user=request.user,  # type: ignore[arg-type]
                commitment=commitment,
                text=form.cleaned_data["text"],
                reply_to=reply_to,
            )
        except ValidationError as error:
            for refusals in error.message_dict.values():
                for refusal in refusals:
                    messages.error(request, refusal)
        else:
            return redirect(f"{commitment.get_absolute_url()}#comment-{comment.pk}")
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    return redirect(f"{commitment.get_absolute_url()}#comments")
