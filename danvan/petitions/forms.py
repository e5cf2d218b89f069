"""Forms of the petition screens: they parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.deadlines.models import LegalRule
from danvan.organizations.models import Organization
from danvan.petitions import services
from danvan.petitions.models import (
    OUTCOMES_BY_KIND,
    Assignment,
    Channel,
    IneligibilityReason,
    Kind,
    Outcome,
    Petition,
    Status,
    Topic,
)
from danvan.petitions.selectors import PetitionFilters
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

MAX_PETITIONERS = 20
SAVED_VIEW_NAME_LENGTH = 60

# The keys that put each kind under the officer's fingers: Alt+K, Alt+T, … (Alt+Shift in
# Firefox). Letters of the Vietnamese names, none shared.
KIND_ACCESS_KEYS: dict[str, str] = {
    Kind.COMPLAINT: "k",
    Kind.DENUNCIATION: "t",
    Kind.RECOMMENDATION: "n",
    Kind.FEEDBACK: "p",
    Kind.MIXED: "h",
}

OUTCOME_LABELS = dict(Outcome.choices)

TRI_STATE = [("", _("Chưa xác định")), ("yes", _("Có")), ("no", _("Không"))]


def _today() -> dt.date:
    return timezone.localdate()


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


def unit_choices(units: list[AdminUnit]) -> list[tuple[str, str]]:
    """Units as select options, villages indented under their commune."""
    return [
        (str(unit.pk), f"— {unit.name}" if unit.level == AdminUnit.Level.VILLAGE else unit.name)
        for unit in units
    ]


# ---------------------------------------------------------------- the list's filters


class PetitionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("số đơn, trích yếu, nội dung…"),
                "aria-describedby": "q-help",
            }
        ),
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    kind = forms.ChoiceField(label=_("Loại đơn"), required=False)
    topic = forms.ChoiceField(label=_("Chủ đề"), required=False)
    channel = forms.ChoiceField(label=_("Nguồn tiếp nhận"), required=False)
    unit = forms.ChoiceField(label=_("Địa bàn"), required=False)
    received_from = forms.DateField(label=_("Nhận từ ngày"), required=False, widget=_date_input())
    received_to = forms.DateField(label=_("đến ngày"), required=False, widget=_date_input())
    open = forms.BooleanField(label=_("Chỉ đơn đang xử lý"), required=False)
    overdue = forms.BooleanField(label=_("Chỉ đơn quá hạn"), required=False)
    mine = forms.BooleanField(label=_("Được giao cho tôi"), required=False)

    def __init__(self, data: Any, *, units: list[AdminUnit]) -> None:
        super().__init__(data)
        self.units = {unit.pk: unit for unit in units}
        fields: Any = self.fields
        fields["status"].choices = _blank(_("Tất cả")) + list(Status.choices)
        fields["kind"].choices = _blank(_("Tất cả")) + list(Kind.choices)
        fields["channel"].choices = _blank(_("Tất cả")) + list(Channel.choices)
        fields["topic"].choices = _blank(_("Tất cả")) + [
            (topic.code, topic.name) for topic in Topic.objects.filter(is_active=True)
        ]
        fields["unit"].choices = _blank(_("Toàn bộ địa bàn")) + unit_choices(units)

    def petition_filters(self) -> PetitionFilters:
        """The valid filters (an invalid value is ignored, and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        unit_ids = None
        unit_pk = data.get("unit")
        if unit_pk and int(unit_pk) in self.units:
            # Former units count under their successors; villages under their commune.
            unit_ids = frozenset(unit_ids_within([self.units[int(unit_pk)]]))
        return PetitionFilters(
            status=data.get("status") or "",
            kind=data.get("kind") or "",
            topic=data.get("topic") or "",
            channel=data.get("channel") or "",
            admin_unit_ids=unit_ids,
            overdue=bool(data.get("overdue")),
            open_only=bool(data.get("open")),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            q=(data.get("q") or "").strip(),
            assigned_to_me=bool(data.get("mine")),
        )


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Tên bộ lọc"), max_length=SAVED_VIEW_NAME_LENGTH)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


# ---------------------------------------------------------------- registration


class PetitionRegisterForm(forms.Form):
    """The fields of a petition in the order an officer reads them off the paper."""

    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices, widget=forms.RadioSelect)
    received_on = forms.DateField(label=_("Ngày nhận"), widget=_date_input())
    channel = forms.ChoiceField(label=_("Nguồn tiếp nhận"), choices=Channel.choices)
    organization = forms.ModelChoiceField(
        label=_("Cơ quan tiếp nhận"), queryset=Organization.objects.none()
    )
    admin_unit = forms.ChoiceField(label=_("Nơi phát sinh vụ việc"), required=False)
    content = forms.CharField(
        label=_("Nội dung đơn"),
        max_length=services.MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    title = forms.CharField(
        label=_("Trích yếu"),
        required=False,
        max_length=255,
        help_text=_("Để trống: lấy câu đầu của nội dung."),
    )
    topic = forms.ModelChoiceField(
        label=_("Chủ đề"),
        required=False,
        queryset=Topic.objects.filter(is_active=True),
        empty_label=_("Để hệ thống gợi ý"),
    )
    anonymous = forms.BooleanField(
        label=_("Đơn nặc danh (không ghi người đứng đơn)"), required=False
    )
    complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    remote_area = forms.BooleanField(label=_("Vùng sâu, vùng xa"), required=False)
    round = forms.TypedChoiceField(
        label=_("Lần giải quyết"),
        coerce=int,
        choices=[(1, _("Lần đầu")), (2, _("Lần hai (khiếu nại)"))],
        initial=1,
    )
    signatory_count = forms.IntegerField(
        label=_("Số người ký đơn"),
        required=False,
        min_value=0,
        max_value=100_000,
        help_text=_("Khi nhiều người ký mà chỉ ghi người đại diện."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        organizations: list[Organization],
        units: list[AdminUnit],
    ) -> None:
        super().__init__(data, initial={"received_on": _today(), "channel": Channel.IN_PERSON})
        self.units = {unit.pk: unit for unit in units}
        fields: Any = self.fields
        fields["organization"].queryset = Organization.objects.filter(
            pk__in=[org.pk for org in organizations]
        ).order_by("level", "name")
        self.only_organization = organizations[0] if len(organizations) == 1 else None
        if self.only_organization is not None:
            fields["organization"].initial = self.only_organization.pk
            fields["organization"].required = False
            fields["organization"].widget = forms.HiddenInput()
        fields["admin_unit"].choices = _blank(_("— Chọn địa bàn —")) + unit_choices(units)
        fields["kind"].widget.attrs["autofocus"] = True

    def clean_organization(self) -> Organization | None:
        return self.cleaned_data.get("organization") or self.only_organization

    def clean_admin_unit(self) -> AdminUnit | None:
        value = self.cleaned_data.get("admin_unit")
        if not value:
            return None
        unit = self.units.get(int(value))
        if unit is None:
            raise forms.ValidationError(_("Địa bàn không thuộc phạm vi của cơ quan."))
        return unit


class PetitionerForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    id_number = forms.CharField(label=_("Số định danh cá nhân"), max_length=20, required=False)
    is_representative = forms.BooleanField(label=_("Người đại diện"), required=False)

    def as_input(self) -> services.PetitionerInput:
        data = self.cleaned_data
        return services.PetitionerInput(
            full_name=data["full_name"],
            address=data.get("address", ""),
            phone=data.get("phone", ""),
            id_number=data.get("id_number", ""),
            is_representative=bool(data.get("is_representative")),
        )


PetitionerFormSet = forms.formset_factory(
    PetitionerForm, extra=1, max_num=MAX_PETITIONERS, validate_max=True, absolute_max=100
)


# ---------------------------------------------------------------- the case's actions


class ActionForm(forms.Form):
    """A transition of the case file: the date it happened, and what that action needs."""

    on = forms.DateField(label=_("Ngày thực hiện"), widget=_date_input())

    def __init__(self, data: Any = None, *, petition: Petition, action: str) -> None:
        super().__init__(data, prefix=action, initial={"on": _today()})
        self.petition = petition
        self.action = action

    def service_arguments(self) -> dict[str, Any]:
        """The keyword arguments of the action's service, besides actor, petition and date."""
        return {name: value for name, value in self.cleaned_data.items() if name != "on"}


def _text(label: Any, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=10_000, widget=forms.Textarea({"rows": rows})
    )


class NoteForm(ActionForm):
    note = _text(_("Ghi chú"), required=False, rows=2)


class GuideForm(ActionForm):
    note = _text(_("Nội dung hướng dẫn công dân"))


class ReasonForm(ActionForm):
    reason = _text(_("Lý do"))


class OptionalReasonForm(ActionForm):
    reason = _text(_("Lý do"), required=False, rows=2)


class ReportBackForm(ActionForm):
    summary = _text(_("Kết quả được báo cáo"))


class ForwardForm(ActionForm):
    to_organization = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"), queryset=Organization.objects.none()
    )
    note = _text(_("Ghi chú"), required=False, rows=2)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        fields: Any = self.fields
        fields["to_organization"].queryset = (
            Organization.objects.filter(valid_to__isnull=True)
            .exclude(pk=self.petition.organization_id)
            .order_by("level", "name")
        )


class ExtendForm(ActionForm):
    step = forms.ChoiceField(label=_("Bước được gia hạn"), required=False)
    days = forms.IntegerField(label=_("Số ngày gia hạn"), min_value=1, max_value=365)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)
    reason = _text(_("Lý do"))

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        labels = dict(LegalRule.Step.choices)
        open_steps = [d.step for d in self.petition.deadlines.all() if d.met_on is None]
        fields: Any = self.fields
        fields["step"].choices = _blank(_("Bước đang mở")) + [
            (step, labels.get(step, step)) for step in open_steps
        ]

    def service_arguments(self) -> dict[str, Any]:
        arguments = super().service_arguments()
        arguments["step"] = arguments["step"] or None
        return arguments


class ResolveForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Kết quả giải quyết"))
    summary = _text(_("Tóm tắt kết quả"), rows=4)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        codes = OUTCOMES_BY_KIND.get(self.petition.kind, list(OUTCOME_LABELS))
        fields: Any = self.fields
        fields["outcome"].choices = [(code, OUTCOME_LABELS[code]) for code in codes]


class ReplyForm(ActionForm):
    text = _text(_("Nội dung trả lời"), required=False, rows=5)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["text"].initial = self.petition.outcome_summary


class AssignForm(ActionForm):
    user = forms.ModelChoiceField(label=_("Cán bộ xử lý"), queryset=get_user_model().objects.none())
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=Assignment.Role.choices, initial=Assignment.Role.LEAD
    )

    def __init__(self, data: Any = None, *, officers: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        fields: Any = self.fields
        fields["user"].queryset = officers
        fields["user"].label_from_instance = lambda user: user.get_full_name()


def _tri_state(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=TRI_STATE,
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
    )


class ClassifyForm(ActionForm):
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices)
    topic = forms.ModelChoiceField(
        label=_("Chủ đề"), required=False, queryset=Topic.objects.filter(is_active=True)
    )
    eligible = _tri_state(_("Đủ điều kiện xử lý"))
    ineligibility_reasons = forms.MultipleChoiceField(
        label=_("Lý do không đủ điều kiện"),
        choices=IneligibilityReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    within_competence = _tri_state(_("Thuộc thẩm quyền"))
    complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    especially_complex = forms.BooleanField(label=_("Vụ việc đặc biệt phức tạp"), required=False)
    remote_area = forms.BooleanField(label=_("Vùng sâu, vùng xa"), required=False)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        p = self.petition

        def tri(value: bool | None) -> str:
            return "" if value is None else ("yes" if value else "no")

        self.initial.update(
            {
                "kind": p.kind,
                "topic": p.topic_id or p.suggested_topic_id,
                "eligible": tri(p.eligible),
                "ineligibility_reasons": list(p.ineligibility_reasons or []),
                "within_competence": tri(p.within_competence),
                "complex": p.complex,
                "especially_complex": p.especially_complex,
                "remote_area": p.remote_area,
            }
        )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "topic": data["topic"],
            "eligible": data["eligible"],
            "ineligibility_reasons": list(data["ineligibility_reasons"]) or None,
            "within_competence": data["within_competence"],
            "complex": data["complex"],
            "especially_complex": data["especially_complex"],
            "remote_area": data["remote_area"],
        }


