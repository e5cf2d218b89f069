"""The compensation API's shapes (shared/API.md, Compensation programmes). Input serializers
only parse JSON types; the services decide. Amounts are decimal strings in VND.

Choice fields are documented as plain strings with help text: their names (`kind`,
`status`) already name enums of other apps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from danvan.compensation import services
from danvan.compensation.models import AssetLine, CompensationProgram, Household, Payment, Rate
from danvan.compensation.rates import MAX_AMOUNT, to_decimal
from danvan.core.errors import ValidationFailed
from danvan.petitions.serializers import (
    CodedChoiceField,
    PastDateField,
    StrictCharField,
    StrictInputSerializer,
    chars,
    messages,
)

HOUSEHOLD_STATUSES = ", ".join(f"`{value}`" for value in services.HouseholdStatus.values)


# ---------------------------------------------------------------- input


class HouseholdFilterSerializer(StrictInputSerializer):
    program = StrictCharField(required=False, max_length=64, help_text="Mã của chương trình.")
    status = CodedChoiceField(
        services.HouseholdStatus.values, invalid_code="invalid_status", required=False
    )
    admin_unit = StrictCharField(
        required=False,
        max_length=20,
        help_text="Mã xã, phường: đơn vị đó và các đơn vị cũ đã nhập vào.",
    )
    village = StrictCharField(required=False, max_length=150, help_text="Thôn, tổ dân phố.")


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """A JSON number (or a decimal string) kept as given; the services turn it into a
    Decimal and check it."""

    default_error_messages = messages(invalid=_("Phải là một số."))

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 0}, {"type": "array", "items": {}}]})
class MembersField(serializers.Field):
    default_error_messages = messages(invalid=_("Phải là số nhân khẩu hoặc một danh sách."))

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | list):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field({"type": "object", "additionalProperties": {"type": "number"}})
class AttributesField(serializers.Field):
    default_error_messages = messages(invalid=_("Phải là một đối tượng JSON."))

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class HouseholdCreateSerializer(StrictInputSerializer):
    head_full_name = chars(max_length=150, help_text="Họ tên chủ hộ.")
    id_number = chars(required=False, allow_blank=True, max_length=20, default="")
    admin_unit = chars(max_length=20, help_text="Mã chính thức của xã, phường nơi hộ cư trú.")
    village = chars(required=False, allow_blank=True, max_length=150, default="")
    address = chars(required=False, allow_blank=True, max_length=255, default="")
    members = MembersField(required=False, default=0, help_text="Số nhân khẩu, hoặc danh sách.")


class AssetCreateSerializer(StrictInputSerializer):
    asset_category = chars(
        max_length=64, help_text="Nhóm tài sản, thiệt hại, ví dụ `fishing_vessel_owner`."
    )
    quantity = NumberField(
        required=False,
        default=1,
        help_text="Số lượng: số lao động, số ha; 1 cho một tàu.",
    )
    attributes = AttributesField(
        required=False,
        default=dict,
        help_text='Thuộc tính bằng số, ví dụ {"engine_power_cv": 18, "months": 6}.',
    )


class HouseholdActionSerializer(StrictInputSerializer):
    on = PastDateField(help_text="Ngày thực hiện (YYYY-MM-DD).")
    note = chars(required=False, allow_blank=True, default="")


class HouseholdApproveSerializer(HouseholdActionSerializer):
    decision_number = chars(required=False, allow_blank=True, max_length=64, default="")


class HouseholdReasonSerializer(StrictInputSerializer):
    on = PastDateField(help_text="Ngày thực hiện (YYYY-MM-DD).")
    reason = chars(help_text="Lý do, nội dung.")


class HouseholdResolveSerializer(StrictInputSerializer):
    on = PastDateField(help_text="Ngày thực hiện (YYYY-MM-DD).")
    resolution = chars(help_text="Kết quả giải quyết ý kiến.")


@extend_schema_field(OpenApiTypes.STR)
class MoneyField(serializers.Field):
    """An amount in đồng: a decimal string or a JSON number, whole or with up to 2 decimals."""

    default_error_messages = messages(invalid=_("Phải là một số tiền (đồng)."))

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            self.fail("invalid")
        try:
            value = to_decimal(data, field="amount", maximum=MAX_AMOUNT)
        except ValidationFailed as error:
            raise ValidationError(str(error.message), code=error.code) from error
        if value != value.quantize(Decimal("0.01")):
            self.fail("invalid")
        return value

    def to_representation(self, value: Any) -> str:
        return str(value)


class HouseholdPaySerializer(StrictInputSerializer):
    on = PastDateField(help_text="Ngày chi trả (YYYY-MM-DD).")
    amount = MoneyField(help_text="Số tiền chi trả (đồng), chuỗi số thập phân.")
    receiver = chars(max_length=150, help_text="Họ tên người nhận.")
    method = chars(required=False, allow_blank=True, max_length=32, default="")
    receipt_number = chars(required=False, allow_blank=True, max_length=64, default="")
    evidence = chars(
        required=False,
        allow_blank=True,
        max_length=16,
        default="",
        help_text="Mã (public id) của chứng từ chi trả đã tải lên hồ sơ của chính hộ này.",
    )


# ---------------------------------------------------------------- output


class ProgramSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    kind = serializers.CharField(
        read_only=True, help_text="`environmental_incident`, `land_recovery` hoặc `other`."
    )
    status = serializers.CharField(read_only=True, help_text="`draft`, `active` hoặc `closed`.")

    class Meta:
        model = CompensationProgram
        fields = ["id", "code", "name", "kind", "status", "legal_basis", "start_on", "end_on"]
        read_only_fields = fields


class RateSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, help_text="Đơn giá (đồng)."
    )
    conditions = serializers.JSONField(read_only=True, help_text="Điều kiện áp dụng.")

    class Meta:
        model = Rate
        fields = ["code", "asset_category", "unit", "amount", "conditions", "description"]
        read_only_fields = fields


class AssetLineSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    rate_code = serializers.CharField(source="rate.code", read_only=True)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=4, read_only=True)
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, help_text="Thành tiền (đồng)."
    )
    attributes = serializers.JSONField(read_only=True)

    class Meta:
        model = AssetLine
        fields = [
            "id",
            "asset_category",
            "quantity",
            "attributes",
            "rate_code",
            "amount",
            "explanation",
        ]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    evidence = serializers.CharField(
        source="evidence.public_id",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Mã của chứng từ chi trả (tài liệu của hộ), nếu có.",
    )

    class Meta:
        model = Payment
        fields = ["paid_on", "amount", "receiver", "method", "receipt_number", "evidence"]
        read_only_fields = fields


class HouseholdSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    program = serializers.CharField(source="program.code", read_only=True)
    admin_unit = serializers.CharField(source="admin_unit.code", read_only=True)
    admin_unit_name = serializers.CharField(source="admin_unit.name", read_only=True)
    members = MembersField(read_only=True)
    status = serializers.CharField(read_only=True, help_text=f"Một trong {HOUSEHOLD_STATUSES}.")
    assets = AssetLineSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)
    amount_total = serializers.SerializerMethodField(
        help_text="Tổng thành tiền (đồng), chuỗi số thập phân; cố định khi đã phê duyệt."
    )
    paid_total = serializers.SerializerMethodField(help_text="Đã chi trả (đồng).")
    approved_total = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = Household
        fields = [
            "id",
            "program",
            "head_full_name",
            "id_number",
            "admin_unit",
            "admin_unit_name",
            "village",
            "address",
            "members",
            "status",
            "assets",
            "amount_total",
            "approved_total",
            "paid_total",
            "payments",
            "declared_on",
            "inventoried_on",
            "verified_on",
            "posted_on",
            "approved_on",
            "approval_decision",
            "refused_on",
            "status_note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_amount_total(self, household: Household) -> str:
        return f"{services.amount_total(household):.2f}"

    @extend_schema_field(OpenApiTypes.STR)
    def get_paid_total(self, household: Household) -> str:
        return f"{services.paid_total(household):.2f}"
