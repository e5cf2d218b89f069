"""Writes on compensation households: listing, asset lines, recomputation and every step of
the pipeline (danvan.compensation.workflow). Each service is atomic, locks the household,
checks the transition and records one audit event with before/after snapshots.

Approval freezes the amounts: the total is stored on the household, and neither new lines
nor recomputation are allowed afterwards, so a later change of the rates leaves it as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.compensation import rates as pricing
from danvan.compensation import workflow
from danvan.compensation.models import (
    ApprovalBatch,
    AssetLine,
    CompensationProgram,
    EligibleGroup,
    Household,
    HouseholdAttachment,
    HouseholdStatus,
    Payment,
    Posting,
)
from danvan.compensation.search import search_text
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

AUDIT_FIELDS = (
    "status",
    "head_full_name",
    "id_number",
    "admin_unit",
    "village",
    "address",
    "members",
    "declared_on",
    "inventoried_on",
    "verified_on",
    "posted_on",
    "approved_on",
    "approval_decision",
    "approved_total",
    "refused_on",
    "handed_over_on",
    "status_note",
    "group",
    "inventoried_by",
    "verified_by",
    "posting",
    "approval_batch",
)
LINE_FIELDS = (
    "asset_category",
    "quantity",
    "attributes",
    "rate",
    "amount",
    "explanation",
    "source",
)
EARLIEST_DATE = dt.date(1990, 1, 1)
MAX_MEMBERS = 200


def _check_date(on: dt.date, *, field: str = "on") -> None:
    if on > timezone.localdate():
        raise ValidationFailed(
            _("Ngày không được ở tương lai."), code="date_in_future", field=field
        )
    if on < EARLIEST_DATE:
        raise ValidationFailed(_("Ngày quá xa trong quá khứ."), code="date_too_early", field=field)


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, code="required", field=field)
    return value


def _check_length(value: str, field: str, limit: int) -> None:
    value = (value or "").strip()
    if len(value) > limit or not pricing.is_storable_text(value):
        raise ValidationFailed(
            _("Nội dung quá dài (tối đa %(n)d ký tự) hoặc có ký tự không hợp lệ.") % {"n": limit},
            code="invalid",
            field=field,
        )


def _locked(household: Household) -> Household:
    list(Household.objects.select_for_update().filter(pk=household.pk).values_list("pk"))
    household.refresh_from_db()
    return household


def _texts(value: Any) -> list[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for k, v in value.items() for text in [str(k), *_texts(v)]]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def clean_members(members: Any) -> int | list[Any]:
    """A number of members, or a list of them (names or objects with `full_name`)."""
    if isinstance(members, bool):
        raise ValidationFailed(
            _("“members” phải là số nhân khẩu hoặc danh sách."), code="invalid", field="members"
        )
    if isinstance(members, int):
        if members < 0 or members > MAX_MEMBERS:
            raise ValidationFailed(
                _("Số nhân khẩu phải từ 0 đến %(max)s.") % {"max": MAX_MEMBERS},
                code="invalid",
                field="members",
            )
        return members
    if isinstance(members, list) and len(members) <= MAX_MEMBERS:
        cleaned: list[Any] = []
        for index, member in enumerate(members):
            if isinstance(member, str) and member.strip() and len(member) <= 150:
                cleaned.append(member.strip())
            elif (
                isinstance(member, dict)
                and isinstance(member.get("full_name"), str)
                and member["full_name"].strip()
                and len(str(member)) <= 2000
            ):
                cleaned.append(member)
            else:
                raise ValidationFailed(
                    _("Mỗi nhân khẩu là một họ tên hoặc một đối tượng có “full_name”."),
                    code="invalid",
                    field=f"members[{index}]",
                )
        if not all(pricing.is_storable_text(text) for text in _texts(cleaned)):
            raise ValidationFailed(
                _("Danh sách nhân khẩu có ký tự không hợp lệ."), code="invalid", field="members"
            )
        return cleaned
    raise ValidationFailed(
        _("“members” phải là số nhân khẩu hoặc danh sách."), code="invalid", field="members"
    )


def clean_id_number(id_number: str) -> str:
    id_number = (id_number or "").strip()
    if id_number and not (id_number.isdigit() and len(id_number) in (9, 12)):
        raise ValidationFailed(
            _("Số định danh cá nhân gồm 12 chữ số (CMND cũ: 9 chữ số)."),
            code="invalid_id_number",
            field="id_number",
        )
    return id_number


def amount_total(household: Household) -> Decimal:
    """The approved total once approved; before, the sum of the priced lines."""
    if household.approved_total is not None:
        return household.approved_total
    total = household.assets.aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0)


def paid_total(household: Household) -> Decimal:
    total = household.payments.aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0)


# ---------------------------------------------------------------- listing and lines


@transaction.atomic
def household_create(
    *,
    actor: Any,
    program: CompensationProgram,
    head_full_name: str,
    admin_unit: AdminUnit,
    id_number: str = "",
    village: str = "",
    address: str = "",
    members: Any = 0,
    group: EligibleGroup | None = None,
) -> Household:
    if program.status != CompensationProgram.Status.ACTIVE:
        raise InvalidTransition(
            _("Chương trình không ở trạng thái đang thực hiện; không thể thêm hộ."),
            code="program_not_active",
        )
    if admin_unit.level != AdminUnit.Level.COMMUNE:
        raise ValidationFailed(
            _("Hãy ghi mã xã, phường nơi hộ cư trú."), code="not_a_commune", field="admin_unit"
        )
    area = list(program.area.all())
    if area and admin_unit.pk not in unit_ids_within(area):
        raise ValidationFailed(
            _("Xã, phường này không thuộc địa bàn của chương trình."),
            code="outside_program_area",
            field="admin_unit",
        )
    id_number = clean_id_number(id_number)
    if group is not None and group.program_id != program.pk:
        raise ValidationFailed(
            _("Nhóm đối tượng không thuộc chương trình này."), code="invalid", field="group"
        )
    household = Household.objects.create(
        group=group,
        program=program,
        organization_id=program.organization_id,
        head_full_name=_required(head_full_name, "head_full_name", _("Hãy ghi họ tên chủ hộ.")),
        id_number=id_number,
        admin_unit=admin_unit,
        village=(village or "").strip(),
        address=(address or "").strip(),
        members=clean_members(members),
        status_changed_at=timezone.now(),
    )
    household.search_text = search_text(household)
    household.save(update_fields=["search_text"])
    audit_record(
        actor=actor,
        action="compensation.household_create",
        target=household,
        before=None,
        after=snapshot(household, AUDIT_FIELDS),
    )
    return household


@transaction.atomic
def household_update(
    *,
    actor: Any,
    household: Household,
    head_full_name: str,
    id_number: str = "",
    village: str = "",
    address: str = "",
    members: Any = 0,
    note: str = "",
) -> Household:
    """Correct a household's particulars (before approval: an approved list is what the
    decision names). The commune is not changed here: a household listed in the wrong
    commune is refused and listed again, so both records stay in the trail."""
    household = _locked(household)
    workflow.check(household, "update")
    before = snapshot(household, AUDIT_FIELDS)
    household.head_full_name = _required(
        head_full_name, "head_full_name", _("Hãy ghi họ tên chủ hộ.")
    )
    household.id_number = clean_id_number(id_number)
    household.village = (village or "").strip()
    household.address = (address or "").strip()
    household.members = clean_members(members)
    household.search_text = search_text(household)
    household.save()
    after = snapshot(household, AUDIT_FIELDS)
    if after != before:
        audit_record(
            actor=actor,
            action="compensation.household_update",
            target=household,
            before=before,
            after=after,
            note=note,
        )
    return household


@transaction.atomic
def asset_add(
    *,
    actor: Any,
    household: Household,
    asset_category: str,
    quantity: Any,
    attributes: Any,
    source: str = AssetLine.Source.INVENTORY,
) -> AssetLine:
    """Price and add one line (while the household declares or is inventoried): from the
    household's declaration or from the officers' inventory (`source`)."""
    household = _locked(household)
    workflow.check(household, "add_asset")
    if source not in AssetLine.Source.values:
        raise ValidationFailed(
            _("Nguồn của dòng phải là “declaration” hoặc “inventory”."),
            code="invalid",
            field="source",
        )
    cleaned = pricing.clean_all(attributes)
    number = pricing.to_decimal(quantity, field="quantity")
    if number != number.quantize(Decimal("0.0001")):
        raise ValidationFailed(
            _("“quantity” có tối đa 4 chữ số thập phân."), code="invalid", field="quantity"
        )
    priced = pricing.price(
        household.program.rates.all(),
        category=(asset_category or "").strip(),
        quantity=number,
        attributes=cleaned,
    )
    line = AssetLine.objects.create(
        household=household,
        asset_category=priced.rate.asset_category,
        quantity=number,
        attributes=attributes,
        rate=priced.rate,
        amount=priced.amount,
        explanation=priced.explanation,
        source=source,
        recorded_by=_user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="compensation.asset_add",
        target=household,
        before=None,
        after={f"asset.{k}": v for k, v in snapshot(line, LINE_FIELDS).items()},
    )
    Household.objects.filter(pk=household.pk).update(updated_at=timezone.now())
    return line


@transaction.atomic
def household_recompute(*, actor: Any, household: Household) -> Household:
    """Re-price every line from the programme's current rates (before approval only)."""
    household = _locked(household)
    workflow.check(household, "recompute")
    rates = list(household.program.rates.all())
    changes: dict[str, dict[str, Any]] = {}
    for line in household.assets.all():
        priced = pricing.price(
            rates,
            category=line.asset_category,
            quantity=line.quantity,
            attributes=pricing.clean_all(line.attributes),
        )
        if priced.amount != line.amount or priced.rate.pk != line.rate_id:
            changes[f"asset.{line.public_id}.amount"] = {
                "before": str(line.amount),
                "after": str(priced.amount),
            }
            line.rate = priced.rate
            line.amount = priced.amount
            line.explanation = priced.explanation
            line.save(update_fields=["rate", "amount", "explanation"])
    household.save(update_fields=["updated_at"])
    audit_record(
        actor=actor, action="compensation.household_recompute", target=household, changes=changes
    )
    return household


