"""Writes of the citizen portal: a submission, a rating, an appointment.

Each is typed, keyword-only and atomic, and records an audit event with no actor (the citizen
is not a user) and no citizen identity in it. Messages to the citizen (tracking code,
appointment) are sent after the write, and a failure to send is logged, never fatal."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record
from danvan.core.errors import DomainError, InvalidTransition, ValidationFailed
from danvan.petitions import services as petition_services
from danvan.petitions.models import CitizenRating, Kind, Petition
from danvan.places.models import AdminUnit
from danvan.portal import limits, selectors
from danvan.portal.contact import is_valid_phone, normalize_phone, phone_hash
from danvan.portal.models import PortalSubmission, ReceptionAppointment, SubmissionKey
from danvan.receptions.models import ReceptionSession

logger = logging.getLogger(__name__)

PRIVACY_NOTICE_VERSION = "2026-1"
SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
PORTAL_KINDS = (Kind.COMPLAINT, Kind.DENUNCIATION, Kind.RECOMMENDATION, Kind.FEEDBACK)


@dataclass(frozen=True)
class Contact:
    full_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class SubmitResult:
    petition: Petition
    created: bool


def _now() -> dt.datetime:
    return timezone.now()


def _text(value: str | None, *, field: str, max_length: int, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(required, code="required", field=field)
    if len(value) > max_length:
        raise ValidationFailed(
            _("Quá dài (tối đa %(n)d ký tự).") % {"n": max_length}, code="too_long", field=field
        )
    return value


def _phone(value: str, *, field: str = "phone") -> str:
    phone = normalize_phone(value)
    if not phone:
        raise ValidationFailed(
            _("Hãy ghi số điện thoại để nhận và tra cứu mã hồ sơ."), code="required", field=field
        )
    if not is_valid_phone(phone):
        raise ValidationFailed(
            _("Số điện thoại không hợp lệ (ví dụ 0912 345 678)."),
            code="invalid_phone",
            field=field,
        )
    return phone


def _location(latitude: Decimal | None, longitude: Decimal | None) -> None:
    if (latitude is None) != (longitude is None):
        field = "longitude" if longitude is None else "latitude"
        raise ValidationFailed(
            _("Hãy ghi cả vĩ độ và kinh độ, hoặc để trống cả hai."),
            code="incomplete_location",
            field=field,
        )
    if latitude is not None and not Decimal(-90) <= latitude <= Decimal(90):
        raise ValidationFailed(
            _("Vĩ độ phải trong khoảng −90 đến 90."), code="invalid", field="latitude"
        )
    if longitude is not None and not Decimal(-180) <= longitude <= Decimal(180):
        raise ValidationFailed(
            _("Kinh độ phải trong khoảng −180 đến 180."), code="invalid", field="longitude"
        )


# ---------------------------------------------------------------- submitting a petition


def petition_submit(
    *,
    key: str,
    kind: str,
    commune: AdminUnit,
    village: AdminUnit | None,
    content: str,
    contact: Contact,
    consent: bool,
    anonymous: bool = False,
    title: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    files: Sequence[IO[bytes]] = (),
) -> SubmitResult:
    """Register a petition sent through the portal (channel "web") with the People's
    Committee of the commune, once per submission key: the same key again returns the
    petition the first submission registered."""
    if not SUBMISSION_KEY.match(key or ""):
        raise ValidationFailed(
            _("Biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại."),
            code="invalid_submission_key",
        )
    # The key is stored with the petition, under a unique constraint: a key already used makes
    # the registration roll back, and the first petition is returned. (The portal's view looks
    # the key up before anything else, so this is only reached when two posts race.)
    try:
        petition = _register(
            key=key,
            kind=kind,
            commune=commune,
            village=village,
            content=content,
            contact=contact,
            consent=consent,
            anonymous=anonymous,
            title=title,
            latitude=latitude,
            longitude=longitude,
            files=files,
        )
    except IntegrityError:
        # The same form, posted twice at once: the other request registered it.
        existing = SubmissionKey.objects.filter(key=key).select_related("petition").first()
        if existing is None:
            raise
        return SubmitResult(petition=existing.petition, created=False)
    return SubmitResult(petition=petition, created=True)


def _with_location(
    content: str, kind: str, latitude: Decimal | None, longitude: Decimal | None
) -> str:
    # The point is kept on the submission; non-confidential kinds also show it in the text
    # the officers read (a denouncer's whereabouts stay out of the case text).
    if latitude is None or longitude is None or kind == Kind.DENUNCIATION:
        return content
    return (
        content
        + "\n\n"
        + _("[Vị trí người gửi đánh dấu trên bản đồ: %(lat)s, %(lon)s]")
        % {
            "lat": latitude,
            "lon": longitude,
        }
    )


@transaction.atomic
def _register(
    *,
    key: str,
    kind: str,
    commune: AdminUnit,
    village: AdminUnit | None,
    content: str,
    contact: Contact,
    consent: bool,
    anonymous: bool,
    title: str,
    latitude: Decimal | None,
    longitude: Decimal | None,
    files: Sequence[IO[bytes]],
) -> Petition:
    if kind not in PORTAL_KINDS:
        raise ValidationFailed(_("Hãy chọn loại đơn."), code="invalid_kind", field="kind")
    if anonymous and kind != Kind.FEEDBACK:
        raise ValidationFailed(
            _(
                "Chỉ được gửi phản ánh không ghi tên; khiếu nại, tố cáo, kiến nghị cần ghi rõ "
                "họ tên."
            ),
            code="anonymous_not_allowed",
            field="anonymous",
        )
    if commune.level != AdminUnit.Level.COMMUNE or not commune.is_current:
        raise ValidationFailed(_("Hãy chọn xã, phường."), code="invalid_unit", field="commune")
    if village is not None and (village.parent_id != commune.pk or not village.is_current):
        raise ValidationFailed(
            _("Thôn, tổ dân phố không thuộc xã, phường đã chọn."),
            code="village_not_in_commune",
            field="village",
        )
    organization = selectors.receiving_organization(commune)
    if organization is None:
        raise ValidationFailed(
            _("Xã, phường này chưa tiếp nhận đơn qua cổng thông tin."),
            code="no_receiving_organization",
            field="commune",
        )
    content = _text(
        content,
        field="content",
        max_length=limits.max_content(),
        required=_("Hãy ghi nội dung đơn."),
    )
    title = _text(title, field="title", max_length=200)
    phone = _phone(contact.phone)
    email = _text(contact.email, field="email", max_length=254)
    full_name = _text(
        contact.full_name,
        field="full_name",
        max_length=150,
        required="" if anonymous else _("Hãy ghi họ và tên."),
    )
    address = _text(contact.address, field="address", max_length=255)
    _location(latitude, longitude)
    if len(files) > limits.max_files():
        raise ValidationFailed(
            _("Chỉ gửi được tối đa %(n)d tệp.") % {"n": limits.max_files()},
            code="too_many_files",
            field="attachments",
        )
    if not consent:
        raise ValidationFailed(
            _("Hãy đồng ý cho cơ quan xử lý dữ liệu cá nhân để gửi đơn."),
            code="consent_required",
            field="consent",
        )
    petitioners = (
        []
        if anonymous
        else [petition_services.PetitionerInput(full_name=full_name, address=address, phone=phone)]
    )
    try:
        petition = petition_services.petition_register(
            actor=None,
            organization=organization,
            kind=kind,
            channel="web",
            received_on=timezone.localdate(),
            content=_with_location(content, kind, latitude, longitude),
            title=title or _title_from(content),
            admin_unit=village or commune,
            petitioners=petitioners,
            anonymous=anonymous,
        )
    except ValidationFailed as error:
        raise ValidationFailed(
            error.message, code=error.code, field=_portal_field(error.field)
        ) from error
    # Before any file is stored: a key used already stops here.
    SubmissionKey.objects.create(key=key, petition=petition)
    for upload in files:
        try:
            petition_services.attachment_add(
                actor=None,
                petition=petition,
                name=getattr(upload, "name", "") or "",
                content=upload,
            )
        except ValidationFailed as error:
            name = getattr(upload, "name", "") or ""
            raise ValidationFailed(
                f"{name}: {error.message}", code=error.code, field="attachments"
            ) from error
    PortalSubmission.objects.create(
        petition=petition,
        phone_hash=phone_hash(phone),
        latitude=latitude,
        longitude=longitude,
        consent_at=_now(),
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
    )
    audit_record(
        actor=None,
        action="portal.submit",
        target=petition,
        after={
            "kind": kind,
            "anonymous": anonymous,
            "attachments": len(files),
            "location": latitude is not None,
            "email_given": bool(email),
            "privacy_notice": PRIVACY_NOTICE_VERSION,
        },
    )
    return petition


def _title_from(content: str, length: int = 120) -> str:
    """The first words of the citizen's own text (never the location line added to it)."""
    text = " ".join(content.split())
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"


