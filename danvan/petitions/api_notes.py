"""`/api/v1/petitions/{id}/notes/`: fact-finding and working notes of a case file."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danvan.core.errors import PermissionDenied
from danvan.petitions import selectors, services
from danvan.petitions.api import validated
from danvan.petitions.models import CaseNote
from danvan.petitions.permissions import can_handle
from danvan.petitions.serializers import PetitionActionSerializer

NOTE_KINDS = CaseNote.Kind.choices  # named CaseNoteKindEnum in the OpenAPI document


class CaseNoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_full_name", default=None)

    class Meta:
        model = CaseNote
        fields = ("kind", "on", "text", "author", "created_at")


class CaseNoteInputSerializer(PetitionActionSerializer):
    kind = serializers.ChoiceField(choices=NOTE_KINDS, required=False)
    text = serializers.CharField(max_length=10_000, allow_blank=True)


class PetitionNotesView(APIView):
    @extend_schema(
        responses={200: CaseNoteSerializer(many=True)},
        summary="Kết quả xác minh và ghi chú của hồ sơ",
        tags=["petitions"],
    )
    def get(self, request: Request, id: str) -> Response:
        petition = selectors.petition_for(request.user, id)
        notes = petition.notes.select_related("author")
        return Response(CaseNoteSerializer(notes, many=True).data)

    @extend_schema(
        request=CaseNoteInputSerializer,
        responses={201: CaseNoteSerializer},
        summary="Ghi kết quả xác minh hoặc ghi chú",
        tags=["petitions"],
    )
    def post(self, request: Request, id: str) -> Response:
        petition = selectors.petition_for(request.user, id)
        if not can_handle(request.user, petition):
            raise PermissionDenied(_("Bạn không có quyền ghi vào hồ sơ này."))
        data = validated(CaseNoteInputSerializer, request.data)
        note = services.petition_note_add(
            actor=request.user,
            petition=petition,
            on=data["on"],
            text=data["text"],
            kind=data.get("kind") or CaseNote.Kind.NOTE,
        )
        return Response(CaseNoteSerializer(note).data, status=201)
