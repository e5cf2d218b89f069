"""Forms of the dialogue screens. They parse input only; the rules are checked by the
services, whose errors the views put back on these forms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.dialogues.models import DialogueKind, DialogueStatus, ParticipantRole
from danvan.organizations.forms import OrganizationCommuneForm
from danvan.organizations.models import Organization

CHOOSE = ("", _("— Tất cả —"))


class DialogueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hình thức"), required=False, choices=[CHOOSE, *DialogueKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[CHOOSE, *DialogueStatus.choices]
    )
    overdue = forms.BooleanField(label=_("Có cam kết quá hạn"), required=False)


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _text(label: Any, *, required: Any = None, rows: int = 3) -> forms.CharField:
    """A text area; `required` is the message for an empty one (the service's own words),
    so the form marks the field as required instead of "(không bắt buộc)"."""
    return forms.CharField(
        label=label,
        required=required is not None,
        error_messages={"required": required} if required is not None else None,
        widget=forms.Textarea(attrs={"rows": rows}),
        strip=True,
    )


class HoldForm(forms.Form):
    held_on = _date(_("Ngày tổ chức"))
    summary = _text(_("Tóm tắt kết quả"))


class CancelForm(forms.Form):
    reason = _text(_("Lý do hủy"), required=_("Hãy ghi lý do hủy."))


class IssueForm(forms.Form):
    text = _text(_("Ý kiến, vấn đề nêu ra"), required=_("Hãy ghi nội dung ý kiến."))
    raised_by = forms.CharField(label=_("Người nêu"), required=False, max_length=200)
    create_petition = forms.BooleanField(label=_("Vào sổ thành đơn thư"), required=False)


class _ChoiceOfDialogue(forms.Form):
    """A form whose first field chooses one record of the dialogue (an issue, a commitment)."""

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields[self.target])
        field.choices = [("", gettext("— Chọn —")), *choices]

    target = ""


class AnswerForm(_ChoiceOfDialogue):
    target = "issue"
    issue = forms.TypedChoiceField(label=_("Ý kiến"), coerce=int)
    answer = _text(_("Nội dung trả lời"), required=_("Hãy ghi nội dung trả lời."))
    answered_by = forms.CharField(label=_("Người trả lời"), required=False, max_length=200)


class CommitmentForm(forms.Form):
    text = _text(_("Nội dung cam kết"), required=_("Hãy ghi nội dung cam kết."))
    owner_organization = forms.TypedChoiceField(label=_("Cơ quan thực hiện"), coerce=int)
    due_on = _date(_("Hạn hoàn thành"))

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organizations = {o.pk: o for o in organizations}
        field = cast(forms.TypedChoiceField, self.fields["owner_organization"])
        field.choices = [("", gettext("— Chọn —")), *((o.pk, o.name) for o in organizations)]


class CompleteForm(_ChoiceOfDialogue):
    target = "commitment"
    commitment = forms.TypedChoiceField(label=_("Cam kết"), coerce=int)
    completed_on = _date(_("Ngày hoàn thành"))
    evidence = _text(
        _("Kết quả, minh chứng"), required=_("Hãy ghi kết quả, minh chứng hoàn thành.")
    )


class CommitmentCancelForm(_ChoiceOfDialogue):
    target = "commitment"
    commitment = forms.TypedChoiceField(label=_("Cam kết"), coerce=int)
    reason = _text(_("Lý do hủy"), required=_("Hãy ghi lý do hủy cam kết."))


CODES = re.compile(r"[\s,;]+")


def split_codes(value: str) -> list[str]:
    """Codes typed one per line or separated by commas, without repeats, in order."""
    return list(dict.fromkeys(code for code in CODES.split(value or "") if code))


class ParticipantForm(forms.Form):
    full_name = forms.CharField(
        label=_("Họ tên"),
        max_length=150,
        error_messages={"required": _("Hãy ghi họ tên người tham dự.")},
    )
    role = forms.ChoiceField(label=_("Thành phần"), choices=ParticipantRole.choices)
    attended = forms.BooleanField(label=_("Có mặt"), required=False)


class InviteForm(forms.Form):
    """Invite the heads of the programme's households of one village, or of all villages."""

    village = forms.ChoiceField(label=_("Thôn, tổ dân phố"), required=False)

    def __init__(self, *args: Any, villages: list[tuple[str, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["village"])
        total = sum(n for _v, n in villages)
        field.choices = [
            ("", gettext("Tất cả các thôn (%(n)d hộ)") % {"n": total}),
            *(
                (v, gettext("%(village)s (%(n)d hộ)") % {"village": v or "—", "n": n})
                for v, n in villages
            ),
        ]


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Có mặt"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, participants: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["present"])
        field.choices = [(p.pk, f"{p.full_name} ({p.get_role_display()})") for p in participants]
        if not self.is_bound:
            self.initial["present"] = [p.pk for p in participants if p.attended]


class PetitionsForm(forms.Form):
    codes = forms.CharField(
        label=_("Mã hồ sơ hoặc mã tra cứu đơn thư"),
        help_text=_("Mỗi dòng một mã, hoặc cách nhau bằng dấu phẩy."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi ít nhất một mã đơn thư.")},
    )


class PublishForm(forms.Form):
    """Publishing has no field: the button says what it does."""


class PlanForm(OrganizationCommuneForm):
    """Plan a meeting: an organisation among the user's and a commune of its jurisdiction."""

    organization = forms.TypedChoiceField(label=_("Cơ quan tổ chức"), coerce=int)
    admin_unit = forms.TypedChoiceField(label=_("Xã, phường"), coerce=int)
    title = forms.CharField(
        label=_("Nội dung đối thoại"),
        max_length=255,
        error_messages={"required": _("Hãy ghi nội dung đối thoại.")},
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=DialogueKind.choices)
    held_on = _date(_("Ngày dự kiến tổ chức"))
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=255)
    chair = forms.TypedChoiceField(
        label=_("Người chủ trì (cán bộ trong hệ thống)"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Người chủ trì được nhắc khi cam kết quá hạn."),
    )
    chair_name = forms.CharField(
        label=_("Họ tên, chức vụ người chủ trì"), required=False, max_length=200
    )
    program = forms.TypedChoiceField(
        label=_("Chương trình bồi thường, hỗ trợ"), coerce=int, empty_value=None, required=False
    )
    petitions = forms.CharField(
        label=_("Đơn thư liên quan (mã hồ sơ hoặc mã tra cứu)"),
        required=False,
        help_text=_("Mỗi dòng một mã, hoặc cách nhau bằng dấu phẩy."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[Organization],
        chairs: Sequence[Any] = (),
        programs: Sequence[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.chairs = {u.pk: u for u in chairs}
        self.programs = {p.pk: p for p in programs}
        cast(forms.ChoiceField, self.fields["chair"]).choices = [
            ("", gettext("— Không chọn —")),
            *((u.pk, u.get_full_name() or u.get_username()) for u in chairs),
        ]
        cast(forms.ChoiceField, self.fields["program"]).choices = [
            ("", gettext("— Không gắn —")),
            *((p.pk, str(p)) for p in programs),
        ]
        self.set_places(organizations)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("chair") is not None:
            data["chair"] = self.chairs[data["chair"]]
        if data.get("program") is not None:
            data["program"] = self.programs[data["program"]]
        data["petition_codes"] = split_codes(data.get("petitions", ""))
        return data
