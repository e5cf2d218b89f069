"""The petitions API's shapes: strict input (JSON types, Vietnamese messages) and the case
file as returned by `/api/v1/petitions/` (shared/API.md, Petitions).

Input serializers only parse; the services decide. Output never shows a denouncer's identity
to a reader who is not assigned to the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from danvan.deadlines.models import LegalRule
from danvan.petitions import deadlines, workflow
from danvan.petitions.confidentiality import petitioners_for
from danvan.petitions.models import (
    Assignment,
    Channel,
    DuplicateCandidate,
    IneligibilityReason,
    Kind,
    Petition,
    Petitioner,
    Status,
)
from danvan.petitions.permissions import can_act
from danvan.petitions.selectors import identity_visible, visible_petitions
from danvan.petitions.services import OUTCOMES

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

REGISTER_KINDS = [k for k in Kind.values if k != Kind.MIXED]
MAX_PETITIONERS = 500
MAX_PARTS = 20
MAX_TEXT = 50_000
PERSON_REASONS = frozenset({"same_id_number", "same_phone", "same_name_and_address"})
# Workflow transition → the URL segment of its API action (None: not an action of its own).
ACTION_SLUGS: dict[str, str | None] = {
    name: name.replace("_", "-") for name in workflow.TRANSITIONS
} | {"mark_duplicate": None}


# ---------------------------------------------------------------- strict JSON fields


def messages(**extra: str | StrPromise) -> dict[str, str | StrPromise]:
    """Vietnamese messages for DRF's common error keys, with field-specific overrides."""
    base: dict[str, str | StrPromise] = {
        "required": _("Trường này là bắt buộc."),
        "null": _("Trường này không được để trống."),
        "blank": _("Trường này không được để trống."),
        "invalid": _("Giá trị không hợp lệ."),
        "max_length": _("Không được dài quá {max_length} ký tự."),
        "min_value": _("Giá trị không được nhỏ hơn {min_value}."),
        "max_value": _("Giá trị không được lớn hơn {max_value}."),
        "not_a_list": _("Phải là một danh sách."),
        "not_a_dict": _("Phải là một đối tượng JSON."),
        "empty": _("Danh sách không được rỗng."),
        "min_length": _("Cần ít nhất {min_length} phần tử."),
        "invalid_choice": _("Giá trị “{input}” không hợp lệ."),
    }
    base.update(extra)
    return base


class StrictCharField(serializers.CharField):
    """A JSON string: numbers, booleans, lists and objects are refused, not converted."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", messages(invalid=_("Phải là một chuỗi ký tự.")))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A JSON `true` or `false`: strings such as "yes" are refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", messages(invalid=_("Phải là true hoặc false.")))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: strings, decimals and booleans are refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", messages(invalid=_("Phải là một số nguyên.")))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class IsoDateField(serializers.DateField):
    """An ISO date (YYYY-MM-DD) that exists in the calendar; "2026-02-30" is refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages",
            messages(
                invalid=_("Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD, ví dụ 2026-02-12."),
                datetime=_("Chỉ ghi ngày (YYYY-MM-DD), không ghi giờ."),
            ),
        )
        kwargs.setdefault("input_formats", ["iso-8601"])
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> dt.date:
        if not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid_date")
        try:
            return super().to_internal_value(value)
        except ValidationError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid_date") from error


class PastDateField(IsoDateField):
    """An ISO date not after today (the day something was done)."""

    def to_internal_value(self, value: Any) -> dt.date:
        day = super().to_internal_value(value)
        if day > timezone.localdate():
            raise ValidationError(_("Ngày không được ở tương lai."), code="date_in_future")
        return day


class CodedChoiceField(serializers.ChoiceField):
    """A choice among string codes; an unknown value answers `invalid_code` (e.g.
    `invalid_kind`, as the services do)."""

    def __init__(self, choices: Iterable[Any], *, invalid_code: str, **kwargs: Any) -> None:
        self.invalid_code = invalid_code
        kwargs.setdefault("error_messages", messages())
        super().__init__(list(choices), **kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str) or data not in self.choices:
            shown = data if isinstance(data, str | int | float) else type(data).__name__
            raise ValidationError(
                self.error_messages["invalid_choice"].format(input=shown), code=self.invalid_code
            )
        return data


