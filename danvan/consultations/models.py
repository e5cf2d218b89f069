"""Consultations on drafts (shared/GLOSSARY.md, Dialogue, consultation, democracy at the
grassroots): the draft split in sections, comments from every channel (the portal, paper
forms, meetings, the hotline, an officer's note), the drafter's response to each comment and
the synthesis report.

The minimum consultation period is data (`ConsultationRule`, shipped by a data migration with
its legal source), never a literal in the code. Writes go through
`danvan.consultations.services`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, new_public_id


def _public_id() -> str:
    return new_public_id()


class ConsultationRule(models.Model):
    """A rule of the law on consultations, with its source. `period` is the minimum
    consultation period in days from publication (Law 10/2022/QH15, Art. 28(2))."""

    PERIOD = "period"

    code = models.SlugField(_("mã quy định"), max_length=64, unique=True)
    min_days = models.PositiveSmallIntegerField(_("số ngày tối thiểu"))
    citation = models.CharField(_("căn cứ pháp lý"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy định về lấy ý kiến")
        verbose_name_plural = _("quy định về lấy ý kiến")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.min_days} ({self.citation})"


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã hết hạn lấy ý kiến")
    REPORTED = "reported", _("Đã báo cáo tổng hợp")


class Consultation(TimeStampedModel):
    public_id = models.CharField(
        _("mã hồ sơ"), max_length=16, unique=True, default=_public_id, editable=False
    )
    title = models.CharField(_("tên dự thảo"), max_length=255)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan chủ trì soạn thảo"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    admin_unit = models.ForeignKey(
        "places.AdminUnit",
        verbose_name=_("địa bàn lấy ý kiến"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    program = models.ForeignKey(
        "compensation.CompensationProgram",
        verbose_name=_("chương trình bồi thường, hỗ trợ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    draft_text = models.TextField(_("nội dung dự thảo"), blank=True)
    document = models.FileField(_("tệp dự thảo"), upload_to="consultations/%Y/%m/", blank=True)
    opens_on = models.DateField(_("ngày công khai, bắt đầu lấy ý kiến"))
    closes_on = models.DateField(_("ngày kết thúc lấy ý kiến"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    summary = models.TextField(_("tóm tắt kết quả"), blank=True)
    opened_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    reported_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt lấy ý kiến")
        verbose_name_plural = _("đợt lấy ý kiến")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class DraftSection(models.Model):
    """A section of the draft (a chapter, an article) that comments can point at."""

    public_id = models.CharField(
        _("mã mục"), max_length=16, unique=True, default=_public_id, editable=False
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("đợt lấy ý kiến"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    heading = models.CharField(_("tiêu đề"), max_length=255)
    text = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("mục dự thảo")
        verbose_name_plural = _("mục dự thảo")
        ordering = ["consultation", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="consultations_section_position"
            )
        ]

    def __str__(self) -> str:
        return self.heading


class Comment(TimeStampedModel):
    """A comment (góp ý) on one section, or on the draft as a whole when `section` is empty,
    and the drafter's response to it (tiếp thu, giải trình)."""

    class Source(models.TextChoices):
        PORTAL = "portal", _("Cổng thông tin điện tử")
        PAPER_FORM = "paper_form", _("Phiếu góp ý")
        MEETING = "meeting", _("Hội nghị, cuộc họp")
        HOTLINE = "hotline", _("Đường dây nóng")
        OFFICER = "officer", _("Cán bộ ghi nhận")

    class ResponseKind(models.TextChoices):
        ACCEPTED = "accepted", _("Tiếp thu")
        PARTLY_ACCEPTED = "partly_accepted", _("Tiếp thu một phần")
        EXPLAINED = "explained", _("Giải trình")

    public_id = models.CharField(
        _("mã góp ý"), max_length=16, unique=True, default=_public_id, editable=False
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("đợt lấy ý kiến"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    section = models.ForeignKey(
        DraftSection,
        verbose_name=_("mục dự thảo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
        help_text=_("Để trống: góp ý chung cho cả dự thảo."),
    )
    text = models.TextField(_("nội dung góp ý"))
    author_name = models.CharField(_("người góp ý"), max_length=150, blank=True)
    source = models.CharField(_("hình thức"), max_length=16, choices=Source.choices)
    source_note = models.CharField(
        _("ghi chú nguồn"),
        max_length=255,
        blank=True,
        help_text=_("Hội nghị nào, phiếu số mấy, cuộc gọi lúc nào…"),
    )
    received_on = models.DateField(_("ngày nhận"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    response_kind = models.CharField(
        _("hình thức tiếp thu, giải trình"),
        max_length=16,
        choices=ResponseKind.choices,
        blank=True,
    )
    response_text = models.TextField(_("nội dung tiếp thu, giải trình"), blank=True)
    responded_on = models.DateField(_("ngày tiếp thu, giải trình"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp thu, giải trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("góp ý")
        verbose_name_plural = _("góp ý")
        ordering = ["consultation", "received_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
