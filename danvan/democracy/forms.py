"""Forms of the grassroots-democracy screens. They parse input only; the rules of the law are
checked by the services, whose errors the views put back on these forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.democracy.models import (
    CommunityDecision,
    PublicationCategory,
    PublicationPosting,
    VoteRule,
)
from danvan.organizations.forms import OrganizationCommuneForm
from danvan.organizations.models import Organization

CHOOSE = ("", _("— Chọn —"))


def threshold_words(rule: VoteRule) -> str:
    """“cần từ 2/3 số hộ trở lên” or “cần trên 1/2 số hộ”: the share of the village's
    households the item needs."""
    values = {"n": rule.numerator, "d": rule.denominator}
    if rule.comparison == VoteRule.Comparison.AT_LEAST:
        return gettext("cần từ %(n)d/%(d)d số hộ trở lên") % values
    return gettext("cần trên %(n)d/%(d)d số hộ") % values


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({threshold_words(obj)})"


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100_000)


class PublicationForm(OrganizationCommuneForm):
    category = forms.ModelChoiceField(
        label=_("Nhóm nội dung công khai"),
        queryset=PublicationCategory.objects.order_by("position"),
        empty_label=_("— Chọn —"),
    )
    title = forms.CharField(label=_("Nội dung công khai"), max_length=255)
    document_number = forms.CharField(label=_("Số văn bản"), max_length=64, required=False)
    decided_on = _date(_("Ngày quyết định công khai"))
    summary = forms.CharField(
        label=_("Tóm tắt"), required=False, max_length=10_000, widget=forms.Textarea({"rows": 4})
    )

    field_order = ["organization", "admin_unit", "category", "title", "document_number"]

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_places(organizations)


class PublicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm trong nội dung"), required=False, max_length=200)
    category = forms.ModelChoiceField(
        label=_("Nhóm nội dung"),
        queryset=PublicationCategory.objects.order_by("position"),
        required=False,
        empty_label=_("Tất cả"),
    )
    warnings = forms.BooleanField(label=_("Chỉ nội dung có cảnh báo"), required=False)


class PostingForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Hình thức công khai"), choices=[CHOOSE, *PublicationPosting.Channel.choices]
    )
    place = forms.CharField(label=_("Nơi công khai"), max_length=255, required=False)
    from_on = _date(_("Từ ngày"))
    to_on = _date(_("Đến ngày"), required=False)


class TakeDownForm(forms.Form):
    posting = forms.IntegerField(widget=forms.HiddenInput)
    on = _date(_("Ngày kết thúc công khai"))


class DecisionForm(OrganizationCommuneForm):
    village = forms.CharField(label=_("Thôn, tổ dân phố"), max_length=150)
    rule = RuleChoiceField(
        label=_("Nội dung dân quyết định"),
        queryset=VoteRule.objects.order_by("position", "code"),
        empty_label=_("— Chọn —"),
    )
    subject = forms.CharField(
        label=_("Vấn đề biểu quyết"), max_length=10_000, widget=forms.Textarea({"rows": 3})
    )
    method = forms.ChoiceField(
        label=_("Hình thức"), choices=[CHOOSE, *CommunityDecision.Method.choices]
    )
    noticed_on = _date(_("Ngày thông báo"), required=False)
    held_on = _date(_("Ngày biểu quyết"))
    households_total = _count(_("Tổng số hộ của thôn"))
    households_voting = _count(_("Số hộ tham gia"))
    votes_for = _count(_("Số hộ tán thành"))
    votes_against = _count(_("Số hộ không tán thành"))
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=10_000, widget=forms.Textarea({"rows": 2})
    )

    field_order = ["organization", "admin_unit", "village", "rule", "subject", "method"]

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_places(organizations)


class DecisionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), *CommunityDecision.Status.choices],
    )


class RecognizeForm(forms.Form):
    number = forms.CharField(label=_("Số văn bản công nhận"), max_length=64)
    on = _date(_("Ngày công nhận"))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do hủy"), max_length=2000, widget=forms.Textarea({"rows": 2})
    )