# ---------------------------------------------------------------- the pipeline


def _step(
    *,
    actor: Any,
    household: Household,
    action: str,
    on: dt.date,
    note: str = "",
    **changes: Any,
) -> Household:
    household = _locked(household)
    transition = workflow.check(household, action)
    _check_date(on)
    before = snapshot(household, AUDIT_FIELDS)
    if transition.target and transition.target != household.status:
        household.status = transition.target
        household.status_changed_at = timezone.now()
    for name, value in changes.items():
        setattr(household, name, value)
    if note:
        household.status_note = note
    household.save()
    audit_record(
        actor=actor,
        action=f"compensation.household_{action}",
        target=household,
        before=before,
        after=snapshot(household, AUDIT_FIELDS),
        note=note,
    )
    return household


@transaction.atomic
def household_declare(
    *, actor: Any, household: Household, on: dt.date, note: str = ""
) -> Household:
    return _step(
        actor=actor, household=household, action="declare", on=on, note=note, declared_on=on
    )


@transaction.atomic
def household_inventory(
    *, actor: Any, household: Household, on: dt.date, note: str = ""
) -> Household:
    if not household.assets.exists():
        workflow.check(_locked(household), "inventory")
        raise ValidationFailed(
            _("Chưa có dòng kiểm đếm nào; hãy ghi tài sản, thiệt hại của hộ trước."),
            code="no_assets",
            field="assets",
        )
    return _step(
        actor=actor,
        household=household,
        action="inventory",
        on=on,
        note=note,
        inventoried_on=on,
        inventoried_by=_user_or_none(actor),
    )


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def household_verify(*, actor: Any, household: Household, on: dt.date, note: str = "") -> Household:
    """Verification is a second officer's check: not the officer who made the inventory."""
    household = _locked(household)
    workflow.check(household, "verify")
    verifier = _user_or_none(actor)
    if verifier is not None and household.inventoried_by_id == verifier.pk:
        raise InvalidTransition(
            _("Cán bộ đã kiểm đếm không tự xác nhận kết quả; cần một cán bộ khác xác nhận."),
            code="second_officer_required",
        )
    return _step(
        actor=actor,
        household=household,
        action="verify",
        on=on,
        note=note,
        verified_on=on,
        verified_by=verifier,
    )


