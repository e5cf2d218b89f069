"""The Django admin for the calendar overrides and the rule table; writes go through services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from danvan.core.errors import DomainError
from danvan.deadlines import services
from danvan.deadlines.models import CalendarDay, LegalRule
from danvan.deadlines.services import RULE_FIELDS


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "legal_source")
    list_filter = ("kind",)
    search_fields = ("name", "legal_source")
    date_hierarchy = "date"
    actions = None

    def save_model(
        self, request: HttpRequest, obj: CalendarDay, form: ModelForm, change: bool
    ) -> None:
        try:
            saved = services.calendar_day_set(
                actor=request.user,
                date=obj.date,
                kind=obj.kind,
                name=obj.name,
                legal_source=obj.legal_source,
            )
        except DomainError as error:
            raise ValidationError(str(error)) from error
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        services.calendar_day_delete(actor=request.user, calendar_day=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class LegalRuleAdminForm(ModelForm):
    class Meta:
        model = LegalRule
        fields = list(RULE_FIELDS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            values = {name: cleaned.get(name, getattr(self.instance, name)) for name in RULE_FIELDS}
            candidate = LegalRule(pk=self.instance.pk, **values)
            candidate._state.adding = self.instance._state.adding
            try:
                services.legal_rule_validate(candidate)
            except DomainError as error:
                field = error.field if error.field in self.fields else None
                self.add_error(field, str(error))
        return cleaned


@admin.register(LegalRule)
class LegalRuleAdmin(admin.ModelAdmin):
    form = LegalRuleAdminForm
    list_display = ("code", "step", "kind", "round", "period", "unit", "source", "is_active")
    list_filter = ("step", "kind", "unit", "is_active")
    search_fields = ("code", "title", "source")
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: LegalRule, form: ModelForm, change: bool
    ) -> None:
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            if change:
                services.legal_rule_update(actor=request.user, rule=obj, **fields)
            else:
                values = {name: getattr(obj, name) for name in services.RULE_FIELDS}
                obj.pk = services.legal_rule_create(actor=request.user, **values).pk
        except DomainError as error:
            raise ValidationError(str(error)) from error

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A rule is retired (is_active, valid_to), never deleted: deadlines cite it.
        return False
