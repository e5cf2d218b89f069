"""`/api/v1/admin-units/`: units by official code, with their history as codes."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.core.errors import ValidationFailed
from danvan.places import selectors
from danvan.places.models import AdminUnit, AdminUnitSuccession

_CODES = serializers.ListField(child=serializers.CharField())


def history_prefetches() -> list[Prefetch]:
    links = AdminUnitSuccession.objects.order_by("effective_on", "pk")
    return [
        Prefetch("successor_links", queryset=links.select_related("successor")),
        Prefetch("predecessor_links", queryset=links.select_related("predecessor")),
    ]


def with_history(queryset: QuerySet[AdminUnit]) -> QuerySet[AdminUnit]:
    """Join the parent and prefetch both ends of the succession links: two more queries."""
    return queryset.select_related("parent").prefetch_related(*history_prefetches())


class AdminUnitSerializer(serializers.ModelSerializer):
    # `parent` shadows an attribute of DRF's Field in the stubs, not at run time.
    parent = serializers.SlugRelatedField(  # type: ignore[assignment,var-annotated]
        slug_field="code", read_only=True, allow_null=True
    )
    successors = serializers.SerializerMethodField()
    predecessors = serializers.SerializerMethodField()

    class Meta:
        model = AdminUnit
        fields = (
            "code",
            "name",
            "short_name",
            "level",
            "division_type",
            "parent",
            "valid_from",
            "valid_to",
            "successors",
            "predecessors",
        )

    @extend_schema_field(_CODES)
    def get_successors(self, unit: AdminUnit) -> list[str]:
        return [link.successor.code for link in unit.successor_links.all()]

    @extend_schema_field(_CODES)
    def get_predecessors(self, unit: AdminUnit) -> list[str]:
        return [link.predecessor.code for link in unit.predecessor_links.all()]


class AdminUnitFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    level = serializers.ChoiceField(choices=AdminUnit.Level.choices, required=False)
    parent = serializers.CharField(  # type: ignore[assignment]
        required=False, max_length=20, help_text="Mã đơn vị cấp trên (mọi cấp bên dưới)."
    )
    on = serializers.DateField(required=False, help_text="Chỉ các đơn vị tồn tại vào ngày này.")
    include_former = serializers.BooleanField(required=False, default=False)


class AdminUnitListView(generics.ListAPIView):
    serializer_class = AdminUnitSerializer

    @extend_schema(parameters=[AdminUnitFilterSerializer], summary="Danh sách đơn vị hành chính")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AdminUnit]:
        filters = AdminUnitFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        parent = None
        if data.get("parent"):
            try:
                parent = selectors.resolve_unit_code(data["parent"], on=data.get("on"))
            except ValidationFailed as exc:
                raise ValidationFailed(exc.message, code=exc.code, field="parent") from exc
        return with_history(
            selectors.search_units(
                data.get("q", ""),
                level=data.get("level"),
                parent=parent,
                include_former=data["include_former"],
                on=data.get("on"),
            )
        )


class AdminUnitDetailQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class AdminUnitDetailView(generics.RetrieveAPIView):
    serializer_class = AdminUnitSerializer
    queryset = AdminUnit.objects.all()
    lookup_field = "code"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "on",
                OpenApiTypes.DATE,
                description="Đơn vị mang mã này vào ngày đó (mã có thể được dùng lại).",
            )
        ],
        summary="Đơn vị hành chính theo mã",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> AdminUnit:
        query = AdminUnitDetailQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        try:
            unit = selectors.resolve_unit_code(
                self.kwargs["code"], on=query.validated_data.get("on")
            )
        except ValidationFailed as exc:
            raise exceptions.NotFound() from exc
        prefetch_related_objects([unit], *history_prefetches())
        return unit
