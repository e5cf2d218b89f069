"""`/api/v1/consultations/`: consultations on drafts within the reader's scope, with their
sections and the tallies of comments (shared/API.md, Dialogues and consultations). Outside
the scope is 404."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.consultations import selectors, services
from danvan.consultations import serializers as s
from danvan.consultations.models import Consultation
from danvan.core.errors import NotFound

TAGS = ["consultations"]
CONSULTATION_PARAM = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Mã (public id) của đợt lấy ý kiến."
)


def consultation_for(user: Any, public_id: str) -> Consultation:
    consultation = (
        selectors.visible_consultations(user)
        .select_related("organization", "admin_unit", "program")
        .filter(public_id=public_id)
        .first()
    )
    if consultation is None:
        raise NotFound(_("Không tìm thấy đợt lấy ý kiến này, hoặc nó ngoài phạm vi của bạn."))
    return consultation


class ConsultationViewSet(viewsets.GenericViewSet):
    """Consultations within the user's scope."""

    serializer_class = s.ConsultationListSerializer
    queryset = Consultation.objects.none()
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[A-Za-z0-9_-]{1,16}"

    def represent(self, consultation: Consultation) -> dict[str, Any]:
        rule = services.period_rule()
        period = {
            "days": services.period_days(consultation.opens_on, consultation.closes_on),
            "min_days": rule.min_days,
            "citation": rule.citation,
        }
        document = (
            self.request.build_absolute_uri(consultation.document.url)
            if consultation.document
            else None
        )
        sections = list(consultation.sections.order_by("position", "pk"))
        tallies = selectors.tallies(consultation)
        return s.detail_data(consultation, sections, tallies, period, document)

    @extend_schema(
        responses={200: s.ConsultationListSerializer(many=True)},
        summary="Danh sách đợt lấy ý kiến trong phạm vi của người dùng",
        tags=TAGS,
    )
    def list(self, request: Request) -> Response:
        queryset = selectors.with_counts(selectors.visible_consultations(request.user)).order_by(
            "-opens_on", "-pk"
        )
        page = self.paginate_queryset(queryset)
        data = s.ConsultationListSerializer(list(page or []), many=True).data
        return self.get_paginated_response(data)

    @extend_schema(
        parameters=[CONSULTATION_PARAM],
        responses={200: s.ConsultationDetailSerializer},
        summary="Một đợt lấy ý kiến: các mục dự thảo và số góp ý, tiếp thu, giải trình",
        tags=TAGS,
    )
    def retrieve(self, request: Request, id: str) -> Response:
        consultation = consultation_for(request.user, id)
        return Response(s.ConsultationDetailSerializer(self.represent(consultation)).data)