@extend_schema_field(OpenApiTypes.STR)
class UnlistedChoiceField(CodedChoiceField):
    """A coded choice documented by its help text rather than as an enum component, where
    the field's name already names another enum (drf-spectacular names enums by field)."""


def chars(**kwargs: Any) -> StrictCharField:
    kwargs.setdefault("max_length", MAX_TEXT)
    return StrictCharField(**kwargs)


def flag(**kwargs: Any) -> StrictBooleanField:
    return StrictBooleanField(**kwargs)


class StrictInputSerializer(serializers.Serializer):
    """A JSON object; anything else (a list, a string) answers 400 `invalid`."""

    default_error_messages = {"invalid": _("Dữ liệu gửi lên phải là một đối tượng JSON.")}


# ---------------------------------------------------------------- registration input


class PetitionerInputSerializer(StrictInputSerializer):
    full_name = chars(max_length=150)
    address = chars(required=False, allow_blank=True, max_length=255, default="")
    phone = chars(required=False, allow_blank=True, max_length=20, default="")
    id_number = chars(required=False, allow_blank=True, max_length=20, default="")
    is_representative = flag(required=False, default=False)


class PetitionCreateSerializer(StrictInputSerializer):
    kind = CodedChoiceField(REGISTER_KINDS, invalid_code="invalid_kind")
    channel = CodedChoiceField(Channel.values, invalid_code="invalid_channel")
    received_on = IsoDateField()
    content = chars()
    title = chars(required=False, allow_blank=True, max_length=255, default="")
    admin_unit = chars(
        required=False, allow_null=True, max_length=20, help_text="Mã đơn vị hành chính cấp xã."
    )
    petitioners = PetitionerInputSerializer(many=True, required=False, default=list)
    anonymous = flag(required=False, default=False)
    complex = flag(required=False, default=False)
    remote_area = flag(required=False, default=False)
    round = StrictIntegerField(required=False, default=1, min_value=1, max_value=2)
    organization = chars(
        required=False,
        max_length=64,
        help_text="Mã cơ quan tiếp nhận; mặc định là cơ quan duy nhất của người dùng.",
    )
    signatory_count = StrictIntegerField(
        required=False, allow_null=True, min_value=0, max_value=1_000_000
    )
    previous_round = chars(
        required=False, allow_null=True, max_length=16, help_text="Mã hồ sơ khiếu nại lần đầu."
    )
    topic = chars(required=False, allow_null=True, max_length=48, help_text="Mã chủ đề.")

    def validate_petitioners(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > MAX_PETITIONERS:
            raise ValidationError(
                _("Không ghi quá %(n)d người đứng đơn; hãy ghi số người ký đơn.")
                % {"n": MAX_PETITIONERS},
                code="too_many_petitioners",
            )
        return value


# ---------------------------------------------------------------- transition input


class PetitionActionSerializer(StrictInputSerializer):
    on = PastDateField(help_text="Ngày thực hiện (YYYY-MM-DD), không ở tương lai.")


class PetitionNoteSerializer(PetitionActionSerializer):
    note = chars(required=False, allow_blank=True, default="")


class PetitionGuideSerializer(PetitionActionSerializer):
    note = chars()


class PetitionReasonSerializer(PetitionActionSerializer):
    reason = chars()


class PetitionOptionalReasonSerializer(PetitionActionSerializer):
    reason = chars(required=False, allow_blank=True, default="")


class PetitionForwardSerializer(PetitionActionSerializer):
    to_organization = chars(max_length=64, help_text="Mã cơ quan nhận đơn.")
    note = chars(required=False, allow_blank=True, default="")


class PetitionExtendSerializer(PetitionActionSerializer):
    days = StrictIntegerField(min_value=1, max_value=365)
    reason = chars()
    step = CodedChoiceField(
        LegalRule.Step.choices, invalid_code="invalid_step", required=False, allow_null=True
    )
    decision_number = chars(required=False, allow_blank=True, max_length=64, default="")


class PetitionResolveSerializer(PetitionActionSerializer):
    # Documented by its help text: "outcome" is also an enum of the receptions API.
    outcome = UnlistedChoiceField(
        sorted(OUTCOMES), invalid_code="invalid_outcome", help_text=" | ".join(sorted(OUTCOMES))
    )
    summary = chars()


class PetitionReplySerializer(PetitionActionSerializer):
    text = chars(required=False, allow_blank=True, default="")


class PetitionReportBackSerializer(PetitionActionSerializer):
    summary = chars()


class PetitionClassifySerializer(PetitionActionSerializer):
    kind = CodedChoiceField(Kind.values, invalid_code="invalid_kind", required=False)
    topic = chars(required=False, max_length=48, help_text="Mã chủ đề.")
    eligible = flag(required=False)
    ineligibility_reasons = serializers.ListField(
        child=chars(max_length=32),
        required=False,
        max_length=len(IneligibilityReason.values),
        error_messages=messages(),
        help_text="Mã lý do: " + ", ".join(IneligibilityReason.values),
    )
    within_competence = flag(required=False)
    complex = flag(required=False)
    especially_complex = flag(required=False)
    remote_area = flag(required=False)


class PetitionAssignSerializer(PetitionActionSerializer):
    username = chars(max_length=150)
    role = CodedChoiceField(
        Assignment.Role.values,
        invalid_code="invalid_role",
        required=False,
        default=Assignment.Role.LEAD,
    )


class PetitionSplitPartSerializer(StrictInputSerializer):
    kind = UnlistedChoiceField(
        REGISTER_KINDS,
        invalid_code="invalid_kind",
        help_text="complaint | denunciation | recommendation | feedback",
    )
    content = chars()
    title = chars(required=False, allow_blank=True, max_length=255, default="")
    topic = chars(required=False, allow_null=True, max_length=48)


class PetitionSplitSerializer(PetitionActionSerializer):
    parts = PetitionSplitPartSerializer(many=True)

    def validate_parts(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not 2 <= len(value) <= MAX_PARTS:
            raise ValidationError(
                _("Tách đơn cần từ 2 đến %(n)d nội dung.") % {"n": MAX_PARTS},
                code="split_needs_parts",
            )
        return value


# ---------------------------------------------------------------- filters


class PetitionFilterSerializer(StrictInputSerializer):
    status = CodedChoiceField(Status.values, invalid_code="invalid_status", required=False)
    kind = CodedChoiceField(Kind.values, invalid_code="invalid_kind", required=False)
    channel = CodedChoiceField(Channel.values, invalid_code="invalid_channel", required=False)
    topic = StrictCharField(required=False, max_length=48, help_text="Mã chủ đề.")
    admin_unit = StrictCharField(
        required=False,
        max_length=20,
        help_text="Mã đơn vị hành chính: đơn vị đó, các đơn vị bên dưới và các đơn vị cũ.",
    )
    overdue = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: chỉ đơn có thời hạn đang mở đã quá hạn.",
        error_messages=messages(invalid=_("Phải là true hoặc false.")),
    )
    open = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: chỉ đơn đang xử lý.",
        error_messages=messages(invalid=_("Phải là true hoặc false.")),
    )
    assigned_to_me = serializers.BooleanField(
        required=False,
        default=False,
        error_messages=messages(invalid=_("Phải là true hoặc false.")),
    )
    received_from = IsoDateField(required=False)
    received_to = IsoDateField(required=False)
    q = StrictCharField(
        required=False, allow_blank=True, max_length=200, help_text="Tìm không phân biệt dấu."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("received_from"), attrs.get("received_to")
        if start and end and start > end:
            raise ValidationError(
                {
                    "received_from": ValidationError(
                        _("“Từ ngày” không được sau “đến ngày”."), code="invalid_range"
                    ).detail
                }
            )
        return attrs


# ---------------------------------------------------------------- output


class PetitionerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Petitioner
        fields = ("full_name", "address", "phone", "id_number", "is_representative")


class PetitionAssignmentSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    full_name = serializers.CharField(source="user.get_full_name")

    class Meta:
        model = Assignment
        fields = ("username", "full_name", "role", "assigned_on")


class PetitionForwardingSerializer(serializers.Serializer):
    from_organization = serializers.CharField(source="from_organization.code")
    to_organization = serializers.CharField(source="to_organization.code")
    forwarded_on = serializers.DateField()
    received_on = serializers.DateField(allow_null=True)
    report_due_on = serializers.DateField(allow_null=True)
    reported_on = serializers.DateField(allow_null=True)
    report_summary = serializers.CharField()
    note = serializers.CharField()


class PetitionPauseSerializer(serializers.Serializer):
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField()


class PetitionExtensionSerializer(serializers.Serializer):
    step = serializers.CharField()
    days = serializers.IntegerField()
    decided_on = serializers.DateField()
    decision_number = serializers.CharField()
    reason = serializers.CharField()


DEADLINE_SCHEMA = inline_serializer(
    "PetitionDeadline",
    {
        "step": serializers.ChoiceField(choices=LegalRule.Step.choices),
        "due_on": serializers.DateField(allow_null=True),
        "rule": serializers.CharField(),
        "met_on": serializers.DateField(allow_null=True),
        "overdue": serializers.BooleanField(),
    },
    many=True,
)
DUPLICATE_SCHEMA = inline_serializer(
    "PossibleDuplicate",
    {
        "id": serializers.CharField(help_text="Mã hồ sơ của đơn có thể trùng."),
        "score": serializers.FloatField(min_value=0, max_value=1),
        "decision": serializers.ChoiceField(choices=DuplicateCandidate.Decision.values),
        "reasons": serializers.ListField(child=serializers.CharField()),
    },
    many=True,
)


NULLABLE_ID = serializers.CharField(allow_null=True, help_text="Mã hồ sơ, hoặc null.")


def _public_id(petition: Petition | None) -> str | None:
    return petition.public_id if petition is not None else None


def shown_petitioners(user: Any, petition: Petition, *, surface: str) -> list[Petitioner] | None:
    """The petitioners `user` may see, or None when a denouncer's identity is protected.

    Only a denunciation shown to an assigned officer goes through the logging reveal; the
    others read the prefetched rows, so a list costs the same queries whatever its size."""
    if petition.kind != Kind.DENUNCIATION:
        return list(petition.petitioners.all())
    if not identity_visible(user, petition):
        return None
    return petitioners_for(user, petition, surface=surface)


def output_context(request: Any, petitions: Iterable[Petition], *, surface: str) -> dict[str, Any]:
    """What the output serializer needs beyond the rows: the reader, where it is shown, and
    which of the possible duplicates the reader may see (one query for the whole page)."""
    petitions = list(petitions)
    candidate_ids = {
        candidate.candidate_id
        for petition in petitions
        for candidate in petition.duplicate_candidates.all()
    }
    visible: dict[int, str] = {}
    if candidate_ids:
        visible = dict(
            visible_petitions(request.user)
            .filter(pk__in=sorted(candidate_ids))
            .values_list("pk", "public_id")
        )
    return {
        "request": request,
        "surface": surface,
        "visible_candidates": visible,
        "today": timezone.localdate(),
        "shown_petitioners": {},
    }


class PetitionSerializer(serializers.ModelSerializer):
    """The case file (shared/API.md, Petitions). Read with `output_context`."""

    id = serializers.CharField(source="public_id", help_text="Mã hồ sơ (không phải số dòng).")
    register_label = serializers.CharField(help_text="Số vào sổ/năm, ví dụ 12/2026.")
    organization: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    topic: Any = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    suggested_topic: Any = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    admin_unit: Any = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    deadlines = serializers.SerializerMethodField()
    possible_duplicates = serializers.SerializerMethodField()
    petitioners = serializers.SerializerMethodField()
    identity_protected = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()
    assignments = PetitionAssignmentSerializer(many=True, read_only=True)
    forwardings = PetitionForwardingSerializer(many=True, read_only=True)
    pauses = PetitionPauseSerializer(many=True, read_only=True)
    extensions = PetitionExtensionSerializer(many=True, read_only=True)
    previous_round = serializers.SerializerMethodField()
    parent: Any = serializers.SerializerMethodField()
    duplicate_of = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = (
            "id",
            "number",
            "register_year",
            "register_label",
            "tracking_code",
            "organization",
            "kind",
            "channel",
            "status",
            "topic",
            "suggested_topic",
            "admin_unit",
            "received_on",
            "title",
            "content",
            "collective",
            "signatory_count",
            "anonymous",
            "complex",
            "especially_complex",
            "remote_area",
            "round",
            "previous_round",
            "parent",
            "duplicate_of",
            "petitioners",
            "identity_protected",
            "deadlines",
            "possible_duplicates",
            "available_actions",
            "eligible",
            "ineligibility_reasons",
            "within_competence",
            "classified_on",
            "handled_on",
            "accepted_on",
            "notified_on",
            "resolved_on",
            "replied_on",
            "closed_on",
            "outcome",
            "outcome_summary",
            "reply_text",
            "handling_note",
            "assignments",
            "forwardings",
            "pauses",
            "extensions",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def _user(self) -> Any:
        request = self.context.get("request")
        return getattr(request, "user", None)

    def _people(self, petition: Petition) -> list[Petitioner] | None:
        cache: dict[int, list[Petitioner] | None] | None = self.context.get("shown_petitioners")
        if cache is None:
            cache = self.__dict__.setdefault("_shown_petitioners", {})
        if petition.pk not in cache:
            cache[petition.pk] = shown_petitioners(
                self._user(), petition, surface=self.context.get("surface", "api")
            )
        return cache[petition.pk]

    @extend_schema_field(DEADLINE_SCHEMA)
    def get_deadlines(self, petition: Petition) -> list[dict[str, object]]:
        today = self.context.get("today")
        return [deadlines.as_api(row, today) for row in petition.deadlines.all()]

    @extend_schema_field(DUPLICATE_SCHEMA)
    def get_possible_duplicates(self, petition: Petition) -> list[dict[str, object]]:
        visible: dict[int, str] | None = self.context.get("visible_candidates")
        if visible is None:
            ids = [c.candidate_id for c in petition.duplicate_candidates.all()]
            visible = dict(
                visible_petitions(self._user()).filter(pk__in=ids).values_list("pk", "public_id")
            )
        show_person_reasons = self._people(petition) is not None
        rows = []
        for candidate in petition.duplicate_candidates.all():
            if candidate.decision == DuplicateCandidate.Decision.REJECTED:
                continue
            if candidate.candidate_id not in visible:
                continue
            reasons = [
                reason
                for reason in candidate.reasons
                if show_person_reasons or reason not in PERSON_REASONS
            ]
            rows.append(
                {
                    "id": visible[candidate.candidate_id],
                    "score": float(candidate.score),
                    "decision": candidate.decision,
                    "reasons": reasons,
                }
            )
        return rows

    @extend_schema_field(PetitionerSerializer(many=True, allow_null=True))
    def get_petitioners(self, petition: Petition) -> list[dict[str, Any]] | None:
        people = self._people(petition)
        if people is None:
            return None
        return [self._petitioner.to_representation(person) for person in people]

    @cached_property
    def _petitioner(self) -> PetitionerSerializer:
        """One petitioner serializer for the whole page: building a serializer's fields costs
        more than representing a petitioner, and a list holds many rows."""
        return PetitionerSerializer()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_identity_protected(self, petition: Petition) -> bool:
        """True when the petitioners are withheld from this reader (a denunciation read by
        someone not assigned to it)."""
        return self._people(petition) is None

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=[s for s in ACTION_SLUGS.values() if s])
        )
    )
    def get_available_actions(self, petition: Petition) -> list[str]:
        user = self._user()
        slugs = []
        for transition in workflow.available_actions(petition):
            slug = ACTION_SLUGS.get(transition.name)
            if slug and can_act(user, petition, transition.name):
                slugs.append(slug)
        return slugs

    @extend_schema_field(NULLABLE_ID)
    def get_previous_round(self, petition: Petition) -> str | None:
        return _public_id(petition.previous_round)

    @extend_schema_field(NULLABLE_ID)
    def get_parent(self, petition: Petition) -> str | None:
        return _public_id(petition.parent)

    @extend_schema_field(NULLABLE_ID)
    def get_duplicate_of(self, petition: Petition) -> str | None:
        return _public_id(petition.duplicate_of)
