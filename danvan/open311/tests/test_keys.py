"""Partners' keys: made and revoked by the administrator, stored as a hash, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages

from danvan.audit.models import AuditEvent
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.open311.models import PartnerKey
from danvan.open311.services import (
    DEMO_KEY,
    ensure_demo_partner_key,
    key_hash,
    partner_key_authenticate,
    partner_key_create,
    partner_key_revoke,
)
from danvan.open311.tests.conftest import BASE, request_form
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _org(code: str = "hoanhson-ubnd") -> Organization:
    return Organization.objects.get(code=code)


def test_create_shows_the_key_once_and_stores_only_its_hash(persona: Any) -> None:
    key, plaintext = partner_key_create(
        actor=persona("admin"), name="Cổng Hà Tĩnh", organization=_org()
    )

    stored = PartnerKey.objects.get(pk=key.pk)
    assert len(plaintext) >= 40
    assert stored.key_hash == key_hash(plaintext)
    assert plaintext not in {stored.key_hash, stored.name}
    assert stored.key_prefix == plaintext[:8]
    assert partner_key_authenticate(plaintext) == stored
    event = AuditEvent.objects.get(action="open311.partner_key_create")
    assert event.actor == persona("admin")
    assert plaintext not in str(event.changes)
    assert key.key_hash not in str(event.changes)


def test_create_needs_a_name() -> None:
    with pytest.raises(ValidationFailed):
        partner_key_create(actor=None, name="  ", organization=_org())


def test_revoked_key_no_longer_authenticates_and_cannot_be_revoked_again(persona: Any) -> None:
    key, plaintext = partner_key_create(actor=None, name="App", organization=_org())

    partner_key_revoke(actor=persona("admin"), key=key)

    assert partner_key_authenticate(plaintext) is None
    assert AuditEvent.objects.filter(action="open311.partner_key_revoke").count() == 1
    with pytest.raises(InvalidTransition):
        partner_key_revoke(actor=persona("admin"), key=key)


def test_use_is_recorded(client: Any, api_key: str, partner_key: Any) -> None:
    assert partner_key[0].last_used_at is None

    client.post(f"{BASE}/requests.json", {**request_form(), "api_key": api_key})

    partner_key[0].refresh_from_db()
    assert partner_key[0].last_used_at is not None


def test_demo_key_is_created_once_for_hoanh_son(client: Any) -> None:
    first = ensure_demo_partner_key()
    second = ensure_demo_partner_key()

    assert first == second
    assert PartnerKey.objects.filter(key_hash=key_hash(DEMO_KEY)).count() == 1
    assert first.organization.code == "hoanhson-ubnd"
    response = client.post(f"{BASE}/requests.json", {**request_form(), "api_key": DEMO_KEY})
    assert response.status_code == 200


# ---------------------------------------------------------------- the admin


@pytest.fixture
def admin_client(client: Any, persona: Any) -> Any:
    client.force_login(persona("admin"))
    return client


def test_admin_creates_a_key_and_shows_it_once(admin_client: Any) -> None:
    response = admin_client.post(
        "/admin/open311/partnerkey/add/",
        {"name": "Zalo phường", "organization": _org().pk},
        follow=True,
    )

    assert response.status_code == 200
    key = PartnerKey.objects.get(name="Zalo phường")
    messages = [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]
    shown = [m for m in messages if key.key_prefix in m]
    assert shown, messages
    plaintext = next(word for word in shown[0].split() if word.startswith(key.key_prefix))
    assert partner_key_authenticate(plaintext) == key
    assert AuditEvent.objects.filter(
        action="open311.partner_key_create", target_id=str(key.pk)
    ).exists()
    # The change page shows no plaintext, and nothing is editable.
    page = admin_client.get(f"/admin/open311/partnerkey/{key.pk}/change/")
    assert page.status_code == 200
    assert plaintext not in page.content.decode()


def test_admin_revokes_keys(admin_client: Any) -> None:
    key, plaintext = partner_key_create(actor=None, name="App", organization=_org())

    response = admin_client.post(
        "/admin/open311/partnerkey/",
        {"action": "revoke", "_selected_action": [key.pk]},
        follow=True,
    )

    assert response.status_code == 200
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert partner_key_authenticate(plaintext) is None


def test_admin_cannot_delete_keys(admin_client: Any) -> None:
    key, _plaintext = partner_key_create(actor=None, name="App", organization=_org())

    response = admin_client.get(f"/admin/open311/partnerkey/{key.pk}/delete/")

    assert response.status_code == 403