@transaction.atomic
def household_post(
    *,
    actor: Any,
    household: Household,
    on: dt.date,
    note: str = "",
    posting: Posting | None = None,
) -> Household:
    """Post the household's results publicly; `posting` is the village list it is on
    (danvan.compensation.postings.posting_create posts a whole list)."""
    changes: dict[str, Any] = {"posted_on": on}
    if posting is not None:
        changes["posting"] = posting
    return _step(actor=actor, household=household, action="post", on=on, note=note, **changes)


@transaction.atomic
def household_object(*, actor: Any, household: Household, on: dt.date, reason: str) -> Household:
    """Record the household's disagreement as an objection, registered as a petition
    (danvan.compensation.objections.objection_raise)."""
    from danvan.compensation.objections import objection_raise

    objection_raise(actor=actor, household=household, on=on, content=reason)
    household.refresh_from_db()
    return household


@transaction.atomic
def household_resolve(
    *, actor: Any, household: Household, on: dt.date, resolution: str
) -> Household:
    """Resolve every open objection of the household with one resolution; it is posted
    again (danvan.compensation.objections.objection_resolve)."""
    from danvan.compensation.objections import objection_resolve

    resolution = _required(resolution, "resolution", _("Hãy ghi kết quả giải quyết ý kiến."))
    household = _locked(household)
    workflow.check(household, "resolve")
    open_objections = list(household.objections.filter(resolved_on__isnull=True).order_by("pk"))
    for objection in open_objections:
        objection_resolve(actor=actor, objection=objection, on=on, resolution=resolution)
    household.refresh_from_db()
    if household.status == HouseholdStatus.OBJECTING:
        # Objecting without a recorded objection (data from before objections were kept).
        return _step(actor=actor, household=household, action="resolve", on=on, note=resolution)
    return household


