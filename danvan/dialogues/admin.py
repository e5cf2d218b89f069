"""Dialogues shown read-only in the administration screens: their writes go through the
services (audited, with their transition tables)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danvan.dialogues.models import (
    Commitment,
    CommitmentReminder,
    Dialogue,
    DialogueIssue,
    DialogueParticipant,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ParticipantInline(ReadOnlyMixin, admin.TabularInline):
    model = DialogueParticipant
    extra = 0
    fields = ("full_name", "household", "role", "invited", "attended")


class IssueInline(ReadOnlyMixin, admin.TabularInline):
    model = DialogueIssue
    extra = 0
    fields = ("position", "text", "raised_by", "petition", "answer", "answered_by")


class CommitmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Commitment
    extra = 0
    fields = ("text", "owner_organization", "owner_user", "due_on", "status", "completed_on")


@admin.register(Dialogue)
class DialogueAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "held_on", "admin_unit", "organization", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "public_id", "chair_name")
    date_hierarchy = "held_on"
    inlines = [ParticipantInline, IssueInline, CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("text", "dialogue", "owner_organization", "due_on", "status")
    list_filter = ("status",)
    search_fields = ("text", "public_id")


@admin.register(CommitmentReminder)
class CommitmentReminderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("message", "user", "notified_on", "emailed", "read_at")
