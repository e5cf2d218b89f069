"""Organisations of the political system and the officers who work in them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel
from danvan.places.models import AdminUnit


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def active_on(self, day: dt.date) -> OrganizationQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Organization(TimeStampedModel):
    """A Party committee, its board, a People's Committee, the Fatherland Front, a mass
    organisation or an armed-forces unit, at a level, with the admin units it answers for."""

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Cấp ủy Đảng")
        STANDING_COMMITTEE = "standing_committee", _("Ban Thường vụ")
        MASS_MOBILIZATION_BOARD = "mass_mobilization_board", _("Ban Dân vận")
        PEOPLE_COMMITTEE = "people_committee", _("Ủy ban nhân dân")
        FATHERLAND_FRONT = "fatherland_front", _("Mặt trận Tổ quốc")
        MASS_ORGANIZATION = "mass_organization", _("Đoàn thể chính trị - xã hội")
        ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")

    class Branch(models.TextChoices):
        NONE = "", _("—")
        WOMEN = "women", _("Hội Liên hiệp Phụ nữ")
        YOUTH = "youth", _("Đoàn Thanh niên")
        FARMERS = "farmers", _("Hội Nông dân")
        VETERANS = "veterans", _("Hội Cựu chiến binh")
        TRADE_UNION = "trade_union", _("Công đoàn")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices, db_index=True)
    branch = models.CharField(
        _("đoàn thể"), max_length=16, choices=Branch.choices, blank=True, default=""
    )
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    jurisdiction = models.ManyToManyField(
        AdminUnit,
        verbose_name=_("địa bàn phụ trách"),
        related_name="organizations",
        blank=True,
    )
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    search_name = models.CharField(max_length=200, blank=True, editable=False, db_index=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, tổ chức")
        verbose_name_plural = _("cơ quan, tổ chức")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, day: dt.date | None = None) -> MembershipQuerySet:
        qs = self.filter(is_active=True)
        if day is not None:
            qs = qs.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=day),
                Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            )
        return qs


class Membership(TimeStampedModel):
    """An officer's place in an organisation, with the role that sets their scope."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Cán bộ")
        SPECIALIST = "specialist", _("Chuyên viên")
        HEAD = "head", _("Người đứng đầu")
        ADMINISTRATOR = "administrator", _("Quản trị viên")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    is_active = models.BooleanField(_("đang công tác"), default=True)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("vị trí công tác")
        verbose_name_plural = _("vị trí công tác")
        ordering = ["organization__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_user_org_role_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organization}"
