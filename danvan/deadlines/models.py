"""Legal deadlines as data: the working-day calendar's overrides and the table of legal rules.

Both tables are edited only through `danvan.deadlines.services`, which audits every change.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.models import TimeStampedModel


class CalendarDay(TimeStampedModel):
    """A date whose status differs from (or confirms) the default calendar.

    The default is Monday to Friday minus Vietnam's public holidays known to the `holidays`
    package. An administrator records each year's make-up working days and swapped days off
    announced by the Prime Minister; such a row always wins over the package.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")

    date = models.DateField(pgettext_lazy("ngày trong lịch", "ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    name = models.CharField(
        _("tên, lý do"),
        max_length=200,
        help_text=_("Ví dụ “Nghỉ hoán đổi dịp Quốc khánh”, “Làm bù cho thứ Hai 31/8”."),
    )
    legal_source = models.CharField(
        _("căn cứ"),
        max_length=300,
        blank=True,
        help_text=_("Văn bản công bố, ví dụ thông báo của Thủ tướng Chính phủ."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class LegalRuleQuerySet(models.QuerySet["LegalRule"]):
    def active(self) -> LegalRuleQuerySet:
        return self.filter(is_active=True)

    def valid_on(self, day: dt.date) -> LegalRuleQuerySet:
        """Rules in force on `day`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class LegalRule(TimeStampedModel):
    """One legal deadline: a step of a petition's handling, its period and its source.

    Blank `kind`, null `round` and null variant flags mean "any"; a rule with a value applies
    only to petitions with that value, and `rule_for` prefers the most specific rule.
    """

    class Step(models.TextChoices):
        CLASSIFY = "classify", _("Tiếp nhận, phân loại, kiểm tra")
        ACCEPT = "accept", _("Thụ lý")
        NOTIFY = "notify", _("Thông báo sau thụ lý")
        FORWARD = "forward", _("Chuyển đơn")
        RESOLVE = "resolve", _("Giải quyết")
        REPLY = "reply", _("Trả lời công dân")
        REPORT_BACK = "report_back", _("Báo cáo kết quả cho nơi chuyển")
        LODGE = "lodge", _("Thời hiệu gửi đơn")

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Khiếu nại")
        DENUNCIATION = "denunciation", _("Tố cáo")
        RECOMMENDATION = "recommendation", _("Kiến nghị")
        FEEDBACK = "feedback", _("Phản ánh")

    class Unit(models.TextChoices):
        DAYS = "days", _("ngày")
        WORKING_DAYS = "working_days", _("ngày làm việc")

    class StartEvent(models.TextChoices):
        RECEIPT = "receipt", _("ngày nhận đơn")
        ACCEPTANCE = "acceptance", _("ngày thụ lý")
        RESOLUTION = "resolution", _("ngày giải quyết xong")
        DECISION = "decision", _("ngày nhận quyết định giải quyết")
        LEARNING_OF_DECISION = "learning_of_decision", _("ngày biết được quyết định, hành vi")
        RECEPTION = "reception", _("ngày tiếp công dân")

    class Authority(models.TextChoices):
        ANY = "", _("Mọi cơ quan có thẩm quyền")
        PARTY_SECRETARY = "party_secretary", _("Bí thư cấp ủy cấp xã")

    code = models.CharField(
        _("mã"),
        max_length=80,
        unique=True,
        help_text=_("Ví dụ complaint.resolve.r1.complex"),
    )
    title = models.CharField(_("tên"), max_length=200)
    step = models.CharField(_("bước"), max_length=16, choices=Step.choices, db_index=True)
    kind = models.CharField(
        _("loại đơn"),
        max_length=16,
        choices=Kind.choices,
        blank=True,
        db_index=True,
        help_text=_("Để trống: áp dụng cho mọi loại đơn."),
    )
    round = models.PositiveSmallIntegerField(
        _("lần giải quyết"),
        null=True,
        blank=True,
        choices=[(1, _("Lần đầu")), (2, _("Lần hai"))],
        help_text=_("Để trống: áp dụng cho mọi lần."),
    )
    complex = models.BooleanField(
        _("vụ việc phức tạp"), null=True, blank=True, help_text=_("Để trống: mọi trường hợp.")
    )
    especially_complex = models.BooleanField(
        _("vụ việc đặc biệt phức tạp"),
        null=True,
        blank=True,
        help_text=_("Để trống: mọi trường hợp."),
    )
    remote_area = models.BooleanField(
        _("vùng sâu, vùng xa"), null=True, blank=True, help_text=_("Để trống: mọi trường hợp.")
    )
    authority = models.CharField(
        _("người, cơ quan thực hiện"),
        max_length=32,
        choices=Authority.choices,
        blank=True,
        default="",
    )
    period = models.PositiveIntegerField(_("thời hạn"))
    unit = models.CharField(_("đơn vị tính"), max_length=16, choices=Unit.choices)
    start_event = models.CharField(_("tính từ"), max_length=24, choices=StartEvent.choices)
    extension_period = models.PositiveIntegerField(
        _("gia hạn mỗi lần tối đa"), null=True, blank=True
    )
    max_extensions = models.PositiveSmallIntegerField(_("số lần gia hạn tối đa"), default=0)
    source = models.CharField(_("căn cứ pháp lý"), max_length=300)
    note = models.TextField(_("ghi chú"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    objects = LegalRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("thời hạn theo luật")
        verbose_name_plural = _("thời hạn theo luật")
        ordering = ["step", "kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="legalrule_validity_ordered",
            ),
            models.CheckConstraint(condition=Q(period__gte=1), name="legalrule_period_positive"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def specificity(self) -> int:
        """How many conditions narrow this rule; `rule_for` prefers higher."""
        narrowing = [
            self.kind != "",
            self.round is not None,
            self.complex is not None,
            self.especially_complex is not None,
            self.remote_area is not None,
            self.authority != "",
        ]
        return sum(narrowing)
