"""Compensation and support programmes (shared/GLOSSARY.md, Compensation programmes).

A programme (the 2016 marine incident, a site clearance) has a rate table; households are
listed under it, declare and are inventoried line by line (each line priced from the rate
table, in `Decimal`, never floats), the results are verified, posted publicly, approved (the
amounts are then frozen) and paid. Writes go through `danvan.compensation.services`."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, new_public_id


def _public_id() -> str:
    return new_public_id()


class CompensationProgram(TimeStampedModel):
    class Kind(models.TextChoices):
        ENVIRONMENTAL_INCIDENT = "environmental_incident", _("Sự cố môi trường")
        LAND_RECOVERY = "land_recovery", _("Thu hồi đất, giải phóng mặt bằng")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        ACTIVE = "active", _("Đang thực hiện")
        CLOSED = "closed", _("Đã kết thúc")

    public_id = models.CharField(
        _("mã hồ sơ"), max_length=16, unique=True, default=_public_id, editable=False
    )
    code = models.SlugField(_("mã chương trình"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Nullable: a programme shipped by a data migration cannot name an organisation that
    # only demo or production data creates; it is set afterwards (admin, demo, tests).
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compensation_programs",
    )
    area = models.ManyToManyField(
        "places.AdminUnit",
        verbose_name=_("địa bàn"),
        blank=True,
        related_name="compensation_programs",
        help_text=_("Để trống: không giới hạn địa bàn."),
    )
    start_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    end_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("chương trình bồi thường, hỗ trợ")
        verbose_name_plural = _("chương trình bồi thường, hỗ trợ")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Rate(TimeStampedModel):
    """One row of a programme's rate table (đơn giá), in VND per `unit`.

    `conditions` (all optional): `engine_power_cv_min` (inclusive) and `engine_power_cv_max`
    (exclusive) for an engine-power band of a vessel with an engine; `no_engine: true` for a
    vessel without one (engine power 0); `max_months` caps the months compensated."""

    program = models.ForeignKey(
        CompensationProgram,
        verbose_name=_("chương trình"),
        on_delete=models.CASCADE,
        related_name="rates",
    )
    code = models.SlugField(_("mã đơn giá"), max_length=64)
    asset_category = models.SlugField(_("nhóm tài sản, thiệt hại"), max_length=64)
    unit = models.CharField(_("đơn vị tính"), max_length=32)
    amount = models.DecimalField(_("đơn giá (đồng)"), max_digits=16, decimal_places=2)
    conditions = models.JSONField(_("điều kiện áp dụng"), default=dict, blank=True)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("đơn giá")
        verbose_name_plural = _("đơn giá")
        ordering = ["program", "asset_category", "code"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="compensation_rate_code"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="compensation_rate_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.amount} đ/{self.unit})"


class HouseholdStatus(models.TextChoices):
    NOT_DECLARED = "not_declared", _("Chưa kê khai")
    DECLARED = "declared", _("Đã kê khai")
    INVENTORIED = "inventoried", _("Đã kiểm đếm")
    VERIFIED = "verified", _("Đã xác nhận")
    POSTED = "posted", _("Đã niêm yết")
    OBJECTING = "objecting", _("Có ý kiến không đồng ý")
    APPROVED = "approved", _("Đã phê duyệt")
    PAID = "paid", _("Đã chi trả")
    REFUSED = "refused", _("Không đủ điều kiện, từ chối")


class Household(TimeStampedModel):
    program = models.ForeignKey(
        CompensationProgram,
        verbose_name=_("chương trình"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    public_id = models.CharField(
        _("mã hồ sơ"), max_length=16, unique=True, default=_public_id, editable=False
    )
    head_full_name = models.CharField(_("chủ hộ"), max_length=150)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=20, blank=True)
    admin_unit = models.ForeignKey(
        "places.AdminUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="compensation_households",
    )
    village = models.CharField(_("thôn, tổ dân phố"), max_length=150, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    members = models.JSONField(
        _("nhân khẩu"), default=list, blank=True, help_text=_("Số nhân khẩu hoặc danh sách.")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=HouseholdStatus.choices,
        default=HouseholdStatus.NOT_DECLARED,
        db_index=True,
    )
    # Copied from the programme when the household is listed (the scope rule reads it).
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compensation_households",
    )
    declared_on = models.DateField(_("ngày kê khai"), null=True, blank=True)
    inventoried_on = models.DateField(_("ngày kiểm đếm"), null=True, blank=True)
    verified_on = models.DateField(_("ngày xác nhận"), null=True, blank=True)
    posted_on = models.DateField(_("ngày niêm yết"), null=True, blank=True)
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    approval_decision = models.CharField(_("số quyết định phê duyệt"), max_length=64, blank=True)
    approved_total = models.DecimalField(
        _("số tiền được phê duyệt (đồng)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    refused_on = models.DateField(_("ngày từ chối"), null=True, blank=True)
    status_note = models.TextField(_("ghi chú trạng thái"), blank=True)

    class Meta:
        verbose_name = _("hộ được bồi thường, hỗ trợ")
        verbose_name_plural = _("hộ được bồi thường, hỗ trợ")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.head_full_name} ({self.public_id})"

    @property
    def members_count(self) -> int:
        if isinstance(self.members, int):
            return self.members
        return len(self.members or [])


class AssetLine(models.Model):
    """One counted asset or loss, priced from the rate table when it was entered (or last
    recomputed before approval)."""

    public_id = models.CharField(
        _("mã"), max_length=16, unique=True, default=_public_id, editable=False
    )
    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.CASCADE, related_name="assets"
    )
    asset_category = models.SlugField(_("nhóm tài sản, thiệt hại"), max_length=64)
    quantity = models.DecimalField(_("số lượng"), max_digits=14, decimal_places=4)
    attributes = models.JSONField(_("thuộc tính"), default=dict, blank=True)
    rate = models.ForeignKey(
        Rate, verbose_name=_("đơn giá"), on_delete=models.PROTECT, related_name="asset_lines"
    )
    amount = models.DecimalField(
        _("thành tiền (đồng)"), max_digits=16, decimal_places=2, default=Decimal("0")
    )
    explanation = models.TextField(_("diễn giải"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, editable=False)

    class Meta:
        verbose_name = _("dòng kiểm đếm")
        verbose_name_plural = _("dòng kiểm đếm")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.explanation or self.asset_category


class Payment(models.Model):
    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("ngày chi trả"))
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=16, decimal_places=2)
    receiver = models.CharField(_("người nhận"), max_length=150)
    method = models.CharField(_("hình thức"), max_length=32, blank=True)
    receipt_number = models.CharField(_("số biên nhận"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, editable=False)

    class Meta:
        verbose_name = _("lần chi trả")
        verbose_name_plural = _("lần chi trả")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.amount} đ ({self.paid_on})"
