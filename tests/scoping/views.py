"""A detail page and an API endpoint for the scoped test record, built the way every case
file's pages are: through `get_in_scope_or_404`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danvan.organizations.scope import filter_in_scope, get_in_scope_or_404
from tests.scoping.models import ScopedRecord

SCOPE_FIELDS = {"forwarded_field": "forwarded_to"}


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_in_scope_or_404(ScopedRecord.objects.all(), request.user, pk=pk, **SCOPE_FIELDS)
    return HttpResponse(record.title)


class RecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScopedRecord
        fields = ("id", "title")


class RecordListApi(APIView):
    def get(self, request: Request) -> Response:
        records = filter_in_scope(ScopedRecord.objects.all(), request.user, **SCOPE_FIELDS)
        return Response(RecordSerializer(records.order_by("id"), many=True).data)


class RecordDetailApi(APIView):
    def get(self, request: Request, pk: int) -> Response:
        record = get_in_scope_or_404(
            ScopedRecord.objects.all(), request.user, pk=pk, **SCOPE_FIELDS
        )
        return Response(RecordSerializer(record).data)
