"""Public posting of a village's list (niêm yết công khai) and approval by batch (phê duyệt
theo đợt).

A posting puts every verified household of a ward's village on one list, at one place, for
the programme's legal minimum period (`CompensationProgram.posting_days`, counted in calendar
days with the first and last day included). An approval batch is one decision approving
several posted households whose posting period is over; it is all or nothing, and freezes
each household's total (services.household_approve)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.compensation import rates as pricing
from danvan.compensation import services
from danvan.compensation.models import (
    ApprovalBatch,
    CompensationProgram,
    Household,
    HouseholdStatus,
    Posting,
)
from danvan.compensation.permissions import can_change
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.places.models import AdminUnit

POSTING_FIELDS = (
    "program",
    "admin_unit",
    "village",
    "place",
    "posted_from",
    "posted_to",
    "taken_down_on",
    "note",
)
BATCH_FIELDS = ("program", "decision_number", "decided_on", "signer", "total", "note")
DATE_FORMAT = "%d/%m/%Y"


def _text(value: str, field: str, limit: int, *, required: str = "") -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(required, code="required", field=field)
    if len(text) > limit or not pricing.is_storable_text(text):
        raise ValidationFailed(
            _("Nội dung quá dài (tối đa %(n)d ký tự) hoặc có ký tự không hợp lệ.") % {"n": limit},
            code="invalid",
            field=field,
        )
    return text


def default_posted_to(program: CompensationProgram, posted_from: dt.date) -> dt.date | None:
    """The last day of the legal minimum period, or None when the programme sets none."""
    if not program.posting_days:
        return None
    return services.posting_last_day(posted_from, program.posting_days)


def posting_candidates(program: CompensationProgram, admin_unit: AdminUnit, village: str) -> Any:
    """The verified households a posting of this ward and village would list (a blank
    village: the households recorded without one)."""
    return Household.objects.filter(
        program=program, admin_unit=admin_unit, village=village, status=HouseholdStatus.VERIFIED
    ).order_by("head_full_name", "pk")


def _check_period(
    program: CompensationProgram, posted_from: dt.date, posted_to: dt.date | None
) -> dt.date:
    services._check_date(posted_from, field="posted_from")
    if posted_to is None:
        posted_to = default_posted_to(program, posted_from)
        if posted_to is None:
            raise ValidationFailed(
                _("Hãy ghi ngày kết thúc niêm yết."), code="required", field="posted_to"
            )
    if posted_to < posted_from:
        raise ValidationFailed(
            _("Ngày kết thúc niêm yết không được trước ngày bắt đầu."),
            code="invalid_period",
            field="posted_to",
        )
    days = (posted_to - posted_from).days + 1
    if program.posting_days and days < program.posting_days:
        raise ValidationFailed(
            _(
                "Thời gian niêm yết phải ít nhất %(minimum)d ngày (%(basis)s); đợt này chỉ có "
                "%(days)d ngày."
            )
            % {
                "minimum": program.posting_days,
                "basis": program.posting_basis or _("theo quy định của chương trình"),
                "days": days,
            },
            code="posting_too_short",
            field="posted_to",
        )
    return posted_to


def _chosen_households(
    program: CompensationProgram,
    admin_unit: AdminUnit,
    village: str,
    households: Iterable[Household] | None,
) -> list[Household]:
    if households is None:
        return list(posting_candidates(program, admin_unit, village))
    chosen = list(households)
    ids = [h.pk for h in chosen]
    found = {h.pk: h for h in Household.objects.filter(pk__in=ids)}
    wrong = [
        h
        for h in (found.get(pk) for pk in ids)
        if h is None
        or h.program_id != program.pk
        or h.admin_unit_id != admin_unit.pk
        or h.village != village
        or h.status != HouseholdStatus.VERIFIED
    ]
    if wrong or len(found) != len(ids):
        names = ", ".join(f"{h.head_full_name} ({h.public_id})" for h in wrong if h)
        raise ValidationFailed(
            _(
                "Chỉ niêm yết các hộ đã xác nhận của chương trình, đúng xã, phường và thôn "
                "của đợt niêm yết: %(names)s."
            )
            % {"names": names},
            code="household_not_postable",
            field="households",
        )
    return sorted(found.values(), key=lambda h: (h.head_full_name, h.pk))


@transaction.atomic
def posting_create(
    *,
    actor: Any,
    program: CompensationProgram,
    admin_unit: AdminUnit,
    village: str,
    place: str,
    posted_from: dt.date,
    posted_to: dt.date | None = None,
    households: Iterable[Household] | None = None,
    note: str = "",
) -> Posting:
    """Post the verified households of a ward's village (or the given ones, all verified and
    of that ward and village): each goes `posted` on `posted_from`, on this posting. The
    period defaults to the programme's legal minimum and may not be shorter."""
    if program.status != CompensationProgram.Status.ACTIVE:
        raise InvalidTransition(
            _("Chương trình không ở trạng thái đang thực hiện; không thể niêm yết."),
            code="program_not_active",
        )
    if admin_unit.level != AdminUnit.Level.COMMUNE:
        raise ValidationFailed(
            _("Hãy chọn xã, phường nơi niêm yết."), code="not_a_commune", field="admin_unit"
        )
    village = _text(village, "village", 150)
    place = _text(place, "place", 255, required=_("Hãy ghi nơi niêm yết."))
    note = _text(note, "note", 10_000)
    posted_to = _check_period(program, posted_from, posted_to)
    chosen = _chosen_households(program, admin_unit, village, households)
    if not chosen:
        raise ValidationFailed(
            _("Không có hộ nào đã xác nhận ở xã, phường và thôn này để niêm yết."),
            code="no_households",
            field="households",
        )
    posting = Posting.objects.create(
        program=program,
        admin_unit=admin_unit,
        village=village,
        place=place,
        posted_from=posted_from,
        posted_to=posted_to,
        note=note,
        created_by=services._user_or_none(actor),
    )
    for household in chosen:
        services.household_post(actor=actor, household=household, on=posted_from, posting=posting)
    audit_record(
        actor=actor,
        action="compensation.posting_create",
        target=posting,
        after=snapshot(posting, POSTING_FIELDS),
        note=_("Niêm yết %(n)d hộ") % {"n": len(chosen)},
    )
    return posting


