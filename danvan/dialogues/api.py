"""`/api/v1/dialogues/`: dialogues and voter meetings within the reader's scope, with the
issues raised and the commitments made (shared/API.md, Dialogues and consultations).
Outside the scope answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.compensation.rates import is_storable_text
from danvan.core.errors import NotFound, PermissionDenied, ValidationFailed
from danvan.dialogues import serializers as s
from danvan.dialogues import services
from danvan.dialogues.models import Commitment, Dialogue, DialogueKind, DialogueStatus
from danvan.dialogues.permissions import can_change, can_change_commitment
from danvan.dialogues.selectors import visible_dialogues, with_details
from danvan.organizations.models import Organization
from danvan.petitions.selectors import visible_petitions

TAGS = ["dialogues"]
DIALOGUE_PARAM = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Mã (public id) của cuộc đối thoại."
)
COMMITMENT_PARAM = OpenApiParameter(
    "commitment_id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="Mã (public id) của cam kết.",
)
COMMITMENT_PATH = r"commitments/(?P<commitment_id>[A-Za-z0-9]{1,16})"


def validated(serializer_class: type[s.StrictInputSerializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise exceptions.ValidationError(serializer.errors)
    values = dict(serializer.validated_data)
    for field, value in values.items():
        if isinstance(value, str) and not is_storable_text(value):
            raise ValidationFailed(
                _("Có ký tự không hợp lệ."), code="invalid_characters", field=field
            )
    return values


class DialogueViewSet(viewsets.GenericViewSet):
    """Dialogues and voter meetings within the user's scope. Order of the checks on a write:
    404 outside the scope, 403 when the user may see but not change it, 400 for bad input,
    409 when the action is not allowed in the current status (the service decides)."""

    serializer_class = s.DialogueSerializer
    queryset = Dialogue.objects.none()
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[A-Za-z0-9_-]{1,16}"

    def context(self) -> dict[str, Any]:
        return {"request": self.request, "today": timezone.localdate()}

    @extend_schema(
        parameters=[s.DialogueFilterSerializer],
        responses={200: s.DialogueSerializer(many=True)},
        summary="Danh sách cuộc đối thoại, tiếp xúc cử tri trong phạm vi của người dùng",
        tags=TAGS,
    )
    def list(self, request: Request) -> Response:
        f = validated(s.DialogueFilterSerializer, request.query_params)
        queryset = visible_dialogues(request.user)
        if f.get("status"):
            if f["status"] not in DialogueStatus.values:
                raise ValidationFailed(
                    _("Trạng thái không hợp lệ."), code="invalid_status", field="status"
                )
            queryset = queryset.filter(status=f["status"])
        if f.get("kind"):
            if f["kind"] not in DialogueKind.values:
                raise ValidationFailed(
                    _("Hình thức không hợp lệ."), code="invalid_kind", field="kind"
                )
            queryset = queryset.filter(kind=f["kind"])
        if f.get("program"):
            queryset = queryset.filter(program__public_id=f["program"])
        queryset = with_details(queryset).order_by("-held_on", "-pk")
        page = self.paginate_queryset(queryset)
        data = s.DialogueSerializer(list(page or []), many=True, context=self.context()).data
        return self.get_paginated_response(data)

    @extend_schema(
        parameters=[DIALOGUE_PARAM],
        responses={200: s.DialogueSerializer},
        summary="Một cuộc đối thoại: ý kiến, trả lời và cam kết",
        tags=TAGS,
    )
    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.represent(id))

    def represent(self, id: str) -> dict[str, Any]:
        dialogue = with_details(visible_dialogues(self.request.user)).filter(public_id=id).first()
        if dialogue is None:
            raise NotFound(_("Không tìm thấy cuộc đối thoại này, hoặc nó ngoài phạm vi của bạn."))
        return dict(s.DialogueSerializer(dialogue, context=self.context()).data)

    def changeable(self, id: str) -> Dialogue:
        dialogue = visible_dialogues(self.request.user).filter(public_id=id).first()
        if dialogue is None:
            raise NotFound(_("Không tìm thấy cuộc đối thoại này, hoặc nó ngoài phạm vi của bạn."))
        if not can_change(self.request.user, dialogue):
            raise PermissionDenied(
                _("Bạn được xem nhưng không có quyền thay đổi cuộc đối thoại này.")
            )
        return dialogue

    def commitment(self, id: str, commitment_id: str) -> Commitment:
        dialogue = visible_dialogues(self.request.user).filter(public_id=id).first()
        commitment = (
            Commitment.objects.select_related("dialogue")
            .filter(dialogue=dialogue, public_id=commitment_id)
            .first()
            if dialogue is not None
            else None
        )
        if commitment is None:
            raise NotFound(_("Không tìm thấy cam kết này, hoặc nó ngoài phạm vi của bạn."))
        if not can_change_commitment(self.request.user, commitment):
            raise PermissionDenied(_("Bạn được xem nhưng không có quyền thay đổi cam kết này."))
        return commitment

    @extend_schema(
        parameters=[DIALOGUE_PARAM],
        request=s.HoldSerializer,
        responses={200: s.DialogueSerializer},
        summary="Ghi nhận cuộc đối thoại đã tổ chức",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="hold")
    def hold(self, request: Request, id: str) -> Response:
        dialogue = self.changeable(id)
        data = validated(s.HoldSerializer, request.data)
        services.dialogue_hold(
            actor=request.user, dialogue=dialogue, held_on=data["held_on"], summary=data["summary"]
        )
        return Response(self.represent(id))

    @extend_schema(
        parameters=[DIALOGUE_PARAM],
        request=s.ReasonSerializer,
        responses={200: s.DialogueSerializer},
        summary="Hủy cuộc đối thoại đã lên kế hoạch",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="cancel")
    def cancel(self, request: Request, id: str) -> Response:
        dialogue = self.changeable(id)
        data = validated(s.ReasonSerializer, request.data)
        services.dialogue_cancel(actor=request.user, dialogue=dialogue, reason=data["reason"])
        return Response(self.represent(id))

    @extend_schema(
        parameters=[DIALOGUE_PARAM],
        request=s.IssueCreateSerializer,
        responses={201: s.DialogueSerializer},
        summary="Ghi một ý kiến người dân nêu ra (gắn hoặc tạo đơn thư)",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="issues")
    def issues(self, request: Request, id: str) -> Response:
        dialogue = self.changeable(id)
        data = validated(s.IssueCreateSerializer, request.data)
        petition = None
        if data["petition"]:
            petition = visible_petitions(request.user).filter(public_id=data["petition"]).first()
            if petition is None:
                raise ValidationFailed(
                    _("Có đơn thư không tồn tại hoặc ngoài phạm vi của bạn."),
                    code="petition_out_of_scope",
                    field="petition",
                )
        services.issue_add(
            actor=request.user,
            dialogue=dialogue,
            text=data["text"],
            raised_by=data["raised_by"],
            petition=petition,
            create_petition=data["create_petition"],
        )
        return Response(self.represent(id), status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[DIALOGUE_PARAM],
        request=s.CommitmentCreateSerializer,
        responses={201: s.CommitmentSerializer},
        summary="Ghi một cam kết, kết luận: cơ quan thực hiện, hạn hoàn thành",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="commitments")
    def commitments(self, request: Request, id: str) -> Response:
        dialogue = self.changeable(id)
        data = validated(s.CommitmentCreateSerializer, request.data)
        owner = Organization.objects.filter(code=data["owner"]).first()
        if owner is None:
            raise ValidationFailed(
                _("Không có cơ quan với mã này."), code="unknown_organization", field="owner"
            )
        owner_user = None
        if data["owner_user"]:
            owner_user = get_user_model().objects.filter(username=data["owner_user"]).first()
            if owner_user is None:
                raise ValidationFailed(
                    _("Không có cán bộ với tên đăng nhập này."),
                    code="unknown_user",
                    field="owner_user",
                )
        issue = None
        if data["issue"] is not None:
            issue = dialogue.issues.filter(position=data["issue"]).first()
            if issue is None:
                raise ValidationFailed(
                    _("Cuộc đối thoại không có ý kiến với thứ tự này."),
                    code="unknown_issue",
                    field="issue",
                )
        commitment = services.commitment_add(
            actor=request.user,
            dialogue=dialogue,
            text=data["text"],
            owner_organization=owner,
            owner_user=owner_user,
            due_on=data["due_on"],
            issue=issue,
        )
        body = s.CommitmentSerializer(commitment, context=self.context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[DIALOGUE_PARAM, COMMITMENT_PARAM],
        request=s.CompleteSerializer,
        responses={200: s.CommitmentSerializer},
        summary="Ghi nhận cam kết đã hoàn thành, kèm minh chứng",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path=f"{COMMITMENT_PATH}/complete")
    def complete_commitment(self, request: Request, id: str, commitment_id: str) -> Response:
        commitment = self.commitment(id, commitment_id)
        data = validated(s.CompleteSerializer, request.data)
        commitment = services.commitment_complete(
            actor=request.user,
            commitment=commitment,
            completed_on=data["completed_on"],
            evidence=data["evidence"],
        )
        return Response(s.CommitmentSerializer(commitment, context=self.context()).data)

    @extend_schema(
        parameters=[DIALOGUE_PARAM, COMMITMENT_PARAM],
        request=s.ReasonSerializer,
        responses={200: s.CommitmentSerializer},
        summary="Hủy một cam kết, nêu lý do",
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path=f"{COMMITMENT_PATH}/cancel")
    def cancel_commitment(self, request: Request, id: str, commitment_id: str) -> Response:
        commitment = self.commitment(id, commitment_id)
        data = validated(s.ReasonSerializer, request.data)
        commitment = services.commitment_cancel(
            actor=request.user, commitment=commitment, reason=data["reason"]
        )
        return Response(s.CommitmentSerializer(commitment, context=self.context()).data)
