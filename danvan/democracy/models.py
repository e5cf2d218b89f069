"""Grassroots democracy (Law 10/2022/QH15): what residents decide by a vote of households in
their village (dân bàn và quyết định), with the thresholds of the law held as data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, new_public_id


def _public_id() -> str:
    return new_public_id()


class VoteRule(TimeStampedModel):
    """The share of the village's households an item needs: at least two thirds, or more than
    half (Art. 21), for an item category of Art. 15."""

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("từ … trở lên")
        MORE_THAN = "more_than", _("trên …")

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("nội dung dân quyết định"), max_length=255)
    numerator = models.PositiveSmallIntegerField(_("tử số"))
    denominator = models.PositiveSmallIntegerField(_("mẫu số"))
    comparison = models.CharField(_("so sánh"), max_length=16, choices=Comparison.choices)
    citation = models.CharField(_("căn cứ"), max_length=255)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ngưỡng biểu quyết")
        verbose_name_plural = _("ngưỡng biểu quyết")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(denominator__gt=0)
                & models.Q(numerator__gt=0)
                & models.Q(numerator__lte=models.F("denominator")),
                name="democracy_vote_rule_fraction",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CommunityDecision(TimeStampedModel):
    """One vote of a village's households on one item, its result and its recognition by the
    commune's People's Committee."""

    class Method(models.TextChoices):
        MEETING = "meeting", _("Hội nghị cộng đồng dân cư")
        BALLOT = "ballot", _("Phát phiếu lấy ý kiến hộ gia đình")
        ONLINE = "online", _("Biểu quyết trực tuyến")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Đã ghi kết quả")
        RECOGNIZED = "recognized", _("Đã công nhận")
        CANCELLED = "cancelled", _("Đã hủy")

    public_id = models.CharField(
        _("mã"), max_length=16, unique=True, default=_public_id, editable=False
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan ghi nhận"),
        on_delete=models.PROTECT,
        related_name="community_decisions",
    )
    admin_unit = models.ForeignKey(
        "places.AdminUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="community_decisions",
    )
    village = models.CharField(_("thôn, tổ dân phố"), max_length=150)
    rule = models.ForeignKey(
        VoteRule,
        verbose_name=_("nội dung dân quyết định"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    subject = models.TextField(_("vấn đề biểu quyết"))
    method = models.CharField(_("hình thức"), max_length=16, choices=Method.choices)
    noticed_on = models.DateField(_("ngày thông báo"), null=True, blank=True)
    held_on = models.DateField(_("ngày biểu quyết"))
    households_total = models.PositiveIntegerField(_("tổng số hộ của thôn"))
    households_voting = models.PositiveIntegerField(_("số hộ tham gia"))
    votes_for = models.PositiveIntegerField(_("số hộ tán thành"))
    votes_against = models.PositiveIntegerField(_("số hộ không tán thành"))
    passed = models.BooleanField(_("được thông qua"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.RECORDED
    )
    recognized_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    recognition_number = models.CharField(_("số văn bản công nhận"), max_length=64, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kết quả dân bàn và quyết định")
        verbose_name_plural = _("kết quả dân bàn và quyết định")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(households_voting__lte=models.F("households_total"))
                & models.Q(
                    votes_for__lte=models.F("households_voting") - models.F("votes_against")
                ),
                name="democracy_decision_counts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.village}: {self.subject[:60]}"
