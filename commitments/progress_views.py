"""The progress pages: the bulk progress upload (the API twin is commitments.api.progress) and
recording progress on a commitment's milestones as one source, in the browser, with the
author's edit and the evidence files' download. Kept apart from views.py so that parallel work
on the public pages cannot drop it."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.uploads import download_response, refuse_oversized_uploads
from core.versioning import StaleVersion
from members.forms import STALE_MESSAGE
from members.models import User

from . import progress_csv, selectors
from .display import commitment_latest_by_source, milestone_progress_table
from .forms import ProgressEditForm, ProgressUploadForm, progress_formset
from .models import Commitment, ProgressSource
from .permissions import (
    check_can_edit_progress_update,
    progress_refusal_reason,
    progress_sources_for,
)
from .progress_reporting import (
    ProgressReport,
    ProgressReportRejected,
    progress_newest_by_milestone,
    progress_report_many,
    progress_update_edit,
)
from .services import progress_update_bulk_create


@login_required
def progress_upload(request: HttpRequest) -> HttpResponse:
    """A file input, then either the count recorded or every error with its row, column and
    reason (nothing is stored on error)."""
    user = request.user
    assert isinstance(user, User)  # login_required
    errors: list[progress_csv.UploadError] = []
    if request.method == "POST":
        form = ProgressUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = progress_update_bulk_create(author=user, file=form.cleaned_data["file"])
            except progress_csv.ProgressUploadRejected as rejected:
                errors = rejected.errors
            else:
                messages.success(
                    request,
                    progress_csv.upload_result_message(
                        result.created, len(result.skipped_rows), result.separator
                    ),
                )
                return redirect("commitments:progress-upload")
    else:
        form = ProgressUploadForm()
    export_query = {"member": user.member.slug} if user.member else {}
    export_url = reverse("api-progress-export")
    if export_query:
        export_url += f"?{urlencode(export_query)}"
    return render(
        request,
        "commitments/progress_upload.html",
        {
            "form": form,
            "errors": errors,
            "columns": progress_csv.COLUMNS,
            "max_rows": progress_csv.MAX_ROWS,
            "export_url": export_url,
        },
    )


def _progress_rows(commitment: Commitment, source: str, formset, user) -> list[dict[str, Any]]:
    """Each form of the progress formset with what it reports on and every source's latest
    word there (prefetched), so that the person sees the others' view beside their own."""
    milestones = {milestone.pk: milestone for milestone in commitment.milestones.all()}
    table = {row.milestone.pk: row for row in milestone_progress_table(commitment)}
    overall = commitment_latest_by_source(commitment)
    rows = []
    for form in formset.forms:
        milestone_id = form["milestone"].value()
        milestone = milestones.get(int(milestone_id)) if milestone_id else None
        views = table[milestone.pk].views if milestone is not None else overall
        own = next(view for view in views if view.source == source)
        rows.append(
            {
                "form": form,
                "milestone": milestone,
                "due": table[milestone.pk].due if milestone is not None else "",
                "views": views,
                "own": own,
                # The user may report `source` here (checked by the caller), so this is
                # can_edit_progress_update without a query per row.
                "editable": own.update is not None and own.update.author_id == user.pk,
            }
        )
    return rows


def _initial_rows(commitment: Commitment, source: str) -> list[dict[str, Any]]:
    newest: dict[int | None, int] = {}
    for update in commitment.progress_updates.all():
        if update.source == source:
            key = update.milestone_id
            newest[key] = max(newest.get(key, 0), update.pk)
    targets: list[int | None] = [None, *(m.pk for m in commitment.milestones.all())]
    return [{"milestone": pk, "seen_latest": newest.get(pk, 0)} for pk in targets]


def _reports(commitment: Commitment, formset) -> tuple[list[ProgressReport], list[Any]]:
    """The filled rows as ProgressReports, and their forms in the same order; a row naming a
    milestone of another commitment gets an error instead."""
    milestones = {milestone.pk: milestone for milestone in commitment.milestones.all()}
    reports, forms = [], []
    for form in formset.forms:
        if not form.is_filled():
            continue
        milestone_id = form.cleaned_data.get("milestone")
        milestone = milestones.get(milestone_id) if milestone_id else None
        if milestone_id and milestone is None:
            form.add_error(None, _("This milestone belongs to another commitment."))
            continue
        reports.append(
            ProgressReport(
                milestone=milestone,
                seen_latest=form.cleaned_data.get("seen_latest") or 0,
                completion=form.cleaned_data["completion"],
                text=form.cleaned_data.get("text") or "",
                reported_on=form.cleaned_data.get("reported_on"),
                evidence_links=form.links(),
                files=form.evidence_files(),
            )
        )
        forms.append(form)
    return reports, forms


