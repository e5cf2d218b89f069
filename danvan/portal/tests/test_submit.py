"""Submitting a petition through the portal."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.audit.models import AuditEvent
from danvan.petitions.models import Attachment, Petition, PetitionDeadline
from danvan.portal.models import PortalSubmission, SubmissionKey
from danvan.portal.tests.conftest import PNG

pytestmark = pytest.mark.django_db

# The real sender, captured before the `sent` fixture replaces it.
REAL_MESSAGE_SEND: Any = None
with contextlib.suppress(ImportError):
    from danvan.messaging.services import message_send as REAL_MESSAGE_SEND

SUBMIT = reverse("portal:submit")


def _web_petitions() -> int:
    return Petition.objects.filter(channel="web", portal_submission__isnull=False).count()


def test_the_form_explains_each_kind_and_lists_the_wards_and_villages(client, hoanhson, ba_dong):
    response = client.get(SUBMIT)

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("Khiếu nại", "Tố cáo", "Kiến nghị", "Phản ánh"):
        assert name in html
    assert "danh tính người tố cáo được giữ bí mật" in html
    assert f'value="{hoanhson.pk}"' in html
    assert "Tổ dân phố Ba Đồng" in html
    assert 'name="key"' in html
    assert 'name="website"' in html
    # The back office's navigation is not on the citizens' pages.
    assert "Danh mục" not in html
    assert reverse("petitions:petition_list") not in html


def test_a_submission_registers_a_web_petition_with_the_ward_committee(
    client, form_data, hoanhson_ubnd, ba_dong, sent
):
    data = form_data(
        kind="feedback", email="mai@example.vn", latitude="18.0765", longitude="106.295"
    )
    data["attachments"] = [SimpleUploadedFile("anh-den-duong.png", PNG, "image/png")]

    response = client.post(SUBMIT, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:receipt")
    petition = Petition.objects.get(channel="web", portal_submission__isnull=False)
    assert petition.organization == hoanhson_ubnd
    assert petition.admin_unit == ba_dong
    assert petition.kind == "feedback"
    assert "18.0765, 106.295" in petition.content
    assert "Vị trí" not in petition.title
    assert [p.full_name for p in petition.petitioners.all()] == ["Nguyễn Thị Mai"]
    assert petition.petitioners.get().phone == "0912345678"
    assert PetitionDeadline.objects.filter(petition=petition, step="reply").exists()
    assert Attachment.objects.get(petition=petition).original_name == "anh-den-duong.png"
    submission = PortalSubmission.objects.get(petition=petition)
    assert submission.consent_at is not None
    assert "0912345678" not in submission.phone_hash
    # The receipt shows the tracking code; it went out by SMS and e-mail.
    receipt = client.get(response["Location"])
    assert petition.tracking_code in receipt.content.decode()
    assert [m["channel"] for m in sent] == ["sms", "email"]
    assert sent[0]["to"] == "0912345678"
    assert all(petition.tracking_code in m["body"] for m in sent)
    assert all("Đèn đường" not in m["body"] for m in sent)
    # Audited without the citizen's identity.
    events = AuditEvent.objects.filter(action__in=["portal.submit", "petition.register"])
    assert events.count() == 2
    for event in events:
        assert event.actor is None
        assert "Mai" not in f"{event.note} {event.changes}"
        assert "0912345678" not in f"{event.note} {event.changes}"


def test_a_failure_to_send_the_code_does_not_lose_the_petition(client, form_data, monkeypatch):
    import danvan.messaging.services as messaging

    def broken(**kwargs):
        raise ConnectionError("SMS gateway down")

    monkeypatch.setattr(messaging, "message_send", broken, raising=False)

    response = client.post(SUBMIT, form_data())

    assert response.status_code == 302
    assert _web_petitions() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": ""}, "kind", "Hãy chọn loại đơn"),
        ({"kind": "mixed"}, "kind", ""),
        ({"commune": ""}, "commune", "Hãy chọn xã, phường"),
        ({"content": "   "}, "content", "Hãy ghi nội dung đơn"),
        ({"content": "x" * 10_001}, "content", "quá dài"),
        ({"phone": ""}, "phone", "Hãy ghi số điện thoại"),
        ({"phone": "12345"}, "phone", "Số điện thoại không hợp lệ"),
        ({"full_name": ""}, "full_name", "Hãy ghi họ và tên"),
        ({"email": "not-an-email"}, "email", "thư điện tử không hợp lệ"),
        ({"latitude": "18.07"}, "longitude", "cả vĩ độ và kinh độ"),
        ({"latitude": "123", "longitude": "106"}, "latitude", ""),
        ({"kind": "complaint", "anonymous": "on"}, "anonymous", "Chỉ được gửi phản ánh"),
        ({"consent": None}, "consent", "Hãy đồng ý"),
    ],
)
def test_each_error_is_tied_to_its_field_and_nothing_is_saved(
    client, form_data, sent, changes, field, message
):
    response = client.post(SUBMIT, form_data(**changes))

    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert 'role="alert"' in html  # the summary at the top
    assert f'href="#id_{field}' in html
    if field != "kind":
        widget = re.search(rf'<[^>]+id="id_{field}"[^>]*>', html)
        assert widget is not None
        assert 'aria-invalid="true"' in widget.group(0)
        assert f"id_{field}_error" in widget.group(0)  # aria-describedby
    assert _web_petitions() == 0
    assert SubmissionKey.objects.count() == 0
    assert sent == []


def test_a_village_of_another_ward_is_refused(client, form_data):
    from danvan.places.models import AdminUnit

    other = AdminUnit.objects.get(name="Tổ dân phố Hưng Hòa", valid_to__isnull=True)

    response = client.post(SUBMIT, form_data(village=str(other.pk)))

    assert response.status_code == 400
    assert 'id="id_village_error"' in response.content.decode()
    assert _web_petitions() == 0


def test_a_disguised_file_is_refused_and_nothing_is_saved(client, form_data):
    data = form_data()
    data["attachments"] = [
        SimpleUploadedFile("hoso.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    ]

    response = client.post(SUBMIT, data)

    assert response.status_code == 400
    assert 'id="id_attachments_error"' in response.content.decode()
    assert _web_petitions() == 0
    assert Attachment.objects.count() == 0


def test_at_most_five_files(client, form_data):
    data = form_data()
    data["attachments"] = [SimpleUploadedFile(f"anh{i}.png", PNG, "image/png") for i in range(6)]

    response = client.post(SUBMIT, data)

    assert response.status_code == 400
    assert "tối đa 5 tệp" in response.content.decode()
    assert _web_petitions() == 0


def test_an_anonymous_feedback_records_no_identity_but_can_be_followed(client, form_data, sent):
    response = client.post(
        SUBMIT, form_data(anonymous="on", full_name="Nguyễn Thị Mai", address="Ba Đồng")
    )

    assert response.status_code == 302
    petition = Petition.objects.get(channel="web")
    assert petition.anonymous
    assert not petition.petitioners.exists()
    assert "Mai" not in petition.search_text
    assert "0912345678" not in petition.search_text
    assert sent[0]["to"] == "0912345678"
    client.post(reverse("portal:track_end"))
    found = client.post(
        reverse("portal:track"), {"code": petition.tracking_code, "phone": "+84 912 345 678"}
    )
    assert found.status_code == 302
    assert found["Location"] == reverse("portal:case")


def test_the_honeypot_keeps_robots_out(client, form_data, sent):
    response = client.post(SUBMIT, form_data(website="http://spam.example"))

    assert response.status_code == 400
    assert _web_petitions() == 0
    assert sent == []


def test_submissions_are_rate_limited_per_address(client, form_data, settings):
    settings.PORTAL_SUBMIT_RATE = (2, 3600)

    assert client.post(SUBMIT, form_data()).status_code == 302
    assert client.post(SUBMIT, form_data()).status_code == 302
    refused = client.post(SUBMIT, form_data())

    assert refused.status_code == 429
    assert "Quá nhiều lần thử" in refused.content.decode()
    assert _web_petitions() == 2
    # Another address is not affected.
    assert client.post(SUBMIT, form_data(), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_same_form_posted_twice_registers_one_petition(client, form_data, sent):
    data = form_data()

    first = client.post(SUBMIT, data)
    second = client.post(SUBMIT, data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert _web_petitions() == 1
    assert SubmissionKey.objects.get(key=data["key"]).petition == Petition.objects.get(
        channel="web"
    )
    assert len([m for m in sent if m["channel"] == "sms"]) == 1
    receipt = client.get(second["Location"])
    assert Petition.objects.get(channel="web").tracking_code in receipt.content.decode()


def test_a_form_without_its_key_is_refused(client, form_data):
    response = client.post(SUBMIT, form_data(key="short"))

    assert response.status_code == 400
    assert _web_petitions() == 0


def test_the_privacy_notice_says_what_why_who_how_long_and_the_rights(client):
    html = client.get(reverse("portal:privacy")).content.decode()

    assert "13/2023/NĐ-CP" in html
    for heading in ("Chúng tôi thu thập gì", "Để làm gì", "Ai được xem", "Lưu trong bao lâu"):
        assert heading in html
    assert "Quyền của bạn" in html


def test_the_code_goes_out_through_the_messaging_app(client, form_data, monkeypatch):
    messaging = pytest.importorskip("danvan.messaging.services")
    from danvan.messaging.models import Message

    monkeypatch.setattr(messaging, "message_send", REAL_MESSAGE_SEND)

    client.post(SUBMIT, form_data(email="mai@example.vn"))

    petition = Petition.objects.get(channel="web")
    sms = Message.objects.get(channel="sms")
    assert petition.tracking_code in sms.body
    assert Message.objects.filter(channel="email", to="mai@example.vn").exists()


def test_a_key_used_already_returns_the_first_petition_from_the_service(hoanhson, ba_dong):
    from danvan.portal import services

    def submit(content: str) -> Any:
        return services.petition_submit(
            key="same-key-posted-twice-at-once",
            kind="feedback",
            commune=hoanhson,
            village=ba_dong,
            content=content,
            contact=services.Contact(full_name="Nguyễn Thị Mai", phone="0912345678"),
            consent=True,
        )

    first = submit("Đèn đường hỏng.")
    second = submit("Đèn đường hỏng, gửi lại.")

    assert first.created
    assert not second.created
    assert second.petition == first.petition
    assert Petition.objects.count() == 1
    assert AuditEvent.objects.filter(action="portal.submit").count() == 1
