"""The API error shape of shared/API.md: every 4xx is {"errors": [{code, field, message}]}."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status, code=None):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"errors"}
    assert body["errors"], "at least one error"
    for error in body["errors"]:
        assert set(error) == {"code", "field", "message"}
        assert isinstance(error["message"], str)
        assert error["message"]
    if code:
        assert body["errors"][0]["code"] == code
    return body["errors"]


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("canbo", password="mat-khau-an-toan-1")


def test_token_is_issued_for_good_credentials_and_works(officer):
    client = APIClient()

    response = client.post(
        "/api/v1/auth/token/",
        {"username": "canbo", "password": "mat-khau-an-toan-1"},
        format="json",
    )

    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me/").json()["username"] == "canbo"
    # The same token comes back the second time.
    again = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "canbo", "password": "mat-khau-an-toan-1"},
        format="json",
    )
    assert again.json()["token"] == token


def test_wrong_password_gets_a_vietnamese_error(officer):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "canbo", "password": "sai"}, format="json"
    )

    errors = assert_error_shape(response, 400, "invalid_credentials")
    assert "mật khẩu" in errors[0]["message"]


def test_missing_fields_name_the_field(officer):
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")

    errors = assert_error_shape(response, 400)
    assert {e["field"] for e in errors} == {"username", "password"}


def test_malformed_json_is_a_400_not_a_500():
    response = APIClient().post(
        "/api/v1/auth/token/", data="{not json", content_type="application/json"
    )

    assert_error_shape(response, 400, "malformed_json")


def test_form_encoded_body_is_refused_with_415():
    response = APIClient().post(
        "/api/v1/auth/token/", data="username=a", content_type="application/x-www-form-urlencoded"
    )

    assert_error_shape(response, 415, "unsupported_media_type")


def test_unauthenticated_requests_get_401():
    response = APIClient().get("/api/v1/me/")

    assert_error_shape(response, 401, "not_authenticated")


def test_a_bad_token_gets_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token deadbeef")

    assert_error_shape(client.get("/api/v1/me/"), 401, "authentication_failed")


def test_unknown_api_paths_get_a_json_404():
    response = APIClient().get("/api/v1/khong-co/")

    assert_error_shape(response, 404, "not_found")


def test_wrong_method_gets_405(officer):
    client = APIClient()
    client.force_authenticate(officer)

    assert_error_shape(client.delete("/api/v1/me/"), 405, "method_not_allowed")


def test_bad_filter_values_name_the_field(officer):
    client = APIClient()
    client.force_authenticate(officer)

    errors = assert_error_shape(client.get("/api/v1/organizations/?kind=nope"), 400)
    assert errors[0]["field"] == "kind"


def test_the_openapi_document_and_its_docs_page_are_served(officer):
    client = APIClient()

    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    docs = client.get("/api/v1/docs/")

    assert schema.status_code == 200
    assert "/api/v1/auth/token/" in schema.json()["paths"]
    assert docs.status_code == 200
    # Swagger UI is served from the installed package, never from a CDN.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content.decode()
