"""Residents read the drafts put to them on the portal and comment on them while the
consultation is open; once reported, they read the drafter's response to each comment."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.consultations import services
from danvan.consultations.models import Comment, Consultation
from danvan.consultations.tests.conftest import make_consultation
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db
LIST = reverse("portal:consultations")


@pytest.fixture
def officer(persona: Any) -> Any:
    return persona("hoanhson.canbo")


def _open(
    officer: Any,
    title: str = "Dự thảo kế hoạch phát triển kinh tế - xã hội năm 2027",
    **changes: Any,
) -> Consultation:
    consultation = make_consultation(officer, title=title, **changes)
    services.section_add(
        actor=officer,
        consultation=consultation,
        heading="Điều 1. Phạm vi",
        text="Kế hoạch áp dụng trên địa bàn phường.",
    )
    services.section_add(actor=officer, consultation=consultation, heading="Điều 2. Mức hỗ trợ")
    return services.consultation_open(actor=officer, consultation=consultation)


def _url(consultation: Consultation) -> str:
    return reverse("portal:consultation", args=[consultation.public_id])


def _form(client: Any, consultation: Consultation) -> dict[str, str]:
    """The comment form's hidden key, as a browser would send it back."""
    html = client.get(_url(consultation)).content.decode()
    match = re.search(r'name="key" value="([^"]+)"', html)
    assert match, "the form carries a key"
    return {"key": match.group(1), "website": ""}


def _reported(officer: Any) -> Consultation:
    consultation = _open(
        officer,
        title="Dự thảo phương án di dời thôn Tân Phúc Thành",
        opens_on=timezone.localdate() - dt.timedelta(days=40),
    )
    section = consultation.sections.get(position=2)
    first = services.comment_add(
        actor=officer,
        consultation=consultation,
        text="Đề nghị tăng mức hỗ trợ di chuyển cho hộ có người già.",
        source=Comment.Source.PAPER_FORM,
        section=section,
        author_name="Trần Văn Bình",
        received_on=consultation.opens_on + dt.timedelta(days=3),
    )
    second = services.comment_add(
        actor=officer,
        consultation=consultation,
        text="Cần công bố rõ lịch di dời.",
        source=Comment.Source.MEETING,
        author_name="Lê Thị Hoa",
        received_on=consultation.opens_on + dt.timedelta(days=4),
    )
    services.consultation_close(actor=officer, consultation=consultation)
    services.comment_respond(
        actor=officer, comment=first, kind="accepted", text="Đã bổ sung mức hỗ trợ 5 triệu đồng."
    )
    services.comment_respond(
        actor=officer, comment=second, kind="explained", text="Lịch di dời được niêm yết tại thôn."
    )
    return services.consultation_report(
        actor=officer, consultation=consultation, summary="Nhận 2 góp ý, tiếp thu 1, giải trình 1."
    )


# ---------------------------------------------------------------- the list


def test_the_list_shows_open_and_recently_reported_drafts_never_one_in_preparation(client, officer):
    _open(officer)
    _reported(officer)
    make_consultation(officer, title="Dự thảo quy chế còn đang soạn")

    response = client.get(LIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Dự thảo kế hoạch phát triển kinh tế - xã hội năm 2027" in html
    assert Organization.objects.get(code="hoanhson-ubnd").name in html
    assert "Còn 15 ngày sau hôm nay" in html  # opened 5 days ago for 20 days
    assert "Dự thảo phương án di dời thôn Tân Phúc Thành" in html
    assert "Nhận 2 góp ý, tiếp thu 1, giải trình 1." in html
    assert "Dự thảo quy chế còn đang soạn" not in html


def test_an_open_consultation_past_its_dates_is_not_listed_as_open(client, officer):
    _open(officer, opens_on=timezone.localdate() - dt.timedelta(days=30))

    html = client.get(LIST).content.decode()

    assert "Hiện không có dự thảo nào đang lấy ý kiến." in html


def test_the_list_queries_do_not_grow_with_rows(client, officer):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries.captured_queries)

    _open(officer, title="Dự thảo 1")
    _reported(officer)
    small = count()
    for number in range(3):
        _open(officer, title=f"Dự thảo thêm {number}")
        _reported(officer)
    assert count() == small


