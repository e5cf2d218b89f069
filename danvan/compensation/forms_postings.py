"""Forms of the posting, approval, objection and payment screens: they parse input; the
services (postings, objections, services.household_pay) decide."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.compensation.models import Household, HouseholdAttachment
from danvan.compensation.rates import MAX_AMOUNT
from danvan.petitions.models import Channel

VN_MONEY = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")
PAYMENT_METHODS = [
    ("", _("— Chọn —")),
    ("Tiền mặt", _("Tiền mặt")),
    ("Chuyển khoản", _("Chuyển khoản")),
]


def _today() -> dt.date:
    return timezone.localdate()


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label: Any, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=10_000, widget=forms.Textarea({"rows": rows})
    )


class MoneyField(forms.Field):
    """An amount in đồng as offices write it ("34.920.000") or plainly ("34920000")."""

    default_error_messages = {
        "invalid": _("Hãy ghi số tiền bằng chữ số, ví dụ 34.920.000."),
        "not_positive": _("Số tiền phải lớn hơn 0."),
    }

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip()[:40].replace(" ", "").replace("đ", "")
        if not text:
            return None
        if VN_MONEY.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if amount <= 0:
            raise forms.ValidationError(self.error_messages["not_positive"], code="not_positive")
        return amount


# ---------------------------------------------------------------- postings


class PostingForm(forms.Form):
    area = forms.ChoiceField(label=_("Xã, phường và thôn niêm yết"))
    place = forms.CharField(
        label=_("Nơi niêm yết"),
        max_length=255,
        help_text=_("Ví dụ: trụ sở Ủy ban nhân dân phường, nhà văn hóa thôn."),
    )
    posted_from = _date(_("Niêm yết từ ngày"))
    posted_to = _date(_("Đến hết ngày"), required=False)
    note = _text(_("Ghi chú"), required=False, rows=2)

    def __init__(
        self, data: Any = None, *, areas: list[tuple[str, str]], posting_days: int | None
    ) -> None:
        super().__init__(data, initial={"posted_from": _today()})
        area: Any = self.fields["area"]
        area.choices = [("", _("— Chọn thôn —")), *areas]
        if posting_days:
            self.fields["posted_to"].help_text = _(
                "Để trống: tự tính đủ %(days)d ngày theo thời gian niêm yết tối thiểu."
            ) % {"days": posting_days}
        else:
            self.fields["posted_to"].required = True


class TakeDownForm(forms.Form):
    on = _date(_("Ngày gỡ danh sách"))
    reason = _text(_("Lý do (khi gỡ trước ngày kết thúc)"), required=False, rows=2)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="take_down", initial={"on": _today()})


# ---------------------------------------------------------------- approval


class BatchApprovalForm(forms.Form):
    households = forms.MultipleChoiceField(
        label=_("Hộ được phê duyệt"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một hộ để phê duyệt.")},
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64)
    decided_on = _date(_("Ngày quyết định"))
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    note = _text(_("Ghi chú"), required=False, rows=2)

    def __init__(self, data: Any = None, *, households: list[Household]) -> None:
        super().__init__(data, initial={"decided_on": _today()})
        field: Any = self.fields["households"]
        field.choices = [(h.public_id, h.public_id) for h in households]


# ---------------------------------------------------------------- household sections


class ObjectionForm(forms.Form):
    on = _date(_("Ngày nêu ý kiến"))
    content = _text(_("Nội dung ý kiến không đồng ý"))
    register_petition = forms.BooleanField(
        label=_("Vào sổ đơn thư (kiến nghị) để theo dõi giải quyết"), required=False
    )
    channel = forms.ChoiceField(label=_("Nguồn tiếp nhận"), choices=Channel.choices)

    def __init__(self, data: Any = None) -> None:
        super().__init__(
            data,
            prefix="objection",
            initial={"on": _today(), "register_petition": True, "channel": Channel.IN_PERSON},
        )


class ResolveForm(forms.Form):
    on = _date(_("Ngày giải quyết"))
    resolution = _text(_("Kết quả giải quyết"))

    def __init__(self, data: Any = None, *, auto_id: str = "id_%s") -> None:
        super().__init__(data, prefix="resolve", auto_id=auto_id, initial={"on": _today()})


class EvidenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.original_name} ({obj.get_kind_display()})"


class PaymentForm(forms.Form):
    on = _date(_("Ngày chi trả"))
    amount = MoneyField(label=_("Số tiền (đồng)"))
    receiver = forms.CharField(label=_("Người nhận"), max_length=150)
    method = forms.ChoiceField(label=_("Hình thức"), choices=PAYMENT_METHODS, required=False)
    receipt_number = forms.CharField(label=_("Số biên nhận"), max_length=64, required=False)
    evidence = EvidenceChoiceField(
        label=_("Chứng từ chi trả"),
        queryset=HouseholdAttachment.objects.none(),
        required=False,
        help_text=_("Tệp đã đính kèm vào hồ sơ của hộ (biên nhận, phiếu chi)."),
    )

    def __init__(self, data: Any = None, *, household: Household) -> None:
        super().__init__(
            data,
            prefix="payment",
            initial={"on": _today(), "receiver": household.head_full_name},
        )
        field: Any = self.fields["evidence"]
        field.queryset = HouseholdAttachment.objects.filter(household=household).order_by(
            "-created_at", "-pk"
        )
