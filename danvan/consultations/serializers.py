"""The consultations API's shapes (shared/API.md, Dialogues and consultations).

Choice fields are documented as plain strings with help text: their names (`status`,
`source`, `kind`) already name enums of other apps."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from danvan.consultations.models import Comment, Consultation, ConsultationStatus, DraftSection
from danvan.consultations.selectors import Tallies, Tally
from danvan.petitions.serializers import (
    IsoDateField,
    PastDateField,
    StrictInputSerializer,
    UnlistedChoiceField,
    chars,
)

STATUSES = ", ".join(f"`{value}`" for value in ConsultationStatus.values)
SOURCES = ", ".join(f"`{value}`" for value in Comment.Source.values)
KINDS = ", ".join(f"`{value}`" for value in Comment.ResponseKind.values)


class ConsultationListSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUSES)
    sections_count = serializers.IntegerField(read_only=True)
    comments_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "opens_on",
            "closes_on",
            "status",
            "sections_count",
            "comments_count",
        ]


class ResponsesSerializer(serializers.Serializer):
    accepted = serializers.IntegerField(help_text="Tiếp thu.")
    partly_accepted = serializers.IntegerField(help_text="Tiếp thu một phần.")
    explained = serializers.IntegerField(help_text="Giải trình.")
    pending = serializers.IntegerField(help_text="Chưa tiếp thu, giải trình.")


class TallySerializer(serializers.Serializer):
    comments_count = serializers.IntegerField()
    responses = ResponsesSerializer()


class SectionSerializer(serializers.Serializer):
    id = serializers.CharField()
    position = serializers.IntegerField()
    heading = serializers.CharField()
    text = serializers.CharField()
    comments_count = serializers.IntegerField()
    responses = ResponsesSerializer()


class SourcesSerializer(serializers.Serializer):
    portal = serializers.IntegerField()
    paper_form = serializers.IntegerField()
    meeting = serializers.IntegerField()
    hotline = serializers.IntegerField()
    officer = serializers.IntegerField()


class RefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    days = serializers.IntegerField(help_text="Số ngày lấy ý kiến, không tính ngày công khai.")
    min_days = serializers.IntegerField()
    citation = serializers.CharField()


class ConsultationDetailSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    status = serializers.CharField(help_text=STATUSES)
    organization = RefSerializer()
    admin_unit = RefSerializer()
    program = serializers.CharField(allow_null=True, help_text="Mã của chương trình, nếu có.")
    draft_text = serializers.CharField()
    document = serializers.CharField(allow_null=True, help_text="Địa chỉ tệp dự thảo, nếu có.")
    summary = serializers.CharField()
    period = PeriodSerializer()
    sections_count = serializers.IntegerField()
    comments_count = serializers.IntegerField()
    sections = SectionSerializer(many=True)
    general = TallySerializer(help_text="Góp ý chung cho cả dự thảo (không gắn với mục nào).")
    by_source = SourcesSerializer(help_text=f"Số góp ý theo hình thức: {SOURCES}.")


def tally_data(tally: Tally) -> dict[str, Any]:
    return {"comments_count": tally.comments_count, "responses": dict(tally.responses)}


def section_data(section: DraftSection, tallies: Tallies) -> dict[str, Any]:
    return {
        "id": section.public_id,
        "position": section.position,
        "heading": section.heading,
        "text": section.text,
        **tally_data(tallies.for_section(section.pk)),
    }


def detail_data(
    consultation: Consultation,
    sections: list[DraftSection],
    tallies: Tallies,
    period: dict[str, Any],
    document_url: str | None,
) -> dict[str, Any]:
    return {
        "id": consultation.public_id,
        "title": consultation.title,
        "opens_on": consultation.opens_on,
        "closes_on": consultation.closes_on,
        "status": consultation.status,
        "organization": {
            "code": consultation.organization.code,
            "name": consultation.organization.name,
        },
        "admin_unit": {
            "code": consultation.admin_unit.code,
            "name": consultation.admin_unit.name,
        },
        "program": consultation.program.public_id if consultation.program else None,
        "draft_text": consultation.draft_text,
        "document": document_url,
        "summary": consultation.summary,
        "period": period,
        "sections_count": len(sections),
        "comments_count": sum(tallies.by_source.values()),
        "sections": [section_data(section, tallies) for section in sections],
        "general": tally_data(tallies.general),
        "by_source": tallies.by_source,
    }


# ---------------------------------------------------------------- input


class ConsultationCreateSerializer(StrictInputSerializer):
    title = chars(max_length=255, help_text="Tên dự thảo.")
    organization = chars(max_length=64, help_text="Mã cơ quan chủ trì soạn thảo.")
    admin_unit = chars(max_length=20, help_text="Mã xã, phường (địa bàn lấy ý kiến).")
    program = chars(
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        help_text="Mã chương trình bồi thường, hỗ trợ (nếu có).",
    )
    opens_on = IsoDateField(help_text="Ngày công khai dự thảo (YYYY-MM-DD).")
    closes_on = IsoDateField(help_text="Ngày kết thúc lấy ý kiến (YYYY-MM-DD).")
    draft_text = chars(required=False, allow_blank=True, default="", max_length=100_000)


class SectionCreateSerializer(StrictInputSerializer):
    heading = chars(max_length=255, help_text="Tiêu đề mục (Điều 1. Phạm vi…).")
    text = chars(required=False, allow_blank=True, default="", max_length=100_000)


class ReportSerializer(StrictInputSerializer):
    summary = chars(max_length=20_000, help_text="Tóm tắt kết quả lấy ý kiến.")


OFFICER_SOURCES = [v for v in Comment.Source.values if v != Comment.Source.PORTAL]


class CommentCreateSerializer(StrictInputSerializer):
    text = chars(max_length=20_000, help_text="Nội dung góp ý.")
    # `source` names the comment's channel here, not DRF's Field.source.
    source = UnlistedChoiceField(  # type: ignore[assignment]
        OFFICER_SOURCES,
        invalid_code="invalid_source",
        help_text="Hình thức: "
        + ", ".join(f"`{v}`" for v in OFFICER_SOURCES)
        + " (góp ý qua cổng thông tin do người dân gửi trên cổng).",
    )
    section = chars(
        required=False,
        allow_blank=True,
        default="",
        max_length=16,
        help_text="Mã mục dự thảo; để trống: góp ý chung.",
    )
    author_name = chars(required=False, allow_blank=True, default="", max_length=150)
    source_note = chars(required=False, allow_blank=True, default="", max_length=255)
    received_on = PastDateField(help_text="Ngày nhận góp ý (YYYY-MM-DD).")


class CommentRespondSerializer(StrictInputSerializer):
    kind = UnlistedChoiceField(
        Comment.ResponseKind.values, invalid_code="invalid_response_kind", help_text=KINDS
    )
    text = chars(max_length=20_000, help_text="Nội dung tiếp thu, giải trình.")
    on = PastDateField(required=False, help_text="Ngày tiếp thu, giải trình; mặc định hôm nay.")


class CommentSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    section = serializers.SerializerMethodField()
    source = serializers.CharField(read_only=True, help_text=SOURCES)  # type: ignore[assignment]
    response_kind = serializers.CharField(
        read_only=True, help_text=f"{KINDS}, hoặc rỗng khi chưa trả lời."
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "section",
            "text",
            "author_name",
            "source",
            "source_note",
            "received_on",
            "response_kind",
            "response_text",
            "responded_on",
        ]

    def get_section(self, comment: Comment) -> str | None:
        return comment.section.public_id if comment.section else None
