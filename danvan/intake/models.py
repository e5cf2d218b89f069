"""Mailboxes from which petitions sent by e-mail are registered, and what came of each mail."""

from __future__ import annotations

import os

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel
from danvan.organizations.models import Organization


class Mailbox(TimeStampedModel):
    """An IMAP folder or a local Maildir that citizens write to (e.g. tiepdan@…gov.vn).

    In production the password comes from the environment: set `password_env` to the name
    of a variable (`DANVAN_MAIL_PASSWORD_HOANHSON`) and leave `password` empty."""

    class Kind(models.TextChoices):
        IMAP = "imap", _("IMAP")
        MAILDIR = "maildir", _("Thư mục Maildir")

    name = models.CharField(_("tên"), max_length=100, unique=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="mailboxes",
    )
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices, default=Kind.IMAP)
    host = models.CharField(_("máy chủ IMAP"), max_length=255, blank=True)
    port = models.PositiveIntegerField(_("cổng"), default=993)
    use_ssl = models.BooleanField(_("dùng SSL/TLS"), default=True)
    username = models.CharField(_("tên đăng nhập"), max_length=255, blank=True)
    password = models.CharField(
        _("mật khẩu"),
        max_length=255,
        blank=True,
        help_text=_("Nên để trống và dùng biến môi trường (ô dưới) khi chạy chính thức."),
    )
    password_env = models.CharField(
        _("biến môi trường chứa mật khẩu"),
        max_length=100,
        blank=True,
        help_text=_("Tên biến môi trường, ví dụ DANVAN_MAIL_PASSWORD. Được ưu tiên hơn mật khẩu."),
    )
    folder = models.CharField(_("thư mục IMAP"), max_length=255, default="INBOX")
    maildir_path = models.CharField(_("đường dẫn Maildir"), max_length=500, blank=True)
    forwarders = models.TextField(
        _("người chuyển tiếp"),
        blank=True,
        help_text=_(
            "Mỗi dòng một địa chỉ (hoặc @tên-miền) của cán bộ chuyển tiếp thư của người dân "
            "vào hộp thư này: với thư họ chuyển tiếp, người đứng đơn là người gửi thư gốc."
        ),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    last_polled_at = models.DateTimeField(_("lần lấy thư gần nhất"), null=True, blank=True)
    # IMAP: the folder's UIDVALIDITY and the highest UID below which every mail is done.
    uid_validity = models.CharField(max_length=32, blank=True, editable=False)
    uid_watermark = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("hộp thư tiếp nhận")
        verbose_name_plural = _("hộp thư tiếp nhận")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def resolved_password(self) -> str:
        if self.password_env:
            return os.environ.get(self.password_env, "")
        return self.password

    def forwarder_addresses(self) -> list[str]:
        return [line.strip().lower() for line in self.forwarders.splitlines() if line.strip()]


class ProcessedMail(TimeStampedModel):
    """One mail seen in a mailbox: registered (done), skipped as a duplicate, or failed and
    to be tried again at the next poll. It keeps no sender and no text: those are in the
    petition, and the mail stays in the mailbox."""

    class Status(models.TextChoices):
        DONE = "done", _("Đã vào sổ")
        DUPLICATE = "duplicate", _("Thư trùng, không vào sổ lại")
        FAILED = "failed", _("Lỗi, sẽ thử lại")

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.CASCADE, related_name="processed", verbose_name=_("hộp thư")
    )
    # The mail's key in its source: "<UIDVALIDITY>:<UID>" for IMAP, the file key for Maildir.
    uid = models.CharField(_("khóa thư trong hộp"), max_length=255)
    # The Message-ID header, or "sha256:<digest>" of the raw mail when it has none.
    message_id = models.CharField(_("Message-ID"), max_length=255, db_index=True)
    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name=_("đơn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("kết quả"), max_length=10, choices=Status.choices)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần xử lý"), default=0)
    received_at = models.DateTimeField(_("ngày thư"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư đã xử lý")
        verbose_name_plural = _("thư đã xử lý")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "uid"], name="processed_mail_uid_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.mailbox_id}/{self.uid}: {self.status}"
