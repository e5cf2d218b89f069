"""A visitor who denounced someone is a denouncer (Law on Denunciations Arts. 8(3), 47): once
the visit created or is linked to a denunciation, only its receiver and the officers assigned
to the denunciation see who came — on the list, the page, search, the exports and the API —
every reveal is logged, and the audit trail never names the people."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from danvan.audit.models import AuditEvent
from danvan.core.errors import ValidationFailed
from danvan.receptions.confidentiality import REVEAL
from danvan.receptions.models import ReceptionVisit
from danvan.receptions.services import (
    PersonInput,
    reception_visit_create_petition,
    reception_visit_link_petition,
)
from danvan.receptions.tests.conftest import d, people

pytestmark = pytest.mark.django_db

NAME = "Đinh Quốc Khánh"
ID_NUMBER = "042090005678"
PHONE = "0987654321"
ADDRESS = "Tổ dân phố Hải Phong, phường Hoành Sơn"
CONTENT = "Tố cáo cán bộ địa chính nhận tiền của dân khi làm sổ đỏ."
VISITS = "/receptions/visits/"
API = "/api/v1/reception-visits/"
SECRETS = (NAME, ID_NUMBER, PHONE, ADDRESS)


def login(client: Any, persona: Any, username: str) -> Any:
    client.force_login(persona(username))
    return client


def reveals(visit: ReceptionVisit, username: str | None = None) -> Any:
    qs = AuditEvent.objects.filter(
        action=REVEAL, target_type__model="receptionvisit", target_id=str(visit.pk)
    )
    return qs.filter(actor__username=username) if username else qs


def assert_hidden(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
    assert "Dinh Quoc Khanh" not in text


def assert_shown(text: str, *, id_number: bool = True) -> None:
    assert NAME in text
    if id_number:  # the list page shows the name and the address only
        assert ID_NUMBER in text


def xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )


@pytest.fixture
def denouncer_visit(enter_visit: Any, persona: Any) -> ReceptionVisit:
    """A visit received by `hoanhson.canbo` that registered a denunciation."""
    visit = enter_visit(
        people=[PersonInput(full_name=NAME, address=ADDRESS, id_number=ID_NUMBER, phone=PHONE)],
        content=CONTENT,
        request="Đề nghị xử lý nghiêm.",
    )
    reception_visit_create_petition(
        actor=persona("hoanhson.canbo"), visit=visit, kind="denunciation", content=CONTENT
    )
    return visit


@pytest.fixture
def second_officer(hoanhson_ubnd: Any) -> Any:
    from danvan.accounts.services import user_create
    from danvan.organizations.models import Membership
    from danvan.organizations.services import membership_add

    user = user_create(
        actor=None, username="hoanhson.canbo2", full_name="Võ Thị Lan", password=None
    )
    membership_add(
        actor=None,
        user=user,
        organization=hoanhson_ubnd,
        role=Membership.Role.OFFICER,
        title="Công chức thanh tra",
    )
    return user


# ---------------------------------------------------------------- who may not see


def test_the_chairman_sees_no_identity_anywhere(client, persona, denouncer_visit):
    login(client, persona, "hoanhson.chutich")

    listing = client.get(VISITS)
    page = client.get(f"{VISITS}{denouncer_visit.public_id}/")
    xlsx = client.get(f"{VISITS}export.xlsx")
    docx = client.get(f"{VISITS}export.docx")

    assert listing.status_code == page.status_code == xlsx.status_code == docx.status_code == 200
    assert denouncer_visit.register_label in listing.content.decode()
    assert_hidden(listing.content.decode())
    assert "Danh tính được giữ bí mật" in listing.content.decode()
    assert_hidden(page.content.decode())
    assert "danh tính người tố cáo được giữ bí mật" in page.content.decode()
    assert CONTENT in page.content.decode()  # the matter itself stays readable
    sheet = xlsx_text(xlsx.content)
    assert CONTENT in sheet
    assert_hidden(sheet)
    assert "Danh tính người tố cáo được giữ bí mật" in sheet
    document = docx_text(docx.content)
    assert CONTENT in document
    assert_hidden(document)
    assert not reveals(denouncer_visit).exists()


def test_searching_the_denouncer_does_not_find_the_visit(client, persona, denouncer_visit):
    login(client, persona, "hoanhson.chutich")

    for q in (NAME, "dinh quoc khanh", ID_NUMBER, PHONE, "Hải Phong"):
        page = client.get(VISITS, {"q": q}).content.decode()
        assert denouncer_visit.register_label not in page, q
    by_content = client.get(VISITS, {"q": "dia chinh"}).content.decode()
    assert denouncer_visit.register_label in by_content
    assert_hidden(by_content)
    export = client.get(f"{VISITS}export.xlsx", {"q": NAME})
    assert CONTENT not in xlsx_text(export.content)


def test_the_api_withholds_the_identity(api_client_for, denouncer_visit):
    client = api_client_for("hoanhson.chutich")

    listing = client.get(API)
    detail = client.get(f"{API}{denouncer_visit.public_id}/")
    search = client.get(API, {"q": NAME}).json()

    row = next(r for r in listing.json()["results"] if r["id"] == denouncer_visit.public_id)
    for body in (row, detail.json()):
        assert body["identity_protected"] is True
        assert body["people"] is None
        for name in ("full_name", "address", "id_number", "phone"):
            assert body[name] is None
        assert body["content"] == CONTENT
        assert [p["kind"] for p in body["petitions"]] == ["denunciation"]
    assert_hidden(listing.content.decode())
    assert_hidden(detail.content.decode())
    assert search["results"] == []
    assert not reveals(denouncer_visit).exists()


def test_an_officer_who_may_not_see_cannot_copy_the_identity_into_a_petition(
    persona, denouncer_visit
):
    with pytest.raises(ValidationFailed) as error:
        reception_visit_create_petition(
            actor=persona("hoanhson.chutich"),
            visit=denouncer_visit,
            kind="feedback",
            content="Phản ánh khác.",
        )

    assert error.value.code == "identity_protected"
    assert denouncer_visit.petitions.count() == 1


def test_the_admin_shows_no_identity_of_a_denouncer(client, persona, denouncer_visit):
    login(client, persona, "admin")

    listing = client.get("/admin/receptions/receptionvisit/")
    by_name = client.get("/admin/receptions/receptionvisit/", {"q": NAME})
    by_content = client.get("/admin/receptions/receptionvisit/", {"q": "dia chinh"})
    change = client.get(f"/admin/receptions/receptionvisit/{denouncer_visit.pk}/change/")

    assert listing.context["cl"].result_count == 1
    assert_hidden(listing.content.decode())
    assert "Danh tính được giữ bí mật" in listing.content.decode()
    assert by_name.context["cl"].result_count == 0
    assert by_content.context["cl"].result_count == 1
    assert change.status_code == 200
    assert_hidden(change.content.decode())


# ---------------------------------------------------------------- who may see


def test_the_receiver_sees_the_identity_and_each_reveal_is_logged(
    client, api_client_for, persona, denouncer_visit
):
    login(client, persona, "hoanhson.canbo")

    listing = client.get(VISITS).content.decode()
    assert reveals(denouncer_visit, "hoanhson.canbo").filter(note="list").count() == 1
    page = client.get(f"{VISITS}{denouncer_visit.public_id}/").content.decode()
    search = client.get(VISITS, {"q": "dinh quoc khanh"}).content.decode()
    sheet = xlsx_text(client.get(f"{VISITS}export.xlsx").content)
    document = docx_text(client.get(f"{VISITS}export.docx").content)
    detail = api_client_for("hoanhson.canbo").get(f"{API}{denouncer_visit.public_id}/").json()

    for text in (page, sheet, document):
        assert_shown(text)
    for text in (listing, search):
        assert_shown(text, id_number=False)
        assert ADDRESS in text
    assert "lần xem này đã được ghi nhật ký" in page
    assert detail["identity_protected"] is False
    assert detail["full_name"] == NAME
    assert detail["people"][0]["id_number"] == ID_NUMBER
    notes = sorted(reveals(denouncer_visit, "hoanhson.canbo").values_list("note", flat=True))
    assert notes == ["api", "export_docx", "export_xlsx", "list", "list", "page"]


def test_an_officer_assigned_to_the_denunciation_sees_it_too(
    client, api_client_for, persona, denouncer_visit, second_officer
):
    from danvan.petitions.services import petition_assign

    login(client, persona, "hoanhson.canbo2")
    assert_hidden(client.get(f"{VISITS}{denouncer_visit.public_id}/").content.decode())

    petition_assign(
        actor=persona("hoanhson.chutich"),
        petition=denouncer_visit.petitions.get(),
        user=second_officer,
        on=d("2026-09-04"),
    )

    page = client.get(f"{VISITS}{denouncer_visit.public_id}/").content.decode()
    found = client.get(VISITS, {"q": NAME}).content.decode()
    body = api_client_for("hoanhson.canbo2").get(f"{API}{denouncer_visit.public_id}/").json()
    assert_shown(page)
    assert denouncer_visit.register_label in found
    assert_shown(found, id_number=False)
    assert body["full_name"] == NAME
    assert reveals(denouncer_visit, "hoanhson.canbo2").count() == 3
    # The one who assigned is still not entitled.
    login(client, persona, "hoanhson.chutich")
    assert_hidden(client.get(f"{VISITS}{denouncer_visit.public_id}/").content.decode())


def test_linking_an_existing_denunciation_protects_the_visit(
    client, persona, enter_visit, hoanhson_ubnd
):
    from danvan.petitions.services import PetitionerInput, petition_register

    visit = enter_visit(
        people=[PersonInput(full_name=NAME, id_number=ID_NUMBER)], content="Hỏi về đơn đã gửi."
    )
    login(client, persona, "hoanhson.chutich")
    assert NAME in client.get(f"{VISITS}{visit.public_id}/").content.decode()
    denunciation = petition_register(
        actor=persona("hoanhson.canbo"),
        organization=hoanhson_ubnd,
        kind="denunciation",
        channel="post",
        received_on=d("2026-08-01"),
        content="Tố cáo vi phạm trong quản lý đất đai.",
        petitioners=[PetitionerInput(full_name=NAME, id_number=ID_NUMBER)],
    )

    reception_visit_link_petition(
        actor=persona("hoanhson.canbo"), visit=visit, petition=denunciation
    )

    assert_hidden(client.get(f"{VISITS}{visit.public_id}/").content.decode())
    assert visit.register_label not in client.get(VISITS, {"q": NAME}).content.decode()


def test_a_visit_linked_to_feedback_stays_visible(client, persona, enter_visit):
    visit = enter_visit(
        people=[PersonInput(full_name=NAME, address=ADDRESS, id_number=ID_NUMBER, phone=PHONE)],
        content="Phản ánh đèn đường hỏng.",
    )
    reception_visit_create_petition(
        actor=persona("hoanhson.canbo"), visit=visit, kind="feedback", content=visit.content
    )
    login(client, persona, "hoanhson.chutich")

    page = client.get(f"{VISITS}{visit.public_id}/").content.decode()
    found = client.get(VISITS, {"q": "dinh quoc khanh"}).content.decode()
    sheet = xlsx_text(client.get(f"{VISITS}export.xlsx").content)

    for text in (page, sheet):
        assert_shown(text)
    assert_shown(found, id_number=False)
    assert "lần xem này đã được ghi nhật ký" not in page
    assert not reveals(visit).exists()


# ---------------------------------------------------------------- the audit trail


def test_the_audit_trail_of_a_visit_names_nobody(client, persona, denouncer_visit):
    login(client, persona, "hoanhson.canbo")
    client.get(VISITS)
    client.get(f"{VISITS}{denouncer_visit.public_id}/")

    events = AuditEvent.objects.filter(
        target_type__model="receptionvisit", target_id=str(denouncer_visit.pk)
    )
    actions = set(events.values_list("action", flat=True))
    assert {"reception_visit.create", "reception_visit.create_petition", REVEAL} <= actions
    for event in events:
        text = f"{event.target_label} {event.changes} {event.note}"
        assert_hidden(text)
    assert "Đinh" not in denouncer_visit.search_text.title()
    assert "dinh quoc khanh" not in denouncer_visit.search_text
    login(client, persona, "hoanhson.chutich")
    assert_hidden(client.get(f"{VISITS}{denouncer_visit.public_id}/").content.decode())


# ---------------------------------------------------------------- query counts


def test_the_list_page_and_the_api_keep_their_query_count(
    client, api_client_for, persona, enter_visit, django_assert_max_num_queries
):
    canbo = persona("hoanhson.canbo")

    def denounce(n: int) -> None:
        visit = enter_visit(people=people(2), content=f"Tố cáo vi phạm {n}.")
        reception_visit_create_petition(
            actor=canbo, visit=visit, kind="denunciation", content=visit.content
        )

    denounce(0)
    enter_visit(content="Phản ánh.")
    api = api_client_for("hoanhson.canbo")
    for username in ("hoanhson.canbo", "hoanhson.chutich"):
        login(client, persona, username)
        api = api_client_for(username)
        client.get(VISITS)
        api.get(API)
        with django_assert_max_num_queries(40) as page_queries:
            client.get(VISITS)
        with django_assert_max_num_queries(40) as api_queries:
            api.get(API)
        page_count = len(page_queries.captured_queries)
        api_count = len(api_queries.captured_queries)
        for n in range(1, 8):
            denounce(n)
            enter_visit(content=f"Phản ánh {n}.")

        with django_assert_max_num_queries(page_count):
            assert client.get(VISITS).status_code == 200
        with django_assert_max_num_queries(api_count):
            assert api.get(API).status_code == 200


def test_the_migration_moves_the_people_out_of_search_text(enter_visit):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("danvan.receptions.migrations.0003_visit_identity_text")
    visit = enter_visit(people=[PersonInput(full_name=NAME, id_number=ID_NUMBER)])
    ReceptionVisit.objects.filter(pk=visit.pk).update(
        search_text=f"{visit.search_text} dinh quoc khanh", identity_text=""
    )

    migration.split_search_text(apps, None)

    visit.refresh_from_db()
    assert "khanh" not in visit.search_text
    assert "boi thuong" in visit.search_text
    assert visit.identity_text == f"dinh quoc khanh {ID_NUMBER}"
