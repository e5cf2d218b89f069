"""How the compensation screens show a household: status badges, the pipeline step bar, an
asset line's attributes in words, amounts in Vietnamese format and the audit trail with
Vietnamese labels."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.audit.models import AuditEvent
from danvan.audit.selectors import events_for
from danvan.compensation.models import AssetLine, EligibleGroup, Household, HouseholdStatus, Rate
from danvan.compensation.rates import vn_number
from danvan.core.templatetags.danvan_ui import field_labels_for
from danvan.places.models import AdminUnit

S = HouseholdStatus
STATUS_BADGES: dict[str, str] = {
    S.NOT_DECLARED: "badge badge-muted",
    S.OBJECTING: "badge badge-warn",
    S.APPROVED: "badge badge-ok",
    S.PAID: "badge badge-ok",
    S.REFUSED: "badge badge-danger",
}
# The main road of the pipeline, with the date field that records each step.
STEPS: list[tuple[str, str | None]] = [
    (S.NOT_DECLARED, None),
    (S.DECLARED, "declared_on"),
    (S.INVENTORIED, "inventoried_on"),
    (S.VERIFIED, "verified_on"),
    (S.POSTED, "posted_on"),
    (S.APPROVED, "approved_on"),
    (S.PAID, None),
]
AUDIT_LABELS: dict[str, Any] = {
    "compensation.household_create": gettext_lazy("Lập hồ sơ hộ"),
    "compensation.asset_add": gettext_lazy("Ghi một dòng tài sản, thiệt hại"),
    "compensation.household_recompute": gettext_lazy("Tính lại thành tiền theo đơn giá"),
    "compensation.household_declare": gettext_lazy("Kê khai"),
    "compensation.household_inventory": gettext_lazy("Hoàn thành kiểm đếm"),
    "compensation.household_verify": gettext_lazy("Xác nhận kết quả kiểm đếm"),
    "compensation.household_post": gettext_lazy("Niêm yết công khai"),
    "compensation.household_object": gettext_lazy("Ghi ý kiến không đồng ý"),
    "compensation.household_resolve": gettext_lazy("Giải quyết ý kiến không đồng ý"),
    "compensation.household_approve": gettext_lazy("Phê duyệt"),
    "compensation.household_pay": gettext_lazy("Chi trả"),
    "compensation.household_refuse": gettext_lazy("Không đủ điều kiện, từ chối"),
    "compensation.household_attachment_add": gettext_lazy("Đính kèm tài liệu"),
    "compensation.household_update": gettext_lazy("Sửa thông tin hộ"),
    "compensation.household_hand_over": gettext_lazy("Bàn giao mặt bằng"),
    "compensation.household_import": gettext_lazy("Nhập từ tệp Excel"),
    "compensation.objection_raise": gettext_lazy("Ghi ý kiến không đồng ý"),
    "compensation.objection_resolve": gettext_lazy("Giải quyết ý kiến không đồng ý"),
    "compensation.task_assign": gettext_lazy("Giao nhiệm vụ vận động"),
    "compensation.task_close": gettext_lazy("Kết thúc nhiệm vụ vận động"),
    "compensation.visit_record": gettext_lazy("Ghi một lần đến vận động"),
    "compensation.visit_petition": gettext_lazy("Chuyển kiến nghị của hộ thành đơn thư"),
}
ATTRIBUTE_WORDS: dict[str, Any] = {
    "engine_power_cv": gettext_lazy("công suất %(value)s CV"),
    "months": gettext_lazy("%(value)s tháng"),
    "length_m": gettext_lazy("dài %(value)s m"),
    "registration_number": gettext_lazy("số đăng ký %(value)s"),
    "land_class": gettext_lazy("loại đất %(value)s"),
    "map_sheet": gettext_lazy("tờ bản đồ %(value)s"),
    "parcel_number": gettext_lazy("thửa %(value)s"),
    "house_grade": gettext_lazy("nhà cấp %(value)s"),
    "species": gettext_lazy("%(value)s"),
}
# Readable names of the asset categories used by the rate tables shipped or documented;
# a programme's own category falls back to the description of its first rate.
CATEGORY_LABELS: dict[str, Any] = {
    "fishing_vessel_owner": gettext_lazy("Tàu cá — chủ tàu"),
    "fishing_vessel_worker": gettext_lazy("Tàu cá — lao động làm việc trên tàu"),
    "lost_income_worker": gettext_lazy("Lao động bị mất thu nhập"),
    "salt_production": gettext_lazy("Sản xuất muối"),
    "fishing_net": gettext_lazy("Lưới"),
    "fishing_gear": gettext_lazy("Ngư cụ"),
    "land": gettext_lazy("Đất"),
    "land_parcel": gettext_lazy("Đất"),
    "house": gettext_lazy("Nhà ở"),
    "structure": gettext_lazy("Công trình, vật kiến trúc"),
    "crop": gettext_lazy("Cây hằng năm"),
    "tree": gettext_lazy("Cây lâu năm"),
    "relocation_support": gettext_lazy("Hỗ trợ di chuyển chỗ ở"),
    "living_support": gettext_lazy("Hỗ trợ ổn định đời sống"),
}
MONEY_FIELDS = frozenset({"approved_total", "asset.amount"})
USER_FIELDS = frozenset({"inventoried_by", "verified_by"})
LINE_AMOUNT = re.compile(r"^asset\.([A-Za-z0-9]+)\.amount$")


def category_label(category: str, rates: Iterable[Rate]) -> str:
    if category in CATEGORY_LABELS:
        return str(CATEGORY_LABELS[category])
    described = next((r.description for r in rates if r.asset_category == category), "")
    return described or category


def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "badge")


def money(value: Any) -> str:
    """ "1.234.567 đ" (whole đồng as offices write them)."""
    return f"{vn_number(Decimal(value or 0).quantize(Decimal(1)))} đ"


def _number_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    try:
        return vn_number(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def describe_attributes(attributes: Any) -> str:
    """{"engine_power_cv": 18, "months": 6} → "công suất 18 CV, 6 tháng": the known
    attributes in the order of ATTRIBUTE_WORDS (a JSON column need not keep the order they
    were written in), then the others by name."""
    if not isinstance(attributes, dict):
        return ""
    order = {key: index for index, key in enumerate(ATTRIBUTE_WORDS)}
    parts = []
    for key, value in sorted(attributes.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])):
        text = _number_text(value) if isinstance(value, int | float) else str(value)
        words = ATTRIBUTE_WORDS.get(key)
        parts.append(str(words) % {"value": text} if words else f"{key}: {text}")
    return ", ".join(parts)


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current" or "todo"
    on: dt.date | None


def pipeline_steps(household: Household) -> list[Step]:
    """The step bar: steps recorded (with their date), the current one, those to come."""
    labels = dict(S.choices)
    order = [status for status, _field in STEPS]
    current = S.POSTED if household.status == S.OBJECTING else household.status
    index = order.index(current) if current in order else -1
    steps = []
    for position, (status, date_field) in enumerate(STEPS):
        on = getattr(household, date_field) if date_field else None
        if household.status == S.REFUSED:
            state = "done" if on else "todo"
        elif position < index:
            state = "done"
        elif position == index:
            state = "current"
        else:
            state = "todo"
        steps.append(Step(label=str(labels[status]), state=state, on=on))
    return steps


@dataclass(frozen=True)
class TrailEvent:
    """An audit event as the household page shows it (Vietnamese labels and values)."""

    event: AuditEvent
    action: str
    changes: dict[str, dict[str, Any]]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.event, name)


@dataclass(frozen=True)
class Lookups:
    """Ids and codes of the trail turned into names, fetched once per page."""

    values: dict[str, dict[str, str]]
    rates: list[Rate]


def _lookups(household: Household, events: list[AuditEvent]) -> Lookups:
    wanted: dict[str, set[str]] = {name: set() for name in ("user", "admin_unit", "group")}
    for event in events:
        for name, change in (event.changes or {}).items():
            kind = "user" if name in USER_FIELDS else name
            if kind in wanted and isinstance(change, dict):
                wanted[kind] |= {str(v) for v in change.values() if str(v or "").isdigit()}
    users = get_user_model().objects.filter(pk__in=wanted["user"])
    units = AdminUnit.objects.filter(pk__in=wanted["admin_unit"]).values_list("pk", "name")
    groups = EligibleGroup.objects.filter(pk__in=wanted["group"]).values_list("pk", "name")
    rates = list(household.program.rates.all())
    return Lookups(
        values={
            "status": {value: str(label) for value, label in S.choices},
            "user": {str(u.pk): u.get_full_name() or u.get_username() for u in users},
            "admin_unit": {str(pk): name for pk, name in units},
            "group": {str(pk): name for pk, name in groups},
            "asset.rate": {str(rate.pk): rate.code for rate in rates},
            "asset.source": {value: str(label) for value, label in AssetLine.Source.choices},
        },
        rates=rates,
    )


def _readable(name: str, value: Any, lookups: Lookups) -> Any:
    if value is None or value == "":
        return value
    kind = "user" if name in USER_FIELDS else name
    if kind in lookups.values:
        return lookups.values[kind].get(str(value), value)
    if name == "asset.asset_category":
        return category_label(str(value), lookups.rates)
    if name in MONEY_FIELDS or LINE_AMOUNT.match(name):
        try:
            return money(value)
        except (InvalidOperation, ValueError):
            return value
    if name == "asset.attributes":
        return describe_attributes(value)
    if name.endswith("_on") and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if name == "members" and isinstance(value, list):
        return "; ".join(
            str(v.get("full_name", v)) if isinstance(v, dict) else str(v) for v in value
        )
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def field_labels(household: Household) -> dict[str, str]:
    labels = field_labels_for(household)
    for line_field in AssetLine._meta.get_fields():
        verbose = getattr(line_field, "verbose_name", None)
        if verbose:
            labels[f"asset.{line_field.name}"] = _("Dòng tài sản — %(field)s") % {"field": verbose}
    labels["attachment.kind"] = _("Loại tài liệu")
    labels["attachment.name"] = _("Tên tệp")
    labels["attachment.sha256"] = _("Mã băm SHA-256")
    return labels


def line_amount_label(name: str) -> str | None:
    match = LINE_AMOUNT.match(name)
    return _("Thành tiền dòng %(id)s") % {"id": match.group(1)} if match else None


def trail(household: Household, *, limit: int = 100) -> list[TrailEvent]:
    """The household's audit trail, newest first, in words (empty changes left out)."""
    events = events_for(household, limit=limit)
    lookups = _lookups(household, events)
    result = []
    for event in events:
        changes = {
            name: {
                "before": _readable(name, change.get("before"), lookups),
                "after": _readable(name, change.get("after"), lookups),
            }
            for name, change in (event.changes or {}).items()
            if isinstance(change, dict)
            and not (_empty(change.get("before")) and _empty(change.get("after")))
        }
        label = AUDIT_LABELS.get(event.action, event.action)
        result.append(TrailEvent(event=event, action=str(label), changes=changes))
    return result
