"""Writes on citizen reception: the schedule, the register, and petitions from visits.

Every service is atomic and records one audit event. Permission checks (who may plan or
record) are the callers' (views, API, admin), through `danvan.receptions.rules`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.core.text import fold
from danvan.organizations.counters import next_number
from danvan.organizations.models import Membership, Organization
from danvan.petitions.models import Channel, Petition, Topic
from danvan.petitions.selectors import visible_petitions
from danvan.petitions.services import ID_NUMBER, PHONE, PetitionerInput, petition_register
from danvan.places.models import AdminUnit
from danvan.receptions.models import (
    ReceptionCounter,
    ReceptionDuty,
    ReceptionSession,
    ReceptionVisit,
    VisitPerson,
)
from danvan.receptions.selectors import visit_identity_visible

SESSION_FIELDS = (
    "organization",
    "receiver",
    "receiver_title",
    "date",
    "time_from",
    "time_to",
    "place",
    "kind",
    "admin_unit",
    "note",
    "status",
    "published",
    "held_note",
    "cancel_reason",
)
VISIT_FIELDS = (
    "organization",
    "visited_on",
    "session",
    "admin_unit",
    "content",
    "previous_handling",
    "request",
    "outcome",
    "outcome_text",
    "collective",
    "people_count",
    "received_by",
)
DUTY_FIELDS = (
    "code",
    "title",
    "organization_kind",
    "organization_level",
    "membership_role",
    "title_contains",
    "minimum_count",
    "period",
    "source",
    "note",
    "valid_from",
    "valid_to",
    "is_active",
)
COLLECTIVE_THRESHOLD = 5  # Circular 05/2021/TT-TTCP: 5 or more people
MAX_CONTENT = 20_000
MAX_PEOPLE = 1000
EARLIEST_DATE = dt.date(1990, 1, 1)


@dataclass(frozen=True)
class PersonInput:
    """A person who came to the reception."""

    full_name: str
    address: str = ""
    id_number: str = ""
    phone: str = ""
    is_representative: bool = False


# ---------------------------------------------------------------- helpers


def _today() -> dt.date:
    return timezone.localdate()


def _text(value: str | None, *, field: str, max_length: int, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(required, code="required", field=field)
    if len(value) > max_length:
        raise ValidationFailed(
            _("Quá dài (tối đa %(n)d ký tự).") % {"n": max_length}, code="too_long", field=field
        )
    return value


def _check_past_date(day: dt.date, *, field: str) -> None:
    if day > _today():
        raise ValidationFailed(
            _("Ngày không được ở tương lai."), code="date_in_future", field=field
        )
    if day < EARLIEST_DATE:
        raise ValidationFailed(_("Ngày quá xa trong quá khứ."), code="date_too_early", field=field)


def _membership(user: Any, organization: Organization, day: dt.date) -> Membership | None:
    return (
        Membership.objects.active(day)
        .filter(user=user, organization=organization)
        .order_by("role")
        .first()
    )


def _default_unit(organization: Organization) -> AdminUnit | None:
    units = list(organization.jurisdiction.all()[:2])
    return units[0] if len(units) == 1 else None


# ---------------------------------------------------------------- schedule


def _validate_session(session: ReceptionSession) -> None:
    if session.date.year < EARLIEST_DATE.year or session.date.year > _today().year + 5:
        raise ValidationFailed(_("Ngày tiếp không hợp lệ."), code="invalid_date", field="date")
    if session.time_to <= session.time_from:
        raise ValidationFailed(
            _("Giờ kết thúc phải sau giờ bắt đầu."), code="invalid_time_range", field="time_to"
        )
    if session.kind not in ReceptionSession.Kind.values:
        raise ValidationFailed(_("Hình thức tiếp không hợp lệ."), code="invalid", field="kind")
    if _membership(session.receiver, session.organization, session.date) is None:
        raise ValidationFailed(
            _("Người tiếp phải đang công tác tại %(org)s vào ngày tiếp.")
            % {"org": session.organization.name},
            code="receiver_not_member",
            field="receiver",
        )
    overlapping = (
        ReceptionSession.objects.filter(
            receiver=session.receiver,
            date=session.date,
            time_from__lt=session.time_to,
            time_to__gt=session.time_from,
        )
        .exclude(status=ReceptionSession.Status.CANCELLED)
        .exclude(pk=session.pk)
    )
    if overlapping.exists():
        raise ValidationFailed(
            _("Người tiếp đã có lịch tiếp công dân trùng giờ trong ngày này."),
            code="overlapping_session",
            field="time_from",
        )


def _locked_session(session: ReceptionSession) -> ReceptionSession:
    list(ReceptionSession.objects.select_for_update().filter(pk=session.pk).values_list("pk"))
    session.refresh_from_db()
    return session


@transaction.atomic
def reception_session_plan(
    *,
    actor: Any,
    organization: Organization,
    receiver: Any,
    date: dt.date,
    time_from: dt.time,
    time_to: dt.time,
    place: str,
    kind: str = ReceptionSession.Kind.REGULAR,
    receiver_title: str = "",
    admin_unit: AdminUnit | None = None,
    note: str = "",
    published: bool = False,
) -> ReceptionSession:
    """Put a reception day on the schedule."""
    place = _text(
        place, field="place", max_length=255, required=_("Hãy ghi địa điểm tiếp công dân.")
    )
    session = ReceptionSession(
        organization=organization,
        receiver=receiver,
        date=date,
        time_from=time_from,
        time_to=time_to,
        place=place,
        kind=kind,
        admin_unit=admin_unit or _default_unit(organization),
        note=_text(note, field="note", max_length=5000),
        published=published,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validate_session(session)
    membership = _membership(receiver, organization, date)
    session.receiver_title = _text(receiver_title, field="receiver_title", max_length=150) or (
        membership.title if membership else ""
    )
    session.save()
    audit_record(
        actor=actor,
        action="reception_session.plan",
        target=session,
        after=snapshot(session, SESSION_FIELDS),
    )
    return session


SESSION_EDITABLE = (
    "receiver",
    "receiver_title",
    "date",
    "time_from",
    "time_to",
    "place",
    "kind",
    "admin_unit",
    "note",
    "published",
)


@transaction.atomic
def reception_session_update(
    *, actor: Any, session: ReceptionSession, **changes: Any
) -> ReceptionSession:
    """Change a planned session (receiver, time, place, kind, note, published). A held
    session may only change whether it is published."""
    unknown = set(changes) - set(SESSION_EDITABLE)
    if unknown:
        raise ValidationFailed(
            _("Không sửa được trường %(f)s.") % {"f": ", ".join(sorted(unknown))},
            code="invalid_field",
        )
    session = _locked_session(session)
    if session.status == ReceptionSession.Status.CANCELLED or (
        session.status == ReceptionSession.Status.HELD and set(changes) - {"published"}
    ):
        raise InvalidTransition(
            _("Chỉ sửa được lịch tiếp chưa diễn ra."), code="session_not_editable"
        )
    before = snapshot(session, SESSION_FIELDS)
    for name, value in changes.items():
        if name in ("place", "note", "receiver_title"):
            value = _text(value, field=name, max_length=5000 if name == "note" else 255)
        setattr(session, name, value)
    if not session.place:
        raise ValidationFailed(_("Hãy ghi địa điểm tiếp công dân."), code="required", field="place")
    if "receiver" in changes and "receiver_title" not in changes:
        membership = _membership(session.receiver, session.organization, session.date)
        session.receiver_title = membership.title if membership else ""
    if session.status == ReceptionSession.Status.PLANNED:
        _validate_session(session)
    after = snapshot(session, SESSION_FIELDS)
    changed = [name for name in SESSION_FIELDS if before[name] != after[name]]
    if not changed:
        return session
    session.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor, action="reception_session.update", target=session, before=before, after=after
    )
    return session


@transaction.atomic
def reception_session_cancel(
    *, actor: Any, session: ReceptionSession, reason: str
) -> ReceptionSession:
    """Cancel a planned session, with the reason (it stays on the schedule, struck out)."""
    reason = _text(reason, field="reason", max_length=2000, required=_("Hãy ghi lý do hủy."))
    session = _locked_session(session)
    if session.status != ReceptionSession.Status.PLANNED:
        raise InvalidTransition(
            _("Chỉ hủy được lịch tiếp chưa diễn ra."), code="session_not_planned"
        )
    before = snapshot(session, SESSION_FIELDS)
    session.status = ReceptionSession.Status.CANCELLED
    session.cancel_reason = reason
    session.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="reception_session.cancel",
        target=session,
        before=before,
        after=snapshot(session, SESSION_FIELDS),
    )
    return session


@transaction.atomic
def reception_session_hold(
    *, actor: Any, session: ReceptionSession, held_note: str = ""
) -> ReceptionSession:
    """Record that the reception took place (on its date, which must not be in the future)."""
    session = _locked_session(session)
    if session.status != ReceptionSession.Status.PLANNED:
        raise InvalidTransition(
            _("Chỉ ghi nhận đã tiếp cho lịch đang chờ."), code="session_not_planned"
        )
    if session.date > _today():
        raise ValidationFailed(
            _("Chưa đến ngày tiếp; không thể ghi nhận đã tiếp."),
            code="date_in_future",
            field="date",
        )
    before = snapshot(session, SESSION_FIELDS)
    session.status = ReceptionSession.Status.HELD
    session.held_note = _text(held_note, field="held_note", max_length=5000)
    session.save(update_fields=["status", "held_note", "updated_at"])
    audit_record(
        actor=actor,
        action="reception_session.hold",
        target=session,
        before=before,
        after=snapshot(session, SESSION_FIELDS),
    )
    return session


# ---------------------------------------------------------------- duties (legal data)


def _validate_duty(duty: ReceptionDuty) -> None:
    if not (duty.code or "").strip():
        raise ValidationFailed(_("Hãy ghi mã định mức."), code="required", field="code")
    if not duty.minimum_count or duty.minimum_count < 1:
        raise ValidationFailed(
            _("Số ngày tối thiểu phải từ 1 trở lên."), code="invalid", field="minimum_count"
        )
    limit = 7 if duty.period == ReceptionDuty.Period.WEEK else 31
    if duty.minimum_count > limit:
        raise ValidationFailed(
            _("Số ngày tối thiểu vượt quá số ngày của kỳ."), code="invalid", field="minimum_count"
        )
    if not (duty.source or "").strip():
        raise ValidationFailed(_("Hãy ghi căn cứ pháp lý."), code="required", field="source")
    if duty.valid_from and duty.valid_to and duty.valid_to < duty.valid_from:
        raise ValidationFailed(
            _("Ngày hết áp dụng phải sau ngày bắt đầu áp dụng."),
            code="invalid_range",
            field="valid_to",
        )


@transaction.atomic
def reception_duty_create(*, actor: Any, **values: Any) -> ReceptionDuty:
    if set(values) - set(DUTY_FIELDS):
        raise ValidationFailed(_("Trường không hợp lệ."), code="invalid_field")
    duty = ReceptionDuty(**values)
    _validate_duty(duty)
    if ReceptionDuty.objects.filter(code=duty.code).exists():
        raise ValidationFailed(_("Mã định mức đã tồn tại."), code="duplicate", field="code")
    duty.save()
    audit_record(
        actor=actor,
        action="reception_duty.create",
        target=duty,
        after=snapshot(duty, DUTY_FIELDS),
    )
    return duty


@transaction.atomic
def reception_duty_update(*, actor: Any, duty: ReceptionDuty, **changes: Any) -> ReceptionDuty:
    if set(changes) - (set(DUTY_FIELDS) - {"code"}):
        raise ValidationFailed(_("Trường không hợp lệ."), code="invalid_field")
    duty = ReceptionDuty.objects.select_for_update().get(pk=duty.pk)
    before = snapshot(duty, DUTY_FIELDS)
    for name, value in changes.items():
        setattr(duty, name, value)
    _validate_duty(duty)
    after = snapshot(duty, DUTY_FIELDS)
    changed = [name for name in DUTY_FIELDS if before[name] != after[name]]
    if changed:
        duty.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor, action="reception_duty.update", target=duty, before=before, after=after
        )
    return duty


# ---------------------------------------------------------------- the register


def _clean_people(people: Sequence[PersonInput]) -> list[PersonInput]:
    if not people:
        raise ValidationFailed(
            _("Hãy ghi ít nhất một người đến."), code="people_required", field="people"
        )
    if len(people) > MAX_PEOPLE:
        raise ValidationFailed(_("Quá nhiều người."), code="too_many", field="people")
    cleaned = []
    for index, person in enumerate(people):
        prefix = f"people[{index}]"
        name = _text(
            person.full_name,
            field=f"{prefix}.full_name",
            max_length=150,
            required=_("Hãy ghi họ và tên người đến."),
        )
        phone = (person.phone or "").strip()
        if phone and not PHONE.match(phone):
            raise ValidationFailed(
                _("Số điện thoại không hợp lệ."), code="invalid_phone", field=f"{prefix}.phone"
            )
        id_number = (person.id_number or "").strip()
        if id_number and not ID_NUMBER.match(id_number):
            raise ValidationFailed(
                _("Số định danh cá nhân phải gồm 9 hoặc 12 chữ số."),
                code="invalid_id_number",
                field=f"{prefix}.id_number",
            )
        cleaned.append(
            PersonInput(
                full_name=name,
                address=_text(person.address, field=f"{prefix}.address", max_length=255),
                id_number=id_number,
                phone=re.sub(r"[ .-]", "", phone),
                is_representative=bool(person.is_representative),
            )
        )
    return cleaned


def representative_limit(people_count: int) -> int | None:
    """How many representatives a group may send: 1–2 for 5–10 people, at most 5 above 10
    (Law on Citizen Reception Art. 30; Law on Complaints Art. 8(4)); None below 5."""
    if people_count < COLLECTIVE_THRESHOLD:
        return None
    return 2 if people_count <= 10 else 5


def _check_group(people: Sequence[PersonInput], people_count: int) -> None:
    limit = representative_limit(people_count)
    if limit is None:
        return
    representatives = sum(1 for person in people if person.is_representative)
    if representatives == 0:
        raise ValidationFailed(
            _("Đoàn đông người (%(n)d người) phải cử người đại diện; hãy đánh dấu người đại diện.")
            % {"n": people_count},
            code="representative_required",
            field="people",
        )
    if representatives > limit:
        raise ValidationFailed(
            _("Đoàn %(n)d người chỉ được cử tối đa %(limit)d người đại diện.")
            % {"n": people_count, "limit": limit},
            code="too_many_representatives",
            field="people",
        )


def _next_number(organization: Organization, year: int) -> int:
    return next_number(ReceptionCounter, organization=organization, year=year)


def search_text_for(visit: ReceptionVisit) -> str:
    """The folded text anyone who reads the visit may search: never the people in it, since
    the visitor may be (or become) a denouncer."""
    parts = [visit.register_label, visit.content, visit.request]
    return fold(" ".join(part for part in parts if part))


def identity_text_for(people: Sequence[PersonInput | VisitPerson]) -> str:
    """The folded names, addresses, ID numbers and phones of the people, searched only where
    the reader may see them (`selectors.identity_visible_q`)."""
    parts: list[str] = []
    for person in people:
        parts += [person.full_name, person.address, person.id_number, person.phone]
    return fold(" ".join(part for part in parts if part))


@transaction.atomic
def reception_visit_create(
    *,
    actor: Any,
    organization: Organization,
    visited_on: dt.date,
    people: Sequence[PersonInput],
    content: str,
    outcome: str,
    request: str = "",
    previous_handling: str = "",
    outcome_text: str = "",
    session: ReceptionSession | None = None,
    admin_unit: AdminUnit | None = None,
    people_count: int | None = None,
    received_by: Any = None,
) -> ReceptionVisit:
    """Enter a visit in the reception register with the next serial number of the year."""
    _check_past_date(visited_on, field="visited_on")
    content = _text(
        content, field="content", max_length=MAX_CONTENT, required=_("Hãy ghi nội dung vụ việc.")
    )
    if outcome not in ReceptionVisit.Outcome.values:
        raise ValidationFailed(
            _("Hãy chọn kết quả tiếp công dân."), code="invalid_outcome", field="outcome"
        )
    cleaned = _clean_people(people)
    if people_count is not None and (people_count < 1 or people_count > 100_000):
        raise ValidationFailed(_("Số người không hợp lệ."), code="invalid", field="people_count")
    count = max(people_count or 0, len(cleaned))
    _check_group(cleaned, count)
    if session is not None:
        if session.organization_id != organization.pk:
            raise ValidationFailed(
                _("Buổi tiếp thuộc cơ quan khác."),
                code="session_other_organization",
                field="session",
            )
        if session.status == ReceptionSession.Status.CANCELLED:
            raise ValidationFailed(
                _("Buổi tiếp đã bị hủy."), code="session_cancelled", field="session"
            )
        if session.date != visited_on:
            raise ValidationFailed(
                _("Ngày tiếp phải trùng với ngày của buổi tiếp (%(date)s).")
                % {"date": session.date.strftime("%d/%m/%Y")},
                code="date_not_session_date",
                field="visited_on",
            )
    speaker = next((p for p in cleaned if p.is_representative), cleaned[0])
    if received_by is None and getattr(actor, "is_authenticated", False):
        received_by = actor
    visit = ReceptionVisit(
        organization=organization,
        register_year=visited_on.year,
        visited_on=visited_on,
        session=session,
        admin_unit=admin_unit
        or (session.admin_unit if session else None)
        or _default_unit(organization),
        full_name=speaker.full_name,
        address=speaker.address,
        id_number=speaker.id_number,
        phone=speaker.phone,
        content=content,
        previous_handling=_text(previous_handling, field="previous_handling", max_length=10_000),
        request=_text(request, field="request", max_length=10_000),
        outcome=outcome,
        outcome_text=_text(outcome_text, field="outcome_text", max_length=10_000),
        collective=count >= COLLECTIVE_THRESHOLD,
        people_count=count,
        received_by=received_by,
    )
    visit.number = _next_number(organization, visited_on.year)
    visit.search_text = search_text_for(visit)
    visit.identity_text = identity_text_for(cleaned)
    visit.save()
    VisitPerson.objects.bulk_create(
        [
            VisitPerson(
                visit=visit,
                position=index,
                full_name=person.full_name,
                address=person.address,
                id_number=person.id_number,
                phone=person.phone,
                is_representative=person.is_representative,
            )
            for index, person in enumerate(cleaned)
        ]
    )
    after = snapshot(visit, VISIT_FIELDS)
    after["number"] = visit.register_label
    after["people_listed"] = len(cleaned)
    audit_record(actor=actor, action="reception_visit.create", target=visit, after=after)
    return visit


@transaction.atomic
def reception_visit_create_petition(
    *,
    actor: Any,
    visit: ReceptionVisit,
    kind: str,
    content: str,
    title: str = "",
    admin_unit: AdminUnit | None = None,
    complex: bool = False,
    remote_area: bool = False,
    topic: Topic | None = None,
) -> Petition:
    """Register a petition from what the citizen said or handed in at the visit: channel
    in person, received on the visit's date, the visit's people as petitioners.

    The people are copied into the petition, so an actor who may not see them (the visit is
    already linked to a denunciation they are not entitled to) cannot do this: they would
    pass on an identity the law withholds from them. A denunciation registered here makes
    the visit's people confidential from then on (`selectors.visit_identity_visible`)."""
    if getattr(actor, "is_authenticated", False) and not visit_identity_visible(actor, visit):
        raise ValidationFailed(
            _(
                "Lượt tiếp này gắn với đơn tố cáo; danh tính người đến được giữ bí mật. Chỉ "
                "người tiếp hoặc cán bộ được giao xử lý đơn tố cáo mới vào sổ đơn từ lượt tiếp."
            ),
            code="identity_protected",
            field="kind",
        )
    people = list(visit.people.all())
    petition = petition_register(
        actor=actor,
        organization=visit.organization,
        kind=kind,
        channel=Channel.IN_PERSON,
        received_on=visit.visited_on,
        content=content,
        title=title,
        admin_unit=admin_unit or visit.admin_unit,
        petitioners=[
            PetitionerInput(
                full_name=person.full_name,
                address=person.address,
                phone=person.phone,
                id_number=person.id_number,
                is_representative=person.is_representative,
            )
            for person in people
        ],
        signatory_count=visit.people_count,
        complex=complex,
        remote_area=remote_area,
        topic=topic,
    )
    visit.petitions.add(petition)
    audit_record(
        actor=actor,
        action="reception_visit.create_petition",
        target=visit,
        changes={"petitions": {"before": None, "after": petition.register_label}},
        note=petition.public_id,
    )
    return petition


@transaction.atomic
def reception_visit_link_petition(
    *, actor: Any, visit: ReceptionVisit, petition: Petition
) -> ReceptionVisit:
    """Link a petition already in the system (e.g. the citizen came back about it)."""
    if getattr(actor, "is_authenticated", False) and (
        not visible_petitions(actor).filter(pk=petition.pk).exists()
    ):
        raise ValidationFailed(
            _("Không tìm thấy đơn thư này."), code="petition_not_found", field="petition"
        )
    if visit.petitions.filter(pk=petition.pk).exists():
        raise ValidationFailed(
            _("Đơn thư này đã được gắn với lượt tiếp."), code="already_linked", field="petition"
        )
    visit.petitions.add(petition)
    audit_record(
        actor=actor,
        action="reception_visit.link_petition",
        target=visit,
        changes={"petitions": {"before": None, "after": petition.register_label}},
        note=petition.public_id,
    )
    return visit
