"""The admin site for units and succession links; saves go through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import ValidationFailed
from danvan.core.text import fold
from danvan.places import services
from danvan.places.models import AdminUnit, AdminUnitSuccession

EDITABLE_FIELDS = (
    "code",
    "name",
    "short_name",
    "division_type",
    "level",
    "parent",
    "valid_from",
    "valid_to",
)


class AdminUnitForm(forms.ModelForm):
    """Checks the parent's level before the service is called, so errors show on the form."""

    class Meta:
        model = AdminUnit
        fields = EDITABLE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["short_name"].required = False  # derived from the name when left empty
        self.fields["short_name"].help_text = _("Để trống để lấy tên bỏ loại đơn vị.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            services.check_parent(
                level=data.get("level") or "",
                parent=data.get("parent"),
                unit=self.instance if self.instance.pk else None,
            )
        except ValidationFailed as exc:
            self.add_error("parent", str(exc.message))
        return data


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    form = AdminUnitForm
    list_display = ("name", "code", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level", "division_type", ("valid_to", admin.EmptyFieldListFilter))
    search_fields = ("code", "search_name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    fields = (*EDITABLE_FIELDS, "path", "search_name")
    readonly_fields = ("path", "search_name")
    ordering = ("path",)
    show_full_result_count = False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AdminUnit], search_term: str
    ) -> tuple[QuerySet[AdminUnit], bool]:
        # Accent-insensitive: "hoanh son" finds "Phường Hoành Sơn".
        return super().get_search_results(request, queryset, fold(search_term))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # Units are history: end them with valid_to, never delete them.

    def save_model(
        self, request: HttpRequest, obj: AdminUnit, form: ModelForm, change: bool
    ) -> None:
        data: dict[str, Any] = {name: form.cleaned_data.get(name) for name in EDITABLE_FIELDS}
        if change:
            changed = {name: data[name] for name in form.changed_data if name in data}
            saved = services.admin_unit_update(
                actor=request.user, unit=AdminUnit.objects.get(pk=obj.pk), **changed
            )
        else:
            saved = services.admin_unit_create(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                short_name=data["short_name"] or "",
                division_type=data["division_type"],
                level=data["level"],
                parent=data["parent"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
            )
        obj.pk = saved.pk
        obj.path = saved.path
        obj.search_name = saved.search_name


@admin.register(AdminUnitSuccession)
class AdminUnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_on", "legal_basis")
    list_filter = ("kind", "effective_on")
    search_fields = ("predecessor__search_name", "successor__search_name", "legal_basis")
    list_select_related = ("predecessor", "successor")
    autocomplete_fields = ("predecessor", "successor")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AdminUnitSuccession], search_term: str
    ) -> tuple[QuerySet[AdminUnitSuccession], bool]:
        return super().get_search_results(request, queryset, fold(search_term))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # A link records a legal act; add a new one rather than edit it.

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: AdminUnitSuccession, form: ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        saved = services.admin_unit_succession_create(
            actor=request.user,
            predecessor=data["predecessor"],
            successor=data["successor"],
            kind=data["kind"],
            effective_on=data["effective_on"],
            legal_basis=data.get("legal_basis") or "",
            note=data.get("note") or "",
        )
        obj.pk = saved.pk
