"""Consultations in the administration screens, read-only: their writes go through the
services (audited, state machine), and the consultation rules change with the law, by a data
migration that names the new source."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danvan.consultations.models import Comment, Consultation, ConsultationRule, DraftSection


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SectionInline(admin.TabularInline):
    model = DraftSection
    extra = 0
    fields = ("position", "heading", "text")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ConsultationRule)
class ConsultationRuleAdmin(ReadOnlyAdmin):
    list_display = ("code", "min_days", "citation")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("title", "organization", "admin_unit", "opens_on", "closes_on", "status")
    list_filter = ("status",)
    search_fields = ("title", "public_id")
    list_select_related = ("organization", "admin_unit")
    inlines = [SectionInline]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "consultation", "source", "received_on", "response_kind")
    list_filter = ("source", "response_kind")
    search_fields = ("public_id", "text", "author_name")
    list_select_related = ("consultation",)
