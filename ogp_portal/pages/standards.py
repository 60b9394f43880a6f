"""The IRM's own finding on one requirement of the co-creation standards, beside the portal's
computed check (irm_reviews.standards): the form IRM staff fill in for a plan's review."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from action_plans.selectors import plan_get_for_detail
from core.versioning import StaleVersion
from irm_reviews.models import FindingVerdict
from irm_reviews.standards import plan_standards_check
from irm_reviews.standards_findings import standards_finding_record
from members.forms import STALE_MESSAGE
from members.models import User


class StandardsFindingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    verdict = forms.ChoiceField(
        label=gettext_lazy("The IRM's finding"), choices=[("", "—"), *FindingVerdict.choices]
    )
    justification = forms.CharField(
        label=gettext_lazy("Justification"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=gettext_lazy("The evidence of action toward the requirement, or its absence."),
    )


@login_required
def standards_finding(request: HttpRequest, member_slug: str, pk: int, code: str) -> HttpResponse:
    plan = plan_get_for_detail(member_slug, pk)
    check = plan_standards_check(plan, viewer=request.user)
    result = next((item for item in check.results if item.code == code), None)
    if result is None:
        raise Http404
    if not check.can_record_findings:
        raise PermissionDenied(_("Only IRM staff record findings, until the review is published."))
    user = request.user
    assert isinstance(user, User)
    status = 200
    if request.method == "POST":
        form = StandardsFindingForm(request.POST)
        if form.is_valid():
            try:
                standards_finding_record(
                    user=user,
                    cycle=check.cycle,
                    requirement=code,
                    requirements=check.codes,
                    verdict=form.cleaned_data["verdict"],
                    justification=form.cleaned_data["justification"],
                    version=form.cleaned_data["version"],
                )
            except StaleVersion:
                form.add_error(None, STALE_MESSAGE)
                status = 409
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(name if name in form.fields else None, message)
                status = 400
            else:
                messages.success(request, _("The IRM's finding is recorded."))
                return redirect(f"{plan.get_absolute_url()}#standards-title")
        else:
            status = 400
    elif result.finding is not None:
        form = StandardsFindingForm(
            initial={
                "version": result.finding.version,
                "verdict": result.finding.verdict,
                "justification": result.finding.justification,
            }
        )
    else:
        form = StandardsFindingForm()
    return render(
        request,
        "irm_reviews/standards_finding.html",
        {"plan": plan, "member": plan.member, "result": result, "form": form, "check": check},
        status=status,
    )
