"""Deleting a draft (from its edit page), restoring it (from the plan's page) and withdrawing
a published commitment (from its page). Every write is a commitments.removal service; every
"may they?" is commitments.permissions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.versioning import StaleVersion

from . import removal
from .models import Commitment
from .permissions import (
    access_commitment,
    can_restore_deleted_commitment,
    check_can_delete_commitment,
    check_can_withdraw_commitment,
)


class CommitmentWithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawal"),
        max_length=removal.WITHDRAWAL_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Shown on the commitment's public page."),
    )


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # no version: treated as stale, nothing is changed


@login_required
@require_POST
def commitment_delete(request: HttpRequest, ref: str) -> HttpResponse:
    commitment = access_commitment(request.user, Commitment.objects.all(), ref)
    check_can_delete_commitment(request.user, commitment)
    try:
        removal.commitment_delete_draft(
            user=request.user,  # type: ignore[arg-type]
            commitment=commitment,
            version=_version(request),
        )
    except StaleVersion:
        messages.error(
            request,
            _("Someone saved this draft since you opened it; it was not deleted. Look again."),
        )
        return redirect("commitments:edit", ref=commitment.pk)
    messages.success(
        request,
        _("Draft %(number)s deleted. The forum can restore it from this page.")
        % {"number": commitment.number},
    )
    return redirect(commitment.plan)


@login_required
@require_POST
def commitment_restore_deleted(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = (
        Commitment.with_deleted.select_related("plan__member")
        .filter(pk=pk, deleted_at__isnull=False)
        .first()
    )
    # A deleted draft is no one's to see but the forum's: the same 404 as for no draft at all.
    if commitment is None or not can_restore_deleted_commitment(request.user, commitment):
        raise Http404(_("No deleted draft %(pk)s.") % {"pk": pk})
    try:
        restored = removal.commitment_restore_deleted(
            user=request.user,  # type: ignore[arg-type]
            commitment=commitment,
        )
    except StaleVersion:
        messages.info(request, _("This draft was already restored."))
        return redirect(commitment.plan)
    messages.success(request, _("Draft %(number)s restored.") % {"number": restored.number})
    return redirect("commitments:edit", ref=restored.pk)


@login_required
def commitment_withdraw(request: HttpRequest, ref: str) -> HttpResponse:
    """Withdraw a published commitment with a reason (the Support Unit, the point of contact)."""
    commitment = access_commitment(request.user, Commitment.objects.all(), ref)
    check_can_withdraw_commitment(request.user, commitment)
    status = 200
    if request.method == "POST":
        form = CommitmentWithdrawForm(request.POST)
        if form.is_valid():
            try:
                removal.commitment_withdraw(
                    user=request.user,  # type: ignore[arg-type]
                    commitment=commitment,
                    version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                )
            except StaleVersion:
                form.add_error(
                    None,
                    _("Someone changed this commitment since you opened this page. Look again."),
                )
            except ValidationError as error:
                for message in error.message_dict.get("reason", error.messages):
                    form.add_error("reason", message)
            else:
                messages.success(request, _("The commitment is withdrawn."))
                return redirect(commitment)
        status = 400
    else:
        form = CommitmentWithdrawForm(initial={"version": commitment.version})
    return render(
        request,
        "commitments/commitment_withdraw.html",
        {"commitment": commitment, "plan": commitment.plan, "form": form},
        status=status,
    )
