"""Dialogues with residents and voter meetings: the issues raised, the answers given and the
commitments made, tracked to completion (shared/GLOSSARY.md).

A dialogue (đối thoại) or voter meeting (tiếp xúc cử tri) is planned, then held or cancelled.
Once held, its minutes record the issues residents raised (each may be linked to a petition,
or become one) with the answers given, and the commitments the authority made: owner
organisation and officer, due date, status and evidence of completion. Writes go through
`danvan.dialogues.services`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, new_public_id


def _public_id() -> str:
    return new_public_id()


class DialogueKind(models.TextChoices):
    DIALOGUE = "dialogue", _("Đối thoại")
    VOTER_MEETING = "voter_meeting", _("Tiếp xúc cử tri")


class DialogueStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên kế hoạch")
    HELD = "held", _("Đã tổ chức")
    CANCELLED = "cancelled", _("Đã hủy")


class ParticipantRole(models.TextChoices):
    RESIDENT = "resident", _("Người dân")
    OFFICIAL = "official", _("Cán bộ")
    GUEST = "guest", _("Khách mời")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class Dialogue(TimeStampedModel):
    public_id = models.CharField(
        _("mã hồ sơ"), max_length=16, unique=True, default=_public_id, editable=False
    )
    kind = models.CharField(
        _("hình thức"), max_length=16, choices=DialogueKind.choices, default=DialogueKind.DIALOGUE
    )
    title = models.CharField(_("nội dung đối thoại"), max_length=255)
    program = models.ForeignKey(
        "compensation.CompensationProgram",
        verbose_name=_("chương trình bồi thường, hỗ trợ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan tổ chức"),
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    admin_unit = models.ForeignKey(
        "places.AdminUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_dialogues",
    )
    chair_name = models.CharField(_("họ tên, chức vụ người chủ trì"), max_length=200, blank=True)
    held_on = models.DateField(
        _("ngày tổ chức"), help_text=_("Ngày dự kiến; khi đã tổ chức là ngày thực tế.")
    )
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DialogueStatus.choices,
        default=DialogueStatus.PLANNED,
        db_index=True,
    )
    summary = models.TextField(_("tóm tắt kết quả"), blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    published = models.BooleanField(_("đã công khai"), default=False)
    petitions = models.ManyToManyField(
        "petitions.Petition",
        verbose_name=_("đơn thư liên quan"),
        blank=True,
        related_name="dialogues",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cuộc đối thoại")
        verbose_name_plural = _("cuộc đối thoại")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["admin_unit", "held_on"], name="dialogue_unit_date")]

    def __str__(self) -> str:
        return self.title


class DialogueParticipant(TimeStampedModel):
    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("cuộc đối thoại"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    full_name = models.CharField(_("họ tên"), max_length=150)
    household = models.ForeignKey(
        "compensation.Household",
        verbose_name=_("hộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogue_participations",
    )
    role = models.CharField(
        _("thành phần"),
        max_length=16,
        choices=ParticipantRole.choices,
        default=ParticipantRole.RESIDENT,
    )
    invited = models.BooleanField(_("được mời"), default=True)
    attended = models.BooleanField(_("có mặt"), default=False)

    class Meta:
        verbose_name = _("người tham dự")
        verbose_name_plural = _("người tham dự")
        ordering = ["dialogue", "pk"]

    def __str__(self) -> str:
        return self.full_name


class DialogueIssue(TimeStampedModel):
    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("cuộc đối thoại"),
        on_delete=models.CASCADE,
        related_name="issues",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("ý kiến, vấn đề nêu ra"))
    raised_by = models.CharField(_("người nêu"), max_length=200, blank=True)
    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name=_("đơn thư"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogue_issues",
    )
    answer = models.TextField(_("trả lời, giải trình"), blank=True)
    answered_by = models.CharField(_("người trả lời"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ý kiến, vấn đề nêu ra")
        verbose_name_plural = _("ý kiến, vấn đề nêu ra")
        ordering = ["dialogue", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "position"], name="dialogue_issue_position")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Commitment(TimeStampedModel):
    public_id = models.CharField(
        _("mã hồ sơ"), max_length=16, unique=True, default=_public_id, editable=False
    )
    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("cuộc đối thoại"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    issue = models.ForeignKey(
        DialogueIssue,
        verbose_name=_("ý kiến, vấn đề"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    text = models.TextField(_("nội dung cam kết, kết luận"))
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan thực hiện"),
        on_delete=models.PROTECT,
        related_name="dialogue_commitments",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogue_commitments",
    )
    due_on = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.OPEN,
        db_index=True,
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    evidence = models.TextField(_("kết quả, minh chứng"), blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)

    class Meta:
        verbose_name = _("cam kết, kết luận")
        verbose_name_plural = _("cam kết, kết luận")
        ordering = ["dialogue", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Open and past its due date; a commitment due today is not yet overdue."""
        today = today or timezone.localdate()
        return self.status == CommitmentStatus.OPEN and self.due_on < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class CommitmentReminder(TimeStampedModel):
    """An in-app reminder of an overdue commitment, to its owner officer or the chair of the
    dialogue: one per person, commitment and day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitment_reminders"
    )
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    notified_on = models.DateField(_("ngày thông báo"))
    message = models.CharField(_("nội dung"), max_length=300)
    emailed = models.BooleanField(_("đã gửi thư"), default=False)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhắc việc cam kết quá hạn")
        verbose_name_plural = _("nhắc việc cam kết quá hạn")
        ordering = ["-notified_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "commitment", "notified_on"], name="commitment_reminder_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="commitment_reminder_unread")]

    def __str__(self) -> str:
        return self.message
