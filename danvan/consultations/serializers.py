"""The consultations API's shapes (shared/API.md, Dialogues and consultations).

Choice fields are documented as plain strings with help text: their names (`status`,
`source`, `kind`) already name enums of other apps."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from danvan.consultations.models import Comment, Consultation, ConsultationStatus, DraftSection
from danvan.consultations.selectors import Tallies, Tally

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