def test_home_and_navigation_link_to_the_list(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert html.count(f'href="{LIST}"') == 2


def test_the_list_renders_in_english(client, officer):
    _open(officer)
    client.post("/i18n/setlang/", {"language": "en", "next": LIST})

    response = client.get(LIST)

    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


# ---------------------------------------------------------------- one draft


def test_the_page_shows_the_sections_and_the_form(client, officer):
    consultation = _open(officer)

    response = client.get(_url(consultation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Điều 1. Phạm vi" in html
    assert "Kế hoạch áp dụng trên địa bàn phường." in html
    assert "Góp ý chung cho cả dự thảo" in html
    assert 'name="website"' in html
    assert 'name="text"' in html
    assert reverse("portal:privacy") in html


@pytest.mark.parametrize("public_id", ["draft", "unknown"])
def test_a_draft_in_preparation_or_an_unknown_id_is_404(client, officer, public_id):
    draft = make_consultation(officer)
    draft.document.save("du-thao.pdf", ContentFile(b"%PDF-1.4 draft"), save=True)
    key = draft.public_id if public_id == "draft" else "KHONGCO"

    assert client.get(reverse("portal:consultation", args=[key])).status_code == 404
    assert client.post(reverse("portal:consultation", args=[key]), {"text": "x"}).status_code == 404
    assert client.get(reverse("portal:consultation_document", args=[key])).status_code == 404
    assert not Comment.objects.exists()


def test_the_uploaded_draft_is_served_through_the_portal_once_published(client, officer):
    consultation = make_consultation(officer)
    consultation.document.save("du-thao-ke-hoach.pdf", ContentFile(b"%PDF-1.4 draft"), save=True)
    services.consultation_open(actor=officer, consultation=consultation)
    url = reverse("portal:consultation_document", args=[consultation.public_id])

    page = client.get(_url(consultation)).content.decode()
    response = client.get(url)

    assert url in page
    assert consultation.document.url not in page
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 draft"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]


def test_no_document_is_404(client, officer):
    consultation = _open(officer)
    url = reverse("portal:consultation_document", args=[consultation.public_id])
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------- commenting


def test_a_comment_is_saved_from_the_portal_audited_and_thanked_with_its_id(client, officer):
    consultation = _open(officer)
    section = consultation.sections.get(position=2)
    data = _form(client, consultation) | {
        "section": section.public_id,
        "text": "  Đề nghị nêu rõ mức hỗ trợ cho hộ nghèo.  ",
        "author_name": "Nguyễn Văn An",
    }

    response = client.post(_url(consultation), data)

    assert response.status_code == 302
    assert response["Location"] == f"{_url(consultation)}#thanks"
    comment = Comment.objects.get()
    assert comment.source == Comment.Source.PORTAL
    assert comment.section == section
    assert comment.text == "Đề nghị nêu rõ mức hỗ trợ cho hộ nghèo."
    assert comment.author_name == "Nguyễn Văn An"
    assert comment.received_on == timezone.localdate()
    assert comment.entered_by is None
    event = AuditEvent.objects.get(action="consultations.comment_add", target_id=str(comment.pk))
    assert event.actor is None
    assert "Nguyễn Văn An" not in str(event.changes)
    page = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã góp ý" in page
    assert comment.public_id in page
    # The thanks is shown once.
    assert comment.public_id not in client.get(_url(consultation)).content.decode()


def test_a_general_comment_without_a_name(client, officer):
    consultation = _open(officer)
    data = _form(client, consultation) | {"section": "", "text": "Dự thảo rõ ràng, đồng ý."}

    assert client.post(_url(consultation), data).status_code == 302

    comment = Comment.objects.get()
    assert comment.section is None
    assert comment.author_name == ""


def test_the_same_form_sent_twice_saves_one_comment(client, officer):
    consultation = _open(officer)
    data = _form(client, consultation) | {"text": "Đồng ý với dự thảo."}

    client.post(_url(consultation), data)
    second = client.post(_url(consultation), data)

    assert second.status_code == 302
    comment = Comment.objects.get()
    assert comment.public_id in client.get(_url(consultation)).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "   "}, "Hãy ghi nội dung góp ý."),
        ({"text": "x" * 10_001}, "Nội dung quá dài"),
        ({"text": "Góp ý", "section": "KHONGCO"}, "Hãy chọn một mục trong danh sách."),
        ({"text": "Góp ý", "author_name": "x" * 151}, "150"),
    ],
)
def test_invalid_comments_are_refused_on_the_page(client, officer, changes, message):
    consultation = _open(officer)
    data = _form(client, consultation) | changes

    response = client.post(_url(consultation), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_a_section_of_another_draft_is_refused(client, officer):
    consultation = _open(officer)
    other = _open(officer, title="Dự thảo khác")
    data = _form(client, consultation) | {
        "text": "Góp ý",
        "section": other.sections.get(position=1).public_id,
    }

    assert client.post(_url(consultation), data).status_code == 400
    assert not Comment.objects.exists()


def test_the_honeypot_saves_nothing(client, officer):
    consultation = _open(officer)
    data = _form(client, consultation) | {"text": "Mua hàng giá rẻ", "website": "http://spam"}

    response = client.post(_url(consultation), data)

    assert response.status_code == 400
    assert "Không gửi được góp ý" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_rate_limit_saves_nothing(client, officer, settings):
    settings.PORTAL_COMMENT_RATE = (2, 3600)
    consultation = _open(officer)
    for number in range(2):
        data = _form(client, consultation) | {"text": f"Góp ý số {number}"}
        assert client.post(_url(consultation), data).status_code == 302

    data = _form(client, consultation) | {"text": "Góp ý thứ ba"}
    response = client.post(_url(consultation), data)

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert Comment.objects.count() == 2


def test_a_comment_on_a_consultation_closed_meanwhile_is_refused(client, officer):
    consultation = _open(officer)
    data = _form(client, consultation) | {"text": "Góp ý gửi muộn."}
    services.consultation_close(actor=officer, consultation=consultation)

    response = client.post(_url(consultation), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "đã kết thúc" in html
    assert "góp ý của bạn chưa được gửi" in html
    assert 'name="text"' not in html
    assert not Comment.objects.exists()


def test_a_comment_after_the_closing_date_is_refused_though_not_yet_closed(client, officer):
    consultation = _open(officer, opens_on=timezone.localdate() - dt.timedelta(days=25))

    response = client.post(_url(consultation), {"text": "Góp ý muộn.", "website": ""})

    assert response.status_code == 400
    assert "đã kết thúc" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_service_refusal_in_a_race_is_shown_not_raised(client, officer, monkeypatch):
    """Closed between the page's check and the service's lock: the service's message."""
    consultation = _open(officer)
    data = _form(client, consultation) | {"text": "Góp ý trong lúc đóng."}
    real = services.comment_add

    def close_first(**kwargs: Any) -> Comment:
        services.consultation_close(actor=officer, consultation=kwargs["consultation"])
        return real(**kwargs)

    monkeypatch.setattr(services, "comment_add", close_first)

    response = client.post(_url(consultation), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "đã kết thúc" in html
    assert "góp ý của bạn chưa được gửi" in html
    assert not Comment.objects.exists()


# ---------------------------------------------------------------- closed and reported


def test_a_closed_consultation_shows_the_draft_and_no_form(client, officer):
    consultation = _open(officer)
    services.consultation_close(actor=officer, consultation=consultation)

    response = client.get(_url(consultation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Điều 1. Phạm vi" in html
    assert "Đã hết thời gian lấy ý kiến" in html
    assert 'name="text"' not in html


def test_a_reported_consultation_shows_the_responses_without_names(client, officer):
    consultation = _reported(officer)

    response = client.get(_url(consultation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhận 2 góp ý, tiếp thu 1, giải trình 1." in html
    assert "Đề nghị tăng mức hỗ trợ di chuyển cho hộ có người già." in html
    assert "Đã bổ sung mức hỗ trợ 5 triệu đồng." in html
    assert "Tiếp thu" in html
    assert "Giải trình" in html
    assert "Lịch di dời được niêm yết tại thôn." in html
    assert "Trần Văn Bình" not in html
    assert "Lê Thị Hoa" not in html
    assert 'name="text"' not in html


def test_the_reported_page_renders_in_english(client, officer):
    consultation = _reported(officer)
    client.post("/i18n/setlang/", {"language": "en", "next": _url(consultation)})

    response = client.get(_url(consultation))

    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_a_consultation_published_ahead_of_its_period_takes_no_comment_yet(client, officer):
    starts = timezone.localdate() + dt.timedelta(days=3)
    consultation = _open(officer, opens_on=starts)

    page = client.get(_url(consultation))
    refused = client.post(_url(consultation), {"text": "Góp ý sớm.", "website": ""})

    assert page.status_code == 200
    assert f"Bắt đầu nhận góp ý từ ngày {starts:%d/%m/%Y}" in page.content.decode()
    assert 'name="text"' not in page.content.decode()
    assert refused.status_code == 400
    assert f"bắt đầu nhận góp ý từ ngày {starts:%d/%m/%Y}" in refused.content.decode()
    assert "Hiện không có dự thảo nào đang lấy ý kiến." in client.get(LIST).content.decode()
    assert not Comment.objects.exists()


def test_the_open_page_with_its_form_renders_in_english(client, officer):
    consultation = _open(officer)
    client.post("/i18n/setlang/", {"language": "en", "next": _url(consultation)})

    response = client.get(_url(consultation))

    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
    assert 'name="text"' in response.content.decode()