def _portal_field(field: str | None) -> str | None:
    """The portal form's field for a field named by the petitions service."""
    if not field:
        return None
    if field.startswith("petitioners"):
        name = field.rsplit(".", 1)[-1]
        return name if name in {"full_name", "phone", "address"} else "full_name"
    return {"admin_unit": "commune", "received_on": None}.get(field, field)


# ---------------------------------------------------------------- messages to the citizen


def _send(*, channel: str, to: str, subject: str, body: str) -> bool:
    """Send through the messaging interface; log (without the address) and go on on failure."""
    try:
        from danvan.messaging.services import message_send

        message_send(channel=channel, to=to, subject=subject, body=body)
    except Exception:
        logger.warning("portal: could not send a %s message", channel, exc_info=True)
        return False
    return True


def tracking_code_send(
    *, petition: Petition, phone: str, email: str = "", track_url: str = ""
) -> int:
    """Send the tracking code by SMS (and e-mail when given). Returns how many went out.
    The message carries no content of the petition."""
    subject = _("Mã tra cứu đơn của bạn: %(code)s") % {"code": petition.tracking_code}
    body = _(
        "%(organization)s đã nhận đơn của bạn ngày %(date)s. Mã tra cứu: %(code)s. "
        "Tra cứu bằng mã này và số điện thoại của bạn tại %(url)s"
    ) % {
        "organization": petition.organization.name,
        "date": petition.received_on.strftime("%d/%m/%Y"),
        "code": petition.tracking_code,
        "url": track_url,
    }
    sent = 0
    if phone:
        sent += _send(channel="sms", to=normalize_phone(phone), subject=subject, body=body)
    if email:
        sent += _send(channel="email", to=email, subject=subject, body=body)
    return sent


