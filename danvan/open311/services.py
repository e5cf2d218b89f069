"""Writes of the Open311 app: partners' keys and the requests they submit.

A request becomes a `feedback` petition registered through `petition_register` (number,
tracking code, deadlines, duplicates), for the organisation the partner's key belongs to."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.open311.models import Open311Request, PartnerKey
from danvan.organizations.models import Organization
from danvan.petitions.models import Channel, Kind, Petition, Topic
from danvan.petitions.services import PetitionerInput, petition_register
from danvan.places.models import AdminUnit

DEMO_KEY = "danvan-demo-open311"
DEMO_KEY_NAME = "Đối tác thử nghiệm (demo)"
DEMO_ORGANIZATION = "hoanhson-ubnd"
KEY_PREFIX_LENGTH = 8


def key_hash(plaintext: str) -> str:
    """What is stored for a key: its SHA-256 (keys are long random strings, so a fast hash
    is enough; a leaked table does not give the keys)."""
    return hashlib.sha256(plaintext.encode("utf-8", "surrogatepass")).hexdigest()


def _new_plaintext() -> str:
    return f"o311_{secrets.token_urlsafe(30)}"


def _audit_key(actor: Any, key: PartnerKey, action: str) -> None:
    audit_record(
        actor=actor,
        action=f"open311.partner_key_{action}",
        target=key,
        after={
            "name": key.name,
            "organization": key.organization.code,
            "key_prefix": key.key_prefix,
            "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
        },
    )


def _create_key(*, actor: Any, name: str, organization: Organization, plaintext: str) -> PartnerKey:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Hãy đặt tên cho đối tác."), code="required", field="name")
    key = PartnerKey.objects.create(
        name=name[:150],
        organization=organization,
        key_prefix=plaintext[:KEY_PREFIX_LENGTH],
        key_hash=key_hash(plaintext),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _audit_key(actor, key, "create")
    return key


@transaction.atomic
def partner_key_create(
    *, actor: Any, name: str, organization: Organization
) -> tuple[PartnerKey, str]:
    """A new key for a partner; returns the key and its plaintext, which is shown only now."""
    plaintext = _new_plaintext()
    return _create_key(actor=actor, name=name, organization=organization, plaintext=plaintext), (
        plaintext
    )


@transaction.atomic
def partner_key_revoke(*, actor: Any, key: PartnerKey) -> PartnerKey:
    """Revoke a key: from now on its requests are refused (403). Revoking twice is refused."""
    key = PartnerKey.objects.select_for_update().select_related("organization").get(pk=key.pk)
    if key.revoked_at is not None:
        raise InvalidTransition(_("Khóa này đã bị thu hồi."), code="already_revoked")
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at", "updated_at"])
    _audit_key(actor, key, "revoke")
    return key


def partner_key_authenticate(plaintext: str) -> PartnerKey | None:
    """The active key with this plaintext, or None (unknown or revoked)."""
    if not plaintext or len(plaintext) > 200:
        return None
    key = (
        PartnerKey.objects.active()
        .select_related("organization")
        .filter(key_hash=key_hash(plaintext))
        .first()
    )
    if key is not None:
        # Bookkeeping, not a change of the key: not audited.
        key.last_used_at = timezone.now()
        PartnerKey.objects.filter(pk=key.pk).update(last_used_at=key.last_used_at)
    return key


@transaction.atomic
def ensure_demo_partner_key() -> PartnerKey:
    """The demo partner's key `danvan-demo-open311`, bound to the People's Committee of
    Phường Hoành Sơn; created once (a second call returns the same key)."""
    existing = PartnerKey.objects.filter(key_hash=key_hash(DEMO_KEY)).first()
    if existing is not None:
        return existing
    organization = Organization.objects.get(code=DEMO_ORGANIZATION)
    return _create_key(
        actor=None, name=DEMO_KEY_NAME, organization=organization, plaintext=DEMO_KEY
    )


# ---------------------------------------------------------------- requests


@dataclass(frozen=True)
class RequestInput:
    """A checked service request (the view parses and checks the form; this is the result)."""

    topic: Topic
    description: str
    lat: float | None = None
    long: float | None = None
    address_string: str = ""
    address_id: str = ""
    ward: AdminUnit | None = None
    village: str = ""
    email: str = ""
    phone: str = ""
    first_name: str = ""
    last_name: str = ""
    device_id: str = ""
    account_id: str = ""
    media_url: str = ""

    @property
    def full_name(self) -> str:
        """A Vietnamese name is written family name first: last_name (họ, tên đệm), then
        first_name (tên)."""
        return " ".join(part for part in (self.last_name, self.first_name) if part)


def _jurisdiction_units(organization: Organization) -> list[AdminUnit]:
    return list(organization.jurisdiction.order_by("path"))


def _content(data: RequestInput, partner: PartnerKey, ward: AdminUnit | None) -> str:
    """The petition's content: the description and where. Contact details stay out of it
    (content is searchable and shown to every officer who sees the case)."""
    lines = [data.description, ""]
    if data.address_string:
        lines.append(_("Địa điểm: %(address)s") % {"address": data.address_string})
    if data.village:
        lines.append(_("Thôn, tổ dân phố: %(village)s") % {"village": data.village})
    if ward is not None:
        lines.append(_("Xã, phường: %(ward)s") % {"ward": ward.name})
    if data.lat is not None and data.long is not None:
        lines.append(_("Tọa độ: %(lat)s, %(long)s") % {"lat": data.lat, "long": data.long})
    if data.address_id:
        lines.append(_("Mã địa chỉ: %(id)s") % {"id": data.address_id})
    if data.media_url:
        lines.append(_("Ảnh, tệp đính kèm: %(url)s") % {"url": data.media_url})
    lines.append(_("Gửi qua Open311, đối tác: %(partner)s") % {"partner": partner.name})
    return "\n".join(lines).strip()


@transaction.atomic
def open311_request_create(*, partner: PartnerKey, data: RequestInput) -> Open311Request:
    """Register the request as a feedback petition of the partner's organisation.

    The place is the ward the partner gave if it lies in the organisation's jurisdiction,
    else the organisation's own unit. Without a name the petition is anonymous."""
    from danvan.places.selectors import unit_ids_within

    organization = partner.organization
    units = _jurisdiction_units(organization)
    admin_unit = units[0] if units else None
    if data.ward is not None and data.ward.pk in unit_ids_within(units):
        admin_unit = data.ward
    full_name = data.full_name
    petitioners = [PetitionerInput(full_name=full_name, phone=data.phone)] if full_name else []
    petition: Petition = petition_register(
        actor=None,
        organization=organization,
        kind=Kind.FEEDBACK,
        channel=Channel.WEB,
        received_on=timezone.localdate(),
        content=_content(data, partner, data.ward),
        admin_unit=admin_unit,
        petitioners=petitioners,
        anonymous=not petitioners,
        topic=data.topic,
    )
    request = Open311Request.objects.create(
        petition=petition,
        partner=partner,
        topic=data.topic,
        description=data.description,
        lat=data.lat,
        long=data.long,
        address_string=data.address_string,
        address_id=data.address_id,
        ward=data.ward,
        village=data.village,
        email=data.email,
        phone=data.phone,
        device_id=data.device_id,
        account_id=data.account_id,
        media_url=data.media_url,
    )
    audit_record(
        actor=None,
        action="open311.request_create",
        target=request,
        after={"petition": petition.public_id, "partner": partner.key_prefix},
        note=partner.name,
    )
    return request
