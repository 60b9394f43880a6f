"""Uploaded documents: which files the portal accepts (by their content, never their name), how
large, where they are stored (Django's storage API) and how they are served back (always as a
download, never rendered by the browser).

The size limit is enforced while the request is read: `UploadSizeLimitHandler`, first in
FILE_UPLOAD_HANDLERS, stops reading once a file passes settings.UPLOAD_MAX_BYTES (or at once
when Content-Length already says so), and `refuse_oversized_uploads` turns that into a form
error next to the field.
"""

import mimetypes
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import format_lazy, get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: ".pdf", ODT: ".odt", DOCX: ".docx", XLSX: ".xlsx", CSV: ".csv"}
EXTENSIONS |= {PNG: ".png", JPEG: ".jpg"}
ALLOWED_TYPES_LABEL = gettext_lazy("PDF, ODT, DOCX, XLSX, CSV, PNG or JPEG")

_SNIFF_BYTES = 8192
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
_REFUSED_ATTR = "_uploads_refused_as_too_large"


def upload_max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def _zip_content_type(file: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for marker, content_type in _OOXML_MAIN.items():
                    if marker in types:
                        return content_type
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def _looks_like_csv(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    text = head.removeprefix(b"\xef\xbb\xbf")
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may end inside a multi-byte character.
        if error.start < len(text) - 3:
            return False
        decoded = text[: error.start].decode("utf-8")
    stripped = decoded.lstrip()
    if not stripped or stripped.startswith("<"):
        return False  # markup (HTML, SVG, XML) is never a table
    first_line = stripped.splitlines()[0]
    return any(delimiter in first_line for delimiter in (",", ";", "\t"))


def sniff_content_type(file: IO[bytes]) -> str | None:
    """The content type of an accepted document, read from its bytes; None for anything else
    (an executable renamed .pdf, HTML, SVG, ...). Leaves the file at its start."""
    file.seek(0)
    head = file.read(_SNIFF_BYTES)
    file.seek(0)
    content_type: str | None = None
    if head.startswith(b"%PDF-"):
        content_type = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        content_type = JPEG
    elif head.startswith(b"PK\x03\x04"):
        content_type = _zip_content_type(file)
    elif _looks_like_csv(head):
        content_type = CSV
    file.seek(0)
    return content_type


def upload_path(instance: Any, filename: str) -> str:
    """An unguessable storage name keeping a tidy version of the person's file name."""
    name = get_valid_filename(PurePosixPath(filename).name)[-80:] or "document"
    return f"uploads/{instance._meta.app_label}/{uuid.uuid4().hex}/{name}"


class DocumentFileField(forms.FileField):
    """A file input accepting only the document types above, by content, up to the size limit.
    `cleaned_data` holds the file with `sniffed_content_type` set."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _lazy_help())
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ",".join(sorted(set(EXTENSIONS.values()))))

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        if isinstance(file, UploadedFile):
            if file.size is not None and file.size > upload_max_bytes():
                raise forms.ValidationError(too_large_message(), code="too_large")
            content_type = sniff_content_type(file)
            if content_type is None:
                raise forms.ValidationError(
                    _("This file is not a %(types)s document. It was not stored.")
                    % {"types": ALLOWED_TYPES_LABEL},
                    code="file_type",
                )
            file.sniffed_content_type = content_type  # type: ignore[attr-defined]
        return file


def _lazy_help() -> Any:
    return format_lazy(
        gettext_lazy("{types}, at most {size} MB."),
        types=ALLOWED_TYPES_LABEL,
        size=upload_max_bytes() // (1024 * 1024),
    )


def too_large_message() -> str:
    return _("This file is larger than %(size)s MB. It was not stored.") % {
        "size": upload_max_bytes() // (1024 * 1024)
    }


class UploadSizeLimitHandler(FileUploadHandler):
    """Stops reading a request once a file goes past UPLOAD_MAX_BYTES, or before the first
    file when Content-Length already says the body is too large, so that nothing large is
    read or stored. The fields before the file (the CSRF token, put first) are kept."""

    _body_margin = 1024 * 1024  # room for the form's other fields

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_large_body = content_length > upload_max_bytes() + self._body_margin
        self.received = 0

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0
        if self.too_large_body:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > upload_max_bytes():
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self) -> None:
        if self.request is not None:
            refused: set[str] = getattr(self.request, _REFUSED_ATTR, set())
            refused.add(self.field_name)
            setattr(self.request, _REFUSED_ATTR, refused)
        raise StopUpload(connection_reset=True)


def refuse_oversized_uploads(form: forms.Form, request: HttpRequest) -> None:
    """Put the size error next to each file field whose upload the handler stopped (a form of
    a formset too: the handler knows the field by its prefixed name)."""
    refused: set[str] = getattr(request, _REFUSED_ATTR, set())
    for name in list(form.fields):
        if form.add_prefix(name) in refused:
            form.add_error(name, forms.ValidationError(too_large_message(), "too_large"))


def _chunks(handle: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while chunk := handle.read(size):
            yield chunk
    finally:
        handle.close()


def download_response(field_file: Any, content_type: str, title: str) -> StreamingHttpResponse:
    """Stream a stored document as a download: its sniffed content type, `attachment`, and
    `nosniff`, so that no browser ever renders it inline."""
    storage = getattr(field_file, "storage", default_storage)
    handle = storage.open(field_file.name, "rb")
    extension = EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ""
    filename = get_valid_filename(title)[:100] or "document"
    if not filename.lower().endswith(extension):
        filename += extension
    response = StreamingHttpResponse(_chunks(handle), content_type=content_type)
    response["Content-Disposition"] = _attachment(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    try:
        response["Content-Length"] = str(storage.size(field_file.name))
    except (OSError, NotImplementedError):
        pass  # a storage that cannot tell the size streams without it
    return response


def _attachment(filename: str) -> str:
    return content_disposition_header(as_attachment=True, filename=filename) or "attachment"


__all__ = [
    "DocumentFileField",
    "UploadSizeLimitHandler",
    "download_response",
    "refuse_oversized_uploads",
    "sniff_content_type",
    "upload_max_bytes",
    "upload_path",
]
