"""Evidence attached to a household: the type is read from the bytes, the upload is audited,
and a download checks the reader's scope."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.audit.models import AuditEvent
from danvan.compensation import services
from danvan.compensation.attachments import household_attachment_add
from danvan.compensation.models import HouseholdAttachment
from danvan.core.errors import ValidationFailed
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 64


def unit(code):
    return AdminUnit.objects.get(code=code, valid_to__isnull=True)


@pytest.fixture
def household(marine, persona):
    marine.organization = Organization.objects.get(code="ht-ubnd")
    marine.save()
    marine.area.set([unit("18832"), unit("18823")])
    return services.household_create(
        actor=persona("hoanhson.canbo"),
        program=marine,
        head_full_name="Nguyễn Văn An",
        admin_unit=unit("18832"),
    )


def upload(name, data):
    stream = io.BytesIO(data)
    stream.name = name
    return stream


def action_url(household):
    return reverse(
        "compensation:household_action",
        kwargs={"public_id": household.public_id, "action": "attach"},
    )


def download_url(attachment):
    return reverse(
        "compensation:household_attachment",
        kwargs={
            "public_id": attachment.household.public_id,
            "attachment_id": attachment.public_id,
        },
    )


# ---------------------------------------------------------------- the service


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [("to-khai.pdf", PDF, "application/pdf"), ("anh-tau.jpg", JPEG, "image/jpeg")],
)
def test_good_files_are_stored_with_their_hash_and_audited(
    household, persona, name, data, content_type
):
    actor = persona("hoanhson.canbo")
    attachment = household_attachment_add(
        actor=actor, household=household, kind="declaration", uploaded_file=upload(name, data)
    )

    attachment.refresh_from_db()
    assert attachment.original_name == name
    assert attachment.content_type == content_type
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by == actor
    assert attachment.file.read() == data
    event = AuditEvent.objects.get(action="compensation.household_attachment_add")
    assert event.target_id == str(household.pk)
    assert event.changes["attachment.sha256"]["after"] == attachment.sha256
    assert name in event.note


@pytest.mark.parametrize(
    ("name", "data", "kind", "code"),
    [
        ("to-khai.pdf", EXE, "declaration", "file_type_not_allowed"),  # a renamed .exe
        ("to-khai.jpg", PDF, "declaration", "file_type_mismatch"),
        ("rong.pdf", b"", "declaration", "empty_file"),
        ("to-khai.pdf", PDF, "contract", "invalid"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_saved(household, name, data, kind, code):
    with pytest.raises(ValidationFailed) as raised:
        household_attachment_add(
            actor=None, household=household, kind=kind, uploaded_file=upload(name, data)
        )

    assert raised.value.code == code
    assert not HouseholdAttachment.objects.exists()
    assert not AuditEvent.objects.filter(action="compensation.household_attachment_add").exists()


# ---------------------------------------------------------------- the web


def test_upload_through_the_household_page(client, persona, household):
    client.force_login(persona("hoanhson.canbo"))

    response = client.post(
        action_url(household),
        {"attach-kind": "inventory", "attach-file": SimpleUploadedFile("bien-ban.pdf", PDF)},
        follow=True,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã đính kèm tài liệu." in html
    attachment = HouseholdAttachment.objects.get(household=household)
    assert attachment.kind == "inventory"
    assert download_url(attachment) in html
    assert "bien-ban.pdf" in html
    assert "Biên bản kiểm đếm" in html


def test_a_renamed_executable_is_refused_on_the_page(client, persona, household):
    client.force_login(persona("hoanhson.canbo"))

    response = client.post(
        action_url(household),
        {"attach-kind": "photo", "attach-file": SimpleUploadedFile("anh.jpg", EXE)},
    )

    assert response.status_code == 400
    assert "Chỉ nhận tệp PDF, ảnh JPEG/PNG" in response.content.decode()
    assert not HouseholdAttachment.objects.exists()


def test_an_upload_without_a_file_is_refused(client, persona, household):
    client.force_login(persona("hoanhson.canbo"))
    response = client.post(action_url(household), {"attach-kind": "photo"})

    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    assert not HouseholdAttachment.objects.exists()


@pytest.mark.parametrize(("username", "status"), [("tinh.danvan", 403), ("songtri.canbo", 404)])
def test_upload_needs_the_right_to_change(client, persona, household, username, status):
    client.force_login(persona(username))
    response = client.post(
        action_url(household),
        {"attach-kind": "photo", "attach-file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == status
    assert not HouseholdAttachment.objects.exists()


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("hoanhson.canbo", 200),
        ("hoanhson.chutich", 200),
        ("tinh.danvan", 200),  # sees the province, may read
        ("admin", 200),
        ("songtri.canbo", 404),
    ],
)
def test_download_checks_the_scope(client, persona, household, username, status):
    attachment = household_attachment_add(
        actor=None, household=household, kind="receipt", uploaded_file=upload("bn.pdf", PDF)
    )
    client.force_login(persona(username))

    response = client.get(download_url(attachment))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]


def test_a_file_is_only_found_under_its_own_household(client, persona, household, marine):
    other = services.household_create(
        actor=None, program=marine, head_full_name="Trần Thị Bích", admin_unit=unit("18832")
    )
    attachment = household_attachment_add(
        actor=None, household=other, kind="photo", uploaded_file=upload("a.jpg", JPEG)
    )
    client.force_login(persona("hoanhson.canbo"))
    wrong = reverse(
        "compensation:household_attachment",
        kwargs={"public_id": household.public_id, "attachment_id": attachment.public_id},
    )

    assert client.get(wrong).status_code == 404
    assert client.get(download_url(attachment)).status_code == 200
    assert client.get(download_url(attachment) + "x/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, household):
    attachment = household_attachment_add(
        actor=None, household=household, kind="photo", uploaded_file=upload("a.jpg", JPEG)
    )
    response = client.get(download_url(attachment))
    assert response.status_code == 302
    assert "login" in response["Location"]
