"""Citizen reception (tiếp công dân): leaders' reception days, the legal minimum frequency as
data, and the reception register (sổ tiếp công dân, Law on Citizen Reception Art. 25(2))."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, new_public_id
from danvan.organizations.counters import YearlyCounter
from danvan.organizations.models import Membership, Organization
from danvan.places.models import AdminUnit


class ReceptionDuty(TimeStampedModel):
    """How often a kind of leader must receive citizens, with its legal source.

    A leader is a membership of `membership_role` (usually head) in an organisation of
    `organization_kind` at `organization_level`; a blank kind or level matches any, and a
    non-blank `title_contains` must appear (without accents) in the membership's title. When
    several duties match one membership, only the most specific ones apply (the most criteria
    set): the commune chairman's weekly duty replaces the general monthly duty of agency heads.
    """

    class Period(models.TextChoices):
        WEEK = "week", _("tuần")
        MONTH = "month", _("tháng")

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    title = models.CharField(_("chức danh"), max_length=200)
    organization_kind = models.CharField(
        _("loại cơ quan"),
        max_length=32,
        choices=Organization.Kind.choices,
        blank=True,
        help_text=_("Để trống: mọi loại cơ quan."),
    )
    organization_level = models.CharField(
        _("cấp"),
        max_length=16,
        choices=Organization.Level.choices,
        blank=True,
        help_text=_("Để trống: mọi cấp."),
    )
    membership_role = models.CharField(
        _("vai trò"),
        max_length=16,
        choices=Membership.Role.choices,
        default=Membership.Role.HEAD,
    )
    title_contains = models.CharField(
        _("chức vụ có chứa"),
        max_length=100,
        blank=True,
        help_text=_("Không phân biệt dấu, ví dụ “bi thu”. Để trống: mọi chức vụ."),
    )
    minimum_count = models.PositiveSmallIntegerField(_("số ngày tối thiểu"))
    period = models.CharField(_("mỗi"), max_length=8, choices=Period.choices)
    source = models.CharField(_("căn cứ pháp lý"), max_length=300)
    note = models.TextField(_("ghi chú"), blank=True)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("định mức tiếp công dân")
        verbose_name_plural = _("định mức tiếp công dân")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_count__gte=1), name="reception_duty_minimum_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.minimum_count}/{self.get_period_display()}"

    @property
    def specificity(self) -> int:
        return sum(
            1
            for value in (self.organization_kind, self.organization_level, self.title_contains)
            if value
        )


class ReceptionSession(TimeStampedModel):
    """A scheduled reception (lịch tiếp công dân): who receives, when, where."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Định kỳ")
        UNSCHEDULED = "unscheduled", _("Đột xuất")
        THEMATIC = "thematic", _("Theo chuyên đề, vụ việc")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đã lên lịch")
        HELD = "held", _("Đã tiếp")
        CANCELLED = "cancelled", _("Đã hủy")

    public_id = models.CharField(
        _("mã lịch"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="reception_sessions",
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp"),
        on_delete=models.PROTECT,
        related_name="reception_sessions",
    )
    receiver_title = models.CharField(_("chức vụ người tiếp"), max_length=150, blank=True)
    date = models.DateField(_("ngày tiếp"), db_index=True)
    time_from = models.TimeField(_("từ giờ"))
    time_to = models.TimeField(_("đến giờ"))
    place = models.CharField(_("địa điểm"), max_length=255)
    kind = models.CharField(
        _("hình thức"), max_length=16, choices=Kind.choices, default=Kind.REGULAR
    )
    admin_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reception_sessions",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=Status.choices,
        default=Status.PLANNED,
        db_index=True,
    )
    published = models.BooleanField(_("công khai trên cổng thông tin"), default=False)
    held_note = models.TextField(_("kết quả buổi tiếp"), blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập lịch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lịch tiếp công dân")
        verbose_name_plural = _("lịch tiếp công dân")
        ordering = ["date", "time_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_to__gt=models.F("time_from")),
                name="reception_session_time_order",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "date"], name="reception_session_org_date"),
            models.Index(fields=["receiver", "date"], name="reception_session_receiver"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.time_from:%H:%M} — {self.receiver_title or ''}".strip()


