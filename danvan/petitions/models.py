"""The petition case file: registration, classification, handling, resolution, reply."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, new_public_id
from danvan.deadlines.models import LegalRule
from danvan.organizations.counters import YearlyCounter
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit


def new_tracking_code() -> str:
    """What the citizen types in the portal: random, unrelated to any count or date."""
    raw = new_public_id(12)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Topic(TimeStampedModel):
    """The topic taxonomy, held as data (land, compensation, environment, …)."""

    code = models.SlugField(_("mã"), max_length=48, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    keywords = models.TextField(
        _("từ khóa gợi ý"),
        blank=True,
        help_text=_("Mỗi dòng một từ hoặc cụm từ, không cần dấu; dùng để gợi ý chủ đề."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    RECOMMENDATION = "recommendation", _("Kiến nghị")
    FEEDBACK = "feedback", _("Phản ánh")
    MIXED = "mixed", _("Đơn nhiều nội dung")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    POST = "post", _("Bưu chính")
    WEB = "web", _("Cổng thông tin")
    EMAIL = "email", _("Thư điện tử")
    PHONE = "phone", _("Điện thoại")
    FORWARDED = "forwarded", _("Cơ quan khác chuyển đến")
    VOTER_MEETING = "voter_meeting", _("Tiếp xúc cử tri")
    DIALOGUE = "dialogue", _("Đối thoại")


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ACCEPTED = "accepted", _("Đã thụ lý, đang giải quyết")
    PAUSED = "paused", _("Tạm dừng")
    RESOLVED = "resolved", _("Đã giải quyết")
    REPLIED = "replied", _("Đã trả lời")
    FORWARDED = "forwarded", _("Đã chuyển đơn")
    GUIDED = "guided", _("Đã hướng dẫn")
    RETURNED = "returned", _("Đã trả lại đơn")
    ARCHIVED = "archived", _("Đã xếp lưu")
    SPLIT = "split", _("Đã tách đơn")
    DUPLICATE = "duplicate", _("Đơn trùng")


class IneligibilityReason(models.TextChoices):
    """Why a petition is not handled: the nine cases of Law on Complaints 02/2011/QH13
    Art. 11 in which a complaint is not accepted, and "other" for the remaining kinds."""

    INTERNAL_ACT = (
        "internal_act",
        _(
            "Quyết định, hành vi hành chính trong nội bộ cơ quan nhà nước, quy phạm pháp luật "
            "hoặc thuộc bí mật nhà nước (Điều 11 khoản 1)"
        ),
    )
    NOT_DIRECTLY_AFFECTED = (
        "not_directly_affected",
        _("Không liên quan trực tiếp đến quyền, lợi ích hợp pháp của người khiếu nại (khoản 2)"),
    )
    NO_LEGAL_CAPACITY = (
        "no_legal_capacity",
        _(
            "Người khiếu nại không có năng lực hành vi dân sự đầy đủ, không có người đại diện "
            "hợp pháp (khoản 3)"
        ),
    )
    UNLAWFUL_REPRESENTATIVE = (
        "unlawful_representative",
        _("Người đại diện không hợp pháp (khoản 4)"),
    )
    UNSIGNED = "unsigned", _("Đơn không có chữ ký hoặc điểm chỉ của người khiếu nại (khoản 5)")
    OUT_OF_TIME = (
        "out_of_time",
        _("Hết thời hiệu, thời hạn khiếu nại mà không có lý do chính đáng (khoản 6)"),
    )
    SECOND_ROUND_DECIDED = (
        "second_round_decided",
        _("Đã có quyết định giải quyết khiếu nại lần hai (khoản 7)"),
    )
    DISCONTINUED = (
        "discontinued",
        _("Đã có thông báo đình chỉ mà sau 30 ngày người khiếu nại không tiếp tục (khoản 8)"),
    )
    BEFORE_COURT = (
        "before_court",
        _("Đã được Tòa án thụ lý hoặc giải quyết bằng bản án, quyết định (khoản 9)"),
    )
    OTHER = "other", _("Lý do khác")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Khiếu nại đúng")
    PARTLY_UPHELD = "partly_upheld", _("Khiếu nại có đúng, có sai")
    REJECTED = "rejected", _("Khiếu nại sai")
    WITHDRAWN = "withdrawn", _("Người gửi đơn rút đơn")
    ANSWERED = "answered", _("Đã trả lời, giải thích")
    SUBSTANTIATED = "substantiated", _("Tố cáo đúng")
    PARTLY_SUBSTANTIATED = "partly_substantiated", _("Tố cáo đúng một phần")
    UNSUBSTANTIATED = "unsubstantiated", _("Tố cáo sai")


# The outcomes that fit each kind (a complaint is upheld or not; a denunciation is
# substantiated or not; a recommendation or feedback is answered).
OUTCOMES_BY_KIND: dict[str, tuple[str, ...]] = {
    "complaint": ("upheld", "partly_upheld", "rejected", "withdrawn"),
    "denunciation": ("substantiated", "partly_substantiated", "unsubstantiated", "withdrawn"),
    "recommendation": ("answered", "withdrawn"),
    "feedback": ("answered", "withdrawn"),
}

OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.PAUSED, Status.RESOLVED)


class PetitionQuerySet(models.QuerySet["Petition"]):
    def open(self) -> PetitionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Petition(TimeStampedModel):
    public_id = models.CharField(
        _("mã hồ sơ"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    tracking_code = models.CharField(
        _("mã tra cứu"), max_length=20, unique=True, default=new_tracking_code, editable=False
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="petitions",
        db_index=False,  # petition_org_ids
    )
    register_year = models.PositiveSmallIntegerField(_("năm sổ"))
    number = models.PositiveIntegerField(_("số vào sổ"))
    kind = models.CharField(_("loại đơn"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("nguồn tiếp nhận"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=Status.choices,
        default=Status.RECEIVED,
    )
    received_on = models.DateField(_("ngày nhận"))
    title = models.CharField(_("trích yếu"), max_length=255)
    content = models.TextField(_("nội dung"))
    admin_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("nơi phát sinh vụ việc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
        db_index=False,  # petition_unit_ids
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("chủ đề"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    suggested_topic = models.ForeignKey(
        Topic,
        verbose_name=_("chủ đề gợi ý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymous = models.BooleanField(_("đơn nặc danh"), default=False)
    collective = models.BooleanField(_("đơn đông người"), default=False)
    signatory_count = models.PositiveIntegerField(_("số người ký đơn"), default=0)
    complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    especially_complex = models.BooleanField(_("vụ việc đặc biệt phức tạp"), default=False)
    remote_area = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    round = models.PositiveSmallIntegerField(_("lần giải quyết"), default=1)
    previous_round = models.ForeignKey(
        "self",
        verbose_name=_("khiếu nại lần đầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_rounds",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tách từ đơn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với đơn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    # Classification (phân loại, xử lý đơn)
    classified_on = models.DateField(_("ngày phân loại"), null=True, blank=True)
    eligible = models.BooleanField(_("đủ điều kiện xử lý"), null=True, blank=True)
    ineligibility_reasons = models.JSONField(_("lý do không đủ điều kiện"), default=list)
    within_competence = models.BooleanField(_("thuộc thẩm quyền"), null=True, blank=True)
    # Handling and resolution dates
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    notified_on = models.DateField(_("ngày thông báo thụ lý"), null=True, blank=True)
    handled_on = models.DateField(_("ngày xử lý đơn"), null=True, blank=True)
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    replied_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc hồ sơ"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=32, blank=True)
    outcome_summary = models.TextField(_("tóm tắt kết quả"), blank=True)
    reply_text = models.TextField(_("nội dung trả lời"), blank=True)
    handling_note = models.TextField(_("ghi chú xử lý"), blank=True)
    answer_published = models.BooleanField(
        _("công khai câu trả lời"),
        default=False,
        help_text=_("Câu trả lời (đã bỏ thông tin cá nhân) hiển thị trên cổng thông tin."),
    )
    # Search and duplicate detection (filled by services; never holds a denouncer's identity)
    search_text = models.TextField(editable=False, blank=True)
    # A 64-bit SimHash of the folded content, cut into four 16-bit bands: near-identical
    # texts share at least one band, so candidates come from four index lookups.
    fingerprint_band0 = models.PositiveIntegerField(editable=False, null=True, db_index=True)
    fingerprint_band1 = models.PositiveIntegerField(editable=False, null=True, db_index=True)
    fingerprint_band2 = models.PositiveIntegerField(editable=False, null=True, db_index=True)
    fingerprint_band3 = models.PositiveIntegerField(editable=False, null=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người vào sổ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Assignment",
        verbose_name=_("người xử lý"),
        related_name="assigned_petitions",
        blank=True,
    )
    forwarded_to = models.ManyToManyField(
        Organization,
        through="Forwarding",
        through_fields=("petition", "to_organization"),
        verbose_name=_("đã chuyển đến"),
        related_name="forwarded_petitions",
        blank=True,
    )

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "register_year", "number"],
                name="petition_number_per_org_year",
            ),
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="petition_round_1_or_2"),
        ]
        # The scope's lookups read ids from the index alone (`petition_unit_order`,
        # `petition_org_ids`: index-only scans, no visit to the rows), the newest cases of a
        # place come in order (duplicate check); the list's order is one
        # index; a status or kind filter reads the ids and their order from its index alone,
        # without visiting the rows of the whole province (PostgreSQL's extra `LIKE` copies of
        # a `db_index` text column are never used here and slow every insert).
        indexes = [
            models.Index(
                fields=["organization", "status", "received_on"], name="petition_org_status"
            ),
            models.Index(fields=["admin_unit", "status"], name="petition_unit_status"),
            models.Index(fields=["admin_unit", "received_on", "id"], name="petition_unit_order"),
            models.Index(fields=["organization", "id"], name="petition_org_ids"),
            models.Index(fields=["received_on", "id"], name="petition_list_order"),
            models.Index(fields=["status", "received_on", "id"], name="petition_status_order"),
            models.Index(fields=["kind", "received_on", "id"], name="petition_kind_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.register_year} — {self.title}"

    @property
    def register_label(self) -> str:
        return f"{self.number}/{self.register_year}"

    @property
    def identity_protected_kind(self) -> bool:
        return self.kind == Kind.DENUNCIATION


class Petitioner(TimeStampedModel):
    """A person who signed the petition (or a representative of the signatories)."""

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="petitioners", verbose_name=_("đơn")
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True, db_index=True)
    id_number = models.CharField(
        _("số định danh cá nhân"), max_length=20, blank=True, db_index=True
    )
    is_representative = models.BooleanField(_("người đại diện"), default=False)
    name_key = models.CharField(max_length=300, editable=False, db_index=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("người đứng đơn")
        verbose_name_plural = _("người đứng đơn")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.full_name


class Assignment(TimeStampedModel):
    """An officer assigned to handle the case; only they may see a denouncer's identity."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        MEMBER = "member", _("Phối hợp")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        db_index=False,  # assignment_user_petition
    )
    role = models.CharField(_("vai trò"), max_length=8, choices=Role.choices, default=Role.LEAD)
    assigned_on = models.DateField(_("ngày giao"))

    class Meta:
        verbose_name = _("phân công xử lý")
        verbose_name_plural = _("phân công xử lý")
        constraints = [models.UniqueConstraint(fields=["petition", "user"], name="assignment_uniq")]
        indexes = [models.Index(fields=["user", "petition"], name="assignment_user_petition")]


