"""Forms of the consultation screens. They parse input only; the rules (the minimum period,
the dates of a comment, the transitions) are checked by the services, whose errors the views
put back on these forms. The uploaded draft is checked from its bytes, like every file the
project accepts (`danvan.petitions.attachments`)."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import IO, Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.compensation.models import CompensationProgram
from danvan.consultations.models import Comment, ConsultationRule, ConsultationStatus
from danvan.organizations.forms import OrganizationCommuneForm
from danvan.organizations.models import Organization
from danvan.petitions.attachments import DOCX, PDF, FileType, max_size, sniff

ALL = ("", _("— Tất cả —"))
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 (.doc) compound file
DOC = FileType((".doc",), "application/msword")
ODT = FileType((".odt",), "application/vnd.oasis.opendocument.text")
ODT_MIME = ODT.content_type.encode()
DRAFT_TYPES = (PDF, DOCX, DOC, ODT)
OFFICER_SOURCES = [(v, label) for v, label in Comment.Source.choices if v != Comment.Source.PORTAL]


class ConsultationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên dự thảo"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[ALL, *ConsultationStatus.choices]
    )


class CommentFilterForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Hình thức góp ý"), required=False, choices=[ALL, *Comment.Source.choices]
    )
    unanswered = forms.BooleanField(label=_("Chỉ góp ý chưa tiếp thu, giải trình"), required=False)


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label: Any, *, required: Any = None, rows: int = 3, **kwargs: Any) -> forms.CharField:
    """A text area; `required` is the message for an empty one (the service's own words)."""
    return forms.CharField(
        label=label,
        required=required is not None,
        error_messages={"required": required} if required is not None else None,
        widget=forms.Textarea(attrs={"rows": rows}),
        strip=True,
        **kwargs,
    )


def _draft_type(head: bytes, stream: IO[bytes]) -> FileType | None:
    """PDF and .docx as the project reads them; a Word 97–2003 compound file; an
    OpenDocument text (a zip whose `mimetype` entry says so)."""
    if head.startswith(OLE_MAGIC):
        return DOC
    if head.startswith(b"PK\x03\x04"):
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as archive:
                names = archive.namelist()
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIME:
                    return ODT
        except zipfile.BadZipFile:
            return None
        stream.seek(0)
    kind = sniff(head, stream)
    return kind if kind in (PDF, DOCX) else None


def check_draft_document(upload: Any) -> Any:
    """Refuse an empty, oversized, disguised or non-document file; returns the upload,
    rewound, under a safe name."""
    limit = max_size()
    data = upload.read(limit + 1)
    if not data:
        raise forms.ValidationError(gettext("Tệp rỗng."), code="empty_file")
    if len(data) > limit:
        raise forms.ValidationError(
            gettext("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": limit // (1024 * 1024)},
            code="file_too_large",
        )
    kind = _draft_type(data[:8], io.BytesIO(data))
    if kind is None:
        raise forms.ValidationError(
            gettext("Chỉ nhận tệp dự thảo PDF, Word (.docx, .doc) hoặc OpenDocument (.odt)."),
            code="file_type_not_allowed",
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in kind.extensions:
        raise forms.ValidationError(
            gettext("Nội dung tệp không khớp với phần mở rộng “%(ext)s”.")
            % {"ext": extension or "—"},
            code="file_type_mismatch",
        )
    upload.seek(0)
    name = PurePath(upload.name)
    upload.name = f"{name.stem[:60]}{extension}"  # the stored path holds 100 characters
    return upload


class ConsultationForm(OrganizationCommuneForm):
    """A consultation in preparation: an organisation the user may draft for and a commune or
    ward of its jurisdiction (as dialogues offer them), the draft as text or as a file."""

    organization = forms.TypedChoiceField(label=_("Cơ quan chủ trì soạn thảo"), coerce=int)
    admin_unit = forms.TypedChoiceField(label=_("Xã, phường lấy ý kiến"), coerce=int)
    title = forms.CharField(
        label=_("Tên dự thảo"),
        max_length=255,
        error_messages={"required": _("Hãy ghi tên dự thảo.")},
    )
    program = forms.TypedChoiceField(
        label=_("Chương trình bồi thường, hỗ trợ"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    draft_text = _text(
        _("Nội dung dự thảo"),
        rows=12,
        help_text=_(
            "Dán toàn văn dự thảo; hoặc tải tệp dự thảo lên bên dưới (có thể dùng cả hai)."
        ),
    )
    document = forms.FileField(
        label=_("Tệp dự thảo"),
        required=False,
        error_messages={"empty": _("Tệp rỗng.")},
        help_text=_("PDF, Word (.docx, .doc) hoặc OpenDocument (.odt)."),
    )
    opens_on = _date(_("Ngày công khai, bắt đầu lấy ý kiến"))
    closes_on = _date(_("Ngày kết thúc lấy ý kiến"))
    split_sections = forms.BooleanField(
        label=_("Tách mục theo tiêu đề (Chương/Mục/Điều/Phần)"),
        required=False,
        initial=True,
        help_text=_(
            "Mỗi dòng bắt đầu bằng “Chương”, “Mục”, “Điều” hoặc “Phần” và một số trở thành "
            "một mục để người dân góp ý riêng."
        ),
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[Organization],
        programs: list[CompensationProgram],
        rule: ConsultationRule,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programs = {p.pk: p for p in programs}
        self.set_places(organizations)
        cast(forms.ChoiceField, self.fields["program"]).choices = [
            ("", gettext("— Không gắn với chương trình —")),
            *((p.pk, p.name) for p in programs),
        ]
        self.fields["closes_on"].help_text = gettext(
            "Thời gian lấy ý kiến ít nhất %(min)d ngày kể từ ngày công khai, không tính ngày "
            "công khai (%(citation)s)."
        ) % {"min": rule.min_days, "citation": rule.citation}

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        return check_draft_document(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        program_id = data.get("program")
        if program_id is not None:
            data["program"] = self.programs.get(program_id)
        return data


class SectionForm(forms.Form):
    heading = forms.CharField(
        label=_("Tiêu đề mục"),
        max_length=255,
        error_messages={"required": _("Hãy ghi tiêu đề mục.")},
    )
    text = _text(_("Nội dung mục"), rows=6)


class OpenForm(forms.Form):
    """Publishing takes no input: the service checks the period and the draft."""


class CloseForm(forms.Form):
    """Closing takes no input."""


class CommentForm(forms.Form):
    """A comment received on paper, at a meeting, by the hotline or noted by an officer
    (comments from the portal come from residents themselves)."""

    section = forms.TypedChoiceField(
        label=_("Mục dự thảo"), coerce=int, required=False, empty_value=None
    )
    source = forms.ChoiceField(label=_("Hình thức"), choices=OFFICER_SOURCES)
    received_on = _date(_("Ngày nhận"))
    author_name = forms.CharField(label=_("Người góp ý"), required=False, max_length=150)
    source_note = forms.CharField(
        label=_("Ghi chú nguồn"),
        required=False,
        max_length=255,
        help_text=_("Hội nghị nào, phiếu số mấy, cuộc gọi lúc nào…"),
    )
    text = _text(_("Nội dung góp ý"), required=_("Hãy ghi nội dung góp ý."), rows=4)

    def __init__(self, *args: Any, sections: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["section"]).choices = [
            ("", gettext("Góp ý chung cho cả dự thảo")),
            *sections,
        ]


class RespondForm(forms.Form):
    comment = forms.TypedChoiceField(label=_("Góp ý"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Hình thức tiếp thu, giải trình"), choices=Comment.ResponseKind.choices
    )
    text = _text(
        _("Nội dung tiếp thu, giải trình"),
        required=_("Hãy ghi nội dung tiếp thu, giải trình."),
        rows=4,
    )
    on = _date(
        _("Ngày tiếp thu, giải trình"),
        required=False,
        help_text=_("Để trống: hôm nay."),
    )

    def __init__(
        self,
        *args: Any,
        unanswered: list[tuple[int, str]],
        answered: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        groups: list[Any] = [("", gettext("— Chọn —"))]
        if unanswered:
            groups.append((gettext("Chưa tiếp thu, giải trình"), unanswered))
        if answered:
            groups.append((gettext("Đã tiếp thu, giải trình (sửa lại)"), answered))
        cast(forms.ChoiceField, self.fields["comment"]).choices = groups


class ReportForm(forms.Form):
    summary = _text(
        _("Tóm tắt kết quả tiếp thu, giải trình"),
        required=_("Hãy ghi tóm tắt kết quả."),
        rows=6,
    )
