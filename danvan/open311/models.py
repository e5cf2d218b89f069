"""Open311 GeoReport v2: partners' API keys and what a request brought beyond the petition."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel
from danvan.organizations.models import Organization
from danvan.petitions.models import Petition, Topic
from danvan.places.models import AdminUnit


class PartnerKeyQuerySet(models.QuerySet["PartnerKey"]):
    def active(self) -> PartnerKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class PartnerKey(TimeStampedModel):
    """A partner's (a portal's, a mobile app's) key for creating requests.

    Only a SHA-256 hash of the key is stored: the key itself is shown once, when it is made.
    Requests created with the key are registered for `organization`."""

    name = models.CharField(_("tên đối tác"), max_length=150)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="open311_keys",
    )
    key_prefix = models.CharField(_("đầu khóa"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(
        _("dùng lần cuối lúc"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = PartnerKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa API Open311")
        verbose_name_plural = _("khóa API Open311")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Open311Request(TimeStampedModel):
    """A service request received through Open311: the feedback petition it became, and the
    location, media and contact details the partner sent with it.

    What the public list shows comes from here and from the petition's status; the contact
    details (`email`, `phone`, `device_id`) are never published."""

    petition = models.OneToOneField(
        Petition,
        verbose_name=_("đơn thư"),
        on_delete=models.CASCADE,
        related_name="open311_request",
    )
    partner = models.ForeignKey(
        PartnerKey,
        verbose_name=_("đối tác"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("dịch vụ (chủ đề) được chọn"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("mô tả"))
    lat = models.FloatField(_("vĩ độ"), null=True, blank=True)
    long = models.FloatField(_("kinh độ"), null=True, blank=True)
    address_string = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    address_id = models.CharField(_("mã địa chỉ"), max_length=100, blank=True)
    ward = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường được chọn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.CharField(_("thôn, tổ dân phố"), max_length=150, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    device_id = models.CharField(_("mã thiết bị"), max_length=100, blank=True)
    account_id = models.CharField(_("mã tài khoản"), max_length=100, blank=True)
    media_url = models.URLField(_("đường dẫn ảnh, tệp"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("yêu cầu Open311")
        verbose_name_plural = _("yêu cầu Open311")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="open311_request_created")]

    def __str__(self) -> str:
        return f"Open311 {self.petition_id}"
