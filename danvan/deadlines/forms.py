"""Forms of the calendar and rule pages: they parse input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.deadlines.models import CalendarDay, LegalRule

EDITABLE_RULE_FIELDS = [
    "title",
    "period",
    "unit",
    "start_event",
    "extension_period",
    "max_extensions",
    "source",
    "note",
    "valid_from",
    "valid_to",
    "is_active",
]

NULL_BOOLEAN_CHOICES = [("", _("Mọi trường hợp")), ("true", _("Có")), ("false", _("Không"))]


class CalendarDayForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(label=_("Tên, lý do"), max_length=200)
    legal_source = forms.CharField(
        label=_("Căn cứ"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: thông báo của Thủ tướng Chính phủ về lịch nghỉ lễ."),
    )


class LegalRuleForm(forms.ModelForm):
    """The fields an administrator may change; the code and the conditions stay fixed."""

    class Meta:
        model = LegalRule
        fields = EDITABLE_RULE_FIELDS
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def changes(self) -> dict[str, Any]:
        """The cleaned values, for `legal_rule_update`."""
        return {name: self.cleaned_data[name] for name in EDITABLE_RULE_FIELDS}
