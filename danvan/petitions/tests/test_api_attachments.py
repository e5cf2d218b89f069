"""A case's files through the API and the web: checked uploads, scoped downloads, and a
denunciation's letter kept from readers who may not see the denouncer."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.audit.models import AuditEvent
from danvan.petitions import services
from danvan.petitions.models import Attachment
from danvan.petitions.tests.conftest import d

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 64


def upload(client, petition, name, data, purpose="petition"):
    return client.post(
        f"/api/v1/petitions/{petition.public_id}/attachments/",
        {"file": SimpleUploadedFile(name, data), "purpose": purpose},
        format="multipart",
    )


def test_upload_list_and_download(register, api_client_for):
    petition = register()
    client = api_client_for("hoanhson.canbo")

    created = upload(client, petition, "don-khieu-nai.pdf", PDF)
    listing = client.get(f"/api/v1/petitions/{petition.public_id}/attachments/")
    body = created.json()
    downloaded = client.get(body["download"])

    assert created.status_code == 201
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(PDF)
    assert [row["id"] for row in listing.json()] == [body["id"]]
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == PDF
    assert "don-khieu-nai.pdf" in downloaded["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("don.pdf", EXE, "file_type_not_allowed"),
        ("anh.jpg", PDF, "file_type_mismatch"),
        ("trong.pdf", b"", "empty_file"),
    ],
)
def test_disguised_or_empty_files_answer_400_and_nothing_is_saved(
    register, api_client_for, name, data, code
):
    petition = register()
    events = AuditEvent.objects.count()

    response = upload(api_client_for("hoanhson.canbo"), petition, name, data)

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == code
    assert response.json()["errors"][0]["field"] == "file"
    assert not Attachment.objects.filter(petition=petition).exists()
    assert AuditEvent.objects.count() == events


def test_oversized_files_answer_400(register, api_client_for, settings):
    settings.DANVAN_MAX_ATTACHMENT_BYTES = 1024
    petition = register()

    response = upload(api_client_for("hoanhson.canbo"), petition, "lon.pdf", PDF + b"0" * 4096)

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "file_too_large"


def test_no_file_is_a_clear_error(register, api_client_for):
    petition = register()

    response = api_client_for("hoanhson.canbo").post(
        f"/api/v1/petitions/{petition.public_id}/attachments/", {}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "required"


def test_other_wards_get_404_and_readers_without_rights_403(register, api_client_for):
    petition = register()
    attachment = services.attachment_add(
        actor=None, petition=petition, name="don.pdf", content=io.BytesIO(PDF)
    )
    url = f"/api/v1/petitions/{petition.public_id}/attachments/"

    assert api_client_for("songtri.canbo").get(url).status_code == 404
    assert api_client_for("songtri.canbo").get(f"{url}{attachment.public_id}/").status_code == 404
    assert upload(api_client_for("tinh.danvan"), petition, "x.pdf", PDF).status_code == 403
    assert api_client_for("tinh.danvan").get(f"{url}{attachment.public_id}/").status_code == 200


def test_a_denunciation_letter_is_only_for_readers_who_may_see_the_denouncer(
    register, api_client_for, persona
):
    petition = register(kind="denunciation")
    letter = services.attachment_add(
        actor=None, petition=petition, name="don-to-cao.pdf", content=io.BytesIO(PDF)
    )
    evidence = services.attachment_add(
        actor=None,
        petition=petition,
        name="bien-ban.pdf",
        content=io.BytesIO(PDF),
        purpose="evidence",
    )
    url = f"/api/v1/petitions/{petition.public_id}/attachments/"
    chairman = api_client_for("hoanhson.chutich")

    assert [row["id"] for row in chairman.get(url).json()] == [evidence.public_id]
    assert chairman.get(f"{url}{letter.public_id}/").status_code == 404
    services.petition_assign(
        actor=persona("hoanhson.chutich"),
        petition=petition,
        user=persona("hoanhson.canbo"),
        on=d("2026-02-11"),
    )
    officer = api_client_for("hoanhson.canbo")
    assert {row["id"] for row in officer.get(url).json()} == {letter.public_id, evidence.public_id}
    assert officer.get(f"{url}{letter.public_id}/").status_code == 200


def test_the_case_page_uploads_and_downloads_through_scoped_links(register, client, persona):
    petition = register()
    client.force_login(persona("hoanhson.canbo"))

    response = client.post(
        f"/petitions/{petition.public_id}/files/",
        {"file": SimpleUploadedFile("don.pdf", PDF), "purpose": "petition"},
    )
    attachment = Attachment.objects.get(petition=petition)
    page = client.get(f"/petitions/{petition.public_id}/").content.decode()
    refused = client.post(
        f"/petitions/{petition.public_id}/files/",
        {"file": SimpleUploadedFile("don.pdf", EXE)},
        follow=True,
    )

    assert response.status_code == 302
    assert f"/petitions/{petition.public_id}/files/{attachment.public_id}/" in page
    assert "/media/" not in page
    assert "Chỉ nhận tệp PDF" in refused.content.decode()
    assert Attachment.objects.filter(petition=petition).count() == 1
    download = client.get(f"/petitions/{petition.public_id}/files/{attachment.public_id}/")
    assert b"".join(download.streaming_content) == PDF