class ReceptionCounter(YearlyCounter):
    """The last serial number of an organisation's reception register in a year."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="reception_counter_uniq")
        ]


class ReceptionVisit(TimeStampedModel):
    """One entry of the reception register (Law on Citizen Reception Art. 25(2)): serial
    number, date, who came, content, how it was handled before, the request, the outcome."""

    class Outcome(models.TextChoices):
        ACCEPTED_PETITION = "accepted_petition", _("Tiếp nhận đơn")
        GUIDED = "guided", _("Hướng dẫn, giải thích")
        ANSWERED = "answered", _("Trả lời trực tiếp")
        RECEIVED_DOCUMENTS = "received_documents", _("Nhận thông tin, tài liệu")
        FORWARDED = "forwarded", _("Chuyển cơ quan có thẩm quyền")
        OTHER = "other", _("Khác")

    public_id = models.CharField(
        _("mã lượt tiếp"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan tiếp"),
        on_delete=models.PROTECT,
        related_name="reception_visits",
    )
    register_year = models.PositiveSmallIntegerField(_("năm sổ"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    visited_on = models.DateField(_("ngày tiếp"), db_index=True)
    session = models.ForeignKey(
        ReceptionSession,
        verbose_name=_("buổi tiếp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    admin_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("nơi phát sinh vụ việc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reception_visits",
    )
    # The person who spoke (the first representative of a group), as the register shows them.
    full_name = models.CharField(_("họ và tên"), max_length=150)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=20, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    content = models.TextField(_("nội dung vụ việc"))
    previous_handling = models.TextField(_("việc giải quyết trước đó"), blank=True)
    request = models.TextField(_("yêu cầu của công dân"), blank=True)
    outcome = models.CharField(_("kết quả tiếp"), max_length=24, choices=Outcome.choices)
    outcome_text = models.TextField(_("hướng xử lý"), blank=True)
    collective = models.BooleanField(_("đoàn đông người"), default=False)
    people_count = models.PositiveIntegerField(_("số người"), default=1)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_visits",
    )
    petitions = models.ManyToManyField(
        "petitions.Petition",
        verbose_name=_("đơn thư liên quan"),
        related_name="reception_visits",
        blank=True,
    )
    # Folded text searched by everyone in scope: number, content, request. Never the people.
    search_text = models.TextField(editable=False, blank=True)
    # Folded names, addresses, ID numbers and phones of the people who came, searched only
    # where the reader may see them (`selectors.identity_visible_q`): a denouncer's name
    # must not find the visit for anyone else.
    identity_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        ordering = ["-visited_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "register_year", "number"],
                name="reception_visit_number_per_org_year",
            ),
            models.CheckConstraint(
                condition=Q(people_count__gte=1), name="reception_visit_people_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "visited_on"], name="reception_visit_org_date"),
            models.Index(fields=["admin_unit", "visited_on"], name="reception_visit_unit_date"),
        ]

    def __str__(self) -> str:
        # No name: this is the label the audit trail stores for every event on the visit,
        # and the visitor may turn out to be a denouncer (Law on Denunciations Art. 47).
        return f"{self.register_label} ({self.public_id})"

    @property
    def register_label(self) -> str:
        return f"{self.number}/{self.register_year}"


class VisitPerson(TimeStampedModel):
    """A person who came (for a group: each one recorded, with the representatives marked)."""

    visit = models.ForeignKey(
        ReceptionVisit,
        verbose_name=_("lượt tiếp"),
        on_delete=models.CASCADE,
        related_name="people",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=20, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("người đến")
        verbose_name_plural = _("người đến")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.full_name
