"""The web screens of consultations: the list with comments and unanswered comments, the
form that prepares a consultation (with its draft file), the page of one consultation with
its sections, tallies and comments, and its actions; who may see (404 outside the scope) and
who may change (403 for a reader)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.consultations import services
from danvan.consultations.models import Comment, Consultation, ConsultationStatus
from danvan.consultations.tests.conftest import hoanhson_unit, make_consultation
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 8
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _login(client: Any, persona: Any, username: str = "hoanhson.canbo") -> Any:
    client.force_login(persona(username))
    return client


def _comment(consultation: Consultation, officer: Any, **changes: Any) -> Comment:
    fields: dict[str, Any] = {
        "actor": officer,
        "consultation": consultation,
        "text": "Đề nghị nâng mức hỗ trợ di chuyển cho hộ có người già",
        "source": Comment.Source.PAPER_FORM,
        "author_name": "Ông Trần Văn Hùng",
        "received_on": TODAY,
    }
    fields.update(changes)
    return services.comment_add(**fields)


def _filled(officer: Any, *, sections: int, comments: int, **changes: Any) -> Consultation:
    """An open consultation with `sections` sections and `comments` comments spread over
    them and the whole draft, every other one answered."""
    consultation = make_consultation(officer, **changes)
    for number in range(1, sections + 1):
        services.section_add(
            actor=officer,
            consultation=consultation,
            heading=f"Điều {number}. Nội dung {number}",
            text=f"Nội dung chi tiết của điều {number}.",
        )
    services.consultation_open(actor=officer, consultation=consultation)
    parts = [None, *consultation.sections.all()]
    sources = [s for s in Comment.Source.values if s != Comment.Source.PORTAL]
    for number in range(comments):
        comment = _comment(
            consultation,
            officer,
            text=f"Góp ý số {number}",
            section=parts[number % len(parts)],
            source=sources[number % len(sources)],
        )
        if number % 2:
            services.comment_respond(
                actor=officer, comment=comment, kind="accepted", text=f"Tiếp thu góp ý {number}"
            )
    return consultation


def _act(client: Any, consultation: Consultation, action: str, data: dict[str, Any]) -> Any:
    url = reverse("consultations:consultation_action", args=[consultation.public_id, action])
    return client.post(url, {f"{action}-{key}": value for key, value in data.items()})


def _detail(consultation: Consultation) -> str:
    return reverse("consultations:consultation_detail", args=[consultation.public_id])


def _audited(action: str) -> int:
    return AuditEvent.objects.filter(action=f"consultations.{action}").count()


# ---------------------------------------------------------------- list


def test_list_shows_period_status_and_counts(
    client: Any, persona: Any, officer_user: Any, opened: Consultation
) -> None:
    _comment(opened, officer_user)
    answered = _comment(opened, officer_user, text="Góp ý đã trả lời")
    services.comment_respond(actor=officer_user, comment=answered, kind="explained", text="Vì…")
    draft = make_consultation(officer_user, title="Dự thảo quy chế quản lý chợ hải sản")
    _login(client, persona)
    response = client.get(reverse("consultations:consultation_list"))
    assert response.status_code == 200
    rows = {c.public_id: c for c in response.context["consultations"]}
    assert (rows[opened.public_id].comments_count, rows[opened.public_id].unanswered_count) == (
        2,
        1,
    )
    assert rows[opened.public_id].period_days == 20
    body = response.content.decode()
    assert opened.title in body
    assert opened.organization.name in body
    assert "Đang lấy ý kiến" in body
    assert "Đang chuẩn bị" in body
    assert draft.public_id in body
    assert reverse("consultations:consultation_create") in body


def test_list_filters_by_status_and_accentless_title(
    client: Any, persona: Any, officer_user: Any, opened: Consultation
) -> None:
    draft = make_consultation(officer_user, title="Dự thảo quy chế quản lý chợ hải sản")
    _login(client, persona)
    url = reverse("consultations:consultation_list")
    body = client.get(url, {"status": "draft"}).content.decode()
    assert draft.public_id in body
    assert opened.public_id not in body

    body = client.get(url, {"q": "cho hai san"}).content.decode()
    assert draft.public_id in body
    assert opened.public_id not in body

    body = client.get(url, {"q": "PHƯƠNG ÁN bồi thuong"}).content.decode()
    assert opened.public_id in body
    assert draft.public_id not in body

    body = client.get(url, {"q": "không có dự thảo này"}).content.decode()
    assert "Không có đợt lấy ý kiến nào phù hợp" in body


def test_list_out_of_scope_is_hidden(client: Any, persona: Any, opened: Consultation) -> None:
    _login(client, persona, "songtri.canbo")
    body = client.get(reverse("consultations:consultation_list")).content.decode()
    assert opened.public_id not in body


def test_reader_sees_the_list_without_the_create_button(
    client: Any, persona: Any, opened: Consultation
) -> None:
    _login(client, persona, "tinh.danvan")
    body = client.get(reverse("consultations:consultation_list")).content.decode()
    assert opened.public_id in body
    assert reverse("consultations:consultation_create") not in body
    assert client.get(reverse("consultations:consultation_create")).status_code == 403


def test_list_query_count_does_not_grow(client: Any, persona: Any, officer_user: Any) -> None:
    _login(client, persona)
    url = reverse("consultations:consultation_list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _filled(officer_user, sections=1, comments=2)
    small = count()
    for number in range(5):
        _filled(officer_user, sections=2, comments=4, title=f"Dự thảo số {number}")
    assert count() == small
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"q": "du thao so"}).status_code == 200
    assert len(queries) <= small + 1


# ---------------------------------------------------------------- create


def _create_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organization": Organization.objects.get(code="hoanhson-ubnd").pk,
        "admin_unit": hoanhson_unit().pk,
        "title": "Dự thảo quy định về trật tự đô thị phường Hoành Sơn",
        "draft_text": "Chương I. Quy định chung\nPhạm vi điều chỉnh.\n"
        "Điều 1. Đối tượng\nHộ gia đình, cá nhân trên địa bàn phường.",
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + dt.timedelta(days=20)).isoformat(),
        "split_sections": "on",
    }
    data.update(changes)
    return data


def test_create_form_shows_the_legal_minimum(client: Any, persona: Any) -> None:
    _login(client, persona)
    response = client.get(reverse("consultations:consultation_create"))
    assert response.status_code == 200
    body = response.content.decode()
    rule = services.period_rule()
    assert f"ít nhất {rule.min_days} ngày" in body
    assert rule.citation in body
    assert Organization.objects.get(code="hoanhson-ubnd").name in body
    assert 'enctype="multipart/form-data"' in body


def test_create_splits_the_draft_into_sections(client: Any, persona: Any) -> None:
    _login(client, persona)
    response = client.post(reverse("consultations:consultation_create"), _create_data())
    assert response.status_code == 302
    consultation = Consultation.objects.get(title__startswith="Dự thảo quy định về trật tự")
    assert response["Location"] == _detail(consultation)
    assert consultation.status == ConsultationStatus.DRAFT
    assert [s.heading for s in consultation.sections.order_by("position")] == [
        "Chương I. Quy định chung",
        "Điều 1. Đối tượng",
    ]
    assert _audited("consultation_create") == 1
    assert _audited("section_add") == 2


def test_create_without_splitting(client: Any, persona: Any) -> None:
    _login(client, persona)
    data = _create_data()
    del data["split_sections"]
    assert client.post(reverse("consultations:consultation_create"), data).status_code == 302
    consultation = Consultation.objects.get(title__startswith="Dự thảo quy định về trật tự")
    assert not consultation.sections.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("du-thao.pdf", PDF, "application/pdf"),
        ("du-thao.odt", _odt(), "application/vnd.oasis.opendocument.text"),
        ("du-thao.doc", DOC, "application/msword"),
    ],
)
def test_create_with_a_draft_document(
    client: Any, persona: Any, name: str, content: bytes, content_type: str
) -> None:
    _login(client, persona)
    data = _create_data(draft_text="", document=SimpleUploadedFile(name, content))
    response = client.post(reverse("consultations:consultation_create"), data)
    assert response.status_code == 302
    consultation = Consultation.objects.get(title__startswith="Dự thảo quy định về trật tự")
    assert consultation.document
    url = reverse("consultations:draft_document", args=[consultation.public_id])
    assert url in client.get(_detail(consultation)).content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content

    _login(client, persona, "songtri.canbo")
    assert client.get(url).status_code == 404


def test_a_long_file_name_is_shortened(client: Any, persona: Any) -> None:
    _login(client, persona)
    name = "Dự thảo kế hoạch phát triển kinh tế xã hội năm 2027 " * 4 + ".pdf"
    data = _create_data(document=SimpleUploadedFile(name, PDF))
    assert client.post(reverse("consultations:consultation_create"), data).status_code == 302
    consultation = Consultation.objects.get(title__startswith="Dự thảo quy định về trật tự")
    stored = consultation.document.name or ""
    assert stored.endswith(".pdf")
    assert len(stored) <= 100


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("du-thao.pdf", EXE, "Chỉ nhận tệp dự thảo PDF"),
        ("anh.png", PNG, "Chỉ nhận tệp dự thảo PDF"),
        ("du-thao.docx", PDF, "không khớp với phần mở rộng"),
        ("rong.pdf", b"", "Tệp rỗng"),
    ],
)
def test_create_refuses_a_file_that_is_not_a_document(
    client: Any, persona: Any, name: str, content: bytes, message: str
) -> None:
    _login(client, persona)
    data = _create_data(document=SimpleUploadedFile(name, content))
    response = client.post(reverse("consultations:consultation_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Consultation.objects.exists()


def test_create_refuses_an_oversized_file(client: Any, persona: Any, settings: Any) -> None:
    settings.DANVAN_MAX_ATTACHMENT_BYTES = 1024 * 1024
    _login(client, persona)
    big = PDF + b"0" * (1024 * 1024)
    data = _create_data(document=SimpleUploadedFile("du-thao.pdf", big))
    response = client.post(reverse("consultations:consultation_create"), data)
    assert response.status_code == 400
    assert "Tệp quá lớn (tối đa 1 MB)." in response.content.decode()
    assert not Consultation.objects.exists()


def test_create_errors_are_shown_and_nothing_saved(client: Any, persona: Any) -> None:
    _login(client, persona)
    url = reverse("consultations:consultation_create")
    response = client.post(url, _create_data(title=""))
    assert response.status_code == 400
    assert "Hãy ghi tên dự thảo." in response.content.decode()

    response = client.post(url, _create_data(closes_on=(TODAY - dt.timedelta(days=1))))
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu lấy ý kiến." in response.content.decode()

    response = client.post(url, _create_data(admin_unit=999_999))
    assert response.status_code == 400
    assert not Consultation.objects.exists()
    assert _audited("consultation_create") == 0


def test_create_for_another_organisation_is_refused(client: Any, persona: Any) -> None:
    _login(client, persona, "songtri.canbo")
    response = client.post(reverse("consultations:consultation_create"), _create_data())
    assert response.status_code == 400
    assert not Consultation.objects.exists()


# ---------------------------------------------------------------- detail


def test_detail_shows_sections_tallies_and_comments(
    client: Any, persona: Any, officer_user: Any, opened: Consultation
) -> None:
    first, second = opened.sections.order_by("position")
    answered = _comment(
        opened,
        officer_user,
        section=first,
        source=Comment.Source.MEETING,
        source_note="Hội nghị tổ dân phố Hải Phong",
    )
    services.comment_respond(
        actor=persona("hoanhson.chutich"),
        comment=answered,
        kind="partly_accepted",
        text="Tiếp thu cho hộ có người từ 80 tuổi",
    )
    _comment(opened, officer_user, section=second, text="Mức hỗ trợ còn thấp")
    _comment(opened, officer_user, text="Cần công khai danh sách hộ", source="hotline")
    _login(client, persona)
    response = client.get(_detail(opened))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        opened.organization.name,
        "Điều 1. Phạm vi",
        "Điều 2. Mức hỗ trợ",
        "Hội nghị tổ dân phố Hải Phong",
        "Hội nghị, cuộc họp",
        "Tiếp thu một phần",
        "Tiếp thu cho hộ có người từ 80 tuổi",
        "Mức hỗ trợ còn thấp",
        "Cần công khai danh sách hộ",
        "Góp ý chung cho cả dự thảo",
        "Tối thiểu 20 ngày",
        "(20 ngày)",
        "Chưa trả lời: 1",
        "Tiếp thu một phần: 1",
    ):
        assert text in body, text
    assert reverse("consultations:synthesis_report", args=[opened.public_id]) in body
    sections = response.context["sections"]
    assert [item["tally"].comments_count for item in sections] == [1, 1]
    assert response.context["general"]["tally"].comments_count == 1
    # The forms of an open consultation, for an officer of the ward.
    assert 'name="comment-text"' in body
    assert 'name="respond-text"' in body
    assert reverse("consultations:consultation_action", args=[opened.public_id, "close"]) in body
    assert 'name="open-' not in body
    assert 'name="section-heading"' not in body
    # Portal comments are sent by residents, not entered by officers.
    assert 'value="portal"' not in body.split('name="comment-source"')[1].split("</select>")[0]


def test_detail_filters_comments(
    client: Any, persona: Any, officer_user: Any, opened: Consultation
) -> None:
    answered = _comment(opened, officer_user, text="Góp ý qua đường dây nóng", source="hotline")
    services.comment_respond(actor=officer_user, comment=answered, kind="accepted", text="Được")
    _comment(opened, officer_user, text="Góp ý trên phiếu", source="paper_form")
    _login(client, persona)

    def listed(query: dict[str, str]) -> list[str]:
        response = client.get(_detail(opened), query)
        assert response.status_code == 200
        return [c.text for c in response.context["general"]["comments"]]

    assert listed({}) == ["Góp ý qua đường dây nóng", "Góp ý trên phiếu"]
    assert listed({"source": "hotline"}) == ["Góp ý qua đường dây nóng"]
    assert listed({"unanswered": "on"}) == ["Góp ý trên phiếu"]
    # The tallies still count every comment.
    response = client.get(_detail(opened), {"unanswered": "on"})
    assert response.context["general"]["tally"].comments_count == 2


def test_detail_of_a_draft_offers_sections_and_opening(
    client: Any, persona: Any, consultation: Consultation
) -> None:
    _login(client, persona)
    body = client.get(_detail(consultation)).content.decode()
    assert 'name="section-heading"' in body
    assert (
        reverse("consultations:consultation_action", args=[consultation.public_id, "open"]) in body
    )
    assert "Công khai, bắt đầu lấy ý kiến" in body
    assert 'name="comment-text"' not in body


def test_detail_query_count_does_not_grow(client: Any, persona: Any, officer_user: Any) -> None:
    _login(client, persona)

    def count(consultation: Consultation) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_detail(consultation)).status_code == 200
        return len(queries)

    small = _filled(officer_user, sections=1, comments=2, title="Dự thảo nhỏ")
    large = _filled(officer_user, sections=6, comments=15, title="Dự thảo lớn")
    assert count(large) == count(small)


def test_reader_sees_but_gets_403_on_actions(
    client: Any, persona: Any, officer_user: Any, opened: Consultation
) -> None:
    comment = _comment(opened, officer_user)
    _login(client, persona, "tinh.danvan")
    page = client.get(_detail(opened))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="comment-text"' not in body
    assert "không có quyền thay đổi" in body
    assert _act(client, opened, "close", {}).status_code == 403
    assert _act(client, opened, "comment", {"text": "x", "source": "hotline"}).status_code == 403
    data = {"comment": comment.pk, "kind": "accepted", "text": "Được"}
    assert _act(client, opened, "respond", data).status_code == 403
    opened.refresh_from_db()
    comment.refresh_from_db()
    assert opened.status == ConsultationStatus.OPEN
    assert (opened.comments.count(), comment.response_kind) == (1, "")


def test_outsider_gets_404_everywhere(
    client: Any, persona: Any, officer_user: Any, opened: Consultation
) -> None:
    _login(client, persona, "songtri.canbo")
    assert client.get(_detail(opened)).status_code == 404
    assert _act(client, opened, "close", {}).status_code == 404
    assert _act(client, opened, "comment", {"text": "x", "source": "hotline"}).status_code == 404
    report = reverse("consultations:synthesis_report", args=[opened.public_id])
    assert client.get(report).status_code == 404
    opened.refresh_from_db()
    assert opened.status == ConsultationStatus.OPEN
    assert not opened.comments.exists()


def test_unknown_action_is_404_and_get_is_refused(
    client: Any, persona: Any, opened: Consultation
) -> None:
    _login(client, persona)
    assert _act(client, opened, "delete", {}).status_code == 404
    url = reverse("consultations:consultation_action", args=[opened.public_id, "close"])
    assert client.get(url).status_code == 405


def test_anonymous_is_sent_to_login(client: Any, opened: Consultation) -> None:
    assert client.get(reverse("consultations:consultation_list")).status_code == 302
    assert client.get(_detail(opened)).status_code == 302


# ---------------------------------------------------------------- actions


def test_whole_life_of_a_consultation_from_its_page(
    client: Any, persona: Any, consultation: Consultation
) -> None:
    _login(client, persona)
    response = _act(
        client, consultation, "section", {"heading": "Điều 2. Mức hỗ trợ", "text": "Mức cụ thể"}
    )
    assert response.status_code == 302
    section = consultation.sections.get()
    assert _audited("section_add") == 1

    assert _act(client, consultation, "open", {}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN
    assert _audited("consultation_open") == 1

    response = _act(
        client,
        consultation,
        "comment",
        {
            "section": section.pk,
            "source": "meeting",
            "received_on": TODAY.isoformat(),
            "author_name": "Bà Nguyễn Thị Lan",
            "source_note": "Hội nghị tổ dân phố 3",
            "text": "Đề nghị tăng mức hỗ trợ",
        },
    )
    assert response.status_code == 302
    comment = consultation.comments.get()
    assert (comment.section, comment.source, comment.source_note) == (
        section,
        "meeting",
        "Hội nghị tổ dân phố 3",
    )
    assert comment.entered_by == persona("hoanhson.canbo")
    assert _audited("comment_add") == 1

    assert _act(client, consultation, "close", {}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED

    # A paper form received in time is entered after the close, on the whole draft.
    response = _act(
        client,
        consultation,
        "comment",
        {"section": "", "source": "paper_form", "received_on": TODAY.isoformat(), "text": "Ổn"},
    )
    assert response.status_code == 302
    late = consultation.comments.get(section=None)

    for target, kind in ((comment, "partly_accepted"), (late, "accepted")):
        data = {"comment": target.pk, "kind": kind, "text": "Tiếp thu", "on": ""}
        assert _act(client, consultation, "respond", data).status_code == 302
    comment.refresh_from_db()
    assert (comment.response_kind, comment.responded_on) == ("partly_accepted", TODAY)
    assert _audited("comment_respond") == 2

    # An answered comment may be answered again until the report.
    data = {"comment": comment.pk, "kind": "explained", "text": "Giải trình lại"}
    assert _act(client, consultation, "respond", data).status_code == 302
    comment.refresh_from_db()
    assert comment.response_kind == "explained"

    response = _act(client, consultation, "report", {"summary": "Tiếp thu 1, giải trình 1."})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.status, consultation.summary) == (
        ConsultationStatus.REPORTED,
        "Tiếp thu 1, giải trình 1.",
    )
    assert _audited("consultation_report") == 1
    page = client.get(_detail(consultation))
    assert page.status_code == 200
    assert "Tiếp thu 1, giải trình 1." in page.content.decode()
    assert page.context["shown"] == set()


def test_short_period_is_refused_on_opening(client: Any, persona: Any, officer_user: Any) -> None:
    consultation = make_consultation(officer_user, days=19)
    _login(client, persona)
    response = _act(client, consultation, "open", {})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Thời gian lấy ý kiến phải ít nhất 20 ngày kể từ ngày công khai" in body
    assert "đợt này chỉ có 19 ngày" in body
    assert 'href="#open"' in body  # the message on top leads to the form
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT
    assert _audited("consultation_open") == 0


def test_bad_comment_and_response_are_refused(
    client: Any, persona: Any, officer_user: Any, opened: Consultation
) -> None:
    comment = _comment(opened, officer_user)
    _login(client, persona)
    base = {"source": "hotline", "received_on": TODAY.isoformat()}
    response = _act(client, opened, "comment", {**base, "text": "   "})
    assert response.status_code == 400
    assert "Hãy ghi nội dung góp ý." in response.content.decode()

    response = _act(client, opened, "comment", {**base, "text": "Qua cổng", "source": "portal"})
    assert response.status_code == 400

    early = (opened.opens_on - dt.timedelta(days=1)).isoformat()
    response = _act(client, opened, "comment", {**base, "text": "Sớm", "received_on": early})
    assert response.status_code == 400
    assert "Góp ý nhận ngoài thời gian lấy ý kiến" in response.content.decode()
    assert opened.comments.count() == 1

    response = _act(
        client, opened, "respond", {"comment": comment.pk, "kind": "accepted", "text": ""}
    )
    assert response.status_code == 400
    assert "Hãy ghi nội dung tiếp thu, giải trình." in response.content.decode()
    comment.refresh_from_db()
    assert comment.response_kind == ""
    assert _audited("comment_respond") == 0


def test_report_waits_for_every_answer(
    client: Any, persona: Any, officer_user: Any, opened: Consultation
) -> None:
    _comment(opened, officer_user)
    services.consultation_close(actor=officer_user, consultation=opened)
    _login(client, persona)
    response = _act(client, opened, "report", {"summary": "Xong"})
    assert response.status_code == 400
    assert "Còn 1 góp ý chưa được tiếp thu, giải trình." in response.content.decode()
    opened.refresh_from_db()
    assert opened.status == ConsultationStatus.CLOSED


def test_action_in_the_wrong_status_is_a_message(
    client: Any, persona: Any, opened: Consultation
) -> None:
    _login(client, persona)
    response = _act(client, opened, "open", {})
    assert response.status_code == 400
    assert "Không thể công khai, bắt đầu lấy ý kiến" in response.content.decode()


def test_the_module_is_in_the_navigation(client: Any, persona: Any, opened: Consultation) -> None:
    _login(client, persona)
    response = client.get(_detail(opened))
    active = [item for item in response.context["nav_modules"] if item["active"]]
    assert [(item["url"], str(item["label"])) for item in active] == [
        (reverse("consultations:consultation_list"), "Lấy ý kiến dự thảo")
    ]
