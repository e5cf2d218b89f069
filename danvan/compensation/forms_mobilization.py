"""Forms of the mobilisation screens and the progress board: they parse input; the services
(danvan.compensation.mobilization) do the writing and the checking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.compensation.models import MobilizationTask, MobilizationVisit
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
Reason = MobilizationTask.Reason
CLOSE_CHOICES = [
    (MobilizationTask.Status.DONE, MobilizationTask.Status.DONE.label),
    (MobilizationTask.Status.CANCELLED, MobilizationTask.Status.CANCELLED.label),
]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        due = f" — {obj.due_on:%d/%m/%Y}" if obj.due_on else ""
        return f"{obj.get_reason_display()}{due}"


def _set_queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class AreaFilterForm(forms.Form):
    """Commune and village (GET) of the board and the list of households behind."""

    ward = UnitChoiceField(
        label=_("Xã, phường"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )
    village = forms.ChoiceField(label=_("Thôn, tổ dân phố"), required=False)

    def __init__(
        self, *args: Any, units: QuerySet[AdminUnit], villages: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "ward", units)
        village = self.fields["village"]
        assert isinstance(village, forms.ChoiceField)
        village.choices = [("", _("Tất cả")), *((name, name) for name in villages)]


class BehindFilterForm(AreaFilterForm):
    reason = forms.ChoiceField(
        label=_("Lý do"), required=False, choices=[("", _("Tất cả")), *Reason.choices]
    )


class _AssignFields(forms.Form):
    assignee = UserChoiceField(
        label=_("Người được giao"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— Chưa giao cho người cụ thể —"),
    )
    organization = OrganizationChoiceField(
        label=_("Tổ chức được giao"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— Không —"),
        help_text=_("Ví dụ: Hội Nông dân, Hội Liên hiệp Phụ nữ, Hội Cựu chiến binh phường."),
    )
    due_on = forms.DateField(label=_("Hạn"), widget=DATE, required=False)

    def __init__(
        self,
        *args: Any,
        users: QuerySet[User],
        organizations: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "assignee", users)
        _set_queryset(self, "organization", organizations)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("assignee") and not data.get("organization") and not self.errors:
            raise forms.ValidationError(_("Hãy giao cho một người hoặc một tổ chức."))
        return data


class TasksGenerateForm(_AssignFields):
    """Bulk assignment from the list of households behind."""

    reasons = forms.MultipleChoiceField(
        label=_("Giao nhiệm vụ cho các hộ chậm vì"),
        choices=Reason.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mỗi hộ một nhiệm vụ cho mỗi lý do; hộ đã có nhiệm vụ đang mở được bỏ qua."),
    )
    field_order = ["reasons", "assignee", "organization", "due_on"]


class TaskAssignForm(_AssignFields):
    reason = forms.ChoiceField(label=_("Lý do vận động"), choices=Reason.choices)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["reason", "assignee", "organization", "due_on", "note"]


class TaskCloseForm(forms.Form):
    status = forms.ChoiceField(label=_("Kết quả"), choices=CLOSE_CHOICES)
    on = forms.DateField(label=_("Ngày kết thúc"), widget=DATE)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())
            self.initial.setdefault("status", MobilizationTask.Status.DONE)


class VisitForm(forms.Form):
    task = TaskChoiceField(
        label=_("Nhiệm vụ vận động"),
        queryset=MobilizationTask.objects.none(),
        required=False,
        empty_label=_("— Không gắn với nhiệm vụ —"),
    )
    visited_on = forms.DateField(label=_("Ngày đến"), widget=DATE)
    visitors = UsersChoiceField(
        label=_("Cán bộ đi vận động"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_visitors = forms.CharField(
        label=_("Người cùng đi"),
        max_length=255,
        required=False,
        help_text=_("Người không có tài khoản: trưởng thôn, hội viên, người có uy tín..."),
    )
    outcome = forms.ChoiceField(
        label=_("Kết quả"), choices=MobilizationVisit.Outcome.choices, widget=forms.RadioSelect
    )
    concerns = forms.CharField(
        label=_("Băn khoăn, kiến nghị của hộ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_step = forms.CharField(
        label=_("Bước tiếp theo"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_visit_on = forms.DateField(label=_("Hẹn lần sau"), widget=DATE, required=False)

    def __init__(
        self,
        *args: Any,
        tasks: QuerySet[MobilizationTask],
        users: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "task", tasks)
        _set_queryset(self, "visitors", users)
        if not self.is_bound:
            self.initial.setdefault("visited_on", timezone.localdate())


class VisitPetitionForm(forms.Form):
    on = forms.DateField(label=_("Ngày vào sổ"), widget=DATE)
    content = forms.CharField(
        label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())


class TaskFilterForm(forms.Form):
    """Filters of "my tasks" (GET)."""

    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[*MobilizationTask.Status.choices, ("all", _("Tất cả"))],
    )
    reason = forms.ChoiceField(
        label=_("Lý do"), required=False, choices=[("", _("Tất cả")), *Reason.choices]
    )
    ward = UnitChoiceField(
        label=_("Xã, phường"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )
    whose = forms.ChoiceField(
        label=_("Nhiệm vụ của"),
        required=False,
        choices=[("", _("Tôi và cơ quan của tôi")), ("area", _("Cả địa bàn tôi phụ trách"))],
    )

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "ward", units)