@transaction.atomic
def posting_take_down(*, actor: Any, posting: Posting, on: dt.date, reason: str = "") -> Posting:
    """Record the day the list was taken down; before its last day only with a reason."""
    list(Posting.objects.select_for_update().filter(pk=posting.pk).values_list("pk"))
    posting.refresh_from_db()
    if posting.taken_down_on is not None:
        raise InvalidTransition(
            _("Danh sách này đã được gỡ ngày %(date)s.")
            % {"date": posting.taken_down_on.strftime(DATE_FORMAT)},
            code="already_taken_down",
        )
    services._check_date(on)
    if on < posting.posted_from:
        raise ValidationFailed(
            _("Ngày kết thúc niêm yết không được trước ngày bắt đầu niêm yết (%(date)s).")
            % {"date": posting.posted_from.strftime(DATE_FORMAT)},
            code="date_before_previous_step",
            field="on",
        )
    reason = _text(reason, "reason", 10_000)
    if on < posting.posted_to and not reason:
        raise ValidationFailed(
            _("Gỡ danh sách trước ngày %(date)s phải ghi lý do.")
            % {"date": posting.posted_to.strftime(DATE_FORMAT)},
            code="reason_required",
            field="reason",
        )
    before = snapshot(posting, POSTING_FIELDS)
    posting.taken_down_on = on
    posting.save(update_fields=["taken_down_on", "updated_at"])
    audit_record(
        actor=actor,
        action="compensation.posting_take_down",
        target=posting,
        before=before,
        after=snapshot(posting, POSTING_FIELDS),
        note=reason,
    )
    return posting


# ---------------------------------------------------------------- approval by batch


def approval_blocker(
    actor: Any, program: CompensationProgram, household: Household, on: dt.date
) -> str | None:
    """Why this household cannot be in an approval decision of `on`, or None."""
    if household.program_id != program.pk:
        return _("không thuộc chương trình này")
    if household.status == HouseholdStatus.OBJECTING:
        return _("còn ý kiến không đồng ý chưa giải quyết")
    if household.status != HouseholdStatus.POSTED:
        return _("đang ở trạng thái “%(status)s”, chưa niêm yết") % {
            "status": household.get_status_display()
        }
    if not services.posting_period_ended(household, on):
        last = services.posting_ends_on(household)
        return _("chưa hết thời gian niêm yết (đến hết ngày %(date)s)") % {
            "date": last.strftime(DATE_FORMAT) if last else "—"
        }
    if household.posted_on and on < household.posted_on:
        return _("ngày quyết định trước ngày niêm yết")
    if getattr(actor, "is_authenticated", False) and not can_change(actor, household):
        return _("ngoài phạm vi bạn được thay đổi")
    return None


@transaction.atomic
def batch_approve(
    *,
    actor: Any,
    program: CompensationProgram,
    decision_number: str,
    decided_on: dt.date,
    households: Iterable[Household],
    signer: str = "",
    note: str = "",
) -> ApprovalBatch:
    """Approve several posted households by one decision, all or nothing: any household
    still objecting, whose posting period is not over, or that the officer may not change
    blocks the batch, and the error names each of them."""
    decision_number = _text(
        decision_number, "decision_number", 64, required=_("Hãy ghi số quyết định phê duyệt.")
    )
    signer = _text(signer, "signer", 150)
    note = _text(note, "note", 10_000)
    services._check_date(decided_on, field="decided_on")
    ids = sorted({household.pk for household in households})
    if not ids:
        raise ValidationFailed(
            _("Hãy chọn ít nhất một hộ để phê duyệt."), code="no_households", field="households"
        )
    list(Household.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    chosen = list(
        Household.objects.filter(pk__in=ids)
        .select_related("program", "posting", "admin_unit")
        .order_by("admin_unit__name", "village", "head_full_name", "pk")
    )
    blocked = []
    for household in chosen:
        reason = approval_blocker(actor, program, household, decided_on)
        if reason:
            blocked.append(f"{household.head_full_name} ({household.public_id}): {reason}")
    if blocked or len(chosen) != len(ids):
        raise ValidationFailed(
            _("Chưa thể phê duyệt đợt này; các hộ sau chưa đủ điều kiện: %(list)s.")
            % {"list": "; ".join(blocked)},
            code="households_blocked",
            field="households",
        )
    batch = ApprovalBatch.objects.create(
        program=program,
        decision_number=decision_number,
        decided_on=decided_on,
        signer=signer,
        note=note,
        created_by=services._user_or_none(actor),
    )
    total = Decimal(0)
    for household in chosen:
        services.household_approve(
            actor=actor,
            household=household,
            on=decided_on,
            decision_number=decision_number,
            note=note,
            batch=batch,
        )
        total += household.approved_total or Decimal(0)
    batch.total = total
    batch.save(update_fields=["total", "updated_at"])
    audit_record(
        actor=actor,
        action="compensation.batch_approve",
        target=batch,
        after=snapshot(batch, BATCH_FIELDS),
        note=_("Phê duyệt %(n)d hộ, tổng %(total)s đ")
        % {"n": len(chosen), "total": pricing.vn_number(total)},
    )
    return batch
