"""The dialogues API's shapes (shared/API.md, Dialogues and consultations).

Choice fields are documented as plain strings with help text: their names (`kind`,
`status`) already name enums of other apps."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from danvan.dialogues.models import (
    Commitment,
    CommitmentStatus,
    Dialogue,
    DialogueIssue,
    DialogueKind,
    DialogueStatus,
)
from danvan.petitions.serializers import (
    IsoDateField,
    PastDateField,
    StrictCharField,
    StrictInputSerializer,
    chars,
    flag,
)


def _codes(values: list[str]) -> str:
    return ", ".join(f"`{value}`" for value in values)


DIALOGUE_STATUSES = _codes(DialogueStatus.values)
DIALOGUE_KINDS = _codes(DialogueKind.values)
COMMITMENT_STATUSES = _codes(CommitmentStatus.values)


class DialogueFilterSerializer(StrictInputSerializer):
    status = StrictCharField(
        required=False, max_length=16, help_text=f"Một trong {DIALOGUE_STATUSES}."
    )
    kind = StrictCharField(required=False, max_length=16, help_text=f"Một trong {DIALOGUE_KINDS}.")
    program = StrictCharField(
        required=False, max_length=64, help_text="Mã (public id) của chương trình bồi thường."
    )


class HoldSerializer(StrictInputSerializer):
    held_on = PastDateField(help_text="Ngày thực tế đã tổ chức.")
    summary = chars(required=False, allow_blank=True, default="")


class ReasonSerializer(StrictInputSerializer):
    reason = chars()


class IssueCreateSerializer(StrictInputSerializer):
    text = chars()
    raised_by = chars(required=False, allow_blank=True, max_length=200, default="")
    petition = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=16,
        default="",
        help_text="Mã hồ sơ (public id) của một đơn thư có sẵn trong phạm vi của bạn.",
    )
    create_petition = flag(
        required=False,
        default=False,
        help_text="Ghi ý kiến thành đơn kiến nghị mới (tiếp xúc cử tri: một bước).",
    )


class CommitmentCreateSerializer(StrictInputSerializer):
    text = chars()
    owner = StrictCharField(max_length=64, help_text="Mã của cơ quan thực hiện.")
    owner_user = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=150,
        default="",
        help_text="Tên đăng nhập của cán bộ phụ trách.",
    )
    due_on = IsoDateField()
    issue = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=32767,
        help_text="Thứ tự của ý kiến.",
    )


class CompleteSerializer(StrictInputSerializer):
    completed_on = PastDateField()
    evidence = chars(help_text="Kết quả, minh chứng hoàn thành (số quyết định, chứng từ...).")


class IssueSerializer(serializers.ModelSerializer):
    petition = serializers.SerializerMethodField(
        help_text="Mã hồ sơ (public id) của đơn thư gắn với ý kiến, hoặc null."
    )

    class Meta:
        model = DialogueIssue
        fields = ["position", "text", "raised_by", "petition", "answer", "answered_by"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_petition(self, issue: DialogueIssue) -> str | None:
        return issue.petition.public_id if issue.petition is not None else None


class CommitmentSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    owner = serializers.CharField(
        source="owner_organization.code",
        read_only=True,
        help_text="Mã của cơ quan thực hiện cam kết (tên ở `owner_name`).",
    )
    owner_name = serializers.CharField(source="owner_organization.name", read_only=True)
    issue = serializers.SerializerMethodField(
        help_text="Thứ tự của ý kiến mà cam kết trả lời, hoặc null."
    )
    status = serializers.CharField(read_only=True, help_text=f"Một trong {COMMITMENT_STATUSES}.")
    overdue = serializers.SerializerMethodField(
        help_text="Đang thực hiện và đã qua hạn (hạn là hôm nay thì chưa quá hạn)."
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "text",
            "owner",
            "owner_name",
            "issue",
            "due_on",
            "status",
            "overdue",
            "completed_on",
            "evidence",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_issue(self, commitment: Commitment) -> int | None:
        return commitment.issue.position if commitment.issue is not None else None

    def get_overdue(self, commitment: Commitment) -> bool:
        today = self.context.get("today")
        return commitment.is_overdue(today)


class DialogueSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=f"Một trong {DIALOGUE_KINDS}.")
    status = serializers.CharField(read_only=True, help_text=f"Một trong {DIALOGUE_STATUSES}.")
    admin_unit = serializers.CharField(
        source="admin_unit.code", read_only=True, help_text="Mã chính thức của xã, phường."
    )
    admin_unit_name = serializers.CharField(source="admin_unit.name", read_only=True)
    organization = serializers.CharField(
        source="organization.code", read_only=True, help_text="Mã của cơ quan tổ chức."
    )
    program = serializers.SerializerMethodField(
        help_text="Mã (public id) của chương trình bồi thường liên quan, hoặc null."
    )
    participants_count = serializers.IntegerField(read_only=True)
    attended_count = serializers.IntegerField(read_only=True)
    petitions = serializers.SerializerMethodField(
        help_text="Mã hồ sơ (public id) của các đơn thư liên quan."
    )
    issues = IssueSerializer(many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta:
        model = Dialogue
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "held_on",
            "place",
            "admin_unit",
            "admin_unit_name",
            "organization",
            "program",
            "chair_name",
            "summary",
            "participants_count",
            "attended_count",
            "petitions",
            "issues",
            "commitments",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_program(self, dialogue: Dialogue) -> str | None:
        return dialogue.program.public_id if dialogue.program is not None else None

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_petitions(self, dialogue: Dialogue) -> list[str]:
        return [petition.public_id for petition in dialogue.petitions.all()]
