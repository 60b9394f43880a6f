"""The browser page of the bulk progress upload (the API twin is commitments.api.progress).
Kept apart from views.py so that parallel work on the public pages cannot drop it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from members.models import User

from . import progress_csv
from .forms import ProgressUploadForm
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
