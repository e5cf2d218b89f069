"""Recording writes in the audit trail. Every service that writes calls `audit_record`."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from danvan.audit.context import current_source
from danvan.audit.models import AuditEvent

Snapshot = dict[str, Any]


def json_value(value: Any) -> Any:
    """A JSON-safe form of a field value (dates as ISO text, decimals as strings, …)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(v) for v in value]
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> Snapshot:
    """The values of `fields` on `instance`, JSON-safe; foreign keys by their id."""
    result: Snapshot = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            result[name] = json_value(getattr(instance, field.attname))
        else:
            result[name] = json_value(getattr(instance, name))
    return result


def diff(before: Snapshot | None, after: Snapshot | None) -> dict[str, dict[str, Any]]:
    """`{field: {"before": ..., "after": ...}}` for the fields whose value changed."""
    before = before or {}
    after = after or {}
    changes: dict[str, dict[str, Any]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = {"before": old, "after": new}
    return changes


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    changes: dict[str, dict[str, Any]] | None = None,
    note: str = "",
    source: str | None = None,
) -> AuditEvent:
    """Append one event to the trail. Call it inside the service's transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=getattr(user, "username", "") if user else "",
        action=action,
        source=source or current_source(),
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=str(target.pk),
        target_label=str(target)[:255],
        changes=changes if changes is not None else diff(before, after),
        note=note,
    )
