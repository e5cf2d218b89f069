"""Yearly serial numbers per organisation (petition register, reception register), unique
even when several officers write at the same moment."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import F

from danvan.organizations.models import Organization


class YearlyCounter(models.Model):
    """The last number an organisation used in a year, in one of its registers."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_number}"


C = TypeVar("C", bound=YearlyCounter)


def next_number(counter_model: type[C], *, organization: Organization, year: int) -> int:
    """The next number; the counter row stays locked until the caller's transaction ends, so
    concurrent writers get distinct numbers."""
    counter_model._default_manager.get_or_create(organization=organization, year=year)
    counter = counter_model._default_manager.select_for_update().get(
        organization=organization, year=year
    )
    counter_model._default_manager.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return counter.last_number
