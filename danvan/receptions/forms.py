"""Forms of the reception screens: they parse input; the services do the writing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.organizations.models import Organization
from danvan.petitions.models import Kind
from danvan.receptions.models import ReceptionSession, ReceptionVisit
from danvan.receptions.services import PersonInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ReceiverChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.date:%d/%m/%Y} {obj.time_from:%H:%M} — {obj.receiver.get_full_name()}"


class SessionForm(forms.Form):
    organization = OrganizationChoiceField(
        label=_("Cơ quan"), queryset=Organization.objects.none(), empty_label=None
    )
    receiver = ReceiverChoiceField(label=_("Người tiếp"), queryset=User.objects.none())
    receiver_title = forms.CharField(
        label=_("Chức vụ người tiếp"),
        max_length=150,
        required=False,
        help_text=_("Để trống: lấy chức vụ của người tiếp tại cơ quan."),
    )
    date = forms.DateField(label=_("Ngày tiếp"), widget=DATE)
    time_from = forms.TimeField(label=_("Từ giờ"), widget=TIME, initial=dt.time(7, 30))
    time_to = forms.TimeField(label=_("Đến giờ"), widget=TIME, initial=dt.time(11, 0))
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ReceptionSession.Kind.choices)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    published = forms.BooleanField(label=_("Công khai trên cổng thông tin"), required=False)

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = organizations
        receiver_field = self.fields["receiver"]
        assert isinstance(receiver_field, forms.ModelChoiceField)
        receiver_field.queryset = (
            User.objects.filter(
                memberships__organization__in=organizations, memberships__is_active=True
            )
            .distinct()
            .order_by("full_name", "username")
        )
        if editing:
            org_field.disabled = True


class HoldForm(forms.Form):
    held_note = forms.CharField(
        label=_("Kết quả buổi tiếp"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 3}))


class VisitForm(forms.Form):
    organization = OrganizationChoiceField(
        label=_("Cơ quan tiếp"), queryset=Organization.objects.none(), empty_label=None
    )
    visited_on = forms.DateField(label=_("Ngày tiếp"), widget=DATE)
    session = SessionChoiceField(
        label=_("Buổi tiếp theo lịch"),
        queryset=ReceptionSession.objects.none(),
        required=False,
        empty_label=_("— Tiếp thường xuyên, không theo lịch —"),
    )
    content = forms.CharField(label=_("Nội dung vụ việc"), widget=forms.Textarea(attrs={"rows": 4}))
    previous_handling = forms.CharField(
        label=_("Việc giải quyết trước đó"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Cơ quan nào đã giải quyết, kết quả ra sao (nếu có)."),
    )
    request = forms.CharField(
        label=_("Yêu cầu của công dân"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(label=_("Kết quả tiếp"), choices=ReceptionVisit.Outcome.choices)
    outcome_text = forms.CharField(
        label=_("Hướng xử lý"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    people_count = forms.IntegerField(
        label=_("Tổng số người đến"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_(
            "Khi đoàn đông người chỉ ghi tên người đại diện, hãy ghi tổng số người của đoàn."
        ),
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        sessions: QuerySet[ReceptionSession],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = organizations
        session_field = self.fields["session"]
        assert isinstance(session_field, forms.ModelChoiceField)
        session_field.queryset = sessions
        if not self.is_bound:
            self.initial.setdefault("visited_on", timezone.localdate())


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    id_number = forms.CharField(label=_("Số định danh cá nhân"), max_length=20, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    is_representative = forms.BooleanField(label=_("Người đại diện"), required=False)

    def as_input(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            full_name=data["full_name"],
            address=data.get("address", ""),
            id_number=data.get("id_number", ""),
            phone=data.get("phone", ""),
            is_representative=bool(data.get("is_representative")),
        )


class BasePersonFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError(_("Hãy ghi ít nhất một người đến."))

    def people(self) -> list[PersonInput]:
        return [
            form.as_input()
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


PersonFormSet = forms.formset_factory(
    PersonForm, formset=BasePersonFormSet, extra=5, max_num=50, validate_max=True
)


class CreatePetitionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại đơn"),
        choices=[choice for choice in Kind.choices if choice[0] != Kind.MIXED],
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=255, required=False)
    content = forms.CharField(label=_("Nội dung đơn"), widget=forms.Textarea(attrs={"rows": 4}))
    complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    remote_area = forms.BooleanField(label=_("Vùng sâu, vùng xa"), required=False)


class LinkPetitionForm(forms.Form):
    reference = forms.CharField(
        label=_("Số vào sổ hoặc mã hồ sơ"),
        max_length=32,
        help_text=_("Ví dụ: 12/2026 (sổ đơn của cơ quan này) hoặc mã hồ sơ 12 ký tự."),
    )
