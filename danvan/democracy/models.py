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


class PublicationCategory(models.Model):
    """One of the kinds of information the commune must publish (Law 10/2022/QH15, Art. 11)."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("nội dung công khai"), max_length=255)
    citation = models.CharField(_("căn cứ"), max_length=255)

    class Meta:
        verbose_name = _("nhóm nội dung công khai")
        verbose_name_plural = _("nhóm nội dung công khai")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class Publication(TimeStampedModel):
    """What was published (a decision, a plan, a list), under which category, decided when."""

    public_id = models.CharField(
        _("mã"), max_length=16, unique=True, default=_public_id, editable=False
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan công khai"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    admin_unit = models.ForeignKey(
        "places.AdminUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    category = models.ForeignKey(
        PublicationCategory,
        verbose_name=_("nhóm nội dung"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    title = models.CharField(_("nội dung"), max_length=255)
    document_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    decided_on = models.DateField(_("ngày quyết định công khai"))
    summary = models.TextField(_("tóm tắt"), blank=True)

    class Meta:
        verbose_name = _("nội dung đã công khai")
        verbose_name_plural = _("sổ công khai")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class PublicationPosting(models.Model):
    """One way a publication was made public: where, from and to which day."""

    class Channel(models.TextChoices):
        NOTICE_BOARD = "notice_board", _("Niêm yết tại trụ sở, nhà văn hóa")
        RADIO = "radio", _("Hệ thống truyền thanh")
        PORTAL = "portal", _("Cổng thông tin điện tử")
        MEETING = "meeting", _("Hội nghị, cuộc họp")
        VILLAGE_HEADS = "village_heads", _("Gửi trưởng thôn, tổ trưởng tổ dân phố")
        OTHER = "other", _("Hình thức khác")

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("nội dung"),
        on_delete=models.CASCADE,
        related_name="postings",
    )
    channel = models.CharField(_("hình thức"), max_length=16, choices=Channel.choices)
    place = models.CharField(_("nơi công khai"), max_length=255, blank=True)
    from_on = models.DateField(_("từ ngày"))
    to_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("hình thức công khai")
        verbose_name_plural = _("hình thức công khai")
        ordering = ["from_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_on__isnull=True) | models.Q(to_on__gte=models.F("from_on")),
                name="democracy_posting_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} ({self.from_on:%d/%m/%Y})"
