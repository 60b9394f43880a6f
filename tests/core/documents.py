"""Small files of every kind the portal accepts or refuses, built in memory."""

import io
import zipfile

from core import uploads


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _ooxml(main: str) -> bytes:
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/x.xml" ContentType="{main}"/></Types>'
    )
    return _zip({"[Content_Types].xml": types.encode(), "x.xml": b"<x/>"})


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACCEPTED = {
    uploads.PDF: ("minutes.pdf", PDF),
    uploads.PNG: ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    uploads.JPEG: ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
    uploads.ODT: (
        "minutes.odt",
        _zip({"mimetype": uploads.ODT.encode(), "content.xml": b"<office:document/>"}),
    ),
    uploads.DOCX: (
        "minutes.docx",
        _ooxml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    ),
    uploads.XLSX: (
        "attendance.xlsx",
        _ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    ),
    uploads.CSV: ("attendance.csv", "sector,count\nGobierno,4\nSociété civile,5\n".encode()),
}
REFUSED = {
    "an executable renamed .pdf": ("minutes.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
    "an HTML page": ("minutes.html", b"<!doctype html><script>alert(1)</script>"),
    "an HTML page renamed .csv": ("minutes.csv", b"<html><body>a,b</body></html>"),
    "an SVG image": (
        "logo.png",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ),
    "a zip that is no office document": ("minutes.docx", _zip({"a.txt": b"hello"})),
}
