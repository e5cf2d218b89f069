from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danvan.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = ("occurred_at", "actor_label", "source", "action", "target_label")
    list_filter = ("source", "target_type")
    search_fields = ("action", "actor_label", "target_label", "target_id")
    date_hierarchy = "occurred_at"
    list_select_related = ("target_type",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