class SplitForm(ActionForm):
    """Up to three matters of a petition with several contents."""

    PARTS = 3

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        kinds = [(k, label) for k, label in Kind.choices if k != Kind.MIXED]
        for index in range(self.PARTS):
            number = index + 1
            self.fields[f"kind_{index}"] = forms.ChoiceField(
                label=_("Loại đơn của nội dung %(n)d") % {"n": number},
                choices=_blank("—") + kinds,
                required=False,
            )
            self.fields[f"content_{index}"] = _text(
                _("Nội dung %(n)d") % {"n": number}, required=False, rows=2
            )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        parts = [
            {"kind": data[f"kind_{i}"], "content": data[f"content_{i}"]}
            for i in range(self.PARTS)
            if data[f"kind_{i}"] or data[f"content_{i}"].strip()
        ]
        return {"parts": parts}


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "classify": ClassifyForm,
    "assign": AssignForm,
    "accept": NoteForm,
    "forward": ForwardForm,
    "guide": GuideForm,
    "return": ReasonForm,
    "archive": OptionalReasonForm,
    "split": SplitForm,
    "urge": NoteForm,
    "report_back": ReportBackForm,
    "pause": ReasonForm,
    "resume": OptionalReasonForm,
    "extend": ExtendForm,
    "notify": ActionForm,
    "resolve": ResolveForm,
    "reply": ReplyForm,
    "reopen": ReasonForm,
}


class DuplicateDecisionForm(forms.Form):
    on = forms.DateField(label=_("Ngày"), required=False, widget=_date_input())
    decision = forms.ChoiceField(choices=[("confirm", "confirm"), ("reject", "reject")])
