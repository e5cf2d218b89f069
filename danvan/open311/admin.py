"""Partners' Open311 keys, managed by the administrator through the services: a new key is
shown once, in a message; keys are revoked, never edited or deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.open311.models import PartnerKey
from danvan.open311.services import partner_key_create, partner_key_revoke


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "organization",
        "key_prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "key_prefix", "organization__name")
    autocomplete_fields = ("organization",)
    actions = ("revoke",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("name", "organization")
        return (
            "name",
            "organization",
            "key_prefix",
            "created_at",
            "created_by",
            "last_used_at",
            "revoked_at",
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return self.get_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: requests keep their partner

    def save_model(self, request: HttpRequest, obj: PartnerKey, form: Any, change: bool) -> None:
        if change:
            return  # nothing is editable
        saved, plaintext = partner_key_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            organization=form.cleaned_data["organization"],
        )
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db
        messages.warning(
            request,
            gettext(
                "Khóa API của đối tác “%(name)s”: %(key)s — hãy sao chép ngay, khóa chỉ hiện "
                "một lần này."
            )
            % {"name": saved.name, "key": plaintext},
        )

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[PartnerKey]) -> None:
        revoked = 0
        for key in queryset:
            try:
                partner_key_revoke(actor=request.user, key=key)
            except DomainError as error:
                messages.error(request, f"{key}: {error.message}")
            else:
                revoked += 1
        if revoked:
            messages.success(request, gettext("Đã thu hồi %(n)d khóa.") % {"n": revoked})
