"""Compensation and support programmes (shared/GLOSSARY.md, Compensation programmes).

A programme (the 2016 marine incident, a site clearance) has a rate table; households are
listed under it, declare and are inventoried line by line (each line priced from the rate
table, in `Decimal`, never floats), the results are verified, posted publicly, approved (the
amounts are then frozen) and paid. Writes go through `danvan.compensation.services`."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
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
    posting_days = models.PositiveSmallIntegerField(
        _("thời gian niêm yết tối thiểu (ngày)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu văn bản không quy định thời gian niêm yết tối thiểu."),
    )
    posting_basis = models.CharField(_("căn cứ thời gian niêm yết"), max_length=255, blank=True)
    payment_days = models.PositiveSmallIntegerField(
        _("thời hạn chi trả sau phê duyệt (ngày)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu văn bản không quy định thời hạn chi trả."),
    )
    payment_basis = models.CharField(_("căn cứ thời hạn chi trả"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chương trình bồi thường, hỗ trợ")
        verbose_name_plural = _("chương trình bồi thường, hỗ trợ")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ProgramPhase(models.Model):
    """A phase of a programme (listing, inventory, posting, payment...) with its dates."""

    program = models.ForeignKey(
        CompensationProgram,
        verbose_name=_("chương trình"),
        on_delete=models.CASCADE,
        related_name="phases",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("giai đoạn"), max_length=255)
    start_on = models.DateField(_("từ ngày"), null=True, blank=True)
    end_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["program", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class EligibleGroup(models.Model):
    """A group of beneficiaries (the seven groups of Decision 1880/QĐ-TTg, say)."""

    program = models.ForeignKey(
        CompensationProgram,
        verbose_name=_("chương trình"),
        on_delete=models.CASCADE,
        related_name="groups",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.SlugField(_("mã nhóm"), max_length=64)
    name = models.CharField(_("nhóm đối tượng"), max_length=255)

    class Meta:
        verbose_name = _("nhóm đối tượng")
        verbose_name_plural = _("nhóm đối tượng")
        ordering = ["program", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="compensation_group_code")
        ]

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
    # When the status last changed: the progress board ranks households stuck longest.
    status_changed_at = models.DateTimeField(_("đổi trạng thái lúc"), null=True, blank=True)
    group = models.ForeignKey(
        EligibleGroup,
        verbose_name=_("nhóm đối tượng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
    )
    inventoried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ kiểm đếm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xác nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    posting = models.ForeignKey(
        "Posting",
        verbose_name=_("đợt niêm yết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
    )
    approval_batch = models.ForeignKey(
        "ApprovalBatch",
        verbose_name=_("đợt phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
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
    handed_over_on = models.DateField(_("ngày bàn giao mặt bằng"), null=True, blank=True)
    status_note = models.TextField(_("ghi chú trạng thái"), blank=True)
    # Folded (lower case, no diacritics) head, ID number, code, village and address: what
    # the accent-insensitive search reads. Written by the services (search.search_text).
    search_text = models.TextField(_("nội dung tìm kiếm"), blank=True, editable=False)

    class Meta:
        verbose_name = _("hộ được bồi thường, hỗ trợ")
        verbose_name_plural = _("hộ được bồi thường, hỗ trợ")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["program", "admin_unit", "village", "status"],
                name="compensation_hh_board",
            )
        ]

    def __str__(self) -> str:
        return f"{self.head_full_name} ({self.public_id})"

    @property
    def members_count(self) -> int:
        if isinstance(self.members, int):
            return self.members
        return len(self.members or [])


class AssetLine(models.Model):
    """One counted asset or loss, priced from the rate table when it was entered (or last
    recomputed before approval). `source` tells a household's own declaration from an
    officer's inventory."""

    class Source(models.TextChoices):
        DECLARATION = "declaration", _("Hộ kê khai")
        INVENTORY = "inventory", _("Cán bộ kiểm đếm")

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
    source = models.CharField(
        _("nguồn"), max_length=16, choices=Source.choices, default=Source.INVENTORY
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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
    evidence = models.ForeignKey(
        "HouseholdAttachment",
        verbose_name=_("chứng từ chi trả"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, editable=False)

    class Meta:
        verbose_name = _("lần chi trả")
        verbose_name_plural = _("lần chi trả")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.amount} đ ({self.paid_on})"


class Posting(TimeStampedModel):
    """A public posting (niêm yết) of a village's list: where, from and to which dates. The
    households posted are those whose `posting` is this one."""

    public_id = models.CharField(
        _("mã"), max_length=16, unique=True, default=_public_id, editable=False
    )
    program = models.ForeignKey(
        CompensationProgram,
        verbose_name=_("chương trình"),
        on_delete=models.PROTECT,
        related_name="postings",
    )
    admin_unit = models.ForeignKey(
        "places.AdminUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="compensation_postings",
    )
    village = models.CharField(_("thôn, tổ dân phố"), max_length=150, blank=True)
    place = models.CharField(_("nơi niêm yết"), max_length=255)
    posted_from = models.DateField(_("niêm yết từ ngày"))
    posted_to = models.DateField(_("niêm yết đến ngày"))
    taken_down_on = models.DateField(_("ngày kết thúc niêm yết"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đợt niêm yết")
        verbose_name_plural = _("đợt niêm yết")
        ordering = ["-posted_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(posted_to__gte=models.F("posted_from")),
                name="compensation_posting_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.village or self.admin_unit} ({self.posted_from:%d/%m/%Y})"


class ApprovalBatch(TimeStampedModel):
    """One approval decision covering several households (phê duyệt theo đợt)."""

    public_id = models.CharField(
        _("mã"), max_length=16, unique=True, default=_public_id, editable=False
    )
    program = models.ForeignKey(
        CompensationProgram,
        verbose_name=_("chương trình"),
        on_delete=models.PROTECT,
        related_name="approval_batches",
    )
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decided_on = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    total = models.DecimalField(
        _("tổng số tiền (đồng)"), max_digits=18, decimal_places=2, default=Decimal("0")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đợt phê duyệt")
        verbose_name_plural = _("đợt phê duyệt")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.decided_on:%d/%m/%Y})"


class HouseholdAttachment(models.Model):
    """Evidence for a household: declaration form, inventory record, photo, receipt."""

    class Kind(models.TextChoices):
        DECLARATION = "declaration", _("Tờ khai")
        INVENTORY = "inventory", _("Biên bản kiểm đếm")
        PHOTO = "photo", _("Ảnh hiện trường")
        RECEIPT = "receipt", _("Chứng từ chi trả")
        OTHER = "other", _("Khác")

    public_id = models.CharField(
        _("mã"), max_length=16, unique=True, default=_public_id, editable=False
    )
    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("tệp"), upload_to="compensation/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, editable=False)

    class Meta:
        verbose_name = _("tài liệu của hộ")
        verbose_name_plural = _("tài liệu của hộ")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Objection(TimeStampedModel):
    """A household's disagreement with its posted line; registered as a petition (the
    petitions case file) linked here, and resolved before approval."""

    public_id = models.CharField(
        _("mã"), max_length=16, unique=True, default=_public_id, editable=False
    )
    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.CASCADE, related_name="objections"
    )
    raised_on = models.DateField(_("ngày nêu ý kiến"))
    content = models.TextField(_("nội dung"))
    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name=_("đơn thư"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compensation_objections",
    )
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    resolution = models.TextField(_("kết quả giải quyết"), blank=True)

    class Meta:
        verbose_name = _("ý kiến không đồng ý")
        verbose_name_plural = _("ý kiến không đồng ý")
        ordering = ["-raised_on", "-pk"]

    def __str__(self) -> str:
        return self.content[:80]


class MobilizationTask(TimeStampedModel):
    """A household behind in the pipeline, assigned to an officer or a mass-organisation
    member to visit and persuade (vận động)."""

    class Reason(models.TextChoices):
        NOT_DECLARED = "not_declared", _("Chưa kê khai")
        NOT_VERIFIED = "not_verified", _("Chưa kiểm đếm, xác nhận xong")
        OBJECTING = "objecting", _("Có ý kiến không đồng ý")
        REFUSING = "refusing", _("Không hợp tác, không nhận")
        NOT_COLLECTED = "not_collected", _("Chưa nhận tiền")
        NOT_HANDED_OVER = "not_handed_over", _("Chưa bàn giao mặt bằng")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang vận động")
        DONE = "done", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    public_id = models.CharField(
        _("mã"), max_length=16, unique=True, default=_public_id, editable=False
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ"),
        on_delete=models.CASCADE,
        related_name="mobilization_tasks",
    )
    reason = models.CharField(_("lý do"), max_length=32, choices=Reason.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobilization_tasks",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("tổ chức được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobilization_tasks",
    )
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("nhiệm vụ vận động")
        verbose_name_plural = _("nhiệm vụ vận động")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "assignee"], name="compensation_task_todo")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.household}"


