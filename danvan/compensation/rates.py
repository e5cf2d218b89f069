"""Pricing one asset line from a programme's rate table, in `Decimal` (never floats).

amount = rate × quantity × months (months only for monthly units, capped by the rate's
`max_months`), rounded to whole đồng (ROUND_HALF_UP). Each line carries a Vietnamese
explanation, e.g. "tàu 18 CV: 10.670.000 đ/tháng × 6 tháng = 64.020.000 đ"."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from danvan.compensation.models import Rate
from danvan.core.errors import ValidationFailed

ENGINE = "engine_power_cv"
MONTHS = "months"
MAX_NUMBER = Decimal("1000000")
MAX_AMOUNT = Decimal("100000000000000")  # 10^14 đồng: what the amount columns hold
VESSEL_CATEGORIES = frozenset({"fishing_vessel_owner", "fishing_vessel_worker"})
WHOLE = Decimal("1")
# Descriptive attributes, kept as text: a vessel's registration number, a parcel's map sheet
# and number, its land class (a code of the land-use classification: ONT, LUC, CLN...), the
# species of a tree or crop. A rate condition on one of them must match it exactly.
TEXT_ATTRIBUTES = frozenset(
    {"registration_number", "map_sheet", "parcel_number", "land_class", "species"}
)
# Condition keys with their own meaning; any other key is an equality condition on the
# attribute of the same name (e.g. {"land_class": "ONT"} or {"house_grade": 4}).
SPECIAL_CONDITIONS = frozenset(
    {"engine_power_cv_min", "engine_power_cv_max", "no_engine", "max_months"}
)


@dataclass(frozen=True)
class Priced:
    rate: Rate
    quantity: Decimal
    months: Decimal | None
    amount: Decimal
    explanation: str


def to_decimal(value: Any, *, field: str, maximum: Decimal = MAX_NUMBER) -> Decimal:
    """A JSON number (or, for `quantity`, a decimal string) as a finite, non-negative
    Decimal; strings, booleans, NaN, infinities and negatives answer 400."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValidationFailed(
            _("“%(field)s” phải là một số.") % {"field": field}, code="not_a_number", field=field
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationFailed(
            _("“%(field)s” phải là một số hữu hạn.") % {"field": field},
            code="not_a_number",
            field=field,
        )
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation as error:
        raise ValidationFailed(
            _("“%(field)s” phải là một số.") % {"field": field}, code="not_a_number", field=field
        ) from error
    if not number.is_finite():
        raise ValidationFailed(
            _("“%(field)s” phải là một số hữu hạn.") % {"field": field},
            code="not_a_number",
            field=field,
        )
    if number < 0:
        raise ValidationFailed(
            _("“%(field)s” không được âm.") % {"field": field}, code="negative", field=field
        )
    if number > maximum:
        raise ValidationFailed(
            _("“%(field)s” quá lớn.") % {"field": field}, code="too_large", field=field
        )
    return number


