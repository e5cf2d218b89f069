"""The administrator's screens for users; every write goes through the accounts services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.accounts import services
from danvan.accounts.models import User
from danvan.audit.context import request_actor


class AuditedPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's "change password" form, saving through the audited service."""

    def save(self, commit: bool = True) -> Any:
        password = self.cleaned_data.get("password1")
        if not password:  # "unusable password" chosen
            return super().save(commit=commit)
        return services.user_set_password(actor=request_actor(), user=self.user, password=password)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "email", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name", "email", "phone")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "usable_password", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    change_password_form = AuditedPasswordChangeForm

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            fresh = User.objects.get(pk=obj.pk)
            changes = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in services.USER_FIELDS
            }
            services.user_update(actor=request.user, user=fresh, **changes)
            return
        password = form.cleaned_data.get("password1") or None
        if form.cleaned_data.get("usable_password") in (False, "false"):
            password = None
        saved = services.user_create(
            actor=request.user,
            username=form.cleaned_data["username"],
            full_name=form.cleaned_data.get("full_name", ""),
            password=password,
        )
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db
