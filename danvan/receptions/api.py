"""REST API of citizen reception: the schedule and the register (public identifiers only).

A visit linked to a denunciation holds a denouncer's identity: for a reader who may not see
it (`selectors.visit_identity_visible`) the visit comes with `full_name`, `address`,
`id_number`, `phone` and `people` null and `identity_protected: true`, as petitions do; for
an entitled reader every reveal is logged (`confidentiality`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.core.errors import ValidationFailed
from danvan.organizations.models import Organization
from danvan.places.selectors import resolve_unit_code
from danvan.receptions import confidentiality, selectors, services
from danvan.receptions.models import ReceptionSession, ReceptionVisit, VisitPerson
from danvan.receptions.rules import can_record_visit, register_organization_ids


@extend_schema_field(
    {
        "type": "string",
        "enum": list(ReceptionVisit.Outcome.values),
        "description": "; ".join(
            f"`{value}`: {label}" for value, label in ReceptionVisit.Outcome.choices
        ),
    }
)
class VisitOutcomeField(serializers.ChoiceField):
    """The outcome of a visit; an inline enum, so its name does not collide with the petition
    outcome's in the OpenAPI components."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ReceptionVisit.Outcome.choices, **kwargs)


# ---------------------------------------------------------------- schedule


class ReceptionSessionSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    organization: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    receiver = serializers.SerializerMethodField()
    admin_unit: Any = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = ReceptionSession
        fields = (
            "id",
            "organization",
            "receiver",
            "receiver_title",
            "date",
            "time_from",
            "time_to",
            "place",
            "kind",
            "admin_unit",
            "note",
            "status",
            "published",
        )

    def get_receiver(self, obj: ReceptionSession) -> str:
        return str(obj.receiver.get_full_name())


class SessionFilterSerializer(serializers.Serializer):
    organization = serializers.SlugField(required=False, help_text="Mã cơ quan")
    from_ = serializers.DateField(required=False, help_text="Từ ngày (ISO)")
    to = serializers.DateField(required=False, help_text="Đến ngày (ISO)")
    published = serializers.BooleanField(required=False, allow_null=True, default=None)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


def _organization_ids(code: str | None) -> frozenset[int] | None:
    if not code:
        return None
    return frozenset(Organization.objects.filter(code=code).values_list("pk", flat=True))


class ReceptionSessionListView(generics.ListAPIView):
    serializer_class = ReceptionSessionSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("organization", str, description="Mã cơ quan"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="Từ ngày (ISO)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Đến ngày (ISO)"),
            OpenApiParameter("published", bool, description="Chỉ lịch đã (hoặc chưa) công khai"),
        ],
        summary="Lịch tiếp công dân",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        params = SessionFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return selectors.session_list(
            self.request.user,
            selectors.SessionFilters(
                organization_ids=_organization_ids(data.get("organization")),
                date_from=data.get("from"),
                date_to=data.get("to"),
                published=data.get("published"),
            ),
        )


# ---------------------------------------------------------------- register


class VisitPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitPerson
        fields = ("full_name", "address", "id_number", "phone", "is_representative")


class LinkedPetitionSerializer(serializers.Serializer):
    id = serializers.CharField(source="public_id")
    number = serializers.CharField(source="register_label")
    kind = serializers.CharField()
    status = serializers.CharField()


class ReceptionVisitSerializer(serializers.ModelSerializer):
    """A visit of the register. Needs `visitors` in its context: what
    `confidentiality.visitors_for_many` allows the reader (None: withheld); a visit missing
    from it is shown as withheld."""

    id = serializers.CharField(source="public_id", read_only=True)
    number = serializers.CharField(source="register_label", read_only=True)
    organization: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    session: Any = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True, allow_null=True
    )
    admin_unit: Any = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    received_by: Any = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    outcome = VisitOutcomeField(read_only=True)
    full_name = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()
    identity_protected = serializers.SerializerMethodField()
    petitions = LinkedPetitionSerializer(many=True, read_only=True)

    class Meta:
        model = ReceptionVisit
        fields = (
            "id",
            "number",
            "register_year",
            "organization",
            "visited_on",
            "session",
            "admin_unit",
            "full_name",
            "address",
            "id_number",
            "phone",
            "people",
            "people_count",
            "collective",
            "content",
            "previous_handling",
            "request",
            "outcome",
            "outcome_text",
            "received_by",
            "petitions",
            "identity_protected",
        )

    def _people(self, visit: ReceptionVisit) -> list[VisitPerson] | None:
        visitors: confidentiality.Visitors = self.context.get("visitors", {})
        return visitors.get(visit.pk)

    def _speaker(self, visit: ReceptionVisit, name: str) -> str | None:
        return None if self._people(visit) is None else str(getattr(visit, name))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_full_name(self, visit: ReceptionVisit) -> str | None:
        return self._speaker(visit, "full_name")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_address(self, visit: ReceptionVisit) -> str | None:
        return self._speaker(visit, "address")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_id_number(self, visit: ReceptionVisit) -> str | None:
        return self._speaker(visit, "id_number")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_phone(self, visit: ReceptionVisit) -> str | None:
        return self._speaker(visit, "phone")

    @extend_schema_field(VisitPersonSerializer(many=True, allow_null=True))
    def get_people(self, visit: ReceptionVisit) -> list[dict[str, Any]] | None:
        people = self._people(visit)
        if people is None:
            return None
        return list(VisitPersonSerializer(people, many=True).data)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_identity_protected(self, visit: ReceptionVisit) -> bool:
        """True when the people are withheld from this reader (a visit linked to a
        denunciation, read by someone other than its receiver and the assigned officers)."""
        return self._people(visit) is None


