"""Fact-finding and working notes on the case file."""

from __future__ import annotations

import pytest

from danvan.audit.selectors import events_for
from danvan.core.errors import InvalidTransition
from danvan.petitions import services
from danvan.petitions.tests.conftest import d

pytestmark = pytest.mark.django_db


def test_verification_is_recorded_during_resolution(register, persona):
    officer = persona("hoanhson.canbo")
    petition = register()

    with pytest.raises(InvalidTransition):
        services.petition_note_add(
            actor=officer, petition=petition, on=d("2026-02-11"), text="x", kind="verification"
        )
    services.petition_accept(actor=officer, petition=petition, on=d("2026-02-11"))
    note = services.petition_note_add(
        actor=officer,
        petition=petition,
        on=d("2026-02-20"),
        text="Đã đo đạc thực địa: diện tích đất ở 300 m2.",
        kind="verification",
    )

    assert note.author == officer
    assert events_for(petition)[0].action == "petition.verification"


def test_a_denunciations_notes_stay_out_of_the_audit_trail(register, persona):
    petition = register(kind="denunciation")

    services.petition_note_add(
        actor=persona("hoanhson.canbo"),
        petition=petition,
        on=d("2026-02-11"),
        text="Người tố cáo Nguyễn Văn An cung cấp thêm ghi âm.",
    )

    assert "Nguyễn Văn An" not in str([(e.note, e.changes) for e in events_for(petition)])


def test_notes_through_the_api_and_the_case_page(register, api_client_for, client, persona):
    petition = register()
    url = f"/api/v1/petitions/{petition.public_id}/notes/"

    created = api_client_for("hoanhson.canbo").post(
        url, {"on": "2026-02-11", "text": "Đã gọi điện cho công dân."}, format="json"
    )
    empty = api_client_for("hoanhson.canbo").post(
        url, {"on": "2026-02-11", "text": "  "}, format="json"
    )
    outsider = api_client_for("songtri.canbo").get(url)
    reader = api_client_for("tinh.danvan").post(
        url, {"on": "2026-02-11", "text": "x"}, format="json"
    )
    client.force_login(persona("hoanhson.canbo"))
    client.post(f"/petitions/{petition.public_id}/notes/", {"text": "Ghi chú trên web"})
    page = client.get(f"/petitions/{petition.public_id}/").content.decode()

    assert created.status_code == 201
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["field"] == "text"
    assert outsider.status_code == 404
    assert reader.status_code == 403
    assert [n["text"] for n in api_client_for("hoanhson.canbo").get(url).json()] == [
        "Đã gọi điện cho công dân.",
        "Ghi chú trên web",
    ]
    assert "Ghi chú trên web" in page
