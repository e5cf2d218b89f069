"""REST API of the rule table and the working-day calendar (read-only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danvan.deadlines import calendar as working_calendar
from danvan.deadlines.models import LegalRule
from danvan.deadlines.services import RULE_FIELDS

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

DATE_ERRORS: dict[str, str | StrPromise] = {
    "invalid": _("Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD, ví dụ 2026-02-12."),
    "required": _("Thiếu ngày bắt đầu."),
    "null": _("Thiếu ngày bắt đầu."),
}
N_ERRORS: dict[str, str | StrPromise] = {
    "invalid": _("Số ngày phải là số nguyên."),
    "required": _("Thiếu số ngày."),
    "null": _("Thiếu số ngày."),
    "min_value": _("Số ngày không được âm."),
    "max_value": _("Số ngày không được lớn hơn {max_value}."),
    "max_string_length": _("Số ngày quá lớn."),
}


class LegalRuleSerializer(serializers.ModelSerializer):
    # Blank for a rule of every kind: declared, as a read-only model field drops `allow_blank`.
    kind = serializers.ChoiceField(
        choices=LegalRule.Kind.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("Để trống: áp dụng cho mọi loại đơn."),
    )

    class Meta:
        model = LegalRule
        fields = list(RULE_FIELDS)
        read_only_fields = fields


class CalendarEntrySerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=["day_off", "working_day"])
    name = serializers.CharField()
    origin = serializers.ChoiceField(choices=["package", "override"])
    legal_source = serializers.CharField(allow_blank=True)


class MonthSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    working_days = serializers.IntegerField()


class CalendarYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    working_days = serializers.IntegerField()
    months = MonthSerializer(many=True)
    days = CalendarEntrySerializer(many=True)


class DateArithmeticQuerySerializer(serializers.Serializer):
    start = serializers.DateField(error_messages=DATE_ERRORS)
    n = serializers.IntegerField(
        min_value=0, max_value=working_calendar.MAX_PERIOD, error_messages=N_ERRORS
    )


class DateArithmeticSerializer(serializers.Serializer):
    start = serializers.DateField()
    n = serializers.IntegerField()
    result = serializers.DateField()


KIND_PARAM = OpenApiParameter(
    "kind", OpenApiTypes.STR, enum=LegalRule.Kind.values, description="Loại đơn"
)
STEP_PARAM = OpenApiParameter(
    "step", OpenApiTypes.STR, enum=LegalRule.Step.values, description="Bước"
)


@extend_schema(tags=["deadlines"], parameters=[KIND_PARAM, STEP_PARAM])
class LegalRuleListView(generics.ListAPIView):
    """The legal rule table, filtered by petition kind and step."""

    serializer_class = LegalRuleSerializer

    def get_queryset(self) -> QuerySet[LegalRule]:
        queryset = LegalRule.objects.order_by("step", "kind", "code")
        kind = self.request.query_params.get("kind", "")
        step = self.request.query_params.get("step", "")
        if kind:
            queryset = queryset.filter(kind=kind)
        if step:
            queryset = queryset.filter(step=step)
        return queryset


@extend_schema(tags=["deadlines"])
class LegalRuleDetailView(generics.RetrieveAPIView):
    """One legal rule by its code (e.g. `complaint.resolve.r1.complex`)."""

    serializer_class = LegalRuleSerializer
    queryset = LegalRule.objects.all()
    lookup_field = "code"


class CalendarYearView(APIView):
    @extend_schema(tags=["deadlines"], responses=CalendarYearSerializer)
    def get(self, request: Request, year: int) -> Response:
        """Days off and make-up working days of a year, with names; working days per month."""
        working_calendar.check_year(year)
        cal = working_calendar.default_calendar()
        months = [
            {"month": month, "working_days": count}
            for month, count in cal.working_days_per_month(year)
        ]
        days = [
            {
                "date": entry.date,
                "kind": entry.kind,
                "name": entry.name,
                "origin": entry.origin,
                "legal_source": entry.legal_source,
            }
            for entry in cal.holidays_in_year(year)
        ]
        data = {
            "year": year,
            "working_days": sum(month["working_days"] for month in months),
            "months": months,
            "days": days,
        }
        return Response(CalendarYearSerializer(data).data)


class _DateArithmeticView(APIView):
    """`GET ?start=&n=` → `{start, n, result}`; subclasses name the calendar operation."""

    operation: Callable[[dt.date, int], dt.date]

    def get(self, request: Request) -> Response:
        query = DateArithmeticQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start: dt.date = query.validated_data["start"]
        n: int = query.validated_data["n"]
        data: dict[str, Any] = {"start": start, "n": n, "result": type(self).operation(start, n)}
        return Response(DateArithmeticSerializer(data).data)


@extend_schema(
    tags=["deadlines"],
    parameters=[DateArithmeticQuerySerializer],
    responses=DateArithmeticSerializer,
    description="Ngày làm việc thứ n sau ngày `start` (không tính ngày `start`).",
)
class AddWorkingDaysView(_DateArithmeticView):
    operation = staticmethod(working_calendar.add_working_days)


@extend_schema(
    tags=["deadlines"],
    parameters=[DateArithmeticQuerySerializer],
    responses=DateArithmeticSerializer,
    description=(
        "Ngày cuối của thời hạn n ngày tính từ ngày sau `start`; nếu là ngày nghỉ thì "
        "lùi sang ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 147-148)."
    ),
)
class AddDaysView(_DateArithmeticView):
    operation = staticmethod(working_calendar.add_days)
