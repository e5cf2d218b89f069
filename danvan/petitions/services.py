"""Writes on petitions: registration and every transition of the case file.

Each service locks the petition, checks the transition (workflow.check), applies it,
recomputes the deadlines and records one audit event. A denouncer's identity never enters
the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.files import File
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.core.text import fold
from danvan.deadlines.computation import compute_due_date
from danvan.deadlines.selectors import rule_for
from danvan.organizations.counters import next_number
from danvan.organizations.models import Organization
from danvan.organizations.scope import filter_in_scope
from danvan.petitions import deadlines, duplicates, workflow
from danvan.petitions.attachments import check_upload
from danvan.petitions.models import (
    OPEN_STATUSES,
    OUTCOMES_BY_KIND,
    Assignment,
    Attachment,
    CaseNote,
    Channel,
    CitizenRating,
    DuplicateCandidate,
    Extension,
    Forwarding,
    IneligibilityReason,
    Kind,
    Outcome,
    Pause,
    Petition,
    Petitioner,
    RegisterCounter,
    SavedView,
    Status,
    Topic,
)
from danvan.petitions.topics import suggest_topic
from danvan.places.models import AdminUnit

AUDIT_FIELDS = (
    "status",
    "kind",
    "topic",
    "admin_unit",
    "complex",
    "especially_complex",
    "remote_area",
    "eligible",
    "ineligibility_reasons",
    "within_competence",
    "classified_on",
    "handled_on",
    "accepted_on",
    "notified_on",
    "resolved_on",
    "replied_on",
    "closed_on",
    "outcome",
)
COLLECTIVE_THRESHOLD = 5
MAX_CONTENT = 50_000
TITLE_LENGTH = 120
PHONE = re.compile(r"^\+?[0-9 .-]{8,15}$")
ID_NUMBER = re.compile(r"^([0-9]{9}|[0-9]{12})$")
EARLIEST_DATE = dt.date(1990, 1, 1)


@dataclass(frozen=True)
class PetitionerInput:
    full_name: str
    address: str = ""
    phone: str = ""
    id_number: str = ""
    is_representative: bool = False


# ---------------------------------------------------------------- helpers


def _today() -> dt.date:
    return timezone.localdate()


def _check_date(on: dt.date, *, field: str = "on", not_before: dt.date | None = None) -> None:
    if on > _today():
        raise ValidationFailed(
            _("Ngày không được ở tương lai."), code="date_in_future", field=field
        )
    if on < EARLIEST_DATE:
        raise ValidationFailed(_("Ngày quá xa trong quá khứ."), code="date_too_early", field=field)
    if not_before and on < not_before:
        raise ValidationFailed(
            _("Ngày không được trước ngày %(date)s.") % {"date": not_before.strftime("%d/%m/%Y")},
            code="date_before_previous_step",
            field=field,
        )


def _locked(petition: Petition) -> Petition:
    """Lock the petition's row for this transaction and reload the caller's instance."""
    list(Petition.objects.select_for_update().filter(pk=petition.pk).values_list("pk"))
    petition.refresh_from_db()
    return petition


def _required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, code="required", field=field)
    return value


def _finish(
    *,
    actor: Any,
    petition: Petition,
    action: str,
    before: dict[str, Any],
    note: str = "",
    update_fields: Iterable[str] = (),
) -> Petition:
    fields = set(update_fields) | {"updated_at"}
    petition.save(update_fields=sorted(fields))
    deadlines.refresh(petition)
    audit_record(
        actor=actor,
        action=f"petition.{action}",
        target=petition,
        before=before,
        after=snapshot(petition, AUDIT_FIELDS),
        note=note,
    )
    return petition


def _transition(
    *, actor: Any, petition: Petition, action: str, on: dt.date, **changes: Any
) -> tuple[Petition, dict[str, Any], workflow.Transition]:
    """Lock, check and start a transition; the caller applies its changes and finishes."""
    petition = _locked(petition)
    transition = workflow.check(petition, action)
    _check_date(on, not_before=petition.received_on)
    before = snapshot(petition, AUDIT_FIELDS)
    if transition.target:
        petition.status = transition.target
    for name, value in changes.items():
        setattr(petition, name, value)
    return petition, before, transition


def search_text_for(petition: Petition, petitioners: Sequence[PetitionerInput | Petitioner]) -> str:
    """What accent-insensitive search matches. A denouncer's identity is never indexed."""
    parts = [petition.title, petition.content, petition.register_label, petition.tracking_code]
    if petition.kind != Kind.DENUNCIATION:
        for person in petitioners:
            parts += [person.full_name, person.address, person.phone]
    return fold(" ".join(part for part in parts if part))


