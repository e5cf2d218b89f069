from __future__ import annotations

from typing import Any, cast

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from danvan.accounts.models import User
from danvan.organizations import selectors
from danvan.organizations.models import Membership, Organization
from danvan.organizations.scope import scope_for


class OrganizationSerializer(serializers.ModelSerializer):
    # Typed as Any: "parent" is also an attribute of DRF's Field in the type stubs.
    parent: Any = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    jurisdiction: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Organization
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "branch",
            "level",
            "parent",
            "jurisdiction",
            "valid_from",
            "valid_to",
        )


class OrganizationFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    kind = serializers.ChoiceField(choices=Organization.Kind.choices, required=False)
    level = serializers.ChoiceField(choices=Organization.Level.choices, required=False)
    include_former = serializers.BooleanField(required=False, default=False)


class OrganizationListView(generics.ListAPIView):
    serializer_class = OrganizationSerializer

    @extend_schema(parameters=[OrganizationFilterSerializer], summary="Danh sách cơ quan, tổ chức")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        filters = OrganizationFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.organization_list(**filters.validated_data).prefetch_related(
            "jurisdiction"
        )


class OrganizationDetailView(generics.RetrieveAPIView):
    serializer_class = OrganizationSerializer
    lookup_field = "code"

    def get_queryset(self) -> Any:
        return Organization.objects.select_related("parent").prefetch_related("jurisdiction")


class MembershipSerializer(serializers.ModelSerializer):
    organization = OrganizationSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ("organization", "role", "title", "valid_from", "valid_to")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    is_system_administrator = serializers.BooleanField()
    memberships = MembershipSerializer(many=True)
    scope_everything = serializers.BooleanField()
    scope_unit_count = serializers.IntegerField()


class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="Người dùng hiện tại và phạm vi")
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)
        scope = scope_for(user)
        memberships = selectors.active_memberships(user)
        prefetch_related_objects(memberships, "organization__parent", "organization__jurisdiction")
        data = {
            "username": user.get_username(),
            "full_name": user.get_full_name(),
            "is_system_administrator": bool(user.is_superuser),
            "memberships": memberships,
            "scope_everything": scope.everything,
            "scope_unit_count": len(scope.unit_ids),
        }
        return Response(MeSerializer(data).data)
