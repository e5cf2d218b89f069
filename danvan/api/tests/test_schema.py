"""The OpenAPI document builds without errors or warnings and is valid."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_openapi_document_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--urlconf",
        "danvan.urls",
        "--file",
        str(target),
        stdout=io.StringIO(),
    )

    text = target.read_text()
    assert "/api/v1/petitions/" in text
    assert "/api/v1/reception-visits/" in text
