"""Attachments are checked by their bytes: type, size, disguise."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import Workbook

from danvan.audit.selectors import events_for
from danvan.core.errors import ValidationFailed
from danvan.petitions.models import Attachment
from danvan.petitions.services import attachment_add

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Đơn khiếu nại")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("don.pdf", PDF, "application/pdf"),
        ("anh-hien-truong.PNG", PNG, "image/png"),
        ("don.docx", docx_bytes(), "wordprocessingml"),
        ("danh-sach.xlsx", xlsx_bytes(), "spreadsheetml"),
    ],
)
def test_allowed_files_are_attached_and_audited(register, persona, name, data, content_type):
    petition = register()

    attachment = attachment_add(
        actor=persona("hoanhson.canbo"), petition=petition, name=name, content=io.BytesIO(data)
    )

    assert content_type in attachment.content_type
    assert attachment.size == len(data)
    assert attachment.file.read() == data
    assert any(e.action == "petition.attach" for e in events_for(petition))


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("don.pdf", EXE, "file_type_not_allowed"),  # an executable named .pdf
        ("anh.jpg", PDF, "file_type_mismatch"),  # a PDF named .jpg
        ("don.docx", xlsx_bytes(), "file_type_mismatch"),
        ("trong.pdf", b"", "empty_file"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n", "file_type_not_allowed"),
    ],
)
def test_disguised_empty_or_unknown_files_are_refused(register, persona, name, data, code):
    petition = register()

    with pytest.raises(ValidationFailed) as error:
        attachment_add(
            actor=persona("hoanhson.canbo"), petition=petition, name=name, content=io.BytesIO(data)
        )

    assert error.value.code == code
    assert not Attachment.objects.filter(petition=petition).exists()


def test_oversized_files_are_refused(register, persona, settings):
    settings.DANVAN_MAX_ATTACHMENT_BYTES = 1024
    petition = register()

    with pytest.raises(ValidationFailed) as error:
        attachment_add(
            actor=persona("hoanhson.canbo"),
            petition=petition,
            name="lon.pdf",
            content=io.BytesIO(PDF + b"0" * 2048),
        )

    assert error.value.code == "file_too_large"
