"""Attachments: the type is read from the file's bytes, not trusted from its name.

A file whose content does not match its extension (an executable renamed .pdf, a script
named .jpg) is refused, as is anything too large or of a type offices do not use."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    content_type: str


PDF = FileType((".pdf",), "application/pdf")
JPEG = FileType((".jpg", ".jpeg"), "image/jpeg")
PNG = FileType((".png",), "image/png")
DOCX = FileType(
    (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = FileType((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ALLOWED = (PDF, JPEG, PNG, DOCX, XLSX)
HEAD_BYTES = 8


def max_size() -> int:
    return int(getattr(settings, "DANVAN_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024))


def sniff(head: bytes, stream: IO[bytes]) -> FileType | None:
    """The file's real type from its first bytes (and, for Office files, the zip inside)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(name.startswith("word/") for name in names):
                return DOCX
            if any(name.startswith("xl/") for name in names):
                return XLSX
    return None


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def check_upload(name: str, stream: IO[bytes]) -> CheckedFile:
    """Refuse a file that is empty, too large, of an unknown type, or disguised."""
    data = stream.read(max_size() + 1)
    size = len(data)
    if size == 0:
        raise ValidationFailed(_("Tệp rỗng."), code="empty_file", field="file")
    if size > max_size():
        raise ValidationFailed(
            _("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": max_size() // (1024 * 1024)},
            code="file_too_large",
            field="file",
        )
    kind = sniff(data[:HEAD_BYTES], io.BytesIO(data))
    if kind is None:
        raise ValidationFailed(
            _("Chỉ nhận tệp PDF, ảnh JPEG/PNG, Word (.docx) hoặc Excel (.xlsx)."),
            code="file_type_not_allowed",
            field="file",
        )
    extension = PurePath(name).suffix.lower()
    if extension not in kind.extensions:
        raise ValidationFailed(
            _("Nội dung tệp không khớp với phần mở rộng “%(ext)s”.") % {"ext": extension or "—"},
            code="file_type_mismatch",
            field="file",
        )
    safe_name = PurePath(name).name[:200] or f"tep{extension}"
    return CheckedFile(
        name=safe_name,
        content_type=kind.content_type,
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
    )
