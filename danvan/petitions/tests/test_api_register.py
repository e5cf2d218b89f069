"""`POST /api/v1/petitions/` and `GET /api/v1/petitions/{id}/`: registering through the API,
the case file's shape, and bad input answered in the error shape with nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danvan.api.tests.test_errors import assert_error_shape
from danvan.audit.models import AuditEvent
from danvan.petitions.models import Petition

pytestmark = pytest.mark.django_db

URL = "/api/v1/petitions/"
HOANH_SON = "18832"
DETAIL_FIELDS = {
    "id",
    "number",
    "tracking_code",
    "kind",
    "status",
    "topic",
    "admin_unit",
    "received_on",
    "collective",
    "deadlines",
    "possible_duplicates",
    "title",
    "content",
    "channel",
    "round",
    "complex",
    "remote_area",
    "anonymous",
    "signatory_count",
    "organization",
    "register_year",
    "suggested_topic",
    "petitioners",
    "identity_protected",
    "available_actions",
    "forwardings",
    "pauses",
    "extensions",
    "created_at",
}


def payload(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "complaint",
        "channel": "in_person",
        "received_on": "2026-02-10",
        "content": "Khiếu nại quyết định thu hồi đất ở của gia đình tại tổ dân phố Ba Đồng.",
        "admin_unit": HOANH_SON,
        "petitioners": [
            {
                "full_name": "Nguyễn Văn An",
                "address": "Tổ dân phố Ba Đồng, phường Hoành Sơn",
                "phone": "0912345678",
                "id_number": "042080001234",
            }
        ],
    }
    body.update(overrides)
    return body


def post(client: Any, body: Any, url: str = URL) -> Any:
    return client.post(url, body, format="json")


@pytest.mark.parametrize(
    ("kind", "steps"),
    [
        ("complaint", ["accept"]),
        ("denunciation", ["classify"]),
        ("recommendation", ["reply"]),
        ("feedback", ["reply"]),
    ],
)
def test_each_kind_is_registered_with_the_case_file_shape(api_client_for, kind, steps):
    # Given an officer of Hoành Sơn
    client = api_client_for("hoanhson.canbo")

    # When they register a petition of that kind
    response = post(client, payload(kind=kind, title="Đơn thử"))

    # Then the case file comes back under its public id, with its legal deadlines
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= DETAIL_FIELDS
    petition = Petition.objects.get(public_id=body["id"])
    assert body["id"] == petition.public_id != str(petition.pk)
    assert response["Location"].endswith(f"/api/v1/petitions/{body['id']}/")
    assert body["number"] == petition.number
    assert body["tracking_code"] == petition.tracking_code
    assert body["kind"] == kind
    assert body["status"] == "received"
    assert body["admin_unit"] == HOANH_SON
    assert body["organization"] == "hoanhson-ubnd"
    assert body["received_on"] == "2026-02-10"
    assert body["collective"] is False
    assert body["title"] == "Đơn thử"
    assert [row["step"] for row in body["deadlines"]] == steps
    for row in body["deadlines"]:
        assert set(row) == {"step", "due_on", "rule", "met_on", "overdue"}
        dt.date.fromisoformat(row["due_on"])
        assert row["met_on"] is None
        assert row["overdue"] is True  # received in February, nothing done since
    assert body["possible_duplicates"] == []
    if kind == "denunciation":
        # The officer who registers it is not assigned: the denouncer stays hidden.
        assert body["petitioners"] is None
        assert body["identity_protected"] is True
    else:
        assert body["petitioners"][0]["full_name"] == "Nguyễn Văn An"
        assert body["identity_protected"] is False


def test_a_real_duplicate_is_listed_by_public_id_and_score(api_client_for):
    # Given a complaint already registered
    client = api_client_for("hoanhson.canbo")
    first = post(client, payload()).json()

    # When the same citizen sends the same complaint again
    second = post(client, payload(received_on="2026-03-02")).json()

    # Then the first case is offered as a possible duplicate, by its public id
    assert second["possible_duplicates"][0]["id"] == first["id"]
    assert 0 < second["possible_duplicates"][0]["score"] <= 1
    assert isinstance(second["possible_duplicates"][0]["score"], float)


def test_detail_is_the_same_case_file(api_client_for):
    client = api_client_for("hoanhson.canbo")
    created = post(client, payload()).json()

    response = client.get(f"{URL}{created['id']}/")

    assert response.status_code == 200
    assert response.json()["id"] == created["id"]
    assert response.json()["deadlines"] == created["deadlines"]
    assert "accept" in response.json()["available_actions"]


def test_collective_petition_and_optional_extensions(api_client_for):
    client = api_client_for("hoanhson.canbo")
    people: list[dict[str, Any]] = [
        {"full_name": f"Người ký {i}", "address": "Tổ dân phố Ba Đồng"} for i in range(1, 6)
    ]
    people[0]["is_representative"] = True

    response = post(
        client,
        payload(
            kind="recommendation",
            petitioners=people,
            signatory_count=12,
            organization="hoanhson-ubnd",
            complex=True,
            remote_area=True,
        ),
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["collective"] is True
    assert body["signatory_count"] == 12
    assert body["complex"] is True
    assert body["remote_area"] is True
    assert [p["is_representative"] for p in body["petitioners"]] == [True] + [False] * 4


def test_anonymous_petition_without_petitioners(api_client_for):
    response = post(
        api_client_for("hoanhson.canbo"), payload(kind="feedback", anonymous=True, petitioners=[])
    )

    assert response.status_code == 201, response.json()
    assert response.json()["anonymous"] is True
    assert response.json()["petitioners"] == []


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


BAD_INPUT = [
    ({"received_on": "FUTURE"}, "date_in_future", "received_on"),
    ({"received_on": "2026-02-30"}, "invalid_date", "received_on"),
    ({"received_on": "10/02/2026"}, "invalid_date", "received_on"),
    ({"received_on": 20260210}, "invalid_date", "received_on"),
    ({"admin_unit": "99999"}, "unknown_admin_unit", "admin_unit"),
    ({"kind": "mixed"}, "invalid_kind", "kind"),
    ({"kind": "petition"}, "invalid_kind", "kind"),
    ({"channel": "pigeon"}, "invalid_channel", "channel"),
    ({"content": ""}, "blank", "content"),
    ({"content": "   "}, "blank", "content"),
    ({"content": ["Khiếu nại"]}, "invalid", "content"),
    ({"content": 42}, "invalid", "content"),
    ({"anonymous": "yes"}, "invalid", "anonymous"),
    ({"anonymous": "true"}, "invalid", "anonymous"),
    ({"complex": 1}, "invalid", "complex"),
    ({"round": "2"}, "invalid", "round"),
    ({"round": 3}, "max_value", "round"),
    ({"round": 2, "kind": "feedback"}, "invalid_round", "round"),
    ({"petitioners": "Nguyễn Văn An"}, "not_a_list", "petitioners"),
    ({"petitioners": [{"address": "Ba Đồng"}]}, "required", "petitioners[0].full_name"),
    ({"petitioners": [{"full_name": "An", "phone": "abc"}]}, "invalid_phone", None),
    ({"petitioners": []}, "petitioners_required", "petitioners"),
    ({"anonymous": True}, "anonymous_with_petitioners", "petitioners"),
    ({"organization": "khong-co"}, "unknown_organization", "organization"),
    ({"topic": "khong-co"}, "unknown_topic", "topic"),
    ({"previous_round": "KHONGCO"}, "unknown_previous_round", "previous_round"),
    ({"signatory_count": -1}, "min_value", "signatory_count"),
]


@pytest.mark.parametrize(("overrides", "code", "field"), BAD_INPUT)
def test_bad_input_is_refused_in_the_error_shape_and_nothing_is_saved(
    api_client_for, overrides, code, field
):
    # Given an officer and the petitions and audit events so far
    client = api_client_for("hoanhson.canbo")
    overrides = {k: tomorrow() if v == "FUTURE" else v for k, v in overrides.items()}
    before = (Petition.objects.count(), AuditEvent.objects.count())

    # When they send bad input
    response = post(client, payload(**overrides))

    # Then a 400 names the problem in Vietnamese, and nothing was saved
    errors = assert_error_shape(response, 400, code)
    if field is not None:
        assert errors[0]["field"] == field
    else:
        assert errors[0]["field"].startswith("petitioners[0]")
    assert (Petition.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("missing", ["kind", "channel", "received_on", "content"])
def test_missing_required_fields(api_client_for, missing):
    body = payload()
    del body[missing]

    errors = assert_error_shape(post(api_client_for("hoanhson.canbo"), body), 400, "required")

    assert errors[0]["field"] == missing
    assert Petition.objects.count() == 0


def test_every_problem_is_reported_at_once(api_client_for):
    response = post(api_client_for("hoanhson.canbo"), {"kind": "x", "anonymous": "x"})

    errors = assert_error_shape(response, 400)
    assert {e["field"] for e in errors} >= {"kind", "anonymous", "channel", "content"}


def test_malformed_json_and_non_objects(api_client_for):
    client = api_client_for("hoanhson.canbo")

    assert_error_shape(
        client.post(URL, '{"kind": "complaint",', content_type="application/json"),
        400,
        "malformed_json",
    )
    assert_error_shape(client.post(URL, [1, 2], format="json"), 400, "invalid")
    assert_error_shape(
        client.post(URL, "kind=complaint", content_type="application/x-www-form-urlencoded"),
        415,
        "unsupported_media_type",
    )
    assert Petition.objects.count() == 0


def test_unauthenticated_requests_get_401(api_client_for):
    client = api_client_for(None)

    assert_error_shape(post(client, payload()), 401, "not_authenticated")
    assert_error_shape(client.get(URL), 401, "not_authenticated")


def test_registering_for_an_organisation_one_is_not_a_member_of_is_forbidden(api_client_for):
    response = post(api_client_for("hoanhson.canbo"), payload(organization="songtri-ubnd"))

    assert_error_shape(response, 403, "permission_denied")
    assert Petition.objects.count() == 0


def test_a_system_administrator_names_the_organisation(api_client_for):
    client = api_client_for("admin")

    errors = assert_error_shape(post(client, payload()), 400, "organization_required")
    assert errors[0]["field"] == "organization"
    assert "cơ quan" in errors[0]["message"]

    response = post(client, payload(organization="songtri-ubnd"))
    assert response.status_code == 201
    assert response.json()["organization"] == "songtri-ubnd"


def test_a_user_without_membership_may_not_register(api_client_for, django_user_model):
    django_user_model.objects.create_user("congdan", password="mat-khau-an-toan-1")

    assert_error_shape(post(api_client_for("congdan"), payload()), 403, "permission_denied")


def test_a_former_unit_code_is_resolved_on_the_day_received(api_client_for):
    # Xã Kỳ Lợi existed until 30/6/2025: a petition from 2024 is filed against it.
    response = post(
        api_client_for("admin"),
        payload(received_on="2024-05-06", admin_unit="18796", organization="kyloi-ubnd"),
    )

    assert response.status_code == 201, response.json()
    assert response.json()["admin_unit"] == "18796"


def test_second_round_complaint_links_the_first(api_client_for):
    client = api_client_for("hoanhson.canbo")
    first = post(client, payload(received_on="2026-01-05")).json()["id"]
    for action, body in [
        ("accept", {"on": "2026-01-06"}),
        ("resolve", {"on": "2026-02-02", "outcome": "rejected", "summary": "Không có cơ sở"}),
    ]:
        assert client.post(f"{URL}{first}/{action}/", body, format="json").status_code == 200

    response = post(client, payload(round=2, previous_round=first, received_on="2026-03-02"))

    assert response.status_code == 201, response.json()
    assert response.json()["round"] == 2
    assert response.json()["previous_round"] == first


GARBAGE: list[Any] = [
    None,
    "",
    "chuỗi",
    42,
    [],
    [{"kind": "complaint"}],
    {"petitioners": ["Nguyễn Văn An"]},
    {"petitioners": [None]},
    {"petitioners": {"full_name": "An"}},
    {"received_on": None, "content": None, "kind": None},
    {"kind": ["complaint"], "channel": {"a": 1}},
    {"round": 1.5, "signatory_count": "nhiều"},
    {"admin_unit": 18832},
    {"organization": ["hoanhson-ubnd"]},
    {"content": "x" * 60_000},
    {"title": "t" * 300},
    {"received_on": "1900-01-01"},
]


@pytest.mark.parametrize("body", GARBAGE)
def test_garbage_never_makes_a_500(api_client_for, body):
    client = api_client_for("hoanhson.canbo")
    if isinstance(body, dict):
        body = payload(**body)

    response = client.post(URL, body, format="json")

    assert_error_shape(response, 400)
    assert Petition.objects.count() == 0


ACTION_GARBAGE: list[tuple[str, Any]] = [
    ("accept", []),
    ("accept", "2026-02-11"),
    ("accept", {"on": 20260211}),
    ("forward", {"on": "2026-02-11", "to_organization": None}),
    ("forward", {"on": "2026-02-11", "to_organization": "hoanhson-ubnd"}),
    ("forward", {"on": "2026-02-11", "to_organization": "kyanh-ubnd"}),
    ("extend", {"on": "2026-02-11", "days": 0, "reason": "x"}),
    ("extend", {"on": "2026-02-11", "days": True, "reason": "x"}),
    ("extend", {"on": "2026-02-11", "days": 3, "reason": "x", "step": "lunch"}),
    ("classify", {"on": "2026-02-11", "ineligibility_reasons": "x"}),
    ("classify", {"on": "2026-02-11", "eligible": False}),
    ("classify", {"on": "2026-02-11", "kind": "x"}),
    ("assign", {"on": "2026-02-11", "username": ["hoanhson.canbo"]}),
    ("split", {"on": "2026-02-11", "parts": "x"}),
    ("split", {"on": "2026-02-11", "parts": [None, None]}),
    ("split", {"on": "2026-02-11", "parts": [{"kind": "complaint", "content": "a"}]}),
    ("duplicates/X/confirm", {"on": "2026-02-11"}),
]


@pytest.mark.parametrize(("action", "body"), ACTION_GARBAGE)
def test_garbage_in_actions_never_makes_a_500(api_client_for, action, body):
    client = api_client_for("hoanhson.chutich")
    case_id = post(client, payload()).json()["id"]
    events = AuditEvent.objects.count()

    response = client.post(f"{URL}{case_id}/{action}/", body, format="json")

    assert 400 <= response.status_code < 500
    assert_error_shape(response, response.status_code)
    assert Petition.objects.get(public_id=case_id).status == "received"
    assert AuditEvent.objects.count() == events
