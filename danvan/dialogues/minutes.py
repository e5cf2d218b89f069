"""The minutes (biên bản) of a held dialogue or voter meeting, as a Word document in the
administrative layout (Decree 30/2020/NĐ-CP: issuer top left, national motto top right):
time and place, chair, participants, the issues raised with the answers given, and the
commitments made (owner, due date), then the secretary's and the chair's signatures."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from danvan.core import word as letter
from danvan.core.errors import InvalidTransition
from danvan.dialogues.models import (
    Commitment,
    Dialogue,
    DialogueIssue,
    DialogueKind,
    DialogueStatus,
)

DATE_FORMAT = "%d/%m/%Y"
COMMITMENT_COLUMNS_MM = [12.0, 80.0, 45.0, 28.0]


def _load(dialogue: Dialogue) -> Dialogue:
    return (
        Dialogue.objects.select_related("organization__parent", "admin_unit", "program")
        .prefetch_related(
            "organization__jurisdiction",
            "participants",
            Prefetch("issues", queryset=DialogueIssue.objects.order_by("position", "pk")),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("owner_organization", "issue").order_by(
                    "due_on", "pk"
                ),
            ),
        )
        .get(pk=dialogue.pk)
    )


def title_lines(dialogue: Dialogue) -> list[str]:
    if dialogue.kind == DialogueKind.VOTER_MEETING:
        return [_("BIÊN BẢN"), _("HỘI NGHỊ TIẾP XÚC CỬ TRI")]
    return [_("BIÊN BẢN"), _("ĐỐI THOẠI VỚI NHÂN DÂN")]


def minutes_docx(dialogue: Dialogue) -> bytes:
    """The minutes of a held meeting, ready to be signed."""
    if dialogue.status != DialogueStatus.HELD:
        raise InvalidTransition(
            _("Chỉ lập biên bản cho cuộc đối thoại đã tổ chức."), code="not_held"
        )
    dialogue = _load(dialogue)
    organization = dialogue.organization
    document = letter.new_document()
    letter.page_setup(document, landscape=False)
    right = letter.letterhead(document, organization, [70, 95], [])
    place = letter.place_name(organization) or dialogue.admin_unit.name
    letter.para(right, letter.date_line(place, dialogue.held_on), align="center", italic=True)
    letter.para(document, "", space_after=6)
    for index, line in enumerate(title_lines(dialogue)):
        letter.para(document, line, align="center", bold=True, size=14 if index == 0 else 13)
    letter.para(document, _("Về việc: %(title)s") % {"title": dialogue.title}, align="center")
    letter.para(document, "", space_after=6)

    participants = list(dialogue.participants.all())
    present = [p for p in participants if p.attended]
    facts = [
        _("Thời gian: ngày %(day)s.") % {"day": dialogue.held_on.strftime(DATE_FORMAT)},
        _("Địa điểm: %(place)s.") % {"place": dialogue.place or dialogue.admin_unit.name},
        _("Chủ trì: %(chair)s.") % {"chair": dialogue.chair_name},
        _("Thành phần: %(present)d người có mặt trên tổng số %(invited)d người được mời.")
        % {"present": len(present), "invited": sum(1 for p in participants if p.invited)},
    ]
    if dialogue.program is not None:
        facts.append(_("Chương trình: %(name)s.") % {"name": dialogue.program.name})
    for fact in facts:
        letter.para(document, fact, first_indent_mm=12.7, space_after=2)
    if present:
        names = ", ".join(p.full_name for p in present)
        letter.para(
            document,
            _("Người có mặt: %(names)s.") % {"names": names},
            first_indent_mm=12.7,
            space_after=2,
        )
    if dialogue.summary:
        letter.para(document, dialogue.summary, align="justify", first_indent_mm=12.7)
    letter.para(document, "", space_after=6)

    letter.para(document, _("I. Ý KIẾN NÊU RA VÀ TRẢ LỜI"), bold=True, space_after=4)
    issues = list(dialogue.issues.all())
    if not issues:
        letter.para(document, _("Không có ý kiến."), first_indent_mm=12.7)
    for issue in issues:
        who = f" ({issue.raised_by})" if issue.raised_by else ""
        letter.para(
            document,
            f"{issue.position}. {issue.text}{who}",
            align="justify",
            first_indent_mm=12.7,
            space_after=2,
        )
        if issue.answer:
            by = f" ({issue.answered_by})" if issue.answered_by else ""
            letter.para(
                document,
                _("Trả lời%(by)s: %(answer)s") % {"by": by, "answer": issue.answer},
                align="justify",
                italic=True,
                first_indent_mm=12.7,
                space_after=4,
            )
    letter.para(document, "", space_after=6)

    letter.para(document, _("II. KẾT LUẬN, CAM KẾT"), bold=True, space_after=4)
    commitments = list(dialogue.commitments.all())
    if commitments:
        _commitments_table(document, commitments)
    else:
        letter.para(document, _("Không có cam kết."), first_indent_mm=12.7)
    letter.para(document, "", space_after=6)
    letter.para(
        document,
        _("Biên bản được thông qua tại cuộc họp, những người dự họp thống nhất nội dung."),
        align="justify",
        first_indent_mm=12.7,
    )
    letter.para(document, "", space_after=6)
    _signatures(document, dialogue)
    return letter.to_bytes(document)


def _commitments_table(document: Any, commitments: list[Commitment]) -> None:
    headers = [_("STT"), _("Nội dung cam kết"), _("Cơ quan thực hiện"), _("Thời hạn")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    letter.repeat_header(table.rows[0])
    for cell, label in zip(table.rows[0].cells, headers, strict=True):
        letter.para(cell, label, align="center", bold=True, replace_first=True)
    for number, commitment in enumerate(commitments, start=1):
        cells = table.add_row().cells
        values = [
            str(number),
            commitment.text,
            commitment.owner_organization.name,
            commitment.due_on.strftime(DATE_FORMAT),
        ]
        for cell, value, align in zip(
            cells, values, ["center", "left", "left", "center"], strict=True
        ):
            letter.para(cell, value, align=align, replace_first=True)
    letter.column_widths(table, COMMITMENT_COLUMNS_MM)


def _signatures(document: Any, dialogue: Dialogue) -> None:
    table = document.add_table(rows=1, cols=2)
    letter.column_widths(table, [80, 85])
    secretary, chair = table.rows[0].cells
    letter.para(secretary, _("THƯ KÝ"), align="center", bold=True, replace_first=True)
    letter.para(chair, _("CHỦ TRÌ"), align="center", bold=True, replace_first=True)
    for _blank in range(4):
        letter.para(chair, "")
    if dialogue.chair_name:
        letter.para(chair, dialogue.chair_name, align="center", bold=True)