class MobilizationVisit(TimeStampedModel):
    """One visit to a household: who went, when, the outcome, the household's concerns and
    the next step. A concern can become a petition."""

    class Outcome(models.TextChoices):
        AGREED = "agreed", _("Hộ đồng ý, sẽ thực hiện")
        COMPLETED = "completed", _("Hộ đã thực hiện")
        CONSIDERING = "considering", _("Hộ cần thêm thời gian suy nghĩ")
        DECLINED = "declined", _("Hộ chưa đồng ý")
        NOT_HOME = "not_home", _("Không gặp được hộ")

    public_id = models.CharField(
        _("mã"), max_length=16, unique=True, default=_public_id, editable=False
    )
    task = models.ForeignKey(
        MobilizationTask,
        verbose_name=_("nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ"),
        on_delete=models.CASCADE,
        related_name="mobilization_visits",
    )
    visited_on = models.DateField(_("ngày đến"))
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ đi vận động"),
        blank=True,
        related_name="mobilization_visits",
    )
    other_visitors = models.CharField(
        _("người cùng đi"),
        max_length=255,
        blank=True,
        help_text=_("Người không có tài khoản: trưởng thôn, hội viên, người có uy tín..."),
    )
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices)
    concerns = models.TextField(_("băn khoăn, kiến nghị của hộ"), blank=True)
    next_step = models.TextField(_("bước tiếp theo"), blank=True)
    next_visit_on = models.DateField(_("hẹn lần sau"), null=True, blank=True)
    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name=_("đơn thư từ kiến nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobilization_visits",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lần vận động")
        verbose_name_plural = _("lần vận động")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.household} ({self.visited_on:%d/%m/%Y})"
