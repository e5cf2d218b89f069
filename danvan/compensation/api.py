"""`/api/v1/compensation/`: programmes, their rate tables, and households moving through the
pipeline (shared/API.md, Compensation programmes).

Order of the checks on a write: 404 when the household is outside the reader's scope, 403
when the reader may see it but not change it, 409 when the action is not allowed in the
household's status, 400 for bad input; then the service, atomic, decides (and saves nothing
when it refuses)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.compensation import serializers as s
from danvan.compensation import services, workflow
from danvan.compensation.models import CompensationProgram, Household
from danvan.compensation.permissions import can_change, can_work_in
from danvan.core.errors import NotFound, PermissionDenied, ValidationFailed
from danvan.organizations.scope import filter_in_scope
from danvan.petitions.api import units_for_filter
from danvan.places.selectors import resolve_unit_code, unit_ids_within

TAGS = ["compensation"]
PROGRAM_PARAM = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Mã (public id) của chương trình."
)
HOUSEHOLD_PARAM = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Mã hồ sơ (public id) của hộ."
)
ID_REGEX = r"[A-Za-z0-9_-]{1,64}"
Perform = Callable[[Any, Household, dict[str, Any]], object]


def validated(serializer_class: type[s.StrictInputSerializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise exceptions.ValidationError(serializer.errors)
    return dict(serializer.validated_data)


def visible_households(user: Any) -> QuerySet[Household]:
    return filter_in_scope(Household.objects.all(), user).select_related("program", "admin_unit")


def household_for(user: Any, public_id: str) -> Household:
    household = (
        visible_households(user)
        .prefetch_related("assets__rate", "payments__evidence")
        .filter(public_id=public_id)
        .first()
    )
    if household is None:
        raise NotFound(_("Không tìm thấy hồ sơ hộ này, hoặc hồ sơ ngoài phạm vi của bạn."))
    return household


class ProgramViewSet(viewsets.GenericViewSet):
    """Compensation programmes: readable by every signed-in user."""

    serializer_class = s.ProgramSerializer
    queryset = CompensationProgram.objects.none()
    lookup_url_kwarg = "id"
    lookup_value_regex = ID_REGEX

    def program(self, key: str) -> CompensationProgram:
        program = (
            CompensationProgram.objects.filter(public_id=key).first()
            or CompensationProgram.objects.filter(code=key).first()
        )
        if program is None:
            raise NotFound(_("Không tìm thấy chương trình này."))
        return program

    @extend_schema(
        responses={200: s.ProgramSerializer(many=True)},
        summary="Danh sách chương trình bồi thường, hỗ trợ",
        tags=TAGS,
    )
    def list(self, request: Request) -> Response:
        queryset = CompensationProgram.objects.order_by("code", "pk")
        page = self.paginate_queryset(queryset)
        data = s.ProgramSerializer(list(page or []), many=True).data
        return self.get_paginated_response(data)

    @extend_schema(
        parameters=[PROGRAM_PARAM],
        responses={200: s.ProgramSerializer},
        summary="Một chương trình bồi thường, hỗ trợ",
        tags=TAGS,
    )
    def retrieve(self, request: Request, id: str) -> Response:
        return Response(s.ProgramSerializer(self.program(id)).data)

    @extend_schema(
        parameters=[PROGRAM_PARAM],
        responses={200: s.RateSerializer(many=True)},
        summary="Bảng đơn giá của chương trình",
        tags=TAGS,
    )
    @action(detail=True, methods=["get"], url_path="rates", pagination_class=None)
    def rates(self, request: Request, id: str) -> Response:
        program = self.program(id)
        rates = program.rates.order_by("asset_category", "code")
        return Response(s.RateSerializer(rates, many=True).data)

    @extend_schema(
        parameters=[PROGRAM_PARAM],
        request=s.HouseholdCreateSerializer,
        responses={201: s.HouseholdSerializer},
        summary="Lập danh sách: thêm một hộ vào chương trình",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="households")
    def households(self, request: Request, id: str) -> Response:
        program = self.program(id)
        data = validated(s.HouseholdCreateSerializer, request.data)
        admin_unit = resolve_unit_code(data["admin_unit"])
        if not can_work_in(request.user, program, admin_unit):
            raise PermissionDenied(
                _("Bạn không công tác tại cơ quan chủ trì hoặc tại xã, phường này.")
            )
        household = services.household_create(
            actor=request.user,
            program=program,
            head_full_name=data["head_full_name"],
            id_number=data["id_number"],
            admin_unit=admin_unit,
            village=data["village"],
            address=data["address"],
            members=data["members"],
        )
        body = s.HouseholdSerializer(household_for(request.user, household.public_id)).data
        location = request.build_absolute_uri(
            f"/api/v1/compensation/households/{household.public_id}/"
        )
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


# ---------------------------------------------------------------- transitions


def _declare(actor: Any, household: Household, data: dict[str, Any]) -> object:
    return services.household_declare(
        actor=actor, household=household, on=data["on"], note=data["note"]
    )


def _inventory(actor: Any, household: Household, data: dict[str, Any]) -> object:
    return services.household_inventory(
        actor=actor, household=household, on=data["on"], note=data["note"]
    )


def _verify(actor: Any, household: Household, data: dict[str, Any]) -> object:
    return services.household_verify(
        actor=actor, household=household, on=data["on"], note=data["note"]
    )


def _post(actor: Any, household: Household, data: dict[str, Any]) -> object:
    return services.household_post(
        actor=actor, household=household, on=data["on"], note=data["note"]
    )


def _object(actor: Any, household: Household, data: dict[str, Any]) -> object:
    return services.household_object(
        actor=actor, household=household, on=data["on"], reason=data["reason"]
    )


def _resolve(actor: Any, household: Household, data: dict[str, Any]) -> object:
    return services.household_resolve(
        actor=actor, household=household, on=data["on"], resolution=data["resolution"]
    )


def _approve(actor: Any, household: Household, data: dict[str, Any]) -> object:
    return services.household_approve(
        actor=actor,
        household=household,
        on=data["on"],
        decision_number=data["decision_number"],
        note=data["note"],
    )


def _pay(actor: Any, household: Household, data: dict[str, Any]) -> object:
    evidence = None
    if data["evidence"]:
        evidence = household.attachments.filter(public_id=data["evidence"]).first()
        if evidence is None:
            raise ValidationFailed(
                _("Không tìm thấy chứng từ này trong hồ sơ của hộ."),
                code="unknown_evidence",
                field="evidence",
            )
    return services.household_pay(
        actor=actor,
        household=household,
        on=data["on"],
        amount=data["amount"],
        receiver=data["receiver"],
        method=data["method"],
        receipt_number=data["receipt_number"],
        evidence=evidence,
    )


def _refuse(actor: Any, household: Household, data: dict[str, Any]) -> object:
    return services.household_refuse(
        actor=actor, household=household, on=data["on"], reason=data["reason"]
    )


def _recompute(actor: Any, household: Household, data: dict[str, Any]) -> object:
    return services.household_recompute(actor=actor, household=household)


def _transition_view(
    name: str,
    *,
    body: type[s.StrictInputSerializer],
    perform: Perform,
    summary: str,
    attribute: str | None = None,
) -> Any:
    def view(self: HouseholdViewSet, request: Request, id: str) -> Response:
        return self.run_transition(request, id, name, body, perform)

    view.__name__ = view.__qualname__ = attribute or name
    view.__doc__ = summary
    view = action(detail=True, methods=["post"], url_path=name, url_name=name)(view)
    return extend_schema(
        request=body,
        responses={200: s.HouseholdSerializer},
        parameters=[HOUSEHOLD_PARAM],
        summary=summary,
        tags=TAGS,
    )(view)


class HouseholdViewSet(viewsets.GenericViewSet):
    """Households within the user's scope; writes for those the user may change."""

    serializer_class = s.HouseholdSerializer
    queryset = Household.objects.none()
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[A-Za-z0-9_-]{1,16}"

    def represent(self, public_id: str) -> dict[str, Any]:
        return dict(s.HouseholdSerializer(household_for(self.request.user, public_id)).data)

    @extend_schema(
        parameters=[s.HouseholdFilterSerializer],
        responses={200: s.HouseholdSerializer(many=True)},
        summary="Danh sách hộ trong phạm vi của người dùng",
        tags=TAGS,
    )
    def list(self, request: Request) -> Response:
        f = validated(s.HouseholdFilterSerializer, request.query_params)
        queryset = visible_households(request.user)
        if f.get("program"):
            queryset = queryset.filter(program__public_id=f["program"])
        if f.get("status"):
            queryset = queryset.filter(status=f["status"])
        if f.get("admin_unit"):
            units = units_for_filter(f["admin_unit"])
            queryset = queryset.filter(admin_unit__in=unit_ids_within(units))
        if f.get("village"):
            queryset = queryset.filter(village=f["village"].strip())
        queryset = queryset.prefetch_related("assets__rate", "payments__evidence").order_by(
            "-created_at", "-pk"
        )
        page = self.paginate_queryset(queryset)
        data = s.HouseholdSerializer(list(page or []), many=True).data
        return self.get_paginated_response(data)

    @extend_schema(
        parameters=[HOUSEHOLD_PARAM],
        responses={200: s.HouseholdSerializer},
        summary="Hồ sơ một hộ: tài sản, thành tiền, chi trả",
        tags=TAGS,
    )
    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.represent(id))

    @extend_schema(
        parameters=[HOUSEHOLD_PARAM],
        request=s.AssetCreateSerializer,
        responses={201: s.AssetLineSerializer},
        summary="Ghi một dòng kê khai, kiểm đếm (tính thành tiền theo đơn giá)",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="assets")
    def assets(self, request: Request, id: str) -> Response:
        household = household_for(request.user, id)
        if not can_change(request.user, household):
            raise PermissionDenied(_("Bạn được xem nhưng không có quyền thay đổi hồ sơ này."))
        workflow.check(household, "add_asset")
        data = validated(s.AssetCreateSerializer, request.data)
        line = services.asset_add(
            actor=request.user,
            household=household,
            asset_category=data["asset_category"],
            quantity=data["quantity"],
            attributes=data["attributes"],
        )
        return Response(s.AssetLineSerializer(line).data, status=status.HTTP_201_CREATED)

    def run_transition(
        self,
        request: Request,
        public_id: str,
        name: str,
        body: type[s.StrictInputSerializer],
        perform: Perform,
    ) -> Response:
        household = household_for(request.user, public_id)
        if not can_change(request.user, household):
            raise PermissionDenied(_("Bạn được xem nhưng không có quyền thay đổi hồ sơ này."))
        workflow.check(household, name)
        data = validated(body, request.data)
        perform(request.user, household, data)
        return Response(self.represent(public_id))

    declare = _transition_view(
        "declare", body=s.HouseholdActionSerializer, perform=_declare, summary="Kê khai"
    )
    inventory = _transition_view(
        "inventory",
        body=s.HouseholdActionSerializer,
        perform=_inventory,
        summary="Hoàn thành kiểm đếm",
    )
    verify = _transition_view(
        "verify", body=s.HouseholdActionSerializer, perform=_verify, summary="Xác nhận"
    )
    post_results = _transition_view(
        "post",
        body=s.HouseholdActionSerializer,
        perform=_post,
        summary="Niêm yết công khai",
        attribute="post_results",
    )
    object_to = _transition_view(
        "object",
        body=s.HouseholdReasonSerializer,
        perform=_object,
        summary="Ghi ý kiến không đồng ý",
        attribute="object_to",
    )
    resolve = _transition_view(
        "resolve",
        body=s.HouseholdResolveSerializer,
        perform=_resolve,
        summary="Giải quyết ý kiến, niêm yết lại",
    )
    approve = _transition_view(
        "approve",
        body=s.HouseholdApproveSerializer,
        perform=_approve,
        summary="Phê duyệt (cố định số tiền)",
    )
    pay = _transition_view(
        "pay", body=s.HouseholdPaySerializer, perform=_pay, summary="Ghi một lần chi trả"
    )
    refuse = _transition_view(
        "refuse",
        body=s.HouseholdReasonSerializer,
        perform=_refuse,
        summary="Không đủ điều kiện, từ chối",
    )
    recompute = _transition_view(
        "recompute",
        body=s.StrictInputSerializer,
        perform=_recompute,
        summary="Tính lại thành tiền theo đơn giá hiện hành (trước phê duyệt)",
    )
