"""`POST /api/v1/petitions/{id}/receive/`: the organisation a petition was forwarded to
records its receipt; the petition enters its register with its own deadlines (201)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danvan.core.errors import InvalidTransition, PermissionDenied
from danvan.petitions import selectors, services
from danvan.petitions import serializers as s
from danvan.petitions.api import validated
from danvan.petitions.forwarding import receiving_forwarding

RECEIVE = inline_serializer("ForwardReceive", {"on": serializers.DateField()})


class ForwardReceiveView(APIView):
    @extend_schema(
        request=RECEIVE,
        responses={201: s.PetitionSerializer},
        summary="Cơ quan nhận đơn chuyển đến vào sổ đơn",
        tags=["petitions"],
    )
    def post(self, request: Request, id: str) -> Response:
        petition = selectors.petition_for(request.user, id)
        forwarding = receiving_forwarding(request.user, petition)
        if forwarding is None:
            if not petition.forwardings.exists():
                raise InvalidTransition(_("Đơn chưa được chuyển."), code="not_forwarded")
            raise PermissionDenied(_("Chỉ cơ quan được chuyển đơn đến mới vào sổ đơn này."))
        data = validated(s.PetitionActionSerializer, request.data)
        received = services.forwarding_receive(
            actor=request.user, forwarding=forwarding, on=data["on"]
        )
        received = selectors.petition_for(request.user, received.public_id)
        context = s.output_context(request, [received], surface="api")
        return Response(s.PetitionSerializer(received, context=context).data, status=201)
