"""Writes on the topic taxonomy (held as data, edited by administrators)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.core.errors import ValidationFailed
from danvan.core.validation import validate_model
from danvan.petitions.models import Topic

TOPIC_FIELDS = ("code", "name", "keywords", "position", "is_active")


@transaction.atomic
def topic_create(*, actor: Any, **fields: Any) -> Topic:
    unknown = set(fields) - set(TOPIC_FIELDS)
    if unknown:
        raise ValidationFailed(_("Trường không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    topic = Topic(**fields)
    validate_model(topic)
    topic.save()
    audit_record(
        actor=actor, action="topic.create", target=topic, after=snapshot(topic, TOPIC_FIELDS)
    )
    return topic


@transaction.atomic
def topic_update(*, actor: Any, topic: Topic, **changes: Any) -> Topic:
    unknown = set(changes) - set(TOPIC_FIELDS)
    if unknown:
        raise ValidationFailed(_("Trường không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    before = snapshot(topic, TOPIC_FIELDS)
    for name, value in changes.items():
        setattr(topic, name, value)
    validate_model(topic)
    topic.save()
    audit_record(
        actor=actor,
        action="topic.update",
        target=topic,
        before=before,
        after=snapshot(topic, TOPIC_FIELDS),
    )
    return topic