@login_required
def commitment_progress(request: HttpRequest, ref: str) -> HttpResponse:
    """Record progress on the commitment and each of its milestones as one source (the
    government's self-assessment, civil society's shadow report or the IRM's), several rows in
    one submission, all or none; each error next to its field. Who may is
    commitments.permissions.progress_sources_for; anyone else is told why (403)."""
    user = request.user
    commitment = selectors.commitment_get_for_progress(ref, user)
    sources = progress_sources_for(user, commitment)
    requested = request.POST.get("source") or request.GET.get("source") or ""
    source = requested or (sources[0] if sources else "")
    context: dict[str, Any] = {
        "commitment": commitment,
        "plan": commitment.plan,
        "member": commitment.plan.member,
        "sources": [(value, ProgressSource(value).label) for value in sources],
        "source": source if source in sources else "",
        "refusal": progress_refusal_reason(commitment),
    }
    if source not in sources:
        return render(request, "commitments/progress_record.html", context, status=403)
    context["source_label"] = ProgressSource(source).label
    status = 200
    initial = _initial_rows(commitment, source)
    if request.method == "POST":
        data = request.POST.copy()
        formset = progress_formset(data, request.FILES, initial=initial)
        for form in formset.forms:
            refuse_oversized_uploads(form, request)
        status = 400
        if formset.is_valid():
            reports, forms = _reports(commitment, formset)
            if not reports:
                context["nothing_to_record"] = not any(form.errors for form in formset.forms)
            elif not any(form.errors for form in formset.forms):
                try:
                    recorded = progress_report_many(
                        author=user, commitment=commitment, source=source, reports=reports
                    )
                except ProgressReportRejected as rejected:
                    commitment = selectors.commitment_get_for_progress(ref, user)
                    context["commitment"] = commitment
                    _show_rejection(rejected, reports, forms, data, commitment, source)
                    status = 409 if rejected.stale else 400
                else:
                    messages.success(request, progress_recorded_message(len(recorded)))
                    return redirect(f"{commitment.get_absolute_url()}#milestones")
    else:
        formset = progress_formset(initial=initial)
    context |= {
        "formset": formset,
        "rows": _progress_rows(commitment, source, formset, user),
        "upload_url": reverse("commitments:progress-upload"),
    }
    return render(request, "commitments/progress_record.html", context, status=status)


def _show_rejection(
    rejected: ProgressReportRejected,
    reports: list[ProgressReport],
    forms: list[Any],
    data,
    commitment: Commitment,
    source: str,
) -> None:
    """Each service error next to its field; a stale row starts again from what is stored now,
    so that submitting it again, once checked, records it."""
    for index, errors in rejected.errors.items():
        forms[index].show_service_errors(errors)
    newest = progress_newest_by_milestone(commitment, source)
    for index in rejected.stale:
        milestone = reports[index].milestone
        data[forms[index].add_prefix("seen_latest")] = str(
            newest.get(milestone.pk if milestone else None, 0)
        )


def progress_recorded_message(count: int) -> str:
    return ngettext(
        "%(count)d progress update was recorded.",
        "%(count)d progress updates were recorded.",
        count,
    ) % {"count": count}


@login_required
def progress_update_edit_page(request: HttpRequest, ref: str, pk: int) -> HttpResponse:
    """Its author corrects a progress update; a save on a stale version is refused (409)."""
    user = request.user
    update = selectors.progress_update_get_for_edit(ref, pk, user)
    check_can_edit_progress_update(user, update)
    status = 200
    if request.method == "POST":
        form = ProgressEditForm(request.POST, request.FILES, update=update)
        refuse_oversized_uploads(form, request)
        if form.is_valid():
            try:
                progress_update_edit(
                    author=user,
                    update=update,
                    version=form.cleaned_data["version"],
                    completion=form.cleaned_data["completion"],
                    text=form.cleaned_data.get("text") or "",
                    reported_on=form.cleaned_data.get("reported_on"),
                    evidence_links=form.links(),
                    files=form.evidence_files(),
                    remove_files=[int(pk) for pk in form.cleaned_data.get("remove_files", [])],
                )
            except ValidationError as error:
                form.show_service_errors(error.message_dict)
                status = 400
            except StaleVersion:
                form.add_error(None, STALE_MESSAGE)
                status = 409
            else:
                messages.success(request, _("The progress update was saved."))
                return redirect(
                    reverse("commitments:progress", args=[ref]) + f"?source={update.source}"
                )
        else:
            status = 400
    else:
        form = ProgressEditForm.for_update(update)
    commitment = update.commitment
    return render(
        request,
        "commitments/progress_edit.html",
        {
            "form": form,
            "update": update,
            "commitment": commitment,
            "plan": commitment.plan,
            "member": commitment.plan.member,
        },
        status=status,
    )


def progress_evidence_file(request: HttpRequest, ref: str, pk: int) -> StreamingHttpResponse:
    """An evidence file, always as a download (core.uploads.download_response)."""
    evidence = selectors.progress_evidence_get(ref, pk, request.user)
    return download_response(evidence.file, evidence.file_type, evidence.name)
