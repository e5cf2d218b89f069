"""The petition screens: the list, saved views, registration and the backlog board."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.audit.selectors import events_for
from danvan.organizations.models import Organization
from danvan.petitions import services
from danvan.petitions.models import Petition
from danvan.petitions.services import PetitionerInput
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db

LIST = reverse("petitions:petition_list")
NEW = reverse("petitions:petition_create")
BOARD = reverse("petitions:backlog")
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


def text(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- the list


def test_the_list_shows_a_row_per_petition_with_its_deadline(register, login):
    register(title="Khiếu nại thu hồi đất", received_on=days_ago(60))
    register(title="Khiếu nại mới", received_on=today())

    response = login("hoanhson.canbo").get(LIST)

    assert response.status_code == 200
    body = text(response)
    assert "Khiếu nại thu hồi đất" in body
    assert "Khiếu nại mới" in body
    assert "Nguyễn Văn An" in body  # a complainant's name is not protected
    assert 'class="badge badge-danger">Quá hạn' in body  # 10 working days passed long ago
    assert "Phường Hoành Sơn" in body


def test_search_is_accent_insensitive(register, login):
    register(title="Tranh chấp đất đai ở Ba Đồng", content="Tranh chấp đất đai giữa hai hộ.")
    register(title="Đèn đường hỏng", content="Đèn chiếu sáng hỏng đã lâu.", kind="feedback")

    body = text(login("hoanhson.canbo").get(LIST, {"q": "dat dai"}))

    assert "Tranh chấp đất đai ở Ba Đồng" in body
    assert "Đèn đường hỏng" not in body


def test_filters_narrow_the_list(register, login, persona):
    register(title="Đơn cũ quá hạn", received_on=days_ago(90))
    register(title="Phản ánh mới", kind="feedback", received_on=today())
    archived = register(title="Đơn đã lưu", received_on=days_ago(3))
    services.petition_archive(actor=persona("hoanhson.canbo"), petition=archived, on=today())
    client = login("hoanhson.canbo")

    def titles(**params):
        body = text(client.get(LIST, params))
        return {t for t in ("Đơn cũ quá hạn", "Phản ánh mới", "Đơn đã lưu") if t in body}

    assert titles(kind="feedback") == {"Phản ánh mới"}
    assert titles(status="archived") == {"Đơn đã lưu"}
    assert titles(overdue="on") == {"Đơn cũ quá hạn"}
    assert titles(open="on") == {"Đơn cũ quá hạn", "Phản ánh mới"}
    assert titles(received_from=days_ago(5).isoformat()) == {"Phản ánh mới", "Đơn đã lưu"}
    ward = AdminUnit.objects.get(code="18832", valid_to__isnull=True)
    assert len(titles(unit=str(ward.pk))) == 3
    assert titles(received_from="not-a-date") == {"Đơn cũ quá hạn", "Phản ánh mới", "Đơn đã lưu"}


def test_assigned_to_me(register, login, persona):
    mine = register(title="Việc được giao")
    register(title="Việc của người khác")
    services.petition_assign(
        actor=persona("hoanhson.chutich"), petition=mine, user=persona("hoanhson.canbo"), on=today()
    )

    body = text(login("hoanhson.canbo").get(LIST, {"mine": "on"}))

    assert "Việc được giao" in body
    assert "Việc của người khác" not in body


def persona_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_a_saved_view_keeps_the_filters_and_reopens_them(register, login):
    register(title="Phản ánh đèn đường", kind="feedback")
    client = login("hoanhson.canbo")

    response = client.post(
        reverse("petitions:saved_view_save"),
        {"name": "Phản ánh đang mở", "query": "kind=feedback&open=on&page=3&evil=1"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?kind=feedback&open=on"
    body = text(client.get(LIST))
    assert "Phản ánh đang mở" in body
    assert f'href="{LIST}?kind=feedback&amp;open=on"' in body
    # The view is kept for the officer on any device: a fresh session still has it.
    from django.test import Client

    elsewhere = Client()
    elsewhere.force_login(persona_user(client))
    assert f'href="{LIST}?kind=feedback&amp;open=on"' in text(elsewhere.get(LIST))
    client.post(reverse("petitions:saved_view_delete"), {"name": "Phản ánh đang mở"})
    assert f'href="{LIST}?kind=feedback&amp;open=on"' not in text(client.get(LIST))


def test_the_list_answers_htmx_with_the_results_only(register, login):
    register(title="Một đơn")

    response = login("hoanhson.canbo").get(LIST, {"q": "mot"}, HTTP_HX_REQUEST="true")

    body = text(response)
    assert body.startswith('<div id="results">')
    assert response["HX-Push-Url"] == f"{LIST}?q=mot"
    assert "Một đơn" in body
    assert "<html" not in body


def test_the_list_runs_the_same_number_of_queries_for_3_and_30_petitions(register, login, persona):
    client = login("hoanhson.canbo")
    chairman = persona("hoanhson.chutich")

    def add(n: int) -> None:
        for i in range(n):
            kind = ["complaint", "feedback", "denunciation"][i % 3]
            extra = {"petitioners": DENOUNCER} if kind == "denunciation" else {}
            petition = register(title=f"Đơn {i}", kind=kind, **extra)
            if i % 3 != 1:  # assigned complaints, and denunciations shown (and logged)
                services.petition_assign(
                    actor=chairman, petition=petition, user=persona("hoanhson.canbo"), on=today()
                )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    add(3)
    count()  # warm the calendar cache and the session
    few = count()
    add(27)
    assert count() == few


def test_a_list_longer_than_the_count_limit_says_more_than(register, login, monkeypatch):
    from danvan.core import paging

    monkeypatch.setattr(paging, "COUNT_LIMIT", 2)
    for i in range(3):
        register(title=f"Đơn số {i}")

    body = text(login("hoanhson.canbo").get(LIST))

    assert "Hơn 2 đơn — thu hẹp bộ lọc để xem hết" in body
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    body = text(login("hoanhson.canbo").get(LIST))
    assert "Hơn" not in body
    assert "3 đơn" in body


def test_songtri_does_not_see_hoanhson_petitions(register, login):
    register(title="Việc của Hoành Sơn")

    assert "Việc của Hoành Sơn" not in text(login("songtri.canbo").get(LIST))
    assert "Việc của Hoành Sơn" in text(login("tinh.danvan").get(LIST))


# ---------------------------------------------------------------- identity on the list


def test_the_list_hides_a_denouncers_name_unless_assigned_and_logs_the_reveal(
    register, login, persona
):
    petition = register(kind="denunciation", title="Tố cáo cán bộ địa chính", petitioners=DENOUNCER)

    chairman_view = text(login("hoanhson.chutich").get(LIST))
    assert "Tố cáo cán bộ địa chính" in chairman_view
    assert "Phạm Văn Dũng" not in chairman_view
    assert "Danh tính được bảo vệ" in chairman_view

    officer = persona("hoanhson.canbo")
    services.petition_assign(
        actor=persona("hoanhson.chutich"), petition=petition, user=officer, on=today()
    )
    officer_view = text(login("hoanhson.canbo").get(LIST))
    assert "Phạm Văn Dũng" in officer_view
    reveals = [e for e in events_for(petition) if e.action == "petition.identity_reveal"]
    assert [(e.actor, e.note) for e in reveals] == [(officer, "list")]


def test_search_by_a_denouncers_name_finds_nothing_for_the_chairman(register, login):
    register(kind="denunciation", title="Tố cáo sai phạm", petitioners=DENOUNCER)

    body = text(login("hoanhson.chutich").get(LIST, {"q": "pham van dung"}))

    assert "Tố cáo sai phạm" not in body


# ---------------------------------------------------------------- registration


def form_data(**overrides):
    data = {
        "kind": "complaint",
        "received_on": today().isoformat(),
        "channel": "in_person",
        "content": "Khiếu nại việc thu hồi đất nông nghiệp của gia đình ở tổ dân phố Ba Đồng.",
        "title": "",
        "admin_unit": str(AdminUnit.objects.get(code="18832", valid_to__isnull=True).pk),
        "round": "1",
        "p-TOTAL_FORMS": "2",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "20",
        "p-0-full_name": "Hoàng Thị Mai",
        "p-0-address": "Tổ dân phố Ba Đồng",
        "p-0-phone": "0912 345 678",
        "p-0-id_number": "042080001111",
        "p-1-full_name": "",
    }
    data.update(overrides)
    return data


def test_the_registration_form_is_ready_for_the_keyboard(login):
    body = text(login("hoanhson.canbo").get(NEW))

    assert re.search(r'<input type="radio" name="kind" value="complaint"[^>]*autofocus', body)
    assert 'accesskey="t"' in body  # Alt+T: tố cáo
    assert f'value="{today().isoformat()}"' in body
    assert "Phường Hoành Sơn" in body
    assert "Phường Sông Trí" not in body
    assert 'name="p-0-full_name"' in body


def test_registering_redirects_to_the_case_with_number_and_tracking_code(login):
    client = login("hoanhson.canbo")

    response = client.post(NEW, form_data(), follow=True)

    petition = Petition.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "petitions:petition_detail", args=[petition.public_id]
    )
    body = text(response)
    assert f"Đã vào sổ đơn số {petition.register_label}" in body
    assert petition.tracking_code in body
    assert [p.full_name for p in petition.petitioners.all()] == ["Hoàng Thị Mai"]
    assert petition.petitioners.get().phone == "0912345678"
    assert petition.organization.code == "hoanhson-ubnd"
    assert petition.admin_unit is not None
    assert petition.admin_unit.code == "18832"


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        (
            {"received_on": (dt.date.today() + dt.timedelta(days=30)).isoformat()},
            "id_received_on_error",
            "Ngày không được ở tương lai.",
        ),
        ({"content": "   "}, "id_content_error", ""),
        (
            {"p-0-id_number": "12345"},
            "id_p-0-id_number_error",
            "Số định danh cá nhân phải gồm 9 hoặc 12 chữ số.",
        ),
    ],
)
def test_errors_are_shown_on_their_field_and_nothing_typed_is_lost(
    login, overrides, field_id, message
):
    response = login("hoanhson.canbo").post(NEW, form_data(**overrides))

    assert response.status_code == 400
    assert Petition.objects.count() == 0
    body = text(response)
    assert f'id="{field_id}"' in body
    assert message in body
    assert 'value="Hoàng Thị Mai"' in body
    assert 'value="Tổ dân phố Ba Đồng"' in body
    if "content" not in overrides:
        assert "Khiếu nại việc thu hồi đất nông nghiệp" in body


def test_anonymous_with_a_name_is_refused_on_the_petitioners(login):
    response = login("hoanhson.canbo").post(NEW, form_data(anonymous="on"))

    assert response.status_code == 400
    assert "Đơn nặc danh không ghi người đứng đơn." in text(response)


def test_adding_a_petitioner_row_keeps_what_was_typed(login):
    response = login("hoanhson.canbo").post(
        NEW, form_data(add_petitioner="1", **{"p-1-full_name": "Lê Văn Tám"})
    )

    body = text(response)
    assert response.status_code == 200
    assert 'value="Hoàng Thị Mai"' in body
    assert 'value="Lê Văn Tám"' in body
    assert 'name="p-2-full_name"' in body
    assert "field-error" not in body
    assert Petition.objects.count() == 0


def test_an_officer_registers_in_their_own_organisations_register(login):
    board = Organization.objects.get(code="ht-btgdv")

    body = text(login("tinh.danvan").get(NEW))

    assert re.search(rf'<input type="hidden" name="organization" value="{board.pk}"', body)


# ---------------------------------------------------------------- the backlog board


def test_the_board_counts_the_backlog(register, login, persona):
    officer = persona("hoanhson.canbo")
    register(title="Quá hạn lâu", received_on=days_ago(120))
    register(title="Quá hạn", received_on=days_ago(40))
    fresh = register(title="Mới nhận", received_on=today())
    answered = register(kind="feedback", title="Phản ánh đã trả lời", received_on=today())
    services.petition_reply(actor=officer, petition=answered, on=today(), text="Đã sửa đèn.")
    services.petition_archive(actor=officer, petition=fresh, on=today())

    response = login("hoanhson.chutich").get(BOARD)

    assert response.status_code == 200
    board = response.context["board"]
    assert board.counters["open"] == 2
    assert board.counters["overdue"] == 2
    assert board.counters["received_month"] >= 2
    assert [p.title for p in board.most_overdue] == ["Quá hạn lâu", "Quá hạn"]
    assert board.met >= 2
    assert board.on_time == board.met
    # The two overdue, unanswered cases count against the on-time rate.
    assert board.late_open == 2
    assert board.rate == round(100 * board.on_time / (board.met + 2), 1)
    assert [line.unit.name for line in board.units] == ["Phường Hoành Sơn"]
    assert board.units[0].judged == board.units[0].met + 2
    assert board.units[0].overdue == 2
    assert board.units[0].open == 2
    steps = {row["step"]: row for row in board.by_step}
    assert steps["accept"]["overdue"] == 2
    body = text(response)
    assert "Quá hạn lâu" in body
    assert "Tỷ lệ đúng hạn" in body


def test_a_former_units_cases_count_under_its_successor(register, login):
    ky_loi = AdminUnit.objects.get(code="18796", valid_to__isnull=False)
    register(title="Đơn từ Kỳ Lợi cũ", admin_unit=ky_loi, received_on=days_ago(30))

    board = login("tinh.danvan").get(BOARD).context["board"]

    names = {line.unit.name: line.open for line in board.units}
    assert names.get("Phường Hoành Sơn") == 1


def test_the_board_runs_the_same_number_of_queries_for_3_and_30_petitions(register, login):
    client = login("hoanhson.chutich")

    def add(n: int) -> None:
        for i in range(n):
            register(title=f"Đơn {i}", received_on=days_ago(i * 3))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BOARD).status_code == 200
        return len(queries)

    add(3)
    count()
    few = count()
    add(27)
    assert count() == few


def test_songtri_board_does_not_count_hoanhson(register, login):
    register(title="Quá hạn", received_on=days_ago(40))

    board = login("songtri.canbo").get(BOARD).context["board"]

    assert board.counters["open"] == 0
    assert [line.unit.name for line in board.units] == ["Phường Sông Trí"]


def test_a_reader_of_everything_can_narrow_to_the_communes_with_petitions(register, login):
    from danvan.petitions.views import scope_units

    village = AdminUnit.objects.filter(parent__code="18832", level="village").first()
    songtri = AdminUnit.objects.filter(name="Phường Sông Trí").current().get()
    register(title="Ở Hoành Sơn")
    if village is not None:
        register(title="Ở một thôn", admin_unit=village)

    client = login("admin")
    response = client.get(LIST)

    names = [unit.name for unit in scope_units(response.wsgi_request.user)]
    assert names == ["Phường Hoành Sơn"]
    assert songtri.name not in names
    assert "Phường Hoành Sơn" in text(response)
