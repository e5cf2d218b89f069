"""Intake mailboxes (saved through the services, audited, the password never shown) and
the log of processed mails (read-only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.intake.models import Mailbox, ProcessedMail
from danvan.intake.services import MAILBOX_FIELDS, mailbox_create, mailbox_update


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        label=_("mật khẩu"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Để trống để giữ mật khẩu đã lưu. Khi chạy chính thức, nên dùng biến môi trường."
        ),
    )

    class Meta:
        model = Mailbox
        fields = MAILBOX_FIELDS


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ("name", "organization", "kind", "host", "folder", "is_active", "last_polled_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "host", "username")
    readonly_fields = ("last_polled_at",)

    def save_model(self, request: HttpRequest, obj: Mailbox, form: Any, change: bool) -> None:
        data = {name: form.cleaned_data.get(name) for name in MAILBOX_FIELDS}
        if not data["password"]:
            data["password"] = None if change else ""
        if change:
            saved = mailbox_update(
                actor=request.user, mailbox=Mailbox.objects.get(pk=obj.pk), **data
            )
        else:
            saved = mailbox_create(actor=request.user, **data)
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # retire a mailbox with "is_active": its processed mails stay


@admin.register(ProcessedMail)
class ProcessedMailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "mailbox", "uid", "status", "attempts", "petition")
    list_filter = ("status", "mailbox")
    search_fields = ("message_id", "uid")
    readonly_fields = (
        "mailbox",
        "uid",
        "message_id",
        "petition",
        "status",
        "error",
        "attempts",
        "received_at",
        "created_at",
        "updated_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