class Forwarding(TimeStampedModel):
    """A petition sent to the competent organisation, and what it reported back."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="forwardings")
    from_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan chuyển")
    )
    to_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan nhận"),
        db_index=False,  # forwarding_to_petition
    )
    forwarded_on = models.DateField(_("ngày chuyển"))
    received_on = models.DateField(_("ngày cơ quan nhận tiếp nhận"), null=True, blank=True)
    received_petition = models.OneToOneField(
        "Petition",
        verbose_name=_("đơn vào sổ tại cơ quan nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forwarded_from",
    )
    report_due_on = models.DateField(_("hạn báo cáo kết quả"), null=True, blank=True)
    reported_on = models.DateField(_("ngày báo cáo kết quả"), null=True, blank=True)
    report_summary = models.TextField(_("kết quả được báo cáo"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chuyển đơn")
        verbose_name_plural = _("chuyển đơn")
        ordering = ["forwarded_on", "id"]
        indexes = [
            models.Index(fields=["to_organization", "petition"], name="forwarding_to_petition")
        ]


class Pause(TimeStampedModel):
    """Time the law excludes (illness, disaster, waiting for documents): extends deadlines."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("tạm dừng từ"))
    ended_on = models.DateField(_("tiếp tục từ"), null=True, blank=True)
    reason = models.TextField(_("lý do"))

    class Meta:
        verbose_name = _("tạm dừng")
        verbose_name_plural = _("tạm dừng")
        ordering = ["started_on", "id"]


