from __future__ import annotations

import pytest

from danvan.compensation.models import AssetLine, Household

pytestmark = pytest.mark.django_db
BASE = "/api/v1/compensation"
HOUSEHOLD = {
    "head_full_name": "Trần Thị B",
    "id_number": "042123456789",
    "admin_unit": "18832",
    "village": "Thôn Hải Phong",
    "address": "Số 5",
    "members": 5,
}


def _create(client, program, **changes):
    return client.post(
        f"{BASE}/programs/{program.public_id}/households/", {**HOUSEHOLD, **changes}, format="json"
    )


@pytest.fixture
def officer(api_client_for):
    return api_client_for("hoanhson.canbo")


@pytest.fixture
def household_id(officer, marine):
    response = _create(officer, marine)
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_programs_list(officer, marine):
    response = officer.get(f"{BASE}/programs/")
    assert response.status_code == 200
    body = response.json()
    assert "results" in body
    assert "count" in body
    row = next(p for p in body["results"] if p["code"] == "marine-2016")
    assert row["id"] == marine.public_id
    assert row["kind"] == "environmental_incident"
    assert row["status"] == "active"
    assert {"id", "code", "name", "kind", "status"} <= set(row)


def test_rates(officer, marine):
    response = officer.get(f"{BASE}/programs/{marine.public_id}/rates/")
    assert response.status_code == 200
    rows = {r["code"]: r for r in response.json()}
    assert rows["vessel-owner-under-20cv"]["amount"] == "10670000.00"
    assert rows["vessel-owner-under-20cv"]["conditions"]["max_months"] == 6
    assert set(rows["salt-production"]) >= {
        "code",
        "asset_category",
        "unit",
        "amount",
        "conditions",
    }


def test_create_household(officer, household_id):
    household = Household.objects.get(public_id=household_id)
    assert household.status == "not_declared"
    assert household.admin_unit.code == "18832"
    assert household.members == 5


def test_create_household_bad_unit(officer, marine):
    response = _create(officer, marine, admin_unit="99999")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "admin_unit"


def test_create_household_bad_types(officer, marine):
    response = _create(officer, marine, head_full_name=12, members="five")
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"head_full_name", "members"}
    assert not Household.objects.exists()