def visit_context(
    request: Request, visits: list[ReceptionVisit], *, surface: str
) -> dict[str, Any]:
    """The serializer's context: the people the reader may see, reveals logged at once."""
    return {
        "request": request,
        "visitors": confidentiality.visitors_for_many(request.user, visits, surface=surface),
    }


class VisitPersonInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    is_representative = serializers.BooleanField(required=False, default=False)


class ReceptionVisitInputSerializer(serializers.Serializer):
    organization = serializers.SlugField(
        required=False, help_text="Mã cơ quan; bỏ trống khi người dùng chỉ thuộc một cơ quan"
    )
    visited_on = serializers.DateField()
    session = serializers.CharField(required=False, allow_blank=True, max_length=16)
    admin_unit = serializers.CharField(required=False, allow_blank=True, max_length=20)
    people = VisitPersonInputSerializer(many=True)
    people_count = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    content = serializers.CharField(allow_blank=True, trim_whitespace=False)
    previous_handling = serializers.CharField(required=False, allow_blank=True, default="")
    request = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = VisitOutcomeField()
    outcome_text = serializers.CharField(required=False, allow_blank=True, default="")


def _organization_for_post(user: Any, code: str | None) -> Organization:
    if code:
        organization = Organization.objects.filter(code=code).first()
        if organization is None:
            raise ValidationFailed(
                _("Không tìm thấy cơ quan có mã này."),
                code="unknown_organization",
                field="organization",
            )
    else:
        ids = register_organization_ids(user)
        if len(ids) != 1:
            raise ValidationFailed(
                _("Hãy ghi mã cơ quan tiếp công dân."), code="required", field="organization"
            )
        organization = Organization.objects.get(pk=next(iter(ids)))
    if not can_record_visit(user, organization):
        raise PermissionDenied
    return organization


class ReceptionVisitListView(generics.ListAPIView):
    serializer_class = ReceptionVisitSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("organization", str, description="Mã cơ quan"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="Từ ngày (ISO)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Đến ngày (ISO)"),
            OpenApiParameter("session", str, description="Mã buổi tiếp"),
            OpenApiParameter("collective", bool, description="Đoàn đông người"),
            OpenApiParameter("q", str, description="Tìm không dấu theo tên, nội dung"),
        ],
        summary="Sổ tiếp công dân",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        visits = list(page if page is not None else self.get_queryset())
        context = visit_context(request, visits, surface=confidentiality.SURFACE_API_LIST)
        data = ReceptionVisitSerializer(visits, many=True, context=context).data
        if page is None:
            return Response(data)
        return self.get_paginated_response(data)

    def get_queryset(self) -> Any:
        params = VisitFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return selectors.visit_list(
            self.request.user,
            selectors.VisitFilters(
                organization_ids=_organization_ids(data.get("organization")),
                date_from=data.get("from"),
                date_to=data.get("to"),
                session_public_id=data.get("session", ""),
                collective=data.get("collective"),
                q=data.get("q", ""),
            ),
        )

    @extend_schema(
        request=ReceptionVisitInputSerializer,
        responses={201: ReceptionVisitSerializer},
        summary="Vào sổ một lượt tiếp công dân",
    )
    def post(self, request: Request) -> Response:
        serializer = ReceptionVisitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organization = _organization_for_post(request.user, data.get("organization"))
        session = None
        if data.get("session"):
            session = (
                selectors.visible_sessions(request.user).filter(public_id=data["session"]).first()
            )
            if session is None:
                raise ValidationFailed(
                    _("Không tìm thấy buổi tiếp."), code="unknown_session", field="session"
                )
        admin_unit = None
        if data.get("admin_unit"):
            admin_unit = resolve_unit_code(data["admin_unit"], on=data["visited_on"])
        visit = services.reception_visit_create(
            actor=request.user,
            organization=organization,
            visited_on=data["visited_on"],
            session=session,
            admin_unit=admin_unit,
            people=[services.PersonInput(**person) for person in data["people"]],
            people_count=data.get("people_count"),
            content=data["content"],
            previous_handling=data["previous_handling"],
            request=data["request"],
            outcome=data["outcome"],
            outcome_text=data["outcome_text"],
        )
        fresh = selectors.with_visit_data(ReceptionVisit.objects.filter(pk=visit.pk)).get()
        context = visit_context(request, [fresh], surface=confidentiality.SURFACE_API)
        return Response(
            ReceptionVisitSerializer(fresh, context=context).data, status=status.HTTP_201_CREATED
        )


class VisitFilterSerializer(serializers.Serializer):
    organization = serializers.SlugField(required=False)
    from_ = serializers.DateField(required=False)
    to = serializers.DateField(required=False)
    session = serializers.CharField(required=False, max_length=16)
    collective = serializers.BooleanField(required=False, allow_null=True, default=None)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class ReceptionVisitDetailView(generics.RetrieveAPIView):
    serializer_class = ReceptionVisitSerializer
    queryset = ReceptionVisit.objects.none()
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    @extend_schema(summary="Một lượt tiếp công dân")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visit = self.get_object()
        context = visit_context(request, [visit], surface=confidentiality.SURFACE_API)
        return Response(ReceptionVisitSerializer(visit, context=context).data)

    def get_object(self) -> ReceptionVisit:
        return selectors.visit_for(self.request.user, self.kwargs["id"])