def _next_number(organization: Organization, year: int) -> int:
    """The next register number, in one statement: the year's counter row is inserted at 1 or
    raised by one, and read back. The row stays locked until the transaction ends, so
    concurrent registrations get distinct numbers (a second writer waits, then adds one to
    what the first committed)."""
    connection = connections[router.db_for_write(RegisterCounter)]
    if connection.vendor not in ("postgresql", "sqlite") or not (
        connection.features.can_return_rows_from_bulk_insert
    ):
        return next_number(RegisterCounter, organization=organization, year=year)
    meta = RegisterCounter._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    organization_column = quote(str(meta.get_field("organization").column))
    year_column = quote(str(meta.get_field("year").column))
    last = quote(str(meta.get_field("last_number").column))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({organization_column}, {year_column}, {last}) "
            f"VALUES (%s, %s, 1) "
            f"ON CONFLICT ({organization_column}, {year_column}) "
            f"DO UPDATE SET {last} = {table}.{last} + 1 "
            f"RETURNING {last}",
            [organization.pk, year],
        )
        row = cursor.fetchone()
    return int(row[0])


def _clean_petitioners(
    petitioners: Sequence[PetitionerInput], *, anonymous: bool
) -> list[PetitionerInput]:
    if anonymous and petitioners:
        raise ValidationFailed(
            _("Đơn nặc danh không ghi người đứng đơn."),
            code="anonymous_with_petitioners",
            field="petitioners",
        )
    if not anonymous and not petitioners:
        raise ValidationFailed(
            _("Hãy ghi ít nhất một người đứng đơn, hoặc đánh dấu đơn nặc danh."),
            code="petitioners_required",
            field="petitioners",
        )
    cleaned = []
    for index, person in enumerate(petitioners):
        prefix = f"petitioners[{index}]"
        name = _required_text(
            person.full_name, f"{prefix}.full_name", _("Hãy ghi họ và tên người đứng đơn.")
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
            PetitionerInput(
                full_name=name[:150],
                address=(person.address or "").strip()[:255],
                phone=re.sub(r"[ .-]", "", phone),
                id_number=id_number,
                is_representative=person.is_representative,
            )
        )
    return cleaned


def _check_representatives(people: Sequence[PetitionerInput], signatories: int) -> None:
    """5–10 signatories choose 1–2 representatives; more than 10 choose at most 5
    (Law on Complaints Art. 8(4); Law on Citizen Reception Art. 29)."""
    representatives = sum(1 for person in people if person.is_representative)
    if signatories < COLLECTIVE_THRESHOLD or not representatives:
        return
    limit = 2 if signatories <= 10 else 5
    if representatives > limit:
        raise ValidationFailed(
            _("Đơn có %(n)d người ký chỉ được cử tối đa %(limit)d người đại diện.")
            % {"n": signatories, "limit": limit},
            code="too_many_representatives",
            field="petitioners",
        )


def _duplicate_pool(actor: Any, organization: Organization) -> Any:
    pool = Petition.objects.all()
    if getattr(actor, "is_authenticated", False):
        return filter_in_scope(pool, actor, forwarded_field="forwarded_to")
    return pool.filter(organization=organization)


# ---------------------------------------------------------------- registration


