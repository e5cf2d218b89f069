"""Vote thresholds are edited in the administration screens (audited); recorded decisions are
shown read-only: they are written through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from danvan.audit.services import audit_record, snapshot
from danvan.democracy.models import (
    CommunityDecision,
    Publication,
    PublicationCategory,
    PublicationPosting,
    VoteRule,
)

RULE_FIELDS = ("code", "name", "numerator", "denominator", "comparison", "citation", "position")


@admin.register(VoteRule)
class VoteRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "numerator", "denominator", "comparison", "citation")
    fields = RULE_FIELDS

    def save_model(self, request: HttpRequest, obj: VoteRule, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = snapshot(VoteRule.objects.get(pk=obj.pk), RULE_FIELDS) if change else None
            obj.save()
            audit_record(
                actor=request.user,
                action="democracy.rule_update" if change else "democracy.rule_create",
                target=obj,
                before=before,
                after=snapshot(obj, RULE_FIELDS),
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CommunityDecision)
class CommunityDecisionAdmin(admin.ModelAdmin):
    list_display = ("village", "subject", "held_on", "passed", "status")
    list_filter = ("status", "passed", "rule")
    search_fields = ("village", "subject", "public_id")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in CommunityDecision._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PublicationCategory)
class PublicationCategoryAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "citation")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PostingInline(admin.TabularInline):
    model = PublicationPosting
    extra = 0
    can_delete = False
    fields = ("channel", "place", "from_on", "to_on")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "decided_on", "admin_unit")
    list_filter = ("category",)
    search_fields = ("title", "document_number", "public_id")
    inlines = [PostingInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Publication._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