def is_storable_text(text: str) -> bool:
    """Text a database stores: no NUL character, no lone surrogate."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_text_attributes(attributes: Any) -> dict[str, str]:
    """The descriptive attributes (TEXT_ATTRIBUTES): short strings, or 400."""
    cleaned: dict[str, str] = {}
    if not isinstance(attributes, Mapping):
        return cleaned
    for key in TEXT_ATTRIBUTES:
        if key not in attributes:
            continue
        value = attributes[key]
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValidationFailed(
                _("“attributes.%(key)s” phải là một chuỗi ký tự.") % {"key": key},
                code="invalid",
                field=f"attributes.{key}",
            )
        text = str(value).strip()
        if not text or len(text) > 64 or not is_storable_text(text):
            raise ValidationFailed(
                _("“attributes.%(key)s” không hợp lệ.") % {"key": key},
                code="invalid",
                field=f"attributes.{key}",
            )
        cleaned[key] = text
    return cleaned


def clean_attributes(attributes: Any) -> dict[str, Decimal]:
    """Every attribute must be a JSON number (not a string, not negative, not NaN), except
    the descriptive ones of TEXT_ATTRIBUTES (registration number, land class...), checked by
    `clean_text_attributes`."""
    if not isinstance(attributes, Mapping):
        raise ValidationFailed(
            _("“attributes” phải là một đối tượng JSON."), code="invalid", field="attributes"
        )
    cleaned: dict[str, Decimal] = {}
    for key, value in attributes.items():
        if not is_storable_text(str(key)) or len(str(key)) > 64:
            raise ValidationFailed(
                _("Tên thuộc tính không hợp lệ."), code="invalid", field="attributes"
            )
        if str(key) in TEXT_ATTRIBUTES:
            continue
        if isinstance(value, str):
            raise ValidationFailed(
                _("“attributes.%(key)s” phải là một số, không phải chuỗi ký tự.") % {"key": key},
                code="not_a_number",
                field=f"attributes.{key}",
            )
        cleaned[str(key)] = to_decimal(value, field=f"attributes.{key}")
    return cleaned


def vn_number(value: Decimal) -> str:
    """Vietnamese format: dots between thousands, a comma before decimals ("1.234.567,5")."""
    value = value.normalize() if value == value.to_integral_value() else value
    sign = "-" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _sep, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + ".".join(groups)
    return f"{result},{fraction}" if fraction else result


def _matches_equalities(conditions: Mapping[str, Any], attributes: Mapping[str, Any]) -> bool:
    for key, expected in conditions.items():
        if key in SPECIAL_CONDITIONS:
            continue
        value = attributes.get(key)
        if value is None:
            return False
        if key in TEXT_ATTRIBUTES:
            if str(value).strip().upper() != str(expected).strip().upper():
                return False
        elif isinstance(expected, bool) or Decimal(str(value)) != Decimal(str(expected)):
            return False
    return True


def _matches(conditions: Mapping[str, Any], attributes: Mapping[str, Any]) -> bool:
    if not _matches_equalities(conditions, attributes):
        return False
    has_band = "engine_power_cv_min" in conditions or "engine_power_cv_max" in conditions
    if conditions.get("no_engine") or has_band:
        power = attributes.get(ENGINE)
        if power is None:
            return False
        if conditions.get("no_engine"):
            return power == 0
        if power <= 0:
            return False
        low = conditions.get("engine_power_cv_min")
        high = conditions.get("engine_power_cv_max")
        if low is not None and power < Decimal(str(low)):
            return False
        if high is not None and power >= Decimal(str(high)):
            return False
    return True


def pick_rate(rates: Iterable[Rate], category: str, attributes: Mapping[str, Any]) -> Rate:
    """The row of `category` whose conditions the attributes meet; 400 otherwise."""
    candidates = [rate for rate in rates if rate.asset_category == category]
    if not candidates:
        raise ValidationFailed(
            _("Chương trình không có đơn giá cho nhóm “%(category)s”.") % {"category": category},
            code="unknown_asset_category",
            field="asset_category",
        )
    needs_engine = any(
        "engine_power_cv_min" in r.conditions
        or "engine_power_cv_max" in r.conditions
        or r.conditions.get("no_engine")
        for r in candidates
    )
    if needs_engine and ENGINE not in attributes:
        raise ValidationFailed(
            _("Hãy ghi công suất máy (CV) của tàu; tàu không động cơ ghi 0."),
            code="required",
            field=f"attributes.{ENGINE}",
        )
    keys = sorted({k for r in candidates for k in r.conditions if k not in SPECIAL_CONDITIONS})
    for key in keys:
        if key not in attributes:
            raise ValidationFailed(
                _("Hãy ghi “attributes.%(key)s” để chọn đơn giá của nhóm “%(category)s”.")
                % {"key": key, "category": category},
                code="required",
                field=f"attributes.{key}",
            )
    matching = [rate for rate in candidates if _matches(rate.conditions, attributes)]
    if not matching and keys:
        raise ValidationFailed(
            _("Không có mức đơn giá nào của nhóm “%(category)s” áp dụng cho %(values)s.")
            % {
                "category": category,
                "values": ", ".join(f"{key} = {attributes[key]}" for key in keys),
            },
            code="no_matching_rate",
            field=f"attributes.{keys[0]}",
        )
    if not matching:
        raise ValidationFailed(
            _("Không có mức đơn giá nào áp dụng cho công suất máy %(power)s CV.")
            % {"power": vn_number(attributes.get(ENGINE, Decimal(0)))},
            code="no_matching_rate",
            field=f"attributes.{ENGINE}",
        )
    return matching[0]


def _subject(category: str, attributes: Mapping[str, Any], rate: Rate) -> str:
    if category in VESSEL_CATEGORIES:
        power = attributes.get(ENGINE, Decimal(0))
        if power == 0:
            return _("tàu không động cơ")
        return _("tàu %(power)s CV") % {"power": vn_number(power)}
    if category == "lost_income_worker":
        return _("lao động mất thu nhập")
    if category == "salt_production":
        return _("sản xuất muối")
    subject = rate.description or category
    place = " ".join(
        part
        for part in (
            _("tờ %(sheet)s") % {"sheet": attributes["map_sheet"]}
            if attributes.get("map_sheet")
            else "",
            _("thửa %(parcel)s") % {"parcel": attributes["parcel_number"]}
            if attributes.get("parcel_number")
            else "",
        )
        if part
    )
    return f"{subject} ({place})" if place else subject


def clean_all(attributes: Any) -> dict[str, Any]:
    """Numeric attributes as Decimal and descriptive ones as text, both checked."""
    return {**clean_attributes(attributes), **clean_text_attributes(attributes)}


def price(
    rates: Iterable[Rate], *, category: str, quantity: Decimal, attributes: Mapping[str, Any]
) -> Priced:
    """Price one line: choose the rate, cap the months, multiply, round to whole đồng."""
    rate = pick_rate(rates, category, attributes)
    if quantity <= 0:
        raise ValidationFailed(
            _("“quantity” phải lớn hơn 0."), code="not_positive", field="quantity"
        )
    unit = rate.unit.strip()
    parts = [p.strip() for p in unit.split("·")]
    monthly = parts[-1] == "tháng"
    quantity_unit = "·".join(parts[:-1]) if monthly else unit
    months: Decimal | None = None
    if monthly:
        max_months = rate.conditions.get("max_months")
        cap = Decimal(str(max_months)) if max_months is not None else None
        if MONTHS in attributes:
            months = attributes[MONTHS]
            if months <= 0:
                raise ValidationFailed(
                    _("“attributes.months” phải lớn hơn 0."),
                    code="not_positive",
                    field="attributes.months",
                )
            if cap is not None and months > cap:
                months = cap
        elif cap is not None:
            months = cap
        else:
            raise ValidationFailed(
                _("Hãy ghi số tháng được bồi thường, hỗ trợ."),
                code="required",
                field="attributes.months",
            )
    amount = Decimal(rate.amount) * quantity * (months if months is not None else 1)
    amount = amount.quantize(WHOLE, rounding=ROUND_HALF_UP)
    if amount >= MAX_AMOUNT:
        raise ValidationFailed(_("Thành tiền quá lớn."), code="too_large", field="quantity")
    factors = [f"{vn_number(Decimal(rate.amount))} đ/{unit}"]
    if quantity_unit:
        factors.append(f"{vn_number(quantity)} {quantity_unit}")
    elif quantity != 1:
        factors.append(vn_number(quantity))
    if months is not None:
        factors.append(_("%(months)s tháng") % {"months": vn_number(months)})
    subject = _subject(category, attributes, rate)
    if category == "fishing_vessel_worker":
        subject = _("%(subject)s, %(count)s lao động") % {
            "subject": subject,
            "count": vn_number(quantity),
        }
    explanation = f"{subject}: {' × '.join(factors)} = {vn_number(amount)} đ"
    return Priced(
        rate=rate, quantity=quantity, months=months, amount=amount, explanation=explanation
    )
