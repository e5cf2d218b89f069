"""Forms of the compensation screens: they parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.compensation.display import category_label
from danvan.compensation.models import (
    AssetLine,
    CompensationProgram,
    EligibleGroup,
    Household,
    HouseholdAttachment,
    HouseholdStatus,
    Rate,
)
from danvan.compensation.rates import VESSEL_CATEGORIES
from danvan.compensation.selectors import HouseholdFilters
from danvan.places.models import AdminUnit

MAX_STUCK_DAYS = 3650

# Attribute fields of an asset line, in groups; each group is shown for the categories it
# concerns (all of them without JavaScript).
ATTRIBUTE_GROUPS: list[tuple[str, Any, tuple[str, ...]]] = [
    ("vessel", _("Tàu cá"), ("engine_power_cv", "length_m", "registration_number")),
    ("period", _("Thời gian bị ảnh hưởng"), ("months",)),
    ("land", _("Thửa đất"), ("land_class", "map_sheet", "parcel_number")),
    ("house", _("Nhà, công trình"), ("house_grade",)),
    ("plant", _("Cây trồng, vật nuôi"), ("species",)),
]
NUMBER_ATTRIBUTES = ("engine_power_cv", "length_m", "months", "house_grade")
TEXT_ATTRIBUTES = ("registration_number", "land_class", "map_sheet", "parcel_number", "species")
GROUP_KEYWORDS = {
    "vessel": ("vessel", "boat", "ship"),
    "land": ("land", "parcel", "salt"),
    "house": ("house", "structure", "building"),
    "plant": ("tree", "crop", "plant", "livestock", "aquaculture"),
}


def _today() -> dt.date:
    return timezone.localdate()


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: Any, *, required: bool = True, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=5000, widget=forms.Textarea({"rows": rows})
    )


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


def json_number(value: Decimal) -> int | float:
    """A form's Decimal as a JSON number (the line's attributes are stored as JSON)."""
    return int(value) if value == value.to_integral_value() else float(value)


# ---------------------------------------------------------------- the household list


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("chủ hộ, số định danh, mã hồ sơ, địa chỉ…"),
                "aria-describedby": "q-help",
            }
        ),
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    unit = forms.TypedChoiceField(
        label=_("Xã, phường"), required=False, coerce=int, empty_value=None
    )
    village = forms.ChoiceField(label=_("Thôn, tổ dân phố"), required=False)
    group = forms.ChoiceField(label=_("Nhóm đối tượng"), required=False)
    stuck = forms.IntegerField(
        label=_("Đứng yên quá (ngày)"),
        required=False,
        min_value=1,
        max_value=MAX_STUCK_DAYS,
        help_text=_("Hộ chưa chuyển bước quá số ngày này (trừ hộ đã chi trả, bị từ chối)."),
    )

    def __init__(
        self,
        data: Any,
        *,
        units: list[tuple[int, str]],
        villages: list[str],
        groups: list[EligibleGroup],
    ) -> None:
        super().__init__(data)
        fields: Any = self.fields
        fields["status"].choices = _blank(_("Tất cả")) + list(HouseholdStatus.choices)
        fields["unit"].choices = _blank(_("Tất cả")) + [(pk, name) for pk, name in units]
        fields["village"].choices = _blank(_("Tất cả")) + [(v, v) for v in villages]
        fields["group"].choices = _blank(_("Tất cả")) + [(g.code, g.name) for g in groups]

    def household_filters(self) -> HouseholdFilters:
        """The valid filters (an invalid value is ignored and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return HouseholdFilters(
            status=data.get("status") or "",
            admin_unit_id=data.get("unit"),
            village=data.get("village") or "",
            group=data.get("group") or "",
            q=(data.get("q") or "").strip(),
            stuck_days=data.get("stuck"),
        )


# ---------------------------------------------------------------- listing a household


class HouseholdCreateForm(forms.Form):
    head_full_name = forms.CharField(label=_("Họ và tên chủ hộ"), max_length=150)
    id_number = forms.CharField(
        label=_("Số định danh cá nhân của chủ hộ"),
        max_length=20,
        required=False,
        help_text=_("12 chữ số (CMND cũ: 9 chữ số)."),
    )
    admin_unit = forms.ChoiceField(label=_("Xã, phường nơi hộ cư trú"))
    village = forms.CharField(label=_("Thôn, tổ dân phố"), max_length=150, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    members = forms.CharField(
        label=_("Nhân khẩu"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Ghi số nhân khẩu (ví dụ 5), hoặc họ tên từng người, mỗi người một dòng."),
    )

    def __init__(self, data: Any = None, *, units: list[AdminUnit]) -> None:
        super().__init__(data)
        self.units = {unit.pk: unit for unit in units}
        fields: Any = self.fields
        choices = [(str(unit.pk), unit.name) for unit in units]
        if len(choices) == 1:
            fields["admin_unit"].choices = choices
        else:
            fields["admin_unit"].choices = _blank(_("— Chọn xã, phường —")) + choices
        fields["head_full_name"].widget.attrs["autofocus"] = True

    def clean_admin_unit(self) -> AdminUnit:
        value = self.cleaned_data.get("admin_unit") or ""
        unit = self.units.get(int(value)) if value.isdigit() else None
        if unit is None:
            raise forms.ValidationError(_("Hãy chọn một xã, phường trong danh sách."))
        return unit

    def clean_members(self) -> int | list[str]:
        text = (self.cleaned_data.get("members") or "").strip()
        if not text:
            return 0
        if text.isdigit():
            if len(text) > 4:
                raise forms.ValidationError(_("Số nhân khẩu quá lớn."))
            return int(text)
        return [line.strip() for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------- the household's actions


class HouseholdActionForm(forms.Form):
    """A step of the household's pipeline: the date it happened and a note."""

    on = forms.DateField(label=_("Ngày thực hiện"), widget=_date_input())
    note = _text(_("Ghi chú"), required=False)

    def __init__(
        self, data: Any = None, files: Any = None, *, household: Household, action: str
    ) -> None:
        super().__init__(data, files, prefix=action, initial={"on": _today()})
        self.household = household
        self.action = action

    def service_arguments(self) -> dict[str, Any]:
        """The keyword arguments of the action's service besides actor and household."""
        return dict(self.cleaned_data)


class ApproveForm(HouseholdActionForm):
    decision_number = forms.CharField(
        label=_("Số quyết định phê duyệt"),
        max_length=64,
        help_text=_("Ví dụ: 125/QĐ-UBND. Khi phê duyệt, số tiền được cố định."),
    )
    field_order = ["on", "decision_number", "note"]


class RefuseForm(HouseholdActionForm):
    note = None  # type: ignore[assignment]
    reason = _text(_("Lý do"), rows=3)


class HouseholdUpdateForm(HouseholdActionForm):
    """Correct the household's particulars (before approval)."""

    on = None  # type: ignore[assignment]
    head_full_name = forms.CharField(label=_("Họ và tên chủ hộ"), max_length=150)
    id_number = forms.CharField(
        label=_("Số định danh cá nhân của chủ hộ"),
        max_length=20,
        required=False,
        help_text=_("12 chữ số (CMND cũ: 9 chữ số)."),
    )
    village = forms.CharField(label=_("Thôn, tổ dân phố"), max_length=150, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    members = forms.CharField(
        label=_("Nhân khẩu"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Ghi số nhân khẩu, hoặc họ tên từng người, mỗi người một dòng."),
    )
    note = _text(_("Lý do sửa"), rows=2)
    field_order = ["head_full_name", "id_number", "village", "address", "members", "note"]

    def __init__(
        self, data: Any = None, files: Any = None, *, household: Household, action: str
    ) -> None:
        super().__init__(data, files, household=household, action=action)
        members = household.members
        self.initial.update(
            {
                "head_full_name": household.head_full_name,
                "id_number": household.id_number,
                "village": household.village,
                "address": household.address,
                "members": "\n".join(
                    m if isinstance(m, str) else str(m.get("full_name", "")) for m in members
                )
                if isinstance(members, list)
                else str(members or ""),
            }
        )

    clean_members = HouseholdCreateForm.clean_members


class RecomputeForm(HouseholdActionForm):
    """Re-price every line from the current rate table: nothing to fill in."""

    on = None  # type: ignore[assignment]
    note = None  # type: ignore[assignment]


class AssetLineForm(HouseholdActionForm):
    on = None  # type: ignore[assignment]
    note = None  # type: ignore[assignment]
    asset_category = forms.ChoiceField(label=_("Nhóm tài sản, thiệt hại"))
    source = forms.ChoiceField(
        label=_("Nguồn"),
        choices=AssetLine.Source.choices,
        help_text=_("Hộ tự kê khai, hay cán bộ kiểm đếm thực tế."),
    )
    quantity = forms.DecimalField(
        label=_("Số lượng, diện tích"),
        min_value=Decimal("0.0001"),
        max_digits=14,
        decimal_places=4,
        help_text=_(
            "Theo đơn vị tính của đơn giá: tàu ghi 1; lao động: số người; "
            "đất, nhà: diện tích (m²); muối: diện tích (ha)."
        ),
    )
    engine_power_cv = forms.DecimalField(
        label=_("Công suất máy (CV)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Tàu không động cơ ghi 0."),
    )
    length_m = forms.DecimalField(
        label=_("Chiều dài tàu (m)"), required=False, min_value=0, max_digits=8, decimal_places=2
    )
    registration_number = forms.CharField(label=_("Số đăng ký tàu"), required=False, max_length=64)
    months = forms.DecimalField(
        label=_("Số tháng"),
        required=False,
        min_value=Decimal("0.5"),
        max_digits=6,
        decimal_places=1,
        help_text=_("Với đơn giá tính theo tháng; để trống: số tháng tối đa của đơn giá."),
    )
    land_class = forms.CharField(
        label=_("Loại đất"),
        required=False,
        max_length=64,
        help_text=_("Mã loại đất: ONT, LUC, CLN…"),
    )
    map_sheet = forms.CharField(label=_("Tờ bản đồ số"), required=False, max_length=64)
    parcel_number = forms.CharField(label=_("Thửa đất số"), required=False, max_length=64)
    house_grade = forms.IntegerField(
        label=_("Cấp nhà"), required=False, min_value=1, max_value=4, help_text=_("Từ 1 đến 4.")
    )
    species = forms.CharField(label=_("Loại cây trồng, vật nuôi"), required=False, max_length=64)

    def __init__(self, data: Any = None, files: Any = None, **kwargs: Any) -> None:
        super().__init__(data, files, **kwargs)
        rates = list(self.household.program.rates.all())
        categories = sorted({rate.asset_category for rate in rates})
        self.rates = rates
        fields: Any = self.fields
        if self.household.status == HouseholdStatus.NOT_DECLARED:
            fields["source"].initial = AssetLine.Source.DECLARATION
        else:
            fields["source"].initial = AssetLine.Source.INVENTORY
        fields["asset_category"].choices = _blank(_("— Chọn nhóm —")) + [
            (category, category_label(category, rates)) for category in categories
        ]

    def attribute_groups(self) -> list[dict[str, Any]]:
        """The attribute fieldsets the programme's categories need, each with the categories
        it concerns (a group no category needs is left out)."""
        categories = sorted({rate.asset_category for rate in self.rates})
        concerned: dict[str, list[str]] = {key: [] for key, _label, _names in ATTRIBUTE_GROUPS}
        for category in categories:
            for key in relevant_groups(category, self.rates):
                concerned[key].append(category)
        return [
            {
                "key": key,
                "label": label,
                "fields": [self[name] for name in names],
                "categories": " ".join(concerned[key]),
            }
            for key, label, names in ATTRIBUTE_GROUPS
            if concerned[key] or not categories
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        attributes: dict[str, Any] = {}
        for name in NUMBER_ATTRIBUTES:
            if data.get(name) is not None:
                attributes[name] = json_number(Decimal(data[name]))
        for name in TEXT_ATTRIBUTES:
            text = (data.get(name) or "").strip()
            if text:
                attributes[name] = text
        return {
            "asset_category": data["asset_category"],
            "quantity": data["quantity"],
            "attributes": attributes,
            "source": data["source"],
        }


def relevant_groups(category: str, rates: list[Rate]) -> list[str]:
    """The attribute groups a category's lines need (by its rates' conditions and unit)."""
    own = [rate for rate in rates if rate.asset_category == category]
    keys = {key for rate in own for key in rate.conditions}
    found: list[str] = []
    for group, _label, names in ATTRIBUTE_GROUPS:
        words = GROUP_KEYWORDS.get(group, ())
        if (
            any(name in keys or f"{name}_min" in keys for name in names)
            or any(word in category for word in words)
            or (group == "vessel" and (category in VESSEL_CATEGORIES or "no_engine" in keys))
            or (group == "period" and any(r.unit.strip().endswith("tháng") for r in own))
        ):
            found.append(group)
    return found or [group for group, _label, _names in ATTRIBUTE_GROUPS]


class AttachmentForm(HouseholdActionForm):
    on = None  # type: ignore[assignment]
    note = None  # type: ignore[assignment]
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"),
        choices=HouseholdAttachment.Kind.choices,
        initial=HouseholdAttachment.Kind.DECLARATION,
    )
    file = forms.FileField(
        label=_("Tệp"),
        help_text=_("PDF, ảnh JPEG/PNG, Word (.docx), Excel (.xlsx); tối đa 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
    )


ACTION_FORMS: dict[str, type[HouseholdActionForm]] = {
    "declare": HouseholdActionForm,
    "add_asset": AssetLineForm,
    "inventory": HouseholdActionForm,
    "verify": HouseholdActionForm,
    "post": HouseholdActionForm,
    "approve": ApproveForm,
    "refuse": RefuseForm,
    "recompute": RecomputeForm,
    "update": HouseholdUpdateForm,
    "attach": AttachmentForm,
}


def program_is_active(program: CompensationProgram) -> bool:
    return program.status == CompensationProgram.Status.ACTIVE