@transaction.atomic
def petition_register(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    channel: str,
    received_on: dt.date,
    content: str,
    title: str = "",
    admin_unit: AdminUnit | None = None,
    petitioners: Sequence[PetitionerInput] = (),
    anonymous: bool = False,
    complex: bool = False,
    remote_area: bool = False,
    round: int = 1,
    previous_round: Petition | None = None,
    signatory_count: int | None = None,
    topic: Topic | None = None,
) -> Petition:
    """Register a petition from any channel: number, tracking code, deadlines, duplicates."""
    if kind not in Kind.values:
        raise ValidationFailed(_("Loại đơn không hợp lệ."), code="invalid_kind", field="kind")
    if channel not in Channel.values:
        raise ValidationFailed(
            _("Nguồn tiếp nhận không hợp lệ."), code="invalid_channel", field="channel"
        )
    _check_date(received_on, field="received_on")
    content = _required_text(content, "content", _("Hãy ghi nội dung đơn."))
    if len(content) > MAX_CONTENT:
        raise ValidationFailed(
            _("Nội dung đơn quá dài (tối đa %(n)d ký tự).") % {"n": MAX_CONTENT},
            code="too_long",
            field="content",
        )
    if round not in (1, 2):
        raise ValidationFailed(_("Lần giải quyết chỉ là 1 hoặc 2."), code="invalid", field="round")
    if round == 2 and kind != Kind.COMPLAINT:
        raise ValidationFailed(
            _("Chỉ khiếu nại mới có lần giải quyết thứ hai."), code="invalid_round", field="round"
        )
    if previous_round is not None and (
        previous_round.kind != Kind.COMPLAINT or previous_round.resolved_on is None
    ):
        raise ValidationFailed(
            _("Khiếu nại lần hai phải gắn với một khiếu nại lần đầu đã được giải quyết."),
            code="invalid_previous_round",
            field="previous_round",
        )
    people = _clean_petitioners(petitioners, anonymous=anonymous)
    signatories = max(signatory_count or 0, len(people))
    _check_representatives(people, signatories)
    title = (title or "").strip() or _derive_title(content)
    petition = Petition(
        organization=organization,
        register_year=received_on.year,
        kind=kind,
        channel=channel,
        received_on=received_on,
        title=title[:255],
        content=content,
        admin_unit=admin_unit,
        anonymous=anonymous,
        collective=signatories >= COLLECTIVE_THRESHOLD,
        signatory_count=signatories,
        complex=complex,
        remote_area=remote_area,
        round=round,
        previous_round=previous_round,
        topic=topic,
        suggested_topic=suggest_topic(f"{title} {content}"),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # Earlier petitions that may be the same matter are looked up before the register
    # number is taken: the counter row stays locked until the transaction ends.
    matches = duplicates.find(
        pool=_duplicate_pool(actor, organization),
        content=content,
        people=[duplicates.Person(p.full_name, p.address, p.phone, p.id_number) for p in people],
        admin_unit_id=admin_unit.pk if admin_unit is not None else None,
    )
    petition.number = _next_number(organization, received_on.year)
    petition.search_text = search_text_for(petition, people)
    (
        petition.fingerprint_band0,
        petition.fingerprint_band1,
        petition.fingerprint_band2,
        petition.fingerprint_band3,
    ) = duplicates.bands(content)
    petition.save()
    Petitioner.objects.bulk_create(
        [
            Petitioner(
                petition=petition,
                position=index,
                full_name=person.full_name,
                address=person.address,
                phone=person.phone,
                id_number=person.id_number,
                is_representative=person.is_representative,
                name_key=duplicates.name_key(person.full_name, person.address),
            )
            for index, person in enumerate(people)
        ]
    )
    _record_duplicates(petition, matches)
    deadlines.create_first(petition)
    after = snapshot(petition, (*AUDIT_FIELDS, "channel", "received_on", "round", "collective"))
    after["number"] = petition.register_label
    after["petitioners_count"] = len(people)
    audit_record(actor=actor, action="petition.register", target=petition, after=after)
    return petition


def _derive_title(content: str) -> str:
    first = " ".join(content.split())
    if len(first) <= TITLE_LENGTH:
        return first
    return first[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"


def _record_duplicates(petition: Petition, matches: Sequence[duplicates.Match]) -> None:
    DuplicateCandidate.objects.bulk_create(
        [
            DuplicateCandidate(
                petition=petition,
                candidate_id=match.petition_id,
                score=match.score,
                reasons=match.reasons,
            )
            for match in matches
        ]
    )


# ---------------------------------------------------------------- classification


@transaction.atomic
def petition_classify(
    *,
    actor: Any,
    petition: Petition,
    on: dt.date,
    kind: str | None = None,
    topic: Topic | None = None,
    eligible: bool | None = None,
    ineligibility_reasons: Sequence[str] | None = None,
    within_competence: bool | None = None,
    complex: bool | None = None,
    especially_complex: bool | None = None,
    remote_area: bool | None = None,
) -> Petition:
    petition, before, _t = _transition(actor=actor, petition=petition, action="classify", on=on)
    if kind is not None and kind != petition.kind:
        if petition.status != Status.RECEIVED:
            raise InvalidTransition(
                _("Chỉ đổi loại đơn trước khi thụ lý."), code="cannot_change_kind"
            )
        if kind not in Kind.values:
            raise ValidationFailed(_("Loại đơn không hợp lệ."), code="invalid_kind", field="kind")
        if kind == Kind.DENUNCIATION and petition.anonymous:
            raise ValidationFailed(
                _("Đơn nặc danh không được xử lý như đơn tố cáo (Luật Tố cáo, Điều 25)."),
                code="anonymous_denunciation",
                field="kind",
            )
        petition.kind = kind
    unknown = set(ineligibility_reasons or ()) - set(IneligibilityReason.values)
    if unknown:
        raise ValidationFailed(
            _("Lý do không đủ điều kiện không hợp lệ: %(codes)s.")
            % {"codes": ", ".join(sorted(unknown))},
            code="invalid_reason",
            field="ineligibility_reasons",
        )
    if eligible is False and not ineligibility_reasons:
        raise ValidationFailed(
            _("Hãy ghi lý do đơn không đủ điều kiện xử lý."),
            code="reasons_required",
            field="ineligibility_reasons",
        )
    values = {
        "topic": topic,
        "eligible": eligible,
        "within_competence": within_competence,
        "complex": complex,
        "especially_complex": especially_complex,
        "remote_area": remote_area,
    }
    for name, value in values.items():
        if value is not None:
            setattr(petition, name, value)
    if petition.especially_complex:
        petition.complex = True
    if ineligibility_reasons is not None:
        petition.ineligibility_reasons = list(ineligibility_reasons)
    petition.classified_on = on
    people = list(petition.petitioners.all())
    petition.search_text = search_text_for(petition, people)
    return _finish(
        actor=actor,
        petition=petition,
        action="classify",
        before=before,
        update_fields=[*AUDIT_FIELDS, "search_text"],
    )


# ---------------------------------------------------------------- handling outcomes


@transaction.atomic
def petition_accept(*, actor: Any, petition: Petition, on: dt.date, note: str = "") -> Petition:
    petition, before, _t = _transition(
        actor=actor, petition=petition, action="accept", on=on, accepted_on=on, handled_on=on
    )
    if petition.eligible is False:
        raise InvalidTransition(
            _("Đơn đã được xác định không đủ điều kiện xử lý, không thể thụ lý."),
            code="cannot_accept_ineligible",
        )
    if petition.within_competence is None:
        petition.within_competence = True
    return _finish(
        actor=actor,
        petition=petition,
        action="accept",
        before=before,
        note=note,
        update_fields=["status", "accepted_on", "handled_on", "within_competence"],
    )


@transaction.atomic
def petition_forward(
    *, actor: Any, petition: Petition, on: dt.date, to_organization: Organization, note: str = ""
) -> Petition:
    petition, before, _t = _transition(
        actor=actor, petition=petition, action="forward", on=on, handled_on=on, closed_on=on
    )
    if to_organization.pk == petition.organization_id:
        raise ValidationFailed(
            _("Không thể chuyển đơn cho chính cơ quan đang giữ đơn."),
            code="forward_to_self",
            field="to_organization",
        )
    if petition.kind == Kind.DENUNCIATION and (
        petition.channel == Channel.FORWARDED or petition.forwardings.exists()
    ):
        raise InvalidTransition(
            _("Đơn tố cáo chỉ được chuyển một lần (Luật Tố cáo, Điều 24)."),
            code="denunciation_forwarded_once",
        )
    petition.within_competence = False
    Forwarding.objects.create(
        petition=petition,
        from_organization=petition.organization,
        to_organization=to_organization,
        forwarded_on=on,
        note=note,
    )
    return _finish(
        actor=actor,
        petition=petition,
        action="forward",
        before=before,
        note=f"→ {to_organization.name}. {note}".strip(),
        update_fields=["status", "handled_on", "closed_on", "within_competence"],
    )


def _guided_before(petition: Petition) -> bool:
    related = {petition.duplicate_of_id} if petition.duplicate_of_id else set()
    related |= set(
        petition.duplicate_candidates.filter(
            decision=DuplicateCandidate.Decision.CONFIRMED
        ).values_list("candidate_id", flat=True)
    )
    return Petition.objects.filter(pk__in=related, status=Status.GUIDED).exists()


@transaction.atomic
def petition_guide(*, actor: Any, petition: Petition, on: dt.date, note: str) -> Petition:
    note = _required_text(note, "note", _("Hãy ghi nội dung hướng dẫn công dân."))
    petition, before, _t = _transition(
        actor=actor, petition=petition, action="guide", on=on, handled_on=on, closed_on=on
    )
    if _guided_before(petition):
        raise InvalidTransition(
            _("Vụ việc này đã được hướng dẫn một lần; đơn gửi lại được xếp lưu."),
            code="already_guided",
        )
    petition.handling_note = note
    return _finish(
        actor=actor,
        petition=petition,
        action="guide",
        before=before,
        note=note,
        update_fields=["status", "handled_on", "closed_on", "handling_note"],
    )


def _close(actor: Any, petition: Petition, action: str, on: dt.date, reason: str) -> Petition:
    petition, before, _t = _transition(
        actor=actor, petition=petition, action=action, on=on, closed_on=on
    )
    if petition.handled_on is None:
        petition.handled_on = on
    petition.handling_note = reason
    return _finish(
        actor=actor,
        petition=petition,
        action=action,
        before=before,
        note=reason,
        update_fields=["status", "handled_on", "closed_on", "handling_note"],
    )


@transaction.atomic
def petition_return(*, actor: Any, petition: Petition, on: dt.date, reason: str) -> Petition:
    reason = _required_text(reason, "reason", _("Hãy ghi lý do trả lại đơn."))
    return _close(actor, petition, "return", on, reason)


@transaction.atomic
def petition_archive(*, actor: Any, petition: Petition, on: dt.date, reason: str = "") -> Petition:
    return _close(actor, petition, "archive", on, (reason or "").strip())


@transaction.atomic
def petition_urge(*, actor: Any, petition: Petition, on: dt.date, note: str = "") -> Petition:
    petition, before, _t = _transition(actor=actor, petition=petition, action="urge", on=on)
    return _finish(
        actor=actor, petition=petition, action="urge", before=before, note=(note or "").strip()
    )


@transaction.atomic
def petition_report_back(
    *, actor: Any, petition: Petition, on: dt.date, summary: str
) -> Forwarding:
    """The organisation a petition was forwarded to reported its result."""
    summary = _required_text(summary, "summary", _("Hãy ghi kết quả được báo cáo."))
    petition, before, _t = _transition(actor=actor, petition=petition, action="report_back", on=on)
    forwarding = petition.forwardings.order_by("-forwarded_on", "-id").first()
    if forwarding is None:
        raise InvalidTransition(_("Đơn chưa được chuyển."), code="not_forwarded")
    forwarding.reported_on = on
    forwarding.report_summary = summary
    forwarding.save(update_fields=["reported_on", "report_summary", "updated_at"])
    _finish(actor=actor, petition=petition, action="report_back", before=before, note=summary)
    return forwarding


@transaction.atomic
def forwarding_receive(
    *, actor: Any, forwarding: Forwarding, on: dt.date, organization: Organization | None = None
) -> Petition:
    """The organisation a petition was forwarded to records its receipt: the petition enters
    its own register (channel "forwarded") with its own deadlines. When that case is resolved,
    the receiver owes the sender a report within the rule's period (7 working days, Law on
    Citizen Reception Art. 27(2))."""
    forwarding = (
        Forwarding.objects.select_for_update().select_related("petition").get(pk=forwarding.pk)
    )
    if forwarding.received_petition_id is not None:
        raise InvalidTransition(_("Đơn chuyển đến này đã được vào sổ."), code="already_received")
    _check_date(on, not_before=forwarding.forwarded_on)
    original = forwarding.petition
    people = [
        PetitionerInput(p.full_name, p.address, p.phone, p.id_number, p.is_representative)
        for p in original.petitioners.all()
    ]
    received = petition_register(
        actor=actor,
        organization=organization or forwarding.to_organization,
        kind=original.kind,
        channel=Channel.FORWARDED,
        received_on=on,
        title=original.title,
        content=original.content,
        admin_unit=original.admin_unit,
        petitioners=people,
        anonymous=original.anonymous,
        complex=original.complex,
        remote_area=original.remote_area,
        round=original.round,
        signatory_count=original.signatory_count,
        topic=original.topic,
    )
    forwarding.received_on = on
    forwarding.received_petition = received
    forwarding.save(update_fields=["received_on", "received_petition", "updated_at"])
    audit_record(
        actor=actor,
        action="petition.forward_received",
        target=original,
        note=f"{forwarding.to_organization.name}: {received.register_label}",
    )
    return received


def _report_due_after_resolution(petition: Petition, resolved_on: dt.date) -> None:
    """A case received by forwarding owes its sender a report after it is resolved."""
    forwarding = Forwarding.objects.filter(received_petition=petition).first()
    if forwarding is None:
        return
    rule = rule_for(step="report_back", kind=petition.kind, on=resolved_on)
    forwarding.report_due_on = compute_due_date(rule=rule, start=resolved_on)
    forwarding.save(update_fields=["report_due_on", "updated_at"])


@transaction.atomic
def petition_split(
    *, actor: Any, petition: Petition, on: dt.date, parts: Sequence[dict[str, Any]]
) -> list[Petition]:
    """Split a petition with several matters into separate cases linked to the original."""
    if len(parts) < 2:
        raise ValidationFailed(
            _("Tách đơn cần ít nhất hai nội dung."), code="split_needs_parts", field="parts"
        )
    petition, before, _t = _transition(
        actor=actor, petition=petition, action="split", on=on, handled_on=on, closed_on=on
    )
    people = [
        PetitionerInput(p.full_name, p.address, p.phone, p.id_number, p.is_representative)
        for p in petition.petitioners.all()
    ]
    created = []
    for index, part in enumerate(parts):
        kind = part.get("kind", "")
        if kind not in Kind.values or kind == Kind.MIXED:
            raise ValidationFailed(
                _("Mỗi phần tách ra phải có loại đơn cụ thể."),
                code="invalid_kind",
                field=f"parts[{index}].kind",
            )
        child = petition_register(
            actor=actor,
            organization=petition.organization,
            kind=kind,
            channel=petition.channel,
            received_on=petition.received_on,
            content=part.get("content", ""),
            title=part.get("title", ""),
            admin_unit=petition.admin_unit,
            petitioners=people,
            anonymous=petition.anonymous,
            remote_area=petition.remote_area,
            topic=part.get("topic"),
        )
        child.parent = petition
        child.save(update_fields=["parent", "updated_at"])
        created.append(child)
    _finish(
        actor=actor,
        petition=petition,
        action="split",
        before=before,
        note=", ".join(child.register_label for child in created),
        update_fields=["status", "handled_on", "closed_on"],
    )
    return created


# ---------------------------------------------------------------- resolution


@transaction.atomic
def petition_assign(
    *, actor: Any, petition: Petition, user: Any, on: dt.date, role: str = Assignment.Role.LEAD
) -> Assignment:
    petition, before, _t = _transition(actor=actor, petition=petition, action="assign", on=on)
    if role not in Assignment.Role.values:
        raise ValidationFailed(_("Vai trò không hợp lệ."), code="invalid_role", field="role")
    if not user.memberships.filter(is_active=True).exists():
        raise ValidationFailed(
            _("Chỉ giao xử lý cho cán bộ đang công tác."), code="not_an_officer", field="user"
        )
    assignment, created = Assignment.objects.get_or_create(
        petition=petition, user=user, defaults={"role": role, "assigned_on": on}
    )
    if not created:
        raise ValidationFailed(
            _("Cán bộ này đã được giao xử lý đơn."), code="already_assigned", field="user"
        )
    _finish(
        actor=actor,
        petition=petition,
        action="assign",
        before=before,
        note=f"{user.get_full_name()} ({assignment.get_role_display()})",
    )
    return assignment


@transaction.atomic
def petition_pause(*, actor: Any, petition: Petition, on: dt.date, reason: str) -> Petition:
    reason = _required_text(reason, "reason", _("Hãy ghi lý do tạm dừng."))
    petition, before, _t = _transition(actor=actor, petition=petition, action="pause", on=on)
    Pause.objects.create(petition=petition, started_on=on, reason=reason)
    return _finish(
        actor=actor,
        petition=petition,
        action="pause",
        before=before,
        note=reason,
        update_fields=["status"],
    )


@transaction.atomic
def petition_resume(*, actor: Any, petition: Petition, on: dt.date, reason: str = "") -> Petition:
    petition, before, _t = _transition(actor=actor, petition=petition, action="resume", on=on)
    pause = petition.pauses.filter(ended_on__isnull=True).order_by("-started_on").first()
    if pause is None:
        raise InvalidTransition(_("Không có lần tạm dừng nào đang mở."), code="cannot_resume")
    if on < pause.started_on:
        raise ValidationFailed(
            _("Ngày tiếp tục không được trước ngày tạm dừng."), code="invalid_date", field="on"
        )
    pause.ended_on = on
    pause.save(update_fields=["ended_on", "updated_at"])
    return _finish(
        actor=actor,
        petition=petition,
        action="resume",
        before=before,
        note=(reason or "").strip(),
        update_fields=["status"],
    )


def _step_to_extend(petition: Petition, step: str | None) -> str:
    if step:
        return step
    open_steps = [d.step for d in petition.deadlines.all() if d.met_on is None]
    for preferred in ("resolve", "classify", "accept", "reply"):
        if preferred in open_steps:
            return preferred
    raise InvalidTransition(_("Không có thời hạn nào đang mở để gia hạn."), code="cannot_extend")


@transaction.atomic
def petition_extend(
    *,
    actor: Any,
    petition: Petition,
    on: dt.date,
    days: int,
    reason: str,
    step: str | None = None,
    decision_number: str = "",
) -> Petition:
    reason = _required_text(reason, "reason", _("Hãy ghi lý do gia hạn."))
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 365:
        raise ValidationFailed(
            _("Số ngày gia hạn phải từ 1 đến 365."), code="invalid_days", field="days"
        )
    petition, before, _t = _transition(actor=actor, petition=petition, action="extend", on=on)
    step = _step_to_extend(petition, step)
    deadline = petition.deadlines.filter(step=step).select_related("rule").first()
    if deadline is None or deadline.met_on is not None:
        raise InvalidTransition(
            _("Bước này không có thời hạn đang mở để gia hạn."), code="cannot_extend"
        )
    rule = deadline.rule
    previous = list(petition.extensions.filter(step=step).values_list("days", flat=True))
    if rule.max_extensions == 0 or len(previous) >= rule.max_extensions:
        raise InvalidTransition(
            _("Quy định %(rule)s không cho phép gia hạn thêm.") % {"rule": rule.code},
            code="extension_not_allowed",
        )
    if rule.extension_period and days > rule.extension_period:
        raise ValidationFailed(
            _("Mỗi lần gia hạn không quá %(n)d ngày.") % {"n": rule.extension_period},
            code="extension_too_long",
            field="days",
        )
    Extension.objects.create(
        petition=petition,
        step=step,
        days=days,
        decided_on=on,
        decision_number=(decision_number or "").strip(),
        reason=reason,
    )
    return _finish(
        actor=actor,
        petition=petition,
        action="extend",
        before=before,
        note=f"{step}: +{days} — {reason}",
    )


@transaction.atomic
def petition_notify(*, actor: Any, petition: Petition, on: dt.date) -> Petition:
    petition, before, _t = _transition(
        actor=actor, petition=petition, action="notify", on=on, notified_on=on
    )
    return _finish(
        actor=actor,
        petition=petition,
        action="notify",
        before=before,
        update_fields=["notified_on"],
    )


OUTCOMES = frozenset(Outcome.values)


@transaction.atomic
def petition_resolve(
    *, actor: Any, petition: Petition, on: dt.date, outcome: str, summary: str
) -> Petition:
    if outcome not in OUTCOMES_BY_KIND.get(petition.kind, ()):
        raise ValidationFailed(
            _("Kết quả giải quyết không hợp lệ với loại đơn này."),
            code="invalid_outcome",
            field="outcome",
        )
    summary = _required_text(summary, "summary", _("Hãy tóm tắt kết quả giải quyết."))
    petition, before, _t = _transition(
        actor=actor,
        petition=petition,
        action="resolve",
        on=on,
        resolved_on=on,
        outcome=outcome,
        outcome_summary=summary,
    )
    if petition.accepted_on and on < petition.accepted_on:
        raise ValidationFailed(
            _("Ngày giải quyết không được trước ngày thụ lý."), code="invalid_date", field="on"
        )
    _report_due_after_resolution(petition, on)
    return _finish(
        actor=actor,
        petition=petition,
        action="resolve",
        before=before,
        note=summary,
        update_fields=["status", "resolved_on", "outcome", "outcome_summary"],
    )


@transaction.atomic
def petition_reply(*, actor: Any, petition: Petition, on: dt.date, text: str = "") -> Petition:
    petition, before, _t = _transition(
        actor=actor,
        petition=petition,
        action="reply",
        on=on,
        status=Status.REPLIED,
        replied_on=on,
        closed_on=on,
        reply_text=(text or "").strip(),
    )
    if petition.handled_on is None:
        petition.handled_on = on
    if petition.resolved_on and on < petition.resolved_on:
        raise ValidationFailed(
            _("Ngày trả lời không được trước ngày giải quyết."), code="invalid_date", field="on"
        )
    return _finish(
        actor=actor,
        petition=petition,
        action="reply",
        before=before,
        update_fields=["status", "replied_on", "closed_on", "reply_text", "handled_on"],
    )


@transaction.atomic
def petition_reopen(*, actor: Any, petition: Petition, on: dt.date, reason: str) -> Petition:
    reason = _required_text(reason, "reason", _("Hãy ghi lý do mở lại hồ sơ."))
    petition, before, _t = _transition(
        actor=actor,
        petition=petition,
        action="reopen",
        on=on,
        resolved_on=None,
        replied_on=None,
        closed_on=None,
        outcome="",
        outcome_summary="",
    )
    if petition.accepted_on is None:
        petition.accepted_on = on
        petition.handled_on = petition.handled_on or on
    return _finish(
        actor=actor,
        petition=petition,
        action="reopen",
        before=before,
        note=reason,
        update_fields=[
            "status",
            "resolved_on",
            "replied_on",
            "closed_on",
            "outcome",
            "outcome_summary",
            "accepted_on",
            "handled_on",
        ],
    )


# ---------------------------------------------------------------- duplicates


@transaction.atomic
def duplicate_decide(
    *, actor: Any, candidate: DuplicateCandidate, confirmed: bool, on: dt.date
) -> DuplicateCandidate:
    """An officer confirms or rejects a possible duplicate. A confirmed duplicate joins the
    original's file and is closed."""
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    _check_date(on, not_before=candidate.petition.received_on)
    if candidate.decision != DuplicateCandidate.Decision.PENDING:
        raise InvalidTransition(
            _("Khả năng trùng đơn này đã được xem xét."), code="already_decided"
        )
    candidate.decision = (
        DuplicateCandidate.Decision.CONFIRMED if confirmed else DuplicateCandidate.Decision.REJECTED
    )
    candidate.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    if confirmed:
        petition, before, _t = _transition(
            actor=actor,
            petition=candidate.petition,
            action="mark_duplicate",
            on=on,
            duplicate_of_id=candidate.candidate_id,
            handled_on=on,
            closed_on=on,
        )
        candidate.save(update_fields=["decision", "decided_by", "updated_at"])
        _finish(
            actor=actor,
            petition=petition,
            action="mark_duplicate",
            before=before,
            note=candidate.candidate.register_label,
            update_fields=["status", "duplicate_of", "handled_on", "closed_on"],
        )
    else:
        candidate.save(update_fields=["decision", "decided_by", "updated_at"])
        audit_record(
            actor=actor,
            action="petition.duplicate_reject",
            target=candidate.petition,
            note=candidate.candidate.register_label,
        )
    return candidate


# ---------------------------------------------------------------- attachments


@transaction.atomic
def attachment_add(
    *,
    actor: Any,
    petition: Petition,
    name: str,
    content: IO[bytes],
    purpose: str = Attachment.Purpose.PETITION,
) -> Attachment:
    """Attach a checked file to the case (type read from its bytes, size limited)."""
    if purpose not in Attachment.Purpose.values:
        raise ValidationFailed(_("Loại tài liệu không hợp lệ."), code="invalid", field="purpose")
    checked = check_upload(name, content)
    content.seek(0)
    attachment = Attachment(
        petition=petition,
        purpose=purpose,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(checked.name, File(content, name=checked.name), save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="petition.attach",
        target=petition,
        note=f"{checked.name} ({checked.size} B, {checked.content_type})",
    )
    return attachment


@transaction.atomic
def open_deadlines_recompute(*, actor: Any, batch_size: int = 500) -> int:
    """Recompute the deadlines of open petitions (after a change of rules or calendar).

    Deadline rows are derived data: the change that caused them (the rule or calendar edit)
    is what the audit trail records."""
    count = 0
    queryset = (
        Petition.objects.filter(status__in=OPEN_STATUSES)
        .prefetch_related("pauses", "extensions", "forwardings")
        .order_by("pk")
    )
    for petition in queryset.iterator(chunk_size=batch_size):
        deadlines.refresh(petition)
        count += 1
    return count


# ---------------------------------------------------------------- saved views

MAX_SAVED_VIEWS = 20


@transaction.atomic
def saved_view_save(*, actor: Any, name: str, query: str) -> SavedView:
    """Keep the list's filters under a name (the same name replaces the older one)."""
    name = _required_text(name, "name", _("Hãy đặt tên cho bộ lọc."))[:60]
    view, created = SavedView.objects.update_or_create(
        user=actor, name=name, defaults={"query": query[:1000]}
    )
    stale = SavedView.objects.filter(user=actor).order_by("-updated_at", "-id")[MAX_SAVED_VIEWS:]
    SavedView.objects.filter(pk__in=[v.pk for v in stale]).delete()
    audit_record(
        actor=actor,
        action="saved_view.create" if created else "saved_view.update",
        target=view,
        after={"name": name, "query": view.query},
    )
    return view


@transaction.atomic
def saved_view_delete(*, actor: Any, name: str) -> None:
    view = SavedView.objects.filter(user=actor, name=name).first()
    if view is None:
        return
    audit_record(actor=actor, action="saved_view.delete", target=view, before={"name": name})
    view.delete()


# ---------------------------------------------------------------- notes

MAX_NOTE = 10_000


@transaction.atomic
def petition_note_add(
    *, actor: Any, petition: Petition, on: dt.date, text: str, kind: str = CaseNote.Kind.NOTE
) -> CaseNote:
    """Record fact-finding (during resolution: accepted or paused) or a working note."""
    if kind not in CaseNote.Kind.values:
        raise ValidationFailed(_("Loại ghi chú không hợp lệ."), code="invalid", field="kind")
    text = _required_text(text, "text", _("Hãy ghi nội dung."))
    if len(text) > MAX_NOTE:
        raise ValidationFailed(
            _("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": MAX_NOTE},
            code="too_long",
            field="text",
        )
    _locked(petition)
    _check_date(on, not_before=petition.received_on)
    if kind == CaseNote.Kind.VERIFICATION and petition.status not in (
        Status.ACCEPTED,
        Status.PAUSED,
    ):
        raise InvalidTransition(
            _("Chỉ ghi kết quả xác minh khi đơn đang được giải quyết."), code="cannot_verify"
        )
    note = CaseNote.objects.create(
        petition=petition,
        kind=kind,
        on=on,
        text=text,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action=f"petition.{kind}",
        target=petition,
        note=text[:500] if petition.kind != Kind.DENUNCIATION else "",
    )
    return note


# ---------------------------------------------------------------- the citizen's rating


@transaction.atomic
def petition_rate(
    *, petition: Petition, value: str, comment: str = "", on: dt.date | None = None
) -> CitizenRating:
    """The citizen rates the answer (through the portal). "Not satisfied" reopens the case for
    review by the head of the organisation that answered."""
    on = on or _today()
    if value not in CitizenRating.Value.values:
        raise ValidationFailed(_("Hãy chọn mức độ hài lòng."), code="invalid_rating", field="value")
    petition = _locked(petition)
    if petition.status != Status.REPLIED or petition.replied_on is None:
        raise InvalidTransition(_("Chỉ đánh giá được khi đã có câu trả lời."), code="cannot_rate")
    if petition.ratings.filter(replied_on=petition.replied_on).exists():
        raise InvalidTransition(_("Câu trả lời này đã được đánh giá."), code="already_rated")
    comment = (comment or "").strip()[:2000]
    rating = CitizenRating.objects.create(
        petition=petition,
        value=value,
        comment=comment,
        rated_on=on,
        replied_on=petition.replied_on,
    )
    audit_record(
        actor=None,
        action="petition.rate",
        target=petition,
        after={"value": value},
        note="" if petition.kind == Kind.DENUNCIATION else comment[:500],
    )
    if value == CitizenRating.Value.UNSATISFIED:
        from danvan.notifications.services import review_requested_notify

        petition_reopen(
            actor=None,
            petition=petition,
            on=on,
            reason=_("Công dân chưa hài lòng với câu trả lời; người đứng đầu xem xét lại."),
        )
        review_requested_notify(
            petition=petition,
            message=_("Công dân chưa hài lòng, cần xem xét lại: đơn %(number)s — %(title)s")
            % {"number": petition.register_label, "title": petition.title[:120]},
            today=on,
        )
    return rating


@transaction.atomic
def petition_publish_answer(*, actor: Any, petition: Petition, published: bool) -> Petition:
    """Show (or withdraw) the answer, without personal data, among the portal's answers."""
    petition = _locked(petition)
    if published and petition.status != Status.REPLIED:
        raise InvalidTransition(
            _("Chỉ công khai câu trả lời của đơn đã được trả lời."), code="cannot_publish"
        )
    if published and petition.kind == Kind.DENUNCIATION:
        raise InvalidTransition(
            _("Không công khai câu trả lời đơn tố cáo trên cổng thông tin."),
            code="cannot_publish",
        )
    before = {"answer_published": petition.answer_published}
    petition.answer_published = published
    petition.save(update_fields=["answer_published", "updated_at"])
    audit_record(
        actor=actor,
        action="petition.publish_answer",
        target=petition,
        before=before,
        after={"answer_published": published},
    )
    return petition
