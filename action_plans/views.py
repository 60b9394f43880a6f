"""The member's document repository pages: add or edit a document (file or link, with the plan
it belongs to), and download an uploaded one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.uploads import download_response, refuse_oversized_uploads
from core.versioning import edit_form_save
from members.forms import STALE_MESSAGE
from members.models import Member, User

from . import selectors, services
from .forms import RepositoryDocumentForm
from .models import RepositoryDocument
from .permissions import can_see_document, check_can_manage_repository


@login_required
def document_new(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member, slug=slug)
    return _document_form(request, member, None)


@login_required
def document_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    document = selectors.repository_document_get(slug, pk)
    return _document_form(request, document.member, document)


def _document_form(
    request: HttpRequest, member: Member, document: RepositoryDocument | None
) -> HttpResponse:
    check_can_manage_repository(request.user, member)
    user = request.user
    assert isinstance(user, User)  # login_required
    status = 200
    if request.method == "POST":
        form = RepositoryDocumentForm(request.POST, request.FILES, member=member, document=document)
        refuse_oversized_uploads(form, request)

        def save(data: dict) -> None:
            file = data.pop("file") or None
            if document is None:
                services.repository_document_create(
                    actor=user, member=member, values=data, file=file
                )
            else:
                services.repository_document_update(
                    actor=user,
                    document=document,
                    version=data.get("version") or 0,
                    values=data,
                    file=file,
                )

        status = edit_form_save(form, save, STALE_MESSAGE)
        if status == 200:
            messages.success(request, _("The document was saved in the repository."))
            return redirect(f"{member.get_absolute_url()}#repository-title")
    elif document is not None:
        form = RepositoryDocumentForm.for_document(document)
    else:
        form = RepositoryDocumentForm(member=member)
    return render(
        request,
        "action_plans/document_form.html",
        {"member": member, "form": form, "document": document},
        status=status,
    )


def document_file(request: HttpRequest, slug: str, pk: int) -> StreamingHttpResponse:
    """An uploaded document as a download (404 for a private meeting's document to others)."""
    document = selectors.repository_document_get(slug, pk)
    if not document.file or not can_see_document(request.user, document):
        raise Http404
    return download_response(document.file, document.file_type, document.title)