def appointment_confirmation_send(*, appointment: ReceptionAppointment) -> bool:
    session = appointment.session
    body = _(
        "Đã đặt lịch tiếp công dân %(code)s: %(date)s, %(time)s tại %(place)s (%(organization)s)."
    ) % {
        "code": appointment.public_id,
        "date": session.date.strftime("%d/%m/%Y"),
        "time": session.time_from.strftime("%H:%M"),
        "place": session.place,
        "organization": session.organization.name,
    }
    return _send(
        channel="sms",
        to=appointment.phone,
        subject=_("Lịch tiếp công dân"),
        body=body,
    )


# ---------------------------------------------------------------- rating the answer


@transaction.atomic
def answer_rate(*, petition: Petition, value: str, comment: str = "") -> CitizenRating:
    """The citizen, having proved the case is theirs, rates the answer. "Not satisfied"
    reopens the case for its head (petitions.services.petition_rate audits it)."""
    comment = _text(comment, field="comment", max_length=2000)
    try:
        return petition_services.petition_rate(petition=petition, value=value, comment=comment)
    except InvalidTransition:
        raise
    except DomainError as error:
        raise ValidationFailed(error.message, code=error.code, field=error.field) from error


# ---------------------------------------------------------------- reception appointments


@transaction.atomic
def appointment_book(
    *,
    session: ReceptionSession,
    full_name: str,
    phone: str,
    topic: str,
    now: dt.datetime | None = None,
) -> ReceptionAppointment:
    """Book a place in a published, planned, future reception session: at most
    PORTAL_APPOINTMENTS_PER_SESSION places, one per phone number."""
    locked = ReceptionSession.objects.select_for_update().get(pk=session.pk)
    moment = timezone.localtime(now or _now())
    future = locked.date > moment.date() or (
        locked.date == moment.date() and locked.time_from > moment.time()
    )
    if not (locked.published and locked.status == ReceptionSession.Status.PLANNED and future):
        raise InvalidTransition(
            _("Buổi tiếp công dân này không còn nhận đặt lịch."), code="session_not_bookable"
        )
    full_name = _text(
        full_name, field="full_name", max_length=150, required=_("Hãy ghi họ và tên.")
    )
    phone = _phone(phone)
    topic = _text(
        topic,
        field="topic",
        max_length=2000,
        required=_("Hãy ghi tóm tắt nội dung cần trình bày."),
    )
    booked = ReceptionAppointment.objects.filter(
        session=locked, status=ReceptionAppointment.Status.BOOKED
    )
    if booked.filter(phone=phone).exists():
        raise ValidationFailed(
            _("Số điện thoại này đã đặt lịch cho buổi tiếp này."),
            code="already_booked",
            field="phone",
        )
    if booked.count() >= limits.appointments_per_session():
        raise InvalidTransition(
            _("Buổi tiếp công dân này đã đủ số người đặt lịch."), code="session_full"
        )
    appointment = ReceptionAppointment.objects.create(
        session=locked, full_name=full_name, phone=phone, topic=topic
    )
    audit_record(
        actor=None,
        action="portal.appointment_book",
        target=appointment,
        after={"session": locked.public_id, "status": appointment.status},
    )
    return appointment
