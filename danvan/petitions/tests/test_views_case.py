"""The case page: what it shows, who may act, and every action through the web."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.audit.selectors import events_for
from danvan.organizations.models import Organization
from danvan.petitions import services
from danvan.petitions.models import Petition, Status
from danvan.petitions.services import PetitionerInput

pytestmark = pytest.mark.django_db

DENOUNCER = [PetitionerInput(full_name="Phạm Văn Dũng", address="Tổ dân phố Ba Đồng")]


def today() -> dt.date:
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


@pytest.fixture
def login(client, persona):
    def as_(username: str):
        client.force_login(persona(username))
        return client

    return as_


def page(petition: Petition) -> str:
    return reverse("petitions:petition_detail", args=[petition.public_id])


def act(client, petition: Petition, action: str, **fields):
    """POST an action form (fields carry the form's prefix) and follow the redirect."""
    data = {f"{action}-on": today().isoformat()}
    data |= {f"{action}-{name}": value for name, value in fields.items()}
    url = reverse("petitions:petition_action", args=[petition.public_id, action])
    return client.post(url, data, follow=True)


def text(response) -> str:
    return response.content.decode()


def fresh(petition: Petition) -> Petition:
    return Petition.objects.get(pk=petition.pk)


# ---------------------------------------------------------------- what the page shows


def test_the_case_page_shows_facts_deadlines_timeline_and_actions(register, login):
    petition = register(title="Khiếu nại thu hồi đất ở", received_on=days_ago(2))

    response = login("hoanhson.canbo").get(page(petition))

    assert response.status_code == 200
    body = text(response)
    assert f"Đơn số {petition.register_label}" in body
    assert "Khiếu nại thu hồi đất ở" in body
    assert "Ủy ban nhân dân phường Hoành Sơn" in body
    assert petition.tracking_code in body
    assert "Nguyễn Văn An" in body
    assert "complaint.accept" in body  # the rule's code, with its source
    assert "Luật Khiếu nại 02/2011/QH13, Điều 27" in body
    assert "Vào sổ" in body  # the timeline speaks Vietnamese, not "petition.register"
    assert "petition.register" not in body
    for label in ("Thụ lý", "Chuyển đơn", "Phân loại", "Xếp lưu"):
        assert f"<summary>{label}</summary>" in body
    assert "<summary>Phân công xử lý</summary>" not in body  # the head assigns
    assert f'value="{today().isoformat()}"' in body


def test_an_overdue_case_carries_the_red_badge(register, login):
    petition = register(received_on=days_ago(60))

    body = text(login("hoanhson.canbo").get(page(petition)))

    assert '<span class="badge badge-danger">Quá hạn</span>' in body


def test_another_ward_gets_404(register, login):
    petition = register()

    assert login("songtri.canbo").get(page(petition)).status_code == 404
    response = act(login("songtri.canbo"), petition, "accept", note="")
    assert response.status_code == 404


def test_the_provincial_specialist_reads_without_acting(register, login):
    petition = register()
    client = login("tinh.danvan")

    body = text(client.get(page(petition)))
    assert "Nguyễn Văn An" in body
    assert "<summary>Thụ lý</summary>" not in body
    url = reverse("petitions:petition_action", args=[petition.public_id, "accept"])
    assert client.post(url, {"accept-on": today().isoformat()}).status_code == 403
    assert fresh(petition).status == Status.RECEIVED


def test_the_provincial_specialist_may_only_urge_a_case_in_progress(register, login, persona):
    petition = register()
    services.petition_accept(actor=persona("hoanhson.canbo"), petition=petition, on=today())
    client = login("tinh.danvan")

    body = text(client.get(page(petition)))

    assert "<summary>Đôn đốc</summary>" in body
    assert "<summary>Giải quyết</summary>" not in body
    response = act(client, petition, "urge", note="Đề nghị khẩn trương giải quyết.")
    assert "Đã ghi nhận việc đôn đốc." in text(response)


def test_only_the_head_assigns(register, login, persona):
    petition = register()

    response = act(login("hoanhson.canbo"), petition, "assign", user=persona("hoanhson.canbo").pk)

    assert response.status_code == 403
    assert "<summary>Phân công xử lý</summary>" in text(
        login("hoanhson.chutich").get(page(petition))
    )


def test_an_unknown_action_is_404(register, login):
    petition = register()
    url = reverse("petitions:petition_action", args=[petition.public_id, "explode"])

    assert login("hoanhson.canbo").post(url, {}).status_code == 404


# ---------------------------------------------------------------- the denouncer's identity


def test_the_chairman_does_not_see_the_denouncer(register, login):
    petition = register(kind="denunciation", petitioners=DENOUNCER)

    body = text(login("hoanhson.chutich").get(page(petition)))

    assert "Phạm Văn Dũng" not in body
    assert "Danh tính được bảo vệ" in body
    assert not [e for e in events_for(petition) if e.action == "petition.identity_reveal"]


def test_the_assigned_officer_sees_the_denouncer_and_the_reveal_is_logged(register, login, persona):
    officer = persona("hoanhson.canbo")
    petition = register(kind="denunciation", petitioners=DENOUNCER)
    services.petition_assign(
        actor=persona("hoanhson.chutich"), petition=petition, user=officer, on=today()
    )

    body = text(login("hoanhson.canbo").get(page(petition)))

    assert "Phạm Văn Dũng" in body
    reveals = [e for e in events_for(petition) if e.action == "petition.identity_reveal"]
    assert [(e.actor, e.note) for e in reveals] == [(officer, "page")]
    chairman_view = text(login("hoanhson.chutich").get(page(petition)))
    assert "Danh tính người đứng đơn đã được xem 1 lần" in chairman_view


# ---------------------------------------------------------------- every action through the web


def test_accept(register, login):
    petition = register()

    response = act(login("hoanhson.canbo"), petition, "accept", note="Đủ điều kiện.")

    assert "Đã thụ lý đơn." in text(response)
    assert fresh(petition).status == Status.ACCEPTED
    assert fresh(petition).accepted_on == today()


def test_forward(register, login):
    petition = register(kind="feedback")
    target = Organization.objects.get(code="songtri-ubnd")

    response = act(
        login("hoanhson.canbo"), petition, "forward", to_organization=target.pk, note="Đúng địa bàn"
    )

    assert "Đã chuyển đơn." in text(response)
    assert fresh(petition).status == Status.FORWARDED
    assert list(fresh(petition).forwarded_to.all()) == [target]


def test_pause_then_resume(register, login, persona):
    petition = register(received_on=days_ago(10))
    services.petition_accept(actor=persona("hoanhson.canbo"), petition=petition, on=days_ago(5))
    client = login("hoanhson.canbo")

    response = act(client, petition, "pause", reason="Chờ công dân bổ sung giấy tờ.")
    assert "Đã tạm dừng giải quyết." in text(response)
    assert fresh(petition).status == Status.PAUSED
    assert "đang tạm dừng" in text(client.get(page(petition)))

    response = act(client, petition, "resume", reason="Đã bổ sung.")
    assert "Đã tiếp tục giải quyết." in text(response)
    assert fresh(petition).status == Status.ACCEPTED


def test_extend(register, login, persona):
    petition = register(kind="denunciation", petitioners=DENOUNCER, received_on=days_ago(2))

    response = act(
        login("hoanhson.canbo"),
        petition,
        "extend",
        step="classify",
        days="3",
        reason="Cần thêm thời gian kiểm tra.",
        decision_number="12/QĐ-UBND",
    )

    assert "Đã gia hạn." in text(response)
    extension = fresh(petition).extensions.get()
    assert (extension.days, extension.decision_number) == (3, "12/QĐ-UBND")


def test_resolve_then_reply(register, login, persona):
    petition = register(received_on=days_ago(10))
    services.petition_accept(actor=persona("hoanhson.canbo"), petition=petition, on=days_ago(5))
    client = login("hoanhson.canbo")

    response = act(client, petition, "resolve", outcome="partly_upheld", summary="Đúng một phần.")
    assert "Đã ghi nhận kết quả giải quyết." in text(response)
    assert (fresh(petition).status, fresh(petition).outcome) == (Status.RESOLVED, "partly_upheld")

    response = act(client, petition, "reply", text="Kính gửi ông An, …")
    assert "Đã ghi nhận việc trả lời công dân." in text(response)
    assert fresh(petition).status == Status.REPLIED
    assert fresh(petition).reply_text == "Kính gửi ông An, …"


def test_guide(register, login):
    petition = register(kind="feedback")

    response = act(login("hoanhson.canbo"), petition, "guide", note="Đề nghị gửi Sở Xây dựng.")

    assert "Đã ghi nhận việc hướng dẫn công dân." in text(response)
    assert fresh(petition).status == Status.GUIDED


def test_archive(register, login):
    petition = register()

    response = act(login("hoanhson.canbo"), petition, "archive", reason="Đơn trùng nội dung.")

    assert "Đã xếp lưu đơn." in text(response)
    assert fresh(petition).status == Status.ARCHIVED


def test_classify(register, login):
    petition = register(kind="complaint")

    response = act(
        login("hoanhson.canbo"),
        petition,
        "classify",
        kind="feedback",
        eligible="yes",
        within_competence="yes",
        complex="on",
    )

    assert "Đã lưu kết quả phân loại đơn." in text(response)
    petition = fresh(petition)
    assert (petition.kind, petition.eligible, petition.within_competence) == (
        "feedback",
        True,
        True,
    )
    assert petition.complex is True


def test_classify_as_ineligible_needs_reasons(register, login):
    petition = register()

    response = act(login("hoanhson.canbo"), petition, "classify", kind="complaint", eligible="no")

    assert response.status_code == 400
    assert "Hãy ghi lý do đơn không đủ điều kiện xử lý." in text(response)
    assert '<details id="action-classify" open>' in text(response)


def test_assign(register, login, persona):
    petition = register()
    officer = persona("hoanhson.canbo")

    response = act(login("hoanhson.chutich"), petition, "assign", user=officer.pk, role="lead")

    assert "Đã phân công cán bộ xử lý." in text(response)
    assert list(fresh(petition).handlers.all()) == [officer]


def test_assign_offers_only_the_organisations_officers(register, login):
    petition = register()

    body = text(login("hoanhson.chutich").get(page(petition)))

    assert "Trần Văn Bình" in body
    assert "Phạm Thị Lan" not in body  # Sông Trí


def test_confirm_a_duplicate(register, login):
    original = register(title="Đơn gốc")
    again = register(title="Đơn gửi lại")
    candidate = again.duplicate_candidates.get(candidate=original)
    url = reverse("petitions:duplicate_decide", args=[again.public_id, candidate.pk])

    response = login("hoanhson.canbo").post(url, {"decision": "confirm"}, follow=True)

    assert f"Đã xác nhận đơn trùng với đơn {original.register_label}." in text(response)
    assert fresh(again).status == Status.DUPLICATE
    assert fresh(again).duplicate_of == original


def test_reject_a_duplicate(register, login):
    original = register(title="Đơn gốc")
    again = register(title="Đơn gửi lại")
    candidate = again.duplicate_candidates.get(candidate=original)
    url = reverse("petitions:duplicate_decide", args=[again.public_id, candidate.pk])

    response = login("hoanhson.canbo").post(url, {"decision": "reject"}, follow=True)

    assert "Đã xác định không trùng" in text(response)
    assert fresh(again).status == Status.RECEIVED


def test_an_illegal_action_shows_an_error_message_not_a_500(register, login, persona):
    petition = register()
    services.petition_archive(actor=persona("hoanhson.canbo"), petition=petition, on=today())

    response = act(login("hoanhson.canbo"), petition, "accept", note="")

    assert response.status_code == 200
    assert "Không thể “Thụ lý” khi đơn ở trạng thái “Đã xếp lưu”." in text(response)
    assert fresh(petition).status == Status.ARCHIVED


def test_a_forwarded_denunciation_cannot_be_forwarded_again(register, login):
    petition = register(kind="denunciation", channel="forwarded", petitioners=DENOUNCER)
    target = Organization.objects.get(code="songtri-ubnd")

    response = act(login("hoanhson.canbo"), petition, "forward", to_organization=target.pk)

    assert "Đơn tố cáo chỉ được chuyển một lần" in text(response)


def test_a_missing_required_field_keeps_the_form_open_with_its_error(register, login, persona):
    petition = register()
    services.petition_accept(actor=persona("hoanhson.canbo"), petition=petition, on=today())

    response = act(login("hoanhson.canbo"), petition, "pause", reason="")

    assert response.status_code == 400
    body = text(response)
    assert '<details id="action-pause" open>' in body
    assert 'id="id_pause-reason_error"' in body


def test_a_future_date_is_refused_on_the_date_field(register, login):
    petition = register()

    response = act(
        login("hoanhson.canbo"),
        petition,
        "archive",
        on=(today() + dt.timedelta(days=3)).isoformat(),
        reason="x",
    )

    assert response.status_code == 400
    assert "Ngày không được ở tương lai." in text(response)
    assert fresh(petition).status == Status.RECEIVED


def test_the_reply_letter_is_offered_on_the_case_page(register, login):
    petition = register()

    body = text(login("hoanhson.canbo").get(page(petition)))

    assert reverse("petitions:reply_docx", args=[petition.public_id]) in body


def test_classify_as_ineligible_with_the_reasons_of_the_law(register, login):
    petition = register()

    response = act(
        login("hoanhson.canbo"),
        petition,
        "classify",
        kind="complaint",
        eligible="no",
        ineligibility_reasons=["unsigned", "out_of_time"],
    )

    assert response.status_code == 200  # followed the redirect back to the case page
    assert response.redirect_chain
    assert fresh(petition).eligible is False
    assert fresh(petition).ineligibility_reasons == ["unsigned", "out_of_time"]
