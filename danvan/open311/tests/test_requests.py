"""Creating requests (POST) and reading them back (GET): a request is a feedback petition of
the partner's organisation; the public sees its status, never who sent it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.open311.models import Open311Request
from danvan.open311.tests.conftest import BASE, as_xml_text, request_form, xml_items
from danvan.petitions.models import Kind, Status
from danvan.petitions.services import petition_classify, petition_reply

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- POST


def test_post_creates_a_feedback_petition_with_its_deadlines(
    post_request: Any, schemas: Any, partner_key: Any
) -> None:
    response = post_request()

    assert response.status_code == 200
    data = response.json()
    schemas.validate("#/definitions/RequestResponse", data)
    answer = data[0]
    request = Open311Request.objects.select_related("petition__organization").get(
        petition__public_id=answer["service_request_id"]
    )
    petition = request.petition
    assert answer["token"] == petition.tracking_code
    assert answer["account_id"] == "acct-42"
    assert "Ủy ban nhân dân phường Hoành Sơn" in answer["service_notice"]
    assert petition.kind == Kind.FEEDBACK
    assert petition.channel == "web"
    assert petition.status == Status.RECEIVED
    assert petition.organization.code == "hoanhson-ubnd"
    assert petition.admin_unit is not None
    assert petition.admin_unit.code == "18832"
    assert petition.topic is not None
    assert petition.topic.code == "infrastructure"
    assert petition.received_on == timezone.localdate()
    assert "Đèn đường hỏng" in petition.content
    assert "Tân Phúc Thành" in petition.content
    assert "an.nguyen@example.vn" not in petition.content
    assert [p.full_name for p in petition.petitioners.all()] == ["Nguyễn Văn An"]
    assert petition.petitioners.get().phone == "0912345678"
    assert not petition.anonymous
    deadlines = {d.step: d for d in petition.deadlines.all()}
    assert set(deadlines) == {"reply"}
    assert deadlines["reply"].due_on is not None
    assert request.partner == partner_key[0]
    assert (request.lat, request.long) == (18.0712, 106.2987)
    assert request.email == "an.nguyen@example.vn"
    assert request.media_url == "https://example.vn/anh/den-duong.jpg"


def test_post_in_xml(post_request: Any) -> None:
    response = post_request(fmt="xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    (item,) = xml_items(response.content, "service_requests", "request")
    assert Open311Request.objects.filter(petition__public_id=item["service_request_id"]).exists()
    assert set(item) == {"service_request_id", "token", "service_notice", "account_id"}


def test_post_without_a_name_is_anonymous(created: Any) -> None:
    request = created(first_name=None, last_name=None)

    assert request.petition.anonymous
    assert not request.petition.petitioners.exists()
    assert request.phone == "0912345678"  # kept for contact, not published


def test_ward_outside_the_jurisdiction_falls_back_to_the_organisations_unit(
    created: Any,
) -> None:
    request = created(**{"attribute[ward]": "18754"})  # Phường Sông Trí

    assert request.petition.admin_unit.code == "18832"
    assert request.ward.code == "18754"


def test_without_a_ward_the_place_is_the_organisations_unit(created: Any) -> None:
    request = created(**{"attribute[ward]": None})

    assert request.petition.admin_unit.code == "18832"


def test_address_alone_is_enough_location(created: Any) -> None:
    request = created(lat=None, long=None)

    assert request.lat is None
    assert request.address_string


def test_address_id_alone_is_enough_location(created: Any) -> None:
    request = created(lat=None, long=None, address_string=None, address_id="VN-42-18832-0001")

    assert request.address_id == "VN-42-18832-0001"


def test_api_key_may_come_in_the_query_string(client: Any, api_key: str) -> None:
    response = client.post(f"{BASE}/requests.json?api_key={api_key}", request_form())

    assert response.status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("key", [None, "", "not-a-key", "revoked"])
def test_post_without_a_valid_key_is_403(
    client: Any, schemas: Any, partner_key: Any, fmt: str, key: str | None
) -> None:
    from danvan.open311.services import partner_key_revoke

    data = request_form()
    if key == "revoked":
        partner_key_revoke(actor=None, key=partner_key[0])
        data["api_key"] = partner_key[1]
    elif key is not None:
        data["api_key"] = key
    before = Open311Request.objects.count()

    response = client.post(f"{BASE}/requests.{fmt}", data)

    assert response.status_code == 403
    if fmt == "json":
        schemas.validate("errors", response.json())
        assert response.json()[0]["code"] == 403
    else:
        assert xml_items(response.content, "errors", "error")[0]["code"] == "403"
    assert Open311Request.objects.count() == before


def test_unknown_service_is_404(post_request: Any, schemas: Any) -> None:
    response = post_request(service_code="no-such-thing")

    assert response.status_code == 404
    schemas.validate("errors", response.json())


@pytest.mark.parametrize(
    "overrides",
    [
        {"service_code": None},
        {"service_code": ""},
        {"lat": None, "long": None, "address_string": None},
        {"long": None},
        {"description": None},
        {"description": "   "},
        {"description": "x" * 4001},
        {"lat": "91"},
        {"long": "abc"},
        {"lat": "nan"},
        {"lat": "1e999"},
        {"attribute[ward]": "99999"},
        {"attribute[ward]": "42"},  # the province, not a ward
        {"email": "not-an-address"},
        {"phone": "call me"},
        {"media_url": "javascript:alert(1)"},
        {"first_name": "A" * 200},
        {"address_string": "x" * 10_000},
        {"description": "bad\x00byte"},
    ],
)
def test_bad_input_is_400(post_request: Any, schemas: Any, overrides: dict[str, Any]) -> None:
    before = Open311Request.objects.count()

    response = post_request(**overrides)

    assert response.status_code == 400, response.content
    data = response.json()
    schemas.validate("errors", data)
    assert data[0]["code"] == 400
    assert Open311Request.objects.count() == before


def test_post_records_audit_events(created: Any) -> None:
    from danvan.audit.models import AuditEvent

    request = created()

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"petition.register", "open311.request_create"} <= actions
    event = AuditEvent.objects.get(action="open311.request_create")
    assert event.target_id == str(request.pk)


# ---------------------------------------------------------------- GET


def test_list_validates_and_shows_no_identity(client: Any, schemas: Any, created: Any) -> None:
    first = created()
    created(service_code="environment", description="Khói bụi từ xưởng gỗ.")

    response = client.get(f"{BASE}/requests.json")

    assert response.status_code == 200
    data = response.json()
    schemas.validate("requests.json", data)
    assert len(data) == 2
    row = next(r for r in data if r["service_request_id"] == first.petition.public_id)
    assert row["status"] == "open"
    assert row["service_code"] == "infrastructure"
    assert row["service_name"] == "Hạ tầng, trật tự đô thị"
    assert row["description"].startswith("Đèn đường hỏng")
    assert row["agency_responsible"] == "Ủy ban nhân dân phường Hoành Sơn"
    assert row["address"] == "Đường Trần Phú, tổ dân phố Tân Phúc Thành"
    assert (row["lat"], row["long"]) == (18.0712, 106.2987)
    assert row["media_url"] == "https://example.vn/anh/den-duong.jpg"
    assert row["requested_datetime"].endswith("+07:00")
    assert row["expected_datetime"].endswith("T23:59:59+07:00")
    assert row["service_notice"]
    text = json.dumps(data, ensure_ascii=False)
    for private in ("Nguyễn Văn An", "0912345678", "an.nguyen@example.vn", "device-1"):
        assert private not in text
    assert first.petition.tracking_code not in text


def test_single_request_json_and_xml_carry_the_same_data(
    client: Any, schemas: Any, created: Any
) -> None:
    request = created()
    public_id = request.petition.public_id

    as_json = client.get(f"{BASE}/requests/{public_id}.json")
    as_xml = client.get(f"{BASE}/requests/{public_id}.xml")

    assert as_json.status_code == 200
    data = as_json.json()
    schemas.validate("requests.json", data)
    schemas.validate("request.json", data[0])
    assert as_xml.status_code == 200
    (item,) = xml_items(as_xml.content, "service_requests", "request")
    assert item == {key: as_xml_text(value) for key, value in data[0].items()}
    # The GeoReport swagger document's path is singular; it answers too.
    assert client.get(f"{BASE}/request/{public_id}.json").json() == data


def test_unknown_request_is_404(client: Any, schemas: Any) -> None:
    response = client.get(f"{BASE}/requests/NOSUCHID.json")

    assert response.status_code == 404
    schemas.validate("errors", response.json())


def test_request_closes_with_the_reply_as_status_notes(
    client: Any, schemas: Any, created: Any, persona: Any
) -> None:
    request = created()
    petition_reply(
        actor=persona("hoanhson.canbo"),
        petition=request.petition,
        on=timezone.localdate(),
        text="Đã thay bóng đèn ngày hôm nay. Cảm ơn ông đã phản ánh.",
    )

    data = client.get(f"{BASE}/requests/{request.petition.public_id}.json").json()

    schemas.validate("requests.json", data)
    assert data[0]["status"] == "closed"
    assert data[0]["status_notes"] == "Đã thay bóng đèn ngày hôm nay. Cảm ơn ông đã phản ánh."
    assert data[0]["expected_datetime"] is None
    assert data[0]["service_notice"] is None
    closed = client.get(f"{BASE}/requests.json", {"status": "closed"}).json()
    opened = client.get(f"{BASE}/requests.json", {"status": "open"}).json()
    assert [r["service_request_id"] for r in closed] == [request.petition.public_id]
    assert opened == []


def test_a_case_reclassified_as_a_denunciation_disappears(
    client: Any, created: Any, persona: Any
) -> None:
    request = created(description="Cán bộ địa chính phường nhận tiền của dân.")
    kept = created()
    petition_classify(
        actor=persona("hoanhson.canbo"),
        petition=request.petition,
        on=timezone.localdate(),
        kind=Kind.DENUNCIATION,
    )
    public_id = request.petition.public_id

    listed = client.get(f"{BASE}/requests.json").json()
    by_id = client.get(f"{BASE}/requests.json", {"service_request_id": public_id}).json()

    assert [r["service_request_id"] for r in listed] == [kept.petition.public_id]
    assert by_id == []
    assert client.get(f"{BASE}/requests/{public_id}.json").status_code == 404
    token = request.petition.tracking_code
    assert client.get(f"{BASE}/tokens/{token}.json").status_code == 404
    assert "nhận tiền" not in client.get(f"{BASE}/requests.xml").content.decode()


def test_petitions_from_other_channels_are_not_listed(client: Any, persona: Any) -> None:
    from danvan.organizations.models import Organization
    from danvan.petitions.services import PetitionerInput, petition_register

    for kind in (Kind.FEEDBACK, Kind.DENUNCIATION):
        petition_register(
            actor=persona("hoanhson.canbo"),
            organization=Organization.objects.get(code="hoanhson-ubnd"),
            kind=kind,
            channel="in_person",
            received_on=timezone.localdate(),
            content="Nội dung không công khai.",
            petitioners=[PetitionerInput(full_name="Trần Thị Bình")],
        )

    assert client.get(f"{BASE}/requests.json").json() == []


def test_filters(client: Any, created: Any) -> None:
    light = created()
    smoke = created(service_code="environment")
    ids = f"{light.petition.public_id},{smoke.petition.public_id.lower()}"

    def listed(**query: str) -> set[str]:
        response = client.get(f"{BASE}/requests.json", query)
        assert response.status_code == 200, response.content
        return {row["service_request_id"] for row in response.json()}

    everything = {light.petition.public_id, smoke.petition.public_id}
    assert listed(service_request_id=ids) == everything
    assert listed(service_code="environment") == {smoke.petition.public_id}
    assert listed(service_code="land") == set()
    now = timezone.localtime()
    assert listed(start_date=(now - dt.timedelta(days=1)).isoformat()) == everything
    assert listed(end_date=(now - dt.timedelta(days=1)).isoformat()) == set()
    assert listed(start_date=(now + dt.timedelta(hours=1)).isoformat()) == set()
    assert (
        listed(
            start_date=now.date().isoformat(),
            end_date=(now.date() + dt.timedelta(days=1)).isoformat(),
        )
        == everything
    )
    assert listed(status="open,closed") == everything


def test_default_window_is_ninety_days(client: Any, created: Any) -> None:
    old = created()
    Open311Request.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=91)
    )
    recent = created()

    rows = client.get(f"{BASE}/requests.json").json()

    assert [r["service_request_id"] for r in rows] == [recent.petition.public_id]
    # An explicit id overrides the window.
    by_id = client.get(f"{BASE}/requests.json", {"service_request_id": old.petition.public_id})
    assert len(by_id.json()) == 1


@pytest.mark.parametrize(
    "query",
    [
        {"start_date": "yesterday"},
        {"end_date": "2025-13-45"},
        {"start_date": "0001-01-01"},
        {"start_date": "2025-01-01", "end_date": "2025-06-01"},  # more than 90 days
        {"start_date": "2025-06-01", "end_date": "2025-05-01"},
        {"status": "pending"},
        {"service_request_id": ",".join(["A"] * 1001)},
        {"service_code": "land\x00"},
        {"start_date": "9" * 5000},
    ],
)
def test_bad_filters_are_400(client: Any, schemas: Any, query: dict[str, str]) -> None:
    response = client.get(f"{BASE}/requests.json", query)

    assert response.status_code == 400, response.content
    schemas.validate("errors", response.json())


def test_list_query_count_is_constant(client: Any, created: Any, persona: Any) -> None:
    created()
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(f"{BASE}/requests.json").json()) == 1
    for index in range(3):
        request = created(service_code="land" if index else "environment")
    petition_reply(
        actor=persona("hoanhson.canbo"), petition=request.petition, on=timezone.localdate()
    )
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(f"{BASE}/requests.json").json()) == 4

    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------- tokens


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_token_gives_the_request_id(client: Any, schemas: Any, created: Any, fmt: str) -> None:
    request = created()
    token = request.petition.tracking_code

    response = client.get(f"{BASE}/tokens/{token}.{fmt}")

    assert response.status_code == 200
    expected = {"service_request_id": request.petition.public_id, "token": token}
    if fmt == "json":
        schemas.validate("#/definitions/TokenResponse", response.json())
        assert response.json() == [expected]
    else:
        assert xml_items(response.content, "service_requests", "request") == [expected]


def test_unknown_token_is_404(client: Any, schemas: Any) -> None:
    response = client.get(f"{BASE}/tokens/ZZZZ-ZZZZ-ZZZZ.json")

    assert response.status_code == 404
    schemas.validate("errors", response.json())
