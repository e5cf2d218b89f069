"""How the compensation screens show a household: status badges, the pipeline step bar, an
asset line's attributes in words, amounts in Vietnamese format and the audit trail with
Vietnamese labels."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.audit.models import AuditEvent
from danvan.audit.selectors import events_for
from danvan.compensation.models import AssetLine, Household, HouseholdStatus
from danvan.compensation.rates import vn_number
from danvan.core.templatetags.danvan_ui import field_labels_for

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
MONEY_FIELDS = frozenset({"approved_total", "asset.amount"})
USER_FIELDS = frozenset({"inventoried_by", "verified_by"})
LINE_AMOUNT = re.compile(r"^asset\.([A-Za-z0-9]+)\.amount$")


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
    """{"engine_power_cv": 18, "months": 6} → "công suất 18 CV, 6 tháng"."""
    if not isinstance(attributes, dict):
        return ""
    parts = []
    for key, value in attributes.items():
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


def _readable(name: str, value: Any, statuses: dict[str, str], users: dict[str, str]) -> Any:
    if value is None or value == "":
        return value
    if name == "status":
        return statuses.get(str(value), value)
    if name in USER_FIELDS:
        return users.get(str(value), value)
    if name in MONEY_FIELDS or LINE_AMOUNT.match(name):
        try:
            return money(value)
        except (InvalidOperation, ValueError):
            return value
    if name == "asset.attributes":
        return describe_attributes(value)
    return value


def field_labels(household: Household) -> dict[str, str]:
    labels = field_labels_for(household)
    for line_field in AssetLine._meta.get_fields():
        verbose = getattr(line_field, "verbose_name", None)
        if verbose:
            labels[f"asset.{line_field.name}"] = _("Dòng kê khai — %(field)s") % {"field": verbose}
    labels["attachment.kind"] = _("Loại tài liệu")
    labels["attachment.name"] = _("Tên tệp")
    labels["attachment.sha256"] = _("Mã băm SHA-256")
    return labels


def line_amount_label(name: str) -> str | None:
    match = LINE_AMOUNT.match(name)
    return _("Thành tiền dòng %(id)s") % {"id": match.group(1)} if match else None


def trail(household: Household, *, limit: int = 100) -> list[TrailEvent]:
    """The household's audit trail, newest first, in words."""
    events = events_for(household, limit=limit)
    user_ids = {
        str(change.get(key))
        for event in events
        for name, change in (event.changes or {}).items()
        if name in USER_FIELDS
        for key in ("before", "after")
        if change.get(key)
    }
    users = {
        str(user.pk): user.get_full_name() or user.get_username()
        for user in get_user_model().objects.filter(pk__in=[u for u in user_ids if u.isdigit()])
    }
    statuses = {value: str(label) for value, label in S.choices}
    result = []
    for event in events:
        changes = {
            name: {
                "before": _readable(name, change.get("before"), statuses, users),
                "after": _readable(name, change.get("after"), statuses, users),
            }
            for name, change in (event.changes or {}).items()
            if isinstance(change, dict)
        }
        label = AUDIT_LABELS.get(event.action, event.action)
        result.append(TrailEvent(event=event, action=str(label), changes=changes))
    return result
