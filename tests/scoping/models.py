"""A minimal scoped record, installed only in the test settings, to test the scope rules
that every case file (petitions, households, dialogues) uses."""

from __future__ import annotations

from django.db import models

from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit


class ScopedRecord(models.Model):
    title = models.CharField(max_length=100)
    admin_unit = models.ForeignKey(AdminUnit, null=True, on_delete=models.PROTECT)
    organization = models.ForeignKey(
        Organization, null=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_to = models.ManyToManyField(Organization, blank=True, related_name="+")

    objects: models.Manager[ScopedRecord] = models.Manager()

    def __str__(self) -> str:
        return self.title
