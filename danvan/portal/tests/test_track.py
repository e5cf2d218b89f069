"""Following a case with its tracking code and phone, and rating the answer."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.petitions import services as petition_services
from danvan.petitions.models import CitizenRating, Petition, Status
from danvan.petitions.services import PetitionerInput

pytestmark = pytest.mark.django_db

TRACK = reverse("portal:track")
CASE = reverse("portal:case")
PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture
def submitted(client, form_data) -> Petition:
    """A feedback sent through the portal by Nguyễn Thị Mai, 0912 345 678; the browser that
    sent it then closes the case, as on a shared computer."""
    client.post(reverse("portal:submit"), form_data())
    client.post(reverse("portal:track_end"))
    return Petition.objects.get(channel="web")


def _reply(petition: Petition, persona, text: str = "Đã thay bóng đèn ngày 27/11.") -> None:
    officer = persona("hoanhson.canbo")
    today = timezone.localdate()
    for name, purpose in (
        ("tra-loi.pdf", "reply"),
        ("bien-ban-kiem-tra.pdf", "evidence"),
        ("don-goc.pdf", "petition"),
    ):
        petition_services.attachment_add(
            actor=officer, petition=petition, name=name, content=io.BytesIO(PDF), purpose=purpose
        )
    petition_services.petition_reply(actor=officer, petition=petition, on=today, text=text)


def _alert(response) -> str:
    match = re.search(
        r'<div class="alert[^"]*" role="alert".*?</div>', response.content.decode(), re.S
    )
    assert match, "no error summary"
    return match.group(0)


def test_the_right_code_and_phone_open_the_case(client, submitted):
    response = client.post(TRACK, {"code": submitted.tracking_code, "phone": "0912345678"})

    assert response.status_code == 302
    assert response["Location"] == CASE
    page = client.get(CASE)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đã nhận đơn" in html
    deadline = submitted.deadlines.get(step="reply")
    assert deadline.due_on.strftime("%d/%m/%Y") in html
    assert "Ủy ban nhân dân phường Hoành Sơn" in html


@pytest.mark.parametrize("code_form", [str.lower, lambda c: c.replace("-", ""), lambda c: f" {c} "])
def test_the_code_may_be_typed_loosely(client, submitted, code_form):
    response = client.post(
        TRACK, {"code": code_form(submitted.tracking_code), "phone": "+84912345678"}
    )

    assert response.status_code == 302


def test_a_wrong_code_and_a_wrong_phone_get_the_same_answer(client, submitted):
    wrong_code = client.post(TRACK, {"code": "0000-0000-0000", "phone": "0912345678"})
    wrong_phone = client.post(TRACK, {"code": submitted.tracking_code, "phone": "0987654321"})
    garbage = client.post(TRACK, {"code": "hello", "phone": "0912345678"})

    assert wrong_code.status_code == wrong_phone.status_code == garbage.status_code == 400
    assert _alert(wrong_code) == _alert(wrong_phone) == _alert(garbage)
    assert "không đúng" in _alert(wrong_code)
    assert client.get(CASE).status_code == 302  # nothing was opened


def test_the_case_page_shows_no_names_no_content_and_no_internal_notes(client, submitted, persona):
    petition_services.petition_note_add(
        actor=persona("hoanhson.canbo"),
        petition=submitted,
        kind="note",
        on=timezone.localdate(),
        text="Ghi chú nội bộ: đã gọi điện cho tổ trưởng.",
    )
    client.post(TRACK, {"code": submitted.tracking_code, "phone": "0912345678"})

    html = client.get(CASE).content.decode()

    assert "Nguyễn Thị Mai" not in html
    assert "0912" not in html
    assert "Đèn đường" not in html
    assert "Ghi chú nội bộ" not in html
    assert "Đánh giá câu trả lời" not in html


def test_the_reply_and_its_evidence_show_only_once_replied(client, submitted, persona):
    client.post(TRACK, {"code": submitted.tracking_code, "phone": "0912345678"})
    assert "Đã thay bóng đèn" not in client.get(CASE).content.decode()

    _reply(submitted, persona)
    html = client.get(CASE).content.decode()

    assert "Đã thay bóng đèn ngày 27/11." in html
    assert "tra-loi.pdf" in html
    assert "bien-ban-kiem-tra.pdf" in html
    assert "don-goc.pdf" not in html
    files = {a.original_name: a for a in submitted.attachments.all()}
    download = client.get(reverse("portal:case_file", args=[files["tra-loi.pdf"].public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    own_letter = client.get(reverse("portal:case_file", args=[files["don-goc.pdf"].public_id]))
    assert own_letter.status_code == 404


def test_files_need_a_verified_session(client, submitted, persona):
    _reply(submitted, persona)
    reply_file = submitted.attachments.get(purpose="reply")

    response = client.get(reverse("portal:case_file", args=[reply_file.public_id]))

    assert response.status_code == 302
    assert response["Location"] == TRACK


def test_the_verified_state_expires(client, submitted, settings):
    settings.PORTAL_VERIFIED_SECONDS = -1
    client.post(TRACK, {"code": submitted.tracking_code, "phone": "0912345678"})

    assert client.get(CASE)["Location"] == TRACK


def test_lookups_are_rate_limited(client, submitted, settings):
    settings.PORTAL_TRACK_RATE = (3, 600)
    for _ in range(3):
        client.post(TRACK, {"code": "0000-0000-0000", "phone": "0912345678"})

    response = client.post(TRACK, {"code": submitted.tracking_code, "phone": "0912345678"})

    assert response.status_code == 429
    assert client.get(CASE).status_code == 302


def test_a_case_registered_at_the_counter_is_followed_with_the_petitioner_phone(client, persona):
    from danvan.organizations.models import Organization

    petition = petition_services.petition_register(
        actor=persona("hoanhson.canbo"),
        organization=Organization.objects.get(code="hoanhson-ubnd"),
        kind="denunciation",
        channel="in_person",
        received_on=timezone.localdate(),
        content="Tố cáo cán bộ địa chính nhận tiền.",
        petitioners=[PetitionerInput(full_name="Hoàng Văn Tố", phone="0977.111.222")],
    )

    response = client.post(TRACK, {"code": petition.tracking_code, "phone": "0977111222"})

    assert response.status_code == 302
    html = client.get(CASE).content.decode()
    assert "Tố cáo" in html
    assert "Hoàng Văn Tố" not in html
    assert "địa chính" not in html


def test_an_unsatisfied_rating_reopens_the_case(client, submitted, persona):
    _reply(submitted, persona)
    client.post(TRACK, {"code": submitted.tracking_code, "phone": "0912345678"})

    response = client.post(
        reverse("portal:rate"), {"value": "unsatisfied", "comment": "Đèn lại hỏng sau hai ngày."}
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED
    rating = CitizenRating.objects.get(petition=submitted)
    assert rating.value == "unsatisfied"
    assert rating.comment == "Đèn lại hỏng sau hai ngày."
    assert "mở lại" in client.get(CASE).content.decode()


def test_a_satisfied_rating_is_given_once(client, submitted, persona):
    _reply(submitted, persona)
    client.post(TRACK, {"code": submitted.tracking_code, "phone": "0912345678"})

    client.post(reverse("portal:rate"), {"value": "satisfied"})
    again = client.post(reverse("portal:rate"), {"value": "partly"})

    assert CitizenRating.objects.filter(petition=submitted).count() == 1
    assert again.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == Status.REPLIED
    assert "đã đánh giá" in client.get(CASE).content.decode()


def test_a_rating_needs_a_choice_and_a_verified_session(client, submitted, persona):
    _reply(submitted, persona)

    assert client.post(reverse("portal:rate"), {"value": "satisfied"})["Location"] == TRACK
    client.post(TRACK, {"code": submitted.tracking_code, "phone": "0912345678"})
    response = client.post(reverse("portal:rate"), {"value": ""})

    assert response.status_code == 400
    assert 'id="id_value_error"' in response.content.decode()
    assert not CitizenRating.objects.exists()
