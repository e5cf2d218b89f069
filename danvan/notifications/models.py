"""Notifications to officers: cases due soon and overdue, in the app and by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel


class Notification(TimeStampedModel):
    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")
        REVIEW = "review", _("Cần xem xét lại")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    petition = models.ForeignKey(
        "petitions.Petition", on_delete=models.CASCADE, related_name="notifications"
    )
    step = models.CharField(_("bước"), max_length=16)
    due_on = models.DateField(_("hạn"))
    notified_on = models.DateField(_("ngày thông báo"))
    message = models.CharField(_("nội dung"), max_length=300)
    emailed = models.BooleanField(_("đã gửi thư"), default=False)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-notified_on", "-id"]
        constraints = [
            # One reminder per person, case, step and kind a day.
            models.UniqueConstraint(
                fields=["user", "petition", "step", "kind", "notified_on"],
                name="notification_once_a_day",
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.message
