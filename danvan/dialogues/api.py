"""`/api/v1/dialogues/`: dialogues and voter meetings within the reader's scope, with the
issues raised and the commitments made (shared/API.md, Dialogues and consultations).
Outside the scope answers 404."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.core.errors import NotFound, ValidationFailed
from danvan.dialogues import serializers as s
from danvan.dialogues.models import Dialogue, DialogueKind, DialogueStatus
from danvan.dialogues.selectors import visible_dialogues, with_details

TAGS = ["dialogues"]
DIALOGUE_PARAM = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Mã (public id) của cuộc đối thoại."
)


def validated(serializer_class: type[s.StrictInputSerializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise exceptions.ValidationError(serializer.errors)
    return dict(serializer.validated_data)


class DialogueViewSet(viewsets.GenericViewSet):
    """Dialogues and voter meetings: read-only here; writes go through the services."""

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
        dialogue = with_details(visible_dialogues(request.user)).filter(public_id=id).first()
        if dialogue is None:
            raise NotFound(_("Không tìm thấy cuộc đối thoại này, hoặc nó ngoài phạm vi của bạn."))
        return Response(s.DialogueSerializer(dialogue, context=self.context()).data)
