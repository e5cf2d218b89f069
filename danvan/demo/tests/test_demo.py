"""`danvan demo` and `danvan api-token` as shared/API.md describes them."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from danvan.accounts.models import User
from danvan.demo.accounts import DEMO_LOGINS
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-server", stdout=out)
    return out.getvalue()


def test_demo_is_idempotent_and_prints_the_logins():
    organizations = Organization.objects.count()
    users = User.objects.count()

    output = run_demo()
    again = run_demo()

    assert Organization.objects.count() == organizations
    assert User.objects.count() == users
    for login in DEMO_LOGINS:
        assert login.username in output
    assert "danvan-demo" in output
    assert "không nạp lại" in again


def test_demo_has_the_five_logins_with_their_roles():
    usernames = set(User.objects.values_list("username", flat=True))

    assert {
        "admin",
        "tinh.danvan",
        "hoanhson.canbo",
        "hoanhson.chutich",
        "songtri.canbo",
    } <= usernames
    assert User.objects.get(username="admin").is_superuser
    chairman = User.objects.get(username="hoanhson.chutich").memberships.get()
    assert chairman.role == "head"
    assert chairman.organization.code == "hoanhson-ubnd"
    specialist = User.objects.get(username="tinh.danvan").memberships.get()
    assert (specialist.role, specialist.organization.kind) == (
        "specialist",
        "mass_mobilization_board",
    )


def test_demo_has_the_organisations_of_the_province_the_wards_and_2018():
    codes = set(Organization.objects.values_list("code", flat=True))

    for ward in ("vungang", "songtri", "hoanhson", "haininh"):
        for suffix in ("ubnd", "mttq", "dangu", "hnd", "hlhpn", "hccb", "dtn"):
            assert f"{ward}-{suffix}" in codes
    for province_org in ("ht-btgdv", "ht-ubnd", "ht-mttq", "ht-hnd", "ht-hlhpn", "ht-hccb"):
        assert province_org in codes
    town_board = Organization.objects.get(code="kyanh-bdv")
    assert town_board.valid_to is not None
    assert town_board.jurisdiction.get().code == "449"


@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS])
def test_every_demo_user_can_log_in_when_debug_is_on(username, client, settings):
    settings.DEBUG = True

    response = client.post(
        "/accounts/login/", {"username": username, "password": "danvan-demo"}, follow=True
    )

    assert response.status_code == 200
    assert response.context["user"].username == username


def test_the_demo_password_is_refused_when_debug_is_off(client, settings):
    settings.DEBUG = False

    response = client.post(
        "/accounts/login/", {"username": "hoanhson.canbo", "password": "danvan-demo"}
    )

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert "Mật khẩu mẫu" in response.content.decode()


def test_api_token_prints_a_token_that_authenticates(api_client_for):
    out = io.StringIO()
    call_command("api-token", "songtri.canbo", stdout=out)
    token = out.getvalue().strip()

    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me/").json()["username"] == "songtri.canbo"
    again = io.StringIO()
    call_command("api-token", "songtri.canbo", stdout=again)
    assert again.getvalue().strip() == token


def test_api_token_for_an_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("api-token", "khong.ton.tai")


def test_the_demo_partner_key_works_for_open311(client):
    from danvan.open311.services import ensure_demo_partner_key

    ensure_demo_partner_key()  # as the demo loader does; idempotent
    ensure_demo_partner_key()

    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": "danvan-demo-open311",
            "service_code": "infrastructure",
            "address_string": "Tổ dân phố Ba Đồng",
            "description": "Đèn đường hỏng",
        },
    )

    assert response.status_code == 200
    assert response.json()[0]["service_request_id"]
