"""The dialogue's page before and after the meeting: planning with the chair, the programme and
the petitions, inviting the programme's households, adding people, the roll call, linking
petitions and publishing the outcome to the portal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.compensation.models import CompensationProgram
from danvan.compensation.programs import program_create
from danvan.compensation.services import household_create
from danvan.dialogues import services
from danvan.dialogues.models import Dialogue, DialogueParticipant
from danvan.organizations.models import Organization
from danvan.petitions.models import Channel, Kind, Petition
from danvan.petitions.services import PetitionerInput, petition_register
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _login(client: Any, persona: Any, username: str = "hoanhson.canbo") -> Any:
    client.force_login(persona(username))
    return client


def _act(client: Any, dialogue: Dialogue, action: str, data: dict[str, Any] | None = None) -> Any:
    url = reverse("dialogues:dialogue_action", args=[dialogue.public_id, action])
    payload: dict[str, Any] = {}
    for key, value in (data or {}).items():
        payload[f"{action}-{key}"] = value
    return client.post(url, payload)


@pytest.fixture
def program(officer: Any, hoanhson_ubnd: Organization, hoanhson: AdminUnit) -> Any:
    return program_create(
        actor=officer,
        code="tdc-test",
        name="Khu tái định cư thử nghiệm",
        kind=CompensationProgram.Kind.LAND_RECOVERY,
        organization=hoanhson_ubnd,
        area=[hoanhson],
    )


@pytest.fixture
def households(program: Any, officer: Any, hoanhson: AdminUnit) -> list[Any]:
    names = [
        ("Nguyễn Văn Hải", "Thôn Tân Phúc"),
        ("Trần Thị Lan", "Thôn Tân Phúc"),
        ("Lê Văn Sơn", "Thôn Hải Phong"),
    ]
    return [
        household_create(
            actor=officer, program=program, head_full_name=name, admin_unit=hoanhson, village=v
        )
        for name, v in names
    ]


def _petition(officer: Any, org: Organization, unit: AdminUnit) -> Petition:
    return petition_register(
        actor=officer,
        organization=org,
        kind=Kind.RECOMMENDATION,
        channel=Channel.IN_PERSON,
        received_on=TODAY,
        content="Đề nghị công khai phương án bồi thường khu tái định cư",
        admin_unit=unit,
        petitioners=[PetitionerInput(full_name="Nguyễn Văn Hải")],
    )


def test_plan_with_chair_programme_and_petitions(
    client: Any,
    persona: Any,
    officer: Any,
    program: Any,
    hoanhson_ubnd: Organization,
    hoanhson: AdminUnit,
) -> None:
    petition = _petition(officer, hoanhson_ubnd, hoanhson)
    chair = persona("hoanhson.chutich")
    _login(client, persona)
    url = reverse("dialogues:dialogue_create")
    page = client.get(url).content.decode()
    assert program.name in page
    assert (chair.get_full_name() or chair.username) in page
    response = client.post(
        url,
        {
            "organization": hoanhson_ubnd.pk,
            "admin_unit": hoanhson.pk,
            "title": "Đối thoại về phương án tái định cư",
            "kind": "dialogue",
            "held_on": (TODAY + dt.timedelta(days=7)).isoformat(),
            "chair": chair.pk,
            "program": program.pk,
            "petitions": f"{petition.tracking_code}\n{petition.public_id}",
        },
    )
    assert response.status_code == 302
    dialogue = Dialogue.objects.get(title="Đối thoại về phương án tái định cư")
    assert dialogue.chair == chair
    assert dialogue.program == program
    assert list(dialogue.petitions.all()) == [petition]


def test_plan_with_unknown_petition_code_saves_nothing(
    client: Any, persona: Any, hoanhson_ubnd: Organization, hoanhson: AdminUnit
) -> None:
    _login(client, persona)
    response = client.post(
        reverse("dialogues:dialogue_create"),
        {
            "organization": hoanhson_ubnd.pk,
            "admin_unit": hoanhson.pk,
            "title": "Đối thoại có mã đơn sai",
            "kind": "dialogue",
            "held_on": (TODAY + dt.timedelta(days=7)).isoformat(),
            "chair_name": "Ông Phạm Văn Minh",
            "petitions": "KHONGCO123",
        },
    )
    assert response.status_code == 400
    assert "Không tìm thấy đơn thư" in response.content.decode()
    assert "KHONGCO123" in response.content.decode()
    assert not Dialogue.objects.filter(title="Đối thoại có mã đơn sai").exists()


def test_invite_households_of_a_village_then_the_rest(
    client: Any, persona: Any, plan: Any, program: Any, households: list[Any]
) -> None:
    dialogue = plan(program=program, held_on=TODAY + dt.timedelta(days=3))
    _login(client, persona)
    page = client.get(reverse("dialogues:dialogue_detail", args=[dialogue.public_id]))
    assert "Thôn Tân Phúc (2 hộ)" in page.content.decode()

    assert _act(client, dialogue, "invite", {"village": "Thôn Tân Phúc"}).status_code == 302
    invited = DialogueParticipant.objects.filter(dialogue=dialogue)
    assert sorted(p.full_name for p in invited) == ["Nguyễn Văn Hải", "Trần Thị Lan"]
    assert all(p.invited and not p.attended for p in invited)

    assert _act(client, dialogue, "invite", {"village": ""}).status_code == 302
    assert dialogue.participants.count() == 3
    # Nobody is left to invite: a further request invites no one twice.
    assert _act(client, dialogue, "invite", {"village": ""}).status_code in (302, 400)
    assert dialogue.participants.count() == 3
    events = AuditEvent.objects.filter(action="dialogues.invite_households")
    assert events.count() == 2


def test_households_of_another_programme_cannot_be_invited(
    plan: Any, program: Any, households: list[Any], officer: Any, hoanhson: AdminUnit
) -> None:
    other = program_create(
        actor=officer,
        code="tdc-khac",
        name="Chương trình khác",
        kind=CompensationProgram.Kind.OTHER,
        organization=program.organization,
        area=[hoanhson],
    )
    stranger = household_create(
        actor=officer, program=other, head_full_name="Phạm Thị Hoa", admin_unit=hoanhson
    )
    dialogue = plan(program=program)
    with pytest.raises(services.ValidationFailed) as error:
        services.households_invite(actor=officer, dialogue=dialogue, households=[stranger])
    assert error.value.code == "household_outside"
    assert not dialogue.participants.exists()


def test_add_participant_and_roll_call(client: Any, persona: Any, held: Dialogue) -> None:
    _login(client, persona)
    for name in ("Bà Hồ Thị Mai", "Ông Võ Văn Tâm", "Ông Đặng Văn Nam"):
        response = _act(client, held, "participant", {"full_name": name, "role": "resident"})
        assert response.status_code == 302
    response = _act(client, held, "participant", {"full_name": "", "role": "resident"})
    assert response.status_code == 400
    assert "Hãy ghi họ tên người tham dự." in response.content.decode()

    people = {p.full_name: p for p in held.participants.all()}
    assert len(people) == 3
    present = [people["Bà Hồ Thị Mai"].pk, people["Ông Đặng Văn Nam"].pk]
    url = reverse("dialogues:dialogue_action", args=[held.public_id, "attendance"])
    assert client.post(url, {"attendance-present": present}).status_code == 302
    attended = {p.full_name: p.attended for p in held.participants.all()}
    assert attended == {"Bà Hồ Thị Mai": True, "Ông Võ Văn Tâm": False, "Ông Đặng Văn Nam": True}
    assert AuditEvent.objects.filter(action="dialogues.record_attendance").count() == 2

    # One was absent after all: only the change is written.
    assert client.post(url, {"attendance-present": present[:1]}).status_code == 302
    assert AuditEvent.objects.filter(action="dialogues.record_attendance").count() == 3
    page = client.get(reverse("dialogues:dialogue_detail", args=[held.public_id]))
    assert "Có mặt 1/3 người được ghi nhận." in page.content.decode()


def test_roll_call_refuses_a_stranger(client: Any, persona: Any, held: Dialogue, plan: Any) -> None:
    other = plan(title="Cuộc đối thoại khác")
    stranger = services.participant_add(
        actor=persona("hoanhson.canbo"), dialogue=other, full_name="Bà Lê Thị Thu"
    )
    _login(client, persona)
    url = reverse("dialogues:dialogue_action", args=[held.public_id, "attendance"])
    response = client.post(url, {"attendance-present": [stranger.pk]})
    assert response.status_code == 400
    stranger.refresh_from_db()
    assert stranger.attended is False


def test_link_petitions_by_code(
    client: Any,
    persona: Any,
    held: Dialogue,
    officer: Any,
    hoanhson_ubnd: Organization,
    hoanhson: AdminUnit,
) -> None:
    petition = _petition(officer, hoanhson_ubnd, hoanhson)
    _login(client, persona)
    response = _act(client, held, "petitions", {"codes": f"{petition.public_id}, SAI-MA"})
    assert response.status_code == 400
    assert "SAI-MA" in response.content.decode()
    assert not held.petitions.exists()
    assert _act(client, held, "petitions", {"codes": petition.public_id}).status_code == 302
    assert list(held.petitions.all()) == [petition]
    page = client.get(reverse("dialogues:dialogue_detail", args=[held.public_id]))
    assert reverse("petitions:petition_detail", args=[petition.public_id]) in (
        page.content.decode()
    )


def test_publish_and_withdraw_the_outcome(client: Any, persona: Any, held: Dialogue) -> None:
    _login(client, persona)
    page = client.get(reverse("dialogues:dialogue_detail", args=[held.public_id]))
    assert "Công khai kết quả" in page.content.decode()
    assert _act(client, held, "publish").status_code == 302
    held.refresh_from_db()
    assert held.published is True
    page = client.get(reverse("dialogues:dialogue_detail", args=[held.public_id]))
    assert "Đã công khai trên cổng thông tin" in page.content.decode()
    assert _act(client, held, "unpublish").status_code == 302
    held.refresh_from_db()
    assert held.published is False
    actions = list(
        AuditEvent.objects.filter(action__in=["dialogues.publish", "dialogues.unpublish"])
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["dialogues.publish", "dialogues.unpublish"]


def test_a_planned_dialogue_cannot_be_published(client: Any, persona: Any, plan: Any) -> None:
    dialogue = plan()
    _login(client, persona)
    page = client.get(reverse("dialogues:dialogue_detail", args=[dialogue.public_id]))
    assert "publish" not in page.content.decode().split("dialogue_action")[0]
    response = _act(client, dialogue, "publish")
    assert response.status_code == 400
    assert "công khai kết quả" in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.published is False


def test_reader_gets_403_and_outsider_404_on_new_actions(
    client: Any, persona: Any, held: Dialogue
) -> None:
    _login(client, persona, "tinh.danvan")
    page = client.get(reverse("dialogues:dialogue_detail", args=[held.public_id]))
    assert 'name="participant-full_name"' not in page.content.decode()
    assert _act(client, held, "publish").status_code == 403
    person = {"full_name": "Bà Lê Thị Thu", "role": "resident"}
    assert _act(client, held, "participant", person).status_code == 403
    _login(client, persona, "songtri.canbo")
    assert _act(client, held, "publish").status_code == 404
    held.refresh_from_db()
    assert held.published is False
    assert not held.participants.exists()


def test_detail_query_count_does_not_grow_with_participants(
    client: Any, persona: Any, plan: Any, program: Any, households: list[Any], officer: Any
) -> None:
    dialogue = plan(program=program)
    _login(client, persona)
    url = reverse("dialogues:dialogue_detail", args=[dialogue.public_id])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    services.households_invite(actor=officer, dialogue=dialogue, households=households[:1])
    small = count()
    services.households_invite(actor=officer, dialogue=dialogue, households=households[1:])
    for number in range(5):
        services.participant_add(actor=officer, dialogue=dialogue, full_name=f"Khách mời {number}")
    assert count() == small