class Extension(TimeStampedModel):
    """An extension of a step's deadline, granted by written decision."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="extensions")
    step = models.CharField(_("bước"), max_length=16, choices=LegalRule.Step.choices)
    days = models.PositiveSmallIntegerField(_("số ngày gia hạn"))
    decided_on = models.DateField(_("ngày quyết định"))
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    reason = models.TextField(_("lý do"))

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        ordering = ["decided_on", "id"]


class PetitionDeadline(models.Model):
    """A step's deadline, recomputed by the services after every change of the case.

    Kept as rows so lists, filters and the backlog board count without recomputing."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="deadlines")
    step = models.CharField(max_length=16, choices=LegalRule.Step.choices)
    rule = models.ForeignKey(LegalRule, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)  # None while a pause is open
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["petition", "starts_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "step"], name="deadline_step_uniq")
        ]
        indexes = [
            # Open (or met) deadlines by due date with their petitions, from the index alone
            # (the overdue filter on SQLite, the board's most overdue cases).
            models.Index(fields=["met_on", "due_on", "petition"], name="deadline_met_due_petition"),
            # Late open deadlines and their petitions, from the index alone (overdue filter).
            models.Index(
                fields=["due_on", "petition"],
                condition=Q(met_on__isnull=True),
                name="deadline_open_petition",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step}: {self.due_on}"


class RegisterCounter(YearlyCounter):
    """The last register number used by an organisation in a year."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="register_counter_uniq")
        ]


class Attachment(TimeStampedModel):
    class Purpose(models.TextChoices):
        PETITION = "petition", _("Đơn và tài liệu kèm theo")
        EVIDENCE = "evidence", _("Tài liệu xác minh")
        DECISION = "decision", _("Quyết định, kết luận")
        REPLY = "reply", _("Văn bản trả lời")

    public_id = models.CharField(
        _("mã tệp"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    purpose = models.CharField(
        _("loại tài liệu"), max_length=16, choices=Purpose.choices, default=Purpose.PETITION
    )
    file = models.FileField(_("tệp"), upload_to="petitions/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")


class DuplicateCandidate(TimeStampedModel):
    """An earlier petition that may be the same matter, found at registration."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Chờ xem xét")
        CONFIRMED = "confirmed", _("Là đơn trùng")
        REJECTED = "rejected", _("Không trùng")

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="duplicate_candidates"
    )
    candidate = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=4, decimal_places=3)
    reasons = models.JSONField(default=list)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "candidate"], name="duplicate_pair_uniq")
        ]