def posting_last_day(posted_from: dt.date, days: int) -> dt.date:
    """The last day of a posting of `days` calendar days, the first one included."""
    return posted_from + dt.timedelta(days=days - 1)


def posting_ends_on(household: Household) -> dt.date | None:
    """The last day of the household's public posting: its posting's, or for a household
    posted on its own, the programme's minimum period counted from its posting day; None
    when nothing holds it back (no minimum) or it is not posted."""
    if household.posting is not None:
        return household.posting.posted_to
    days = household.program.posting_days
    if days is None or household.posted_on is None:
        return None
    return posting_last_day(household.posted_on, days)


def posting_period_ended(household: Household, on: dt.date) -> bool:
    """Whether the household's public posting is over on `on`."""
    last = posting_ends_on(household)
    return last is None or last < on


def check_posting_period(household: Household, on: dt.date) -> None:
    if posting_period_ended(household, on):
        return
    last = posting_ends_on(household)
    message = _("Chưa hết thời gian niêm yết (đến hết ngày %(date)s); chưa thể phê duyệt.") % {
        "date": last.strftime("%d/%m/%Y") if last else "—"
    }
    raise InvalidTransition(message, code="posting_period_not_ended")


@transaction.atomic
def household_approve(
    *,
    actor: Any,
    household: Household,
    on: dt.date,
    decision_number: str = "",
    note: str = "",
    batch: ApprovalBatch | None = None,
) -> Household:
    """Approve and freeze the total: later rate changes do not touch it. Only once the
    posting period is over (check_posting_period); `batch` is the approval decision
    covering several households (danvan.compensation.postings.batch_approve)."""
    household = _locked(household)
    workflow.check(household, "approve")
    check_posting_period(household, on)
    if household.posted_on and on < household.posted_on:
        raise ValidationFailed(
            _("Ngày phê duyệt không được trước ngày niêm yết."),
            code="date_before_previous_step",
            field="on",
        )
    total = amount_total(household)
    changes: dict[str, Any] = {"approval_batch": batch} if batch is not None else {}
    return _step(
        actor=actor,
        household=household,
        action="approve",
        on=on,
        note=note,
        approved_on=on,
        approved_total=total,
        approval_decision=(decision_number or "").strip(),
        **changes,
    )


