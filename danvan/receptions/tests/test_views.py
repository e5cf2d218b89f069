"""Reception screens: permissions (404 outside the scope, 403 for writes by others), the
schedule's warnings, the register's search, filters and constant query count, the exports."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from danvan.receptions.models import ReceptionSession, ReceptionVisit
from danvan.receptions.tests.conftest import d, people

pytestmark = pytest.mark.django_db


def login(client, persona, username):
    client.force_login(persona(username))
    return client


# ---------------------------------------------------------------- schedule


def test_the_schedule_shows_sessions_and_the_duty_warning(client, persona, plan):
    plan(date=d("2026-09-03"), held=True)
    plan(date=d("2026-09-17"), held=True)
    login(client, persona, "hoanhson.canbo")

    page = client.get("/receptions/?month=2026-09").content.decode()

    assert "Trụ sở UBND phường Hoành Sơn" in page
    assert 'class="alert alert-warn duty-warnings"' in page
    assert "2/4 tuần có tiếp công dân trong tháng 9/2026" in page


def test_the_chairman_plans_a_session_and_an_officer_may_not(client, persona, hoanhson_ubnd):
    form = {
        "organization": hoanhson_ubnd.pk,
        "receiver": persona("hoanhson.chutich").pk,
        "date": "2026-12-03",
        "time_from": "07:30",
        "time_to": "11:00",
        "place": "Trụ sở UBND phường",
        "kind": "regular",
        "published": "on",
    }

    officer = login(client, persona, "hoanhson.canbo").post("/receptions/sessions/new/", form)
    chairman = login(client, persona, "hoanhson.chutich").post("/receptions/sessions/new/", form)

    assert officer.status_code == 403
    assert chairman.status_code == 302
    session = ReceptionSession.objects.get()
    assert session.published is True
    assert session.receiver_title == "Chủ tịch UBND phường"


def test_a_session_form_error_is_shown_in_vietnamese(client, persona, hoanhson_ubnd):
    login(client, persona, "hoanhson.chutich")

    response = client.post(
        "/receptions/sessions/new/",
        {
            "organization": hoanhson_ubnd.pk,
            "receiver": persona("hoanhson.chutich").pk,
            "date": "2026-12-03",
            "time_from": "11:00",
            "time_to": "07:30",
            "place": "Trụ sở",
            "kind": "regular",
        },
    )

    assert response.status_code == 400
    assert "Giờ kết thúc phải sau giờ bắt đầu." in response.content.decode()
    assert not ReceptionSession.objects.exists()


def test_hold_and_cancel_are_for_the_head_only(client, persona, plan):
    held = plan(date=d("2026-09-03"))
    other = plan(date=d("2026-09-10"))

    denied = login(client, persona, "hoanhson.canbo").post(
        f"/receptions/sessions/{held.public_id}/hold/", {}
    )
    hidden = login(client, persona, "songtri.canbo").post(
        f"/receptions/sessions/{held.public_id}/hold/", {}
    )
    login(client, persona, "hoanhson.chutich")
    done = client.post(f"/receptions/sessions/{held.public_id}/hold/", {"held_note": "Tiếp 2"})
    cancelled = client.post(f"/receptions/sessions/{other.public_id}/cancel/", {"reason": "Bão"})

    assert (denied.status_code, hidden.status_code) == (403, 404)
    assert (done.status_code, cancelled.status_code) == (302, 302)
    held.refresh_from_db()
    other.refresh_from_db()
    assert held.status == "held"
    assert other.status == "cancelled"


# ---------------------------------------------------------------- register


def _visit_form(organization, **extra):
    data = {
        "organization": organization.pk,
        "visited_on": "2026-09-03",
        "content": "Phản ánh ô nhiễm bụi từ khu công nghiệp.",
        "outcome": "guided",
        "people-TOTAL_FORMS": "5",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "50",
        "people-0-full_name": "Trần Thị Bích",
        "people-0-address": "Tổ dân phố Hải Phong",
    }
    data.update(extra)
    return data


def test_an_officer_enters_a_visit_with_its_people(client, persona, hoanhson_ubnd):
    login(client, persona, "hoanhson.canbo")

    response = client.post(
        "/receptions/visits/new/",
        _visit_form(
            hoanhson_ubnd,
            **{"people-1-full_name": "Lê Văn Cường", "people-1-is_representative": "on"},
        ),
    )

    visit = ReceptionVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/receptions/visits/{visit.public_id}/"
    assert visit.people.count() == 2
    assert visit.full_name == "Lê Văn Cường"  # the representative speaks for the group
    assert visit.received_by == persona("hoanhson.canbo")


def test_too_many_representatives_are_refused_on_the_form(client, persona, hoanhson_ubnd):
    login(client, persona, "hoanhson.canbo")
    extra = {"people_count": "8"}
    for index in range(3):
        extra[f"people-{index}-full_name"] = f"Người {index}"
        extra[f"people-{index}-is_representative"] = "on"

    response = client.post("/receptions/visits/new/", _visit_form(hoanhson_ubnd, **extra))

    assert response.status_code == 400
    assert "chỉ được cử tối đa 2 người đại diện" in response.content.decode()
    assert not ReceptionVisit.objects.exists()


def test_people_outside_the_organisation_cannot_enter_visits(client, persona, hoanhson_ubnd):
    specialist = login(client, persona, "tinh.danvan").post(
        "/receptions/visits/new/", _visit_form(hoanhson_ubnd)
    )
    other_ward = login(client, persona, "songtri.canbo").post(
        "/receptions/visits/new/", _visit_form(hoanhson_ubnd)
    )

    assert specialist.status_code == 403
    assert other_ward.status_code == 403
    assert not ReceptionVisit.objects.exists()


def test_a_visit_of_another_ward_is_404(client, persona, enter_visit):
    visit = enter_visit()
    login(client, persona, "songtri.canbo")

    detail = client.get(f"/receptions/visits/{visit.public_id}/")
    action = client.post(
        f"/receptions/visits/{visit.public_id}/create-petition/",
        {"kind": "feedback", "content": "x"},
    )
    listing = client.get("/receptions/visits/").content.decode()

    assert (detail.status_code, action.status_code) == (404, 404)
    assert visit.public_id not in listing


def test_readers_in_scope_see_but_may_not_act(client, persona, enter_visit):
    visit = enter_visit()
    login(client, persona, "tinh.danvan")

    detail = client.get(f"/receptions/visits/{visit.public_id}/")
    action = client.post(
        f"/receptions/visits/{visit.public_id}/link-petition/", {"reference": "1/2026"}
    )

    assert detail.status_code == 200
    assert "Vào sổ đơn thư từ lượt tiếp này" not in detail.content.decode()
    assert action.status_code == 403


def test_the_detail_creates_and_links_petitions_and_shows_the_trail(client, persona, enter_visit):
    visit = enter_visit()
    login(client, persona, "hoanhson.canbo")

    created = client.post(
        f"/receptions/visits/{visit.public_id}/create-petition/",
        {"kind": "complaint", "content": visit.content, "title": "Bồi thường đất đai"},
    )
    petition = visit.petitions.get()
    second = enter_visit(visited_on=d("2026-09-10"))
    linked = client.post(
        f"/receptions/visits/{second.public_id}/link-petition/",
        {"reference": petition.register_label},
    )
    missing = client.post(
        f"/receptions/visits/{second.public_id}/link-petition/", {"reference": "999/2026"}
    )
    page = client.get(f"/receptions/visits/{second.public_id}/").content.decode()

    assert created.status_code == 302
    assert petition.channel == "in_person"
    assert linked.status_code == 302
    assert list(second.petitions.all()) == [petition]
    assert missing.status_code == 400
    assert "Không tìm thấy đơn thư này." in missing.content.decode()
    assert petition.register_label in page
    assert "reception_visit.link_petition" in page  # the audit trail


def test_the_register_finds_without_accents_and_filters(client, persona, enter_visit):
    enter_visit(content="Đề nghị bồi thường đất đai khu tái định cư.")
    enter_visit(content="Phản ánh đèn đường hỏng.", visited_on=d("2026-10-01"))
    enter_visit(
        content="Đoàn hộ dân Tân Phúc Thành.",
        people=people(6, representatives=2),
        visited_on=d("2026-10-02"),
    )
    login(client, persona, "hoanhson.canbo")

    search = client.get("/receptions/visits/?q=BOI THUONG dat dai").content.decode()
    by_name = client.get("/receptions/visits/?q=nguyen van an").content.decode()
    dates = client.get("/receptions/visits/?from=2026-10-01&to=2026-10-31").content.decode()
    groups = client.get("/receptions/visits/?collective=1").content.decode()

    assert "khu tái định cư" in search
    assert "đèn đường" not in search
    assert "khu tái định cư" in by_name
    assert "đèn đường" in dates
    assert "khu tái định cư" not in dates
    assert "Tân Phúc Thành" in groups
    assert "đèn đường" not in groups


def test_the_register_lists_in_constant_queries(
    client, persona, enter_visit, django_assert_max_num_queries, hoanhson_ubnd
):
    from danvan.petitions.services import PetitionerInput, petition_register

    login(client, persona, "hoanhson.canbo")
    client.get("/receptions/visits/")  # warm caches (content types, session)
    petition = petition_register(
        actor=None,
        organization=hoanhson_ubnd,
        kind="feedback",
        channel="in_person",
        received_on=d("2026-09-01"),
        content="Phản ánh.",
        petitioners=[PetitionerInput(full_name="A")],
    )
    for n in range(30):
        visit = enter_visit(
            content=f"Nội dung {n}", people=people(6, representatives=1), visited_on=d("2026-09-02")
        )
        visit.petitions.add(petition)

    with django_assert_max_num_queries(20) as few:
        client.get("/receptions/visits/?page=1")
    count = len(few.captured_queries)
    for n in range(30):
        enter_visit(content=f"Thêm {n}")
    with django_assert_max_num_queries(count):
        response = client.get("/receptions/visits/?page=1")

    assert response.status_code == 200


# ---------------------------------------------------------------- exports


def test_the_register_exports_to_excel(client, persona, enter_visit):
    enter_visit(people=people(12, representatives=5))
    enter_visit(visited_on=d("2026-09-10"))
    login(client, persona, "hoanhson.canbo")

    response = client.get("/receptions/visits/export.xlsx?organization=hoanhson-ubnd")

    assert response.status_code == 200
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HOÀNH SƠN" in cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Độc lập - Tự do - Hạnh phúc" in cells
    assert "SỔ TIẾP CÔNG DÂN" in cells
    assert "Việc giải quyết trước đó" in cells
    assert "Yêu cầu của công dân" in cells
    assert sheet["A9"].value == "1/2026"  # in the order of entry
    assert sheet["A10"].value == "2/2026"
    assert "Đoàn đông người: 12 người" in sheet["C9"].value
    assert sheet["A4"].font.name == "Times New Roman"
    assert sheet.page_setup.orientation == "landscape"


def test_the_register_exports_to_word(client, persona, enter_visit):
    enter_visit()
    login(client, persona, "hoanhson.canbo")

    response = client.get("/receptions/visits/export.docx?from=2026-09-01&to=2026-09-30")

    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    header_cells = [c.text for c in document.tables[0].rows[0].cells]
    register = document.tables[1]
    assert "SỔ TIẾP CÔNG DÂN" in text
    assert "Từ ngày 01/09/2026 đến ngày 30/09/2026" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HOÀNH SƠN" in header_cells[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_cells[1]
    assert register.rows[0].cells[4].text == "Việc giải quyết trước đó"
    assert register.rows[2].cells[0].text == "1/2026"
    assert "Nguyễn Văn An" in register.rows[2].cells[2].text
    section: Any = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height


def test_exports_hold_only_what_the_reader_may_see(client, persona, enter_visit):
    enter_visit()
    login(client, persona, "songtri.canbo")

    response = client.get("/receptions/visits/export.xlsx")

    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row <= 8  # headings only


def test_every_form_page_renders_for_the_chairman(client, persona, plan, enter_visit):
    session = plan(date=d("2026-09-03"))
    visit = enter_visit()
    login(client, persona, "hoanhson.chutich")

    pages = [
        "/receptions/",
        "/receptions/sessions/new/",
        f"/receptions/sessions/{session.public_id}/edit/",
        f"/receptions/sessions/{session.public_id}/hold/",
        f"/receptions/sessions/{session.public_id}/cancel/",
        "/receptions/visits/",
        "/receptions/visits/new/",
        f"/receptions/visits/{visit.public_id}/",
    ]

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Tiếp công dân" in response.content.decode() or "tiếp công dân" in (
            response.content.decode()
        ), url


def test_the_chairman_moves_a_planned_session(client, persona, plan, hoanhson_ubnd):
    session = plan(date=d("2026-12-03"))
    login(client, persona, "hoanhson.chutich")

    response = client.post(
        f"/receptions/sessions/{session.public_id}/edit/",
        {
            "organization": hoanhson_ubnd.pk,
            "receiver": persona("hoanhson.chutich").pk,
            "date": "2026-12-04",
            "time_from": "08:00",
            "time_to": "11:00",
            "place": "Nhà văn hóa tổ dân phố",
            "kind": "thematic",
        },
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.date, session.kind, session.place) == (
        d("2026-12-04"),
        "thematic",
        "Nhà văn hóa tổ dân phố",
    )
