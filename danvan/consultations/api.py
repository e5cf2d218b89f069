"""`/api/v1/consultations/`: consultations on drafts within the reader's scope, with their
sections and the tallies of comments (shared/API.md, Dialogues and consultations). Outside
the scope is 404."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.compensation.models import CompensationProgram
from danvan.consultations import selectors, services
from danvan.consultations import serializers as s
from danvan.consultations.models import Comment, Consultation
from danvan.consultations.permissions import can_change, can_draft_for
from danvan.core.errors import NotFound, PermissionDenied, ValidationFailed
from danvan.organizations.models import Organization
from danvan.places.selectors import resolve_unit_code

TAGS = ["consultations"]
CONSULTATION_PARAM = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Mã (public id) của đợt lấy ý kiến."
)

COMMENT_PARAM = OpenApiParameter(
    "comment_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Mã của góp ý."
)
ID_PATTERN = r"[A-Za-z0-9_-]{1,16}"


def validated(serializer_class: type[s.StrictInputSerializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise exceptions.ValidationError(serializer.errors)
    return dict(serializer.validated_data)


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
    lookup_value_regex = ID_PATTERN

    def represent(self, consultation: Consultation) -> dict[str, Any]:
        rule = services.period_rule()
        period = {
            "days": services.period_days(consultation.opens_on, consultation.closes_on),
            "min_days": rule.min_days,
            "citation": rule.citation,
        }
        document = (
            self.request.build_absolute_uri(
                reverse("consultations:draft_document", args=[consultation.public_id])
            )
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

    @extend_schema(
        request=s.ConsultationCreateSerializer,
        responses={201: s.ConsultationDetailSerializer},
        summary="Lập đợt lấy ý kiến về một dự thảo",
        tags=TAGS,
    )
    def create(self, request: Request) -> Response:
        data = validated(s.ConsultationCreateSerializer, request.data)
        organization = Organization.objects.filter(code=data["organization"].strip()).first()
        if organization is None:
            raise ValidationFailed(
                _("Không tìm thấy cơ quan này."), code="unknown_organization", field="organization"
            )
        if not can_draft_for(request.user, organization):
            raise PermissionDenied(_("Bạn không công tác tại cơ quan chủ trì soạn thảo này."))
        program = None
        if data["program"]:
            program = CompensationProgram.objects.filter(public_id=data["program"]).first()
            if program is None:
                raise ValidationFailed(
                    _("Không tìm thấy chương trình này."), code="unknown_program", field="program"
                )
        consultation = services.consultation_create(
            actor=request.user,
            title=data["title"],
            organization=organization,
            admin_unit=resolve_unit_code(data["admin_unit"]),
            program=program,
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            draft_text=data["draft_text"],
        )
        body = self.represent(consultation_for(request.user, consultation.public_id))
        location = request.build_absolute_uri(f"/api/v1/consultations/{consultation.public_id}/")
        return Response(
            s.ConsultationDetailSerializer(body).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )

    def changeable(self, request: Request, id: str, action_name: str) -> Consultation:
        """404 outside the scope, 403 without the right to change, 409 in the wrong status."""
        consultation = consultation_for(request.user, id)
        if not can_change(request.user, consultation):
            raise PermissionDenied(
                _("Bạn được xem nhưng không có quyền thay đổi đợt lấy ý kiến này.")
            )
        services.check(consultation, action_name)
        return consultation

    def detail_response(self, request: Request, id: str, code: int = 200) -> Response:
        body = self.represent(consultation_for(request.user, id))
        return Response(s.ConsultationDetailSerializer(body).data, status=code)

    @extend_schema(
        parameters=[CONSULTATION_PARAM],
        request=s.SectionCreateSerializer,
        responses={201: s.ConsultationDetailSerializer},
        summary="Thêm một mục vào dự thảo (khi đang chuẩn bị)",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="sections")
    def sections(self, request: Request, id: str) -> Response:
        consultation = self.changeable(request, id, "add_section")
        data = validated(s.SectionCreateSerializer, request.data)
        services.section_add(
            actor=request.user,
            consultation=consultation,
            heading=data["heading"],
            text=data["text"],
        )
        return self.detail_response(request, id, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[CONSULTATION_PARAM],
        request=None,
        responses={200: s.ConsultationDetailSerializer},
        summary="Công khai dự thảo, bắt đầu lấy ý kiến (đủ thời gian tối thiểu)",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="open")
    def open(self, request: Request, id: str) -> Response:
        consultation = self.changeable(request, id, "open")
        services.consultation_open(actor=request.user, consultation=consultation)
        return self.detail_response(request, id)

    @extend_schema(
        parameters=[CONSULTATION_PARAM],
        request=None,
        responses={200: s.ConsultationDetailSerializer},
        summary="Kết thúc lấy ý kiến",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="close")
    def close(self, request: Request, id: str) -> Response:
        consultation = self.changeable(request, id, "close")
        services.consultation_close(actor=request.user, consultation=consultation)
        return self.detail_response(request, id)

    @extend_schema(
        parameters=[CONSULTATION_PARAM],
        request=s.ReportSerializer,
        responses={200: s.ConsultationDetailSerializer},
        summary="Báo cáo tổng hợp, tiếp thu, giải trình (khi mọi góp ý đã được trả lời)",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="report")
    def report(self, request: Request, id: str) -> Response:
        consultation = self.changeable(request, id, "report")
        data = validated(s.ReportSerializer, request.data)
        services.consultation_report(
            actor=request.user, consultation=consultation, summary=data["summary"]
        )
        return self.detail_response(request, id)

    @extend_schema(
        methods=["GET"],
        parameters=[CONSULTATION_PARAM],
        responses={200: s.CommentSerializer(many=True)},
        summary="Các góp ý của một đợt lấy ý kiến",
        tags=TAGS,
    )
    @extend_schema(
        methods=["POST"],
        parameters=[CONSULTATION_PARAM],
        request=s.CommentCreateSerializer,
        responses={201: s.CommentSerializer},
        summary="Cán bộ ghi một góp ý (phiếu, hội nghị, đường dây nóng)",
        tags=TAGS,
    )
    @action(detail=True, methods=["get", "post"], url_path="comments")
    def comments(self, request: Request, id: str) -> Response:
        if request.method == "GET":
            consultation = consultation_for(request.user, id)
            queryset = consultation.comments.select_related("section").order_by("received_on", "pk")
            page = self.paginate_queryset(queryset)
            rows = s.CommentSerializer(list(page or []), many=True).data
            return self.get_paginated_response(rows)
        consultation = self.changeable(request, id, "add_comment")
        data = validated(s.CommentCreateSerializer, request.data)
        section = None
        if data["section"]:
            section = consultation.sections.filter(public_id=data["section"]).first()
            if section is None:
                raise ValidationFailed(
                    _("Không tìm thấy mục này trong dự thảo."),
                    code="unknown_section",
                    field="section",
                )
        comment = services.comment_add(
            actor=request.user,
            consultation=consultation,
            text=data["text"],
            source=data["source"],
            section=section,
            author_name=data["author_name"],
            source_note=data["source_note"],
            received_on=data["received_on"],
        )
        return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[CONSULTATION_PARAM, COMMENT_PARAM],
        request=s.CommentRespondSerializer,
        responses={200: s.CommentSerializer},
        summary="Tiếp thu, giải trình một góp ý",
        tags=TAGS,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"comments/(?P<comment_id>{ID_PATTERN})/respond",
        url_name="comment-respond",
    )
    def respond(self, request: Request, id: str, comment_id: str) -> Response:
        consultation = self.changeable(request, id, "respond")
        comment = (
            Comment.objects.filter(consultation=consultation, public_id=comment_id)
            .select_related("section", "consultation")
            .first()
        )
        if comment is None:
            raise NotFound(_("Không tìm thấy góp ý này."))
        data = validated(s.CommentRespondSerializer, request.data)
        comment = services.comment_respond(
            actor=request.user,
            comment=comment,
            kind=data["kind"],
            text=data["text"],
            on=data.get("on"),
        )
        return Response(s.CommentSerializer(comment).data)
