"""The administrator's screens for organisations and memberships; writes go through services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.organizations import services
from danvan.organizations.models import Membership, Organization


class MembershipInline(admin.TabularInline):
    """The organisation's officers, read-only: memberships are ended, not edited or deleted,
    so that history stays (see the "end" action on the membership list)."""

    model = Membership
    extra = 0
    fields = ("user", "role", "title", "is_active", "valid_from", "valid_to")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("Cán bộ")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NewMembershipInline(admin.TabularInline):
    """Rows to add officers to the organisation (saved through `membership_add`)."""

    model = Membership
    extra = 1
    fields = ("user", "role", "title", "valid_from")
    autocomplete_fields = ("user",)
    can_delete = False
    verbose_name_plural = _("Thêm cán bộ")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).none()


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "branch", "level", "parent", "valid_to")
    list_filter = ("kind", "level", "branch")
    search_fields = ("name", "code", "search_name")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("jurisdiction",)
    inlines = (MembershipInline, NewMembershipInline)
    fields = (*services.ORGANIZATION_FIELDS, "jurisdiction")

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        blank_text = {"branch", "short_name", "email", "phone", "address"}
        data: dict[str, Any] = {}
        for name in services.ORGANIZATION_FIELDS:
            value = form.cleaned_data.get(name)
            data[name] = "" if value is None and name in blank_text else value
        jurisdiction = list(form.cleaned_data.get("jurisdiction") or [])
        if change:
            fresh = Organization.objects.get(pk=obj.pk)
            saved = services.organization_update(
                actor=request.user, organization=fresh, jurisdiction=jurisdiction, **data
            )
        else:
            saved = services.organization_create(
                actor=request.user, jurisdiction=jurisdiction, **data
            )
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The jurisdiction was written by the service in save_model.
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # The admin's change message reads these; rows are written by the service below.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or not inline_form.cleaned_data:
                continue
            data = inline_form.cleaned_data
            try:
                if inline_form.instance.pk is None:
                    services.membership_add(
                        actor=request.user,
                        user=data["user"],
                        organization=form.instance,
                        role=data["role"],
                        title=data.get("title", ""),
                        valid_from=data.get("valid_from"),
                    )
            except DomainError as exc:
                messages.error(request, str(exc.message))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        return super().get_queryset(request).select_related("parent")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "title", "is_active", "valid_to")
    list_filter = ("role", "is_active", "organization__level")
    search_fields = ("user__username", "user__full_name", "organization__name")
    list_select_related = ("user", "organization")
    actions = ("end_memberships",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # add through the organisation's page

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Kết thúc vị trí công tác đã chọn (hôm nay)"))
    def end_memberships(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset:
            try:
                services.membership_end(
                    actor=request.user, membership=membership, on=timezone.localdate()
                )
            except DomainError as exc:
                messages.error(request, f"{membership}: {exc.message}")