def test_add_asset_and_read(officer, household_id):
    response = officer.post(
        f"{BASE}/households/{household_id}/assets/",
        {
            "asset_category": "fishing_vessel_owner",
            "quantity": 1,
            "attributes": {"engine_power_cv": 18, "months": 6},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    line = response.json()
    assert line["rate_code"] == "vessel-owner-under-20cv"
    assert line["amount"] == "64020000.00"
    assert "10.670.000 đ/tháng × 6 tháng" in line["explanation"]
    officer.post(
        f"{BASE}/households/{household_id}/assets/",
        {"asset_category": "salt_production", "quantity": "0.5", "attributes": {"months": 6}},
        format="json",
    )
    body = officer.get(f"{BASE}/households/{household_id}/").json()
    assert body["status"] == "not_declared"
    assert body["amount_total"] == "182130000.00"
    assert len(body["assets"]) == 2
    assert body["payments"] == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"asset_category": "spaceship", "attributes": {}}, "asset_category"),
        (
            {"asset_category": "fishing_vessel_owner", "attributes": {"engine_power_cv": "18"}},
            "attributes.engine_power_cv",
        ),
        (
            {"asset_category": "fishing_vessel_owner", "attributes": {"engine_power_cv": -3}},
            "attributes.engine_power_cv",
        ),
        (
            {"asset_category": "fishing_vessel_owner", "attributes": {"engine_power_cv": 80}},
            "attributes.engine_power_cv",
        ),
        ({"asset_category": "salt_production", "quantity": "abc"}, "quantity"),
        ({"asset_category": "salt_production", "quantity": True}, "quantity"),
        ({"asset_category": "salt_production", "attributes": [1]}, "attributes"),
        ({"asset_category": 5}, "asset_category"),
    ],
)
def test_add_asset_errors(officer, household_id, payload, field):
    response = officer.post(f"{BASE}/households/{household_id}/assets/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["field"] == field
    assert not AssetLine.objects.exists()


def test_transitions_and_409(officer, household_id, api_client_for):
    url = f"{BASE}/households/{household_id}"
    response = officer.post(f"{url}/approve/", {"on": "2025-09-01"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "invalid_transition"
    response = officer.post(f"{url}/declare/", {"on": "2025-09-01"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "declared"
    officer.post(
        f"{url}/assets/",
        {"asset_category": "lost_income_worker", "quantity": 2},
        format="json",
    )
    response = officer.post(f"{url}/inventory/", {"on": "2025-09-01"}, format="json")
    assert response.status_code == 200, response.json()
    # The officer who counted does not verify their own inventory.
    response = officer.post(f"{url}/verify/", {"on": "2025-09-01"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "second_officer_required"
    second = api_client_for("hoanhson.chutich")
    assert second.post(f"{url}/verify/", {"on": "2025-09-01"}, format="json").status_code == 200
    response = officer.post(f"{url}/post/", {"on": "2025-09-01"}, format="json")
    assert response.status_code == 200, response.json()
    assert officer.post(f"{url}/object/", {"on": "2025-09-02"}, format="json").status_code == 400
    response = officer.post(
        f"{url}/object/", {"on": "2025-09-02", "reason": "Thiếu người"}, format="json"
    )
    assert response.json()["status"] == "objecting"
    response = officer.post(
        f"{url}/resolve/", {"on": "2025-09-03", "resolution": "Đã rà soát"}, format="json"
    )
    assert response.json()["status"] == "posted"
    response = officer.post(f"{url}/approve/", {"on": "2025-09-04"}, format="json")
    assert response.json()["status"] == "approved"
    assert response.json()["amount_total"] == "34920000.00"
    response = officer.post(
        f"{url}/pay/",
        {"on": "2025-09-05", "amount": "34920000", "receiver": "Trần Thị B", "receipt_number": "1"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "paid"
    assert body["payments"][0]["amount"] == "34920000.00"
    response = officer.post(f"{url}/declare/", {"on": "2025-09-01"}, format="json")
    assert response.status_code == 409


def test_bad_date_is_400(officer, household_id):
    response = officer.post(
        f"{BASE}/households/{household_id}/declare/", {"on": "2025-02-30"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "on"


def test_scope_404_across_wards(api_client_for, household_id):
    other = api_client_for("songtri.canbo")
    assert other.get(f"{BASE}/households/{household_id}/").status_code == 404
    response = other.post(
        f"{BASE}/households/{household_id}/declare/", {"on": "2025-09-01"}, format="json"
    )
    assert response.status_code == 404
    listed = other.get(f"{BASE}/households/").json()
    assert listed["count"] == 0


def test_see_but_not_change_is_403(api_client_for, household_id):
    province = api_client_for("tinh.danvan")
    assert province.get(f"{BASE}/households/{household_id}/").status_code == 200
    response = province.post(
        f"{BASE}/households/{household_id}/declare/", {"on": "2025-09-01"}, format="json"
    )
    assert response.status_code == 403


def test_other_ward_officer_cannot_list_households_here(api_client_for, marine):
    response = _create(api_client_for("songtri.canbo"), marine)
    assert response.status_code == 403
    assert not Household.objects.exists()


def test_unstorable_text_is_400(officer, marine, household_id):
    response = _create(officer, marine, members=[{"full_name": "A\u0000"}])
    assert response.status_code == 400
    response = officer.post(
        f"{BASE}/households/{household_id}/assets/",
        {"asset_category": "salt_production", "attributes": {"\u0000": 1}},
        format="json",
    )
    assert response.status_code == 400


def test_household_list_filters(officer, marine):
    _create(officer, marine, head_full_name="Lê Văn Một", village="Thôn Đông Yên")
    second = _create(officer, marine, head_full_name="Lê Văn Hai", village="Thôn Hải Phong")
    officer.post(
        f"{BASE}/households/{second.json()['id']}/declare/", {"on": "2025-09-01"}, format="json"
    )

    def names(**params):
        response = officer.get(f"{BASE}/households/", params)
        assert response.status_code == 200, response.json()
        return sorted(row["head_full_name"] for row in response.json()["results"])

    assert names(program=marine.public_id) == ["Lê Văn Hai", "Lê Văn Một"]
    assert names(status="declared") == ["Lê Văn Hai"]
    assert names(village="Thôn Đông Yên") == ["Lê Văn Một"]
    assert names(admin_unit=HOUSEHOLD["admin_unit"]) == ["Lê Văn Hai", "Lê Văn Một"]
    assert names(program="no-such-program") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "lost"}, "status"), ({"admin_unit": "99999999"}, "admin_unit")],
)
def test_household_list_bad_filters(officer, params, field):
    response = officer.get(f"{BASE}/households/", params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
