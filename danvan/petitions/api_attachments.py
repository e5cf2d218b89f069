"""`/api/v1/petitions/{id}/attachments/`: list and upload a case's files; download one.

Uploads are multipart (`file`, optional `purpose`); the type is read from the bytes, the
size is limited, and a refused file answers 400 in the error shape with nothing saved."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.petitions import files, selectors, services
from danvan.petitions.attachments import ALLOWED
from danvan.petitions.models import Attachment, Petition
from danvan.petitions.permissions import can_handle

TAGS = ["petitions"]


class AttachmentSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    name = serializers.CharField(source="original_name")
    uploaded_at = serializers.DateTimeField(source="created_at")
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = (
            "id",
            "name",
            "purpose",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "download",
        )

    def get_download(self, obj: Attachment) -> str:
        return reverse(
            "api:petition_attachment_download",
            kwargs={"id": obj.petition.public_id, "attachment_id": obj.public_id},
        )


UPLOAD = inline_serializer(
    "AttachmentUpload",
    {
        "file": serializers.FileField(),
        "purpose": serializers.ChoiceField(choices=Attachment.Purpose.choices, required=False),
    },
)


class PetitionAttachmentsView(APIView):
    parser_classes = (MultiPartParser, FormParser)

    def petition(self, request: Request, id: str) -> Petition:
        return selectors.petition_for(request.user, id)

    @extend_schema(
        responses={200: AttachmentSerializer(many=True)},
        summary="Các tệp của hồ sơ mà người dùng được xem",
        tags=TAGS,
    )
    def get(self, request: Request, id: str) -> Response:
        petition = self.petition(request, id)
        visible = selectors.attachments_for(request.user, petition)
        return Response(AttachmentSerializer(visible, many=True).data)

    @extend_schema(
        request={"multipart/form-data": UPLOAD},
        responses={201: AttachmentSerializer},
        summary="Đính kèm tệp (PDF, JPEG, PNG, DOCX, XLSX; kiểm tra nội dung và dung lượng)",
        tags=TAGS,
    )
    def post(self, request: Request, id: str) -> Response:
        petition = self.petition(request, id)
        if not can_handle(request.user, petition):
            raise PermissionDenied(_("Bạn không có quyền đính kèm tệp vào hồ sơ này."))
        upload: Any = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(_("Hãy chọn tệp để đính kèm."), code="required", field="file")
        attachment = services.attachment_add(
            actor=request.user,
            petition=petition,
            name=upload.name or "",
            content=upload,
            purpose=request.POST.get("purpose") or Attachment.Purpose.PETITION,
        )
        return Response(AttachmentSerializer(attachment).data, status=201)


class PetitionAttachmentDownloadView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("attachment_id", str, OpenApiParameter.PATH)],
        # The stored type, read from the file's bytes on upload: one of the allowed types.
        responses={(200, file_type.content_type): bytes for file_type in ALLOWED},
        summary="Tải một tệp của hồ sơ",
        tags=TAGS,
    )
    def get(self, request: Request, id: str, attachment_id: str) -> FileResponse:
        petition = selectors.petition_for(request.user, id)
        return files.download(files.attachment_of(request.user, petition, attachment_id))
