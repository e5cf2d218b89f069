"""Forms of the citizen portal: they parse and check the input; the services decide."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from danvan.consultations.models import DraftSection
from danvan.petitions.attachments import max_size
from danvan.petitions.models import CitizenRating, Kind
from danvan.places.models import AdminUnit
from danvan.portal import limits
from danvan.portal.selectors import SubmissionPlaces

HONEYPOT = "website"

# What each kind means, in plain words (Law on Complaints Art. 2, Law on Denunciations Art. 2,
# Law on Citizen Reception Art. 2).
KIND_EXPLANATIONS: dict[str, Any] = {
    Kind.COMPLAINT: _(
        "Bạn đề nghị xem xét lại một quyết định hoặc việc làm của cơ quan, cán bộ nhà nước mà "
        "bạn cho là sai và ảnh hưởng đến quyền, lợi ích của chính bạn."
    ),
    Kind.DENUNCIATION: _(
        "Bạn báo cho cơ quan có thẩm quyền biết một hành vi vi phạm pháp luật của cán bộ, cơ "
        "quan hay tổ chức; danh tính người tố cáo được giữ bí mật."
    ),
    Kind.RECOMMENDATION: _(
        "Bạn đề xuất cách làm mới hoặc góp ý để chính sách, quy định hay cách quản lý ở địa "
        "phương tốt hơn."
    ),
    Kind.FEEDBACK: _(
        "Bạn báo cho chính quyền biết một việc đang xảy ra cần xử lý: đường hỏng, rác thải, "
        "ô nhiễm, mất trật tự…"
    ),
}
PORTAL_KINDS = [Kind.FEEDBACK, Kind.RECOMMENDATION, Kind.COMPLAINT, Kind.DENUNCIATION]


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each checked later by the attachment checker."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class HoneypotMixin(forms.Form):
    """A field people never see or reach; software that fills every field fills it too."""

    website = forms.CharField(
        label=_("Không điền vào ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def caught(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class KeptSelect(forms.Select):
    """A list of the form's places whose HTML, while nothing is chosen in it, is made once for
    the places read (`kept`, from SubmissionPlaces.rendered) instead of on every page."""

    kept: dict[Any, Any] | None = None

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> Any:
        if self.kept is None or value not in (None, ""):
            return super().render(name, value, attrs, renderer)
        key = (get_language(), name, tuple(sorted((attrs or {}).items())))
        html = self.kept.get(key)
        if html is None:
            html = self.kept[key] = super().render(name, value, attrs, renderer)
        return html


class KeptChoices(BaseChoiceIterator):
    """Choices made once for the places read: given as they are, not copied and checked again
    by every form (which Django does to a plain list)."""

    def __init__(self, empty_label: Any, choices: list[tuple[str, Any]]) -> None:
        self.empty_label = empty_label or ""
        self.choices = choices

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        yield ("", self.empty_label)
        yield from self.choices


class LoadedUnitField(forms.ModelChoiceField):
    """An admin unit chosen among units already read (`units`, by primary key): checking the
    choice asks the database nothing."""

    units: dict[int, AdminUnit]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", KeptSelect)
        super().__init__(*args, **kwargs)
        self.units = {}

    def to_python(self, value: Any) -> AdminUnit | None:
        if value in self.empty_values:
            return None
        try:
            return self.units[int(str(value))]
        except (KeyError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


def _kind_choices() -> list[tuple[str, Any]]:
    labels = dict(Kind.choices)
    return [(kind.value, labels[kind.value]) for kind in PORTAL_KINDS]


class SubmitForm(HoneypotMixin):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    kind = forms.ChoiceField(
        label=_("Bạn muốn gửi loại đơn nào?"),
        choices=_kind_choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn loại đơn.")},
    )
    commune = LoadedUnitField(
        label=_("Xã, phường nơi xảy ra sự việc"),
        queryset=AdminUnit.objects.none(),
        empty_label=_("— Chọn xã, phường —"),
        error_messages={
            "required": _("Hãy chọn xã, phường."),
            "invalid_choice": _("Hãy chọn xã, phường trong danh sách."),
        },
    )
    village = LoadedUnitField(
        label=_("Thôn, tổ dân phố"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("— Không rõ hoặc không chọn —"),
        error_messages={"invalid_choice": _("Hãy chọn thôn, tổ dân phố trong danh sách.")},
    )
    title = forms.CharField(
        label=_("Tiêu đề ngắn"),
        required=False,
        max_length=200,
        help_text=_("Ví dụ: “Đèn đường tổ dân phố Ba Đồng bị hỏng”."),
    )
    content = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Sự việc gì, ở đâu, từ khi nào, bạn đề nghị điều gì."),
        error_messages={"required": _("Hãy ghi nội dung đơn.")},
    )
    latitude = forms.DecimalField(
        label=_("Vĩ độ"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-90),
        max_value=Decimal(90),
        help_text=_("Ví dụ 18.0765. Để trống nếu không cần."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Kinh độ"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-180),
        max_value=Decimal(180),
        help_text=_("Ví dụ 106.2950. Để trống nếu không cần."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    attachments = MultipleFileField(
        label=_("Ảnh, tài liệu kèm theo"),
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("Gửi phản ánh không ghi tên"),
        required=False,
        help_text=_(
            "Chỉ áp dụng cho phản ánh. Họ tên và địa chỉ không được ghi lại; số điện thoại chỉ "
            "dùng để bạn tra cứu hồ sơ và không hiển thị cho cán bộ."
        ),
    )
    full_name = forms.CharField(
        label=_("Họ và tên"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        help_text=_("Để nhận mã tra cứu qua tin nhắn và để tra cứu hồ sơ."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Hãy ghi số điện thoại để nhận và tra cứu mã hồ sơ.")},
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        help_text=_("Nếu có, mã tra cứu cũng được gửi vào hộp thư này."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    address = forms.CharField(
        label=_("Địa chỉ liên hệ"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để cơ quan tiếp nhận xử lý dữ liệu cá nhân của tôi nhằm giải quyết đơn "
            "này, như thông báo về xử lý dữ liệu cá nhân."
        ),
        error_messages={"required": _("Hãy đồng ý cho cơ quan xử lý dữ liệu cá nhân để gửi đơn.")},
    )

    def __init__(self, *args: Any, places: SubmissionPlaces, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.communes = places.communes
        self.villages = places.villages
        commune_field = self.fields["commune"]
        village_field = self.fields["village"]
        assert isinstance(commune_field, LoadedUnitField)
        assert isinstance(village_field, LoadedUnitField)
        # The units were read with the places; the choices made once for them.
        commune_field.units = places.communes_by_pk
        commune_field.choices = KeptChoices(commune_field.empty_label, places.commune_choices)
        village_field.units = places.villages_by_pk
        village_field.choices = KeptChoices(village_field.empty_label, places.village_choices)
        for unit_field in (commune_field, village_field):
            assert isinstance(unit_field.widget, KeptSelect)
            unit_field.widget.kept = places.rendered
        self.fields["content"].widget.attrs["maxlength"] = str(limits.max_content())
        self.fields["attachments"].help_text = _(
            "Tối đa %(n)d tệp, mỗi tệp không quá %(mb)d MB: ảnh JPEG, PNG; tài liệu PDF, Word "
            "(.docx), Excel (.xlsx)."
        ) % {"n": limits.max_files(), "mb": max_size() // (1024 * 1024)}

    def clean_content(self) -> str:
        content = str(self.cleaned_data["content"]).strip()
        if len(content) > limits.max_content():
            raise forms.ValidationError(
                _("Nội dung quá dài (tối đa %(n)d ký tự)."), params={"n": limits.max_content()}
            )
        return content

    def clean_attachments(self) -> list[UploadedFile]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > limits.max_files():
            raise forms.ValidationError(
                _("Chỉ gửi được tối đa %(n)d tệp."), params={"n": limits.max_files()}
            )
        too_big = [f.name for f in files if (f.size or 0) > max_size()]
        if too_big:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)d MB): %(names)s"),
                params={"mb": max_size() // (1024 * 1024), "names": ", ".join(map(str, too_big))},
            )
        return files

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        anonymous = data.get("anonymous")
        kind = data.get("kind")
        if anonymous and kind and kind != Kind.FEEDBACK:
            self.add_error(
                "anonymous",
                _(
                    "Chỉ được gửi phản ánh không ghi tên; khiếu nại, tố cáo, kiến nghị cần ghi rõ "
                    "họ tên."
                ),
            )
        if not anonymous and not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Hãy ghi họ và tên."))
        commune, village = data.get("commune"), data.get("village")
        if commune and village and village.parent_id != commune.pk:
            self.add_error("village", _("Thôn, tổ dân phố không thuộc xã, phường đã chọn."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            missing = "longitude" if data.get("longitude") is None else "latitude"
            if missing not in self.errors:
                self.add_error(missing, _("Hãy ghi cả vĩ độ và kinh độ, hoặc để trống cả hai."))
        return data


class TrackForm(HoneypotMixin):
    code = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=30,
        help_text=_("Mã gồm 12 ký tự, ví dụ 7K3M-Q9TX-2BHD, trong tin nhắn hoặc giấy biên nhận."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Hãy ghi mã tra cứu.")},
    )
    phone = forms.CharField(
        label=_("Số điện thoại đã dùng khi gửi đơn"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Hãy ghi số điện thoại.")},
    )


class RatingForm(forms.Form):
    value = forms.ChoiceField(
        label=_("Bạn có hài lòng với câu trả lời không?"),
        choices=CitizenRating.Value.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn mức độ hài lòng.")},
    )
    comment = forms.CharField(
        label=_("Ý kiến của bạn"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AppointmentForm(HoneypotMixin):
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Hãy ghi họ và tên.")},
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        help_text=_("Để nhận tin nhắn xác nhận lịch hẹn."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Hãy ghi số điện thoại.")},
    )
    topic = forms.CharField(
        label=_("Nội dung bạn muốn trình bày"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Hãy ghi tóm tắt nội dung cần trình bày.")},
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để cơ quan xử lý họ tên, số điện thoại và nội dung trên để sắp xếp buổi "
            "tiếp, như thông báo về xử lý dữ liệu cá nhân."
        ),
        error_messages={"required": _("Hãy đồng ý cho cơ quan xử lý dữ liệu cá nhân để đặt lịch.")},
    )


class AnswerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm trong các câu trả lời"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class CommentForm(HoneypotMixin):
    """A resident's comment on a draft: the section (or the draft as a whole), the text and,
    if they want, a name."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    section = forms.ModelChoiceField(
        label=_("Bạn góp ý cho phần nào?"),
        queryset=DraftSection.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Góp ý chung cho cả dự thảo"),
        error_messages={"invalid_choice": _("Hãy chọn một mục trong danh sách.")},
    )
    text = forms.CharField(
        label=_("Nội dung góp ý"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Bạn đồng ý, chưa đồng ý điều gì, đề nghị sửa thế nào và vì sao."),
        error_messages={"required": _("Hãy ghi nội dung góp ý.")},
    )
    author_name = forms.CharField(
        label=_("Họ và tên"),
        required=False,
        max_length=150,
        help_text=_("Tên chỉ cơ quan soạn thảo biết, không được công khai."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args: Any, sections: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section_field = self.fields["section"]
        assert isinstance(section_field, forms.ModelChoiceField)
        section_field.queryset = sections
        self.fields["text"].widget.attrs["maxlength"] = str(limits.max_content())

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Hãy ghi nội dung góp ý."))
        if len(text) > limits.max_content():
            raise forms.ValidationError(
                _("Nội dung quá dài (tối đa %(n)d ký tự)."), params={"n": limits.max_content()}
            )
        return text
