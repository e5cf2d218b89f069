"""The citizen portal's own records: what a web submission needs beyond the petition (the
consent given, the point on the map, how the citizen proves a case is theirs), the tokens that
make a resubmitted form harmless, and appointments in the leaders' reception slots."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, new_public_id
from danvan.petitions.models import Petition
from danvan.receptions.models import ReceptionSession


class PortalSubmission(TimeStampedModel):
    """A petition sent through the portal: the evidence of consent (Decree 13/2023/NĐ-CP
    Art. 11) and the optional point on the map.

    The phone number is kept only as a salted one-way hash: it lets the citizen follow the case
    (tracking code + phone) without the number being readable here, which matters for
    anonymous feedback, whose sender's identity is not recorded at all."""

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, related_name="portal_submission"
    )
    phone_hash = models.CharField(_("mã băm số điện thoại"), max_length=200, editable=False)
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu cá nhân lúc"))
    privacy_notice_version = models.CharField(_("phiên bản thông báo"), max_length=20)

    class Meta:
        verbose_name = _("đơn gửi qua cổng thông tin")
        verbose_name_plural = _("đơn gửi qua cổng thông tin")

    def __str__(self) -> str:
        return str(self.petition_id)


class SubmissionKey(models.Model):
    """The random token issued with a submission form: a second POST of the same form (double
    click, retry after a timeout) finds the petition the first one registered."""

    key = models.CharField(max_length=64, unique=True)
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.petition_id}"


class ReceptionAppointment(TimeStampedModel):
    """A citizen's appointment in a leader's published reception session."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Đã đặt lịch")
        CANCELLED = "cancelled", _("Đã hủy")
        ATTENDED = "attended", _("Đã đến")

    public_id = models.CharField(
        _("mã lịch hẹn"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    session = models.ForeignKey(
        ReceptionSession,
        verbose_name=_("buổi tiếp công dân"),
        on_delete=models.PROTECT,
        related_name="portal_appointments",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("số điện thoại"), max_length=20)
    topic = models.TextField(_("nội dung cần trình bày"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.BOOKED
    )

    class Meta:
        verbose_name = _("lịch hẹn tiếp công dân")
        verbose_name_plural = _("lịch hẹn tiếp công dân")
        ordering = ["session", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "phone"],
                condition=Q(status="booked"),
                name="portal_one_booking_per_phone_per_session",
            )
        ]

    def __str__(self) -> str:
        # No name here: the label goes into the audit trail.
        return self.public_id