class SavedView(TimeStampedModel):
    """A named set of list filters an officer keeps, on every device they sign in from."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_petition_views"
    )
    name = models.CharField(_("tên"), max_length=60)
    query = models.CharField(_("bộ lọc"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("bộ lọc đã lưu")
        verbose_name_plural = _("bộ lọc đã lưu")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_view_name_per_user")
        ]

    def __str__(self) -> str:
        return self.name


class CaseNote(TimeStampedModel):
    """A note on the case file: fact-finding during resolution (xác minh) or a working note."""

    class Kind(models.TextChoices):
        VERIFICATION = "verification", _("Xác minh")
        NOTE = "note", _("Ghi chú")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.NOTE)
    on = models.DateField(_("ngày"))
    text = models.TextField(_("nội dung"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ghi chú hồ sơ")
        verbose_name_plural = _("ghi chú hồ sơ")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on}: {self.text[:60]}"


class CitizenRating(TimeStampedModel):
    """The citizen's rating of the answer, given through the portal with the tracking code."""

    class Value(models.TextChoices):
        SATISFIED = "satisfied", _("Hài lòng")
        PARTLY = "partly", _("Hài lòng một phần")
        UNSATISFIED = "unsatisfied", _("Chưa hài lòng")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="ratings")
    value = models.CharField(_("mức độ hài lòng"), max_length=16, choices=Value.choices)
    comment = models.TextField(_("ý kiến"), blank=True)
    rated_on = models.DateField(_("ngày đánh giá"))
    # The reply this rating is about: a case reopened and answered again can be rated again.
    replied_on = models.DateField(_("ngày trả lời được đánh giá"))

    class Meta:
        verbose_name = _("đánh giá của công dân")
        verbose_name_plural = _("đánh giá của công dân")
        ordering = ["-rated_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "replied_on"], name="one_rating_per_reply")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.value}"
