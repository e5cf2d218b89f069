"""Reads on the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from danvan.audit.models import AuditEvent


def events_for(target: models.Model, *, limit: int = 50) -> list[AuditEvent]:
    """The newest `limit` events on one record, in one query."""
    meta = (target._meta.concrete_model or type(target))._meta
    return list(
        AuditEvent.objects.filter(
            target_type__app_label=meta.app_label,
            target_type__model=meta.model_name,
            target_id=str(target.pk),
        )
        .select_related("target_type")
        .order_by("-occurred_at", "-id")[:limit]
    )


def event_list(
    *,
    actor: str = "",
    action: str = "",
    target_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    qs: QuerySet[AuditEvent] = AuditEvent.objects.select_related("target_type")
    if actor:
        qs = qs.filter(actor_label=actor)
    if action:
        qs = qs.filter(action__startswith=action)
    if target_type:
        app_label, _, model = target_type.partition(".")
        qs = qs.filter(target_type__app_label=app_label, target_type__model=model)
    if date_from:
        qs = qs.filter(occurred_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(occurred_at__date__lte=date_to)
    return qs.order_by("-occurred_at", "-id")


def target_types() -> list[dict[str, Any]]:
    """The record types that appear in the trail, for the filter."""
    ids = AuditEvent.objects.values_list("target_type", flat=True).distinct()
    choices = []
    for ct in ContentType.objects.filter(pk__in=ids).order_by("app_label", "model"):
        model = ct.model_class()
        if model is not None:
            label = str(model._meta.verbose_name)
            choices.append({"value": f"{ct.app_label}.{ct.model}", "label": label})
    return choices