@transaction.atomic
def household_pay(
    *,
    actor: Any,
    household: Household,
    on: dt.date,
    amount: Decimal,
    receiver: str,
    method: str = "",
    receipt_number: str = "",
    evidence: HouseholdAttachment | None = None,
    recorded_by: Any = None,
) -> Household:
    """Record one payment (partial payments add up); the household is `paid` once the
    approved total is paid. `evidence` is the receipt filed with this household."""
    household = _locked(household)
    workflow.check(household, "pay")
    _check_date(on)
    if evidence is not None and evidence.household_id != household.pk:
        raise ValidationFailed(
            _("Chứng từ chi trả phải là tài liệu của chính hộ này."),
            code="evidence_of_another_household",
            field="evidence",
        )
    if household.approved_on and on < household.approved_on:
        raise ValidationFailed(
            _("Ngày chi trả không được trước ngày phê duyệt."),
            code="date_before_previous_step",
            field="on",
        )
    receiver = _required(receiver, "receiver", _("Hãy ghi họ tên người nhận tiền."))
    _check_length(receiver, "receiver", 150)
    _check_length(method, "method", 32)
    _check_length(receipt_number, "receipt_number", 64)
    if amount <= 0:
        raise ValidationFailed(_("Số tiền phải lớn hơn 0."), code="not_positive", field="amount")
    remaining = amount_total(household) - paid_total(household)
    if amount > remaining:
        raise ValidationFailed(
            _("Số tiền chi trả vượt số còn phải trả (%(remaining)s đ).")
            % {"remaining": pricing.vn_number(remaining)},
            code="overpayment",
            field="amount",
        )
    before = snapshot(household, AUDIT_FIELDS)
    payment = Payment.objects.create(
        household=household,
        paid_on=on,
        amount=amount,
        receiver=receiver,
        method=(method or "").strip(),
        receipt_number=(receipt_number or "").strip(),
        evidence=evidence,
        recorded_by=recorded_by if recorded_by is not None else _user_or_none(actor),
    )
    if amount == remaining:
        household.status = HouseholdStatus.PAID
        household.status_changed_at = timezone.now()
    household.save()
    audit_record(
        actor=actor,
        action="compensation.household_pay",
        target=household,
        before=before,
        after=snapshot(household, AUDIT_FIELDS),
        note=_("Chi trả %(amount)s đ, biên nhận %(receipt)s")
        % {"amount": pricing.vn_number(payment.amount), "receipt": payment.receipt_number or "-"},
    )
    return household


@transaction.atomic
def household_refuse(*, actor: Any, household: Household, on: dt.date, reason: str) -> Household:
    reason = _required(reason, "reason", _("Hãy ghi lý do."))
    return _step(
        actor=actor, household=household, action="refuse", on=on, note=reason, refused_on=on
    )


@transaction.atomic
def program_assign(
    *,
    actor: Any,
    program: CompensationProgram,
    organization: Organization,
    area: list[AdminUnit],
) -> CompensationProgram:
    """Name the organisation that leads a programme and the communes it covers."""
    before = {
        "organization": program.organization_id,
        "area": sorted(unit.code for unit in program.area.all()),
    }
    program.organization = organization
    program.save(update_fields=["organization", "updated_at"])
    program.area.set(area)
    Household.objects.filter(program=program).update(organization=organization)
    audit_record(
        actor=actor,
        action="compensation.program_assign",
        target=program,
        before=before,
        after={"organization": organization.pk, "area": sorted(u.code for u in area)},
    )
    return program
