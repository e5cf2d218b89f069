"""Programmes and their rate tables are edited in the administration screens. Households are
shown read-only: their writes go through the services (audited, state machine)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from danvan.audit.services import audit_record, snapshot
from danvan.compensation.models import (
    AssetLine,
    CompensationProgram,
    EligibleGroup,
    Household,
    Payment,
    ProgramPhase,
    Rate,
)
from danvan.compensation.programs import PROGRAM_FIELDS

RATE_FIELDS = ("code", "asset_category", "unit", "amount", "conditions", "description")
PHASE_FIELDS = ("position", "name", "start_on", "end_on")
GROUP_FIELDS = ("position", "code", "name")
INLINE_FIELDS: dict[type, tuple[str, tuple[str, ...]]] = {
    Rate: ("rate", RATE_FIELDS),
    ProgramPhase: ("phase", PHASE_FIELDS),
    EligibleGroup: ("group", GROUP_FIELDS),
}


class RateInline(admin.TabularInline):
    model = Rate
    extra = 0
    fields = RATE_FIELDS


class PhaseInline(admin.TabularInline):
    model = ProgramPhase
    extra = 0
    fields = PHASE_FIELDS


class GroupInline(admin.TabularInline):
    model = EligibleGroup
    extra = 0
    fields = GROUP_FIELDS


@admin.register(CompensationProgram)
class CompensationProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "status", "organization")
    list_filter = ("kind", "status")
    search_fields = ("code", "name")
    fields = (*PROGRAM_FIELDS, "area")
    filter_horizontal = ("area",)
    inlines = [PhaseInline, GroupInline, RateInline]

    def save_model(
        self, request: HttpRequest, obj: CompensationProgram, form: Any, change: bool
    ) -> None:
        with transaction.atomic():
            before = None
            if change:
                before = snapshot(CompensationProgram.objects.get(pk=obj.pk), PROGRAM_FIELDS)
            obj.save()
            audit_record(
                actor=request.user,
                action="compensation.program_update" if change else "compensation.program_create",
                target=obj,
                before=before,
                after=snapshot(obj, PROGRAM_FIELDS),
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Each row of an inline (rate, phase, group) saved and audited one by one; a rate
        already used by a line, or a group households belong to, is kept."""
        name, fields = INLINE_FIELDS[formset.model]
        model = formset.model
        with transaction.atomic():
            for row in formset.save(commit=False):
                before = None
                if row.pk:
                    before = snapshot(model.objects.get(pk=row.pk), fields)
                row.save()
                audit_record(
                    actor=request.user,
                    action=f"compensation.{name}_save",
                    target=row,
                    before=before,
                    after=snapshot(row, fields),
                )
            for row in formset.deleted_objects:
                in_use = (isinstance(row, Rate) and row.asset_lines.exists()) or (
                    isinstance(row, EligibleGroup) and row.households.exists()
                )
                if not in_use:
                    audit_record(
                        actor=request.user,
                        action=f"compensation.{name}_delete",
                        target=row,
                        before=snapshot(row, fields),
                    )
                    row.delete()


class AssetLineInline(admin.TabularInline):
    model = AssetLine
    extra = 0
    can_delete = False
    fields = ("asset_category", "quantity", "attributes", "rate", "amount", "explanation")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = ("paid_on", "amount", "receiver", "method", "receipt_number")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ("public_id", "head_full_name", "program", "admin_unit", "status")
    list_filter = ("status", "program")
    search_fields = ("public_id", "head_full_name", "id_number")
    inlines = [AssetLineInline, PaymentInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Household._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
