"""Revealing a denouncer's identity to an entitled reader, and logging each reveal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from danvan.audit.services import audit_record
from danvan.petitions.models import Kind, Petition, Petitioner
from danvan.petitions.selectors import identity_visible


def _log_reveal(user: Any, petition: Petition, surface: str) -> None:
    audit_record(actor=user, action="petition.identity_reveal", target=petition, note=surface)


def petitioners_for(user: Any, petition: Petition, *, surface: str) -> list[Petitioner] | None:
    """The petitioners the reader may see, or None when the identity is protected.

    Every time a denouncer's identity is shown (page, API, export) an audit event records
    who saw it, where and when."""
    if not identity_visible(user, petition):
        return None
    people = list(petition.petitioners.all())
    if petition.kind == Kind.DENUNCIATION and people:
        _log_reveal(user, petition, surface)
    return people


def petitioners_for_many(
    user: Any, petitions: Iterable[Petition], *, surface: str
) -> dict[int, list[Petitioner] | None]:
    """`petitioners_for` over a list; the reveals are logged in one insert."""
    from danvan.audit.models import AuditEvent

    shown: dict[int, list[Petitioner] | None] = {}
    revealed: list[Petition] = []
    for petition in petitions:
        if not identity_visible(user, petition):
            shown[petition.pk] = None
            continue
        shown[petition.pk] = list(petition.petitioners.all())
        if petition.kind == Kind.DENUNCIATION and shown[petition.pk]:
            revealed.append(petition)
    if revealed:
        from django.contrib.contenttypes.models import ContentType

        from danvan.audit.context import current_source

        content_type = ContentType.objects.get_for_model(Petition)
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor=user,
                    actor_label=user.get_username(),
                    action="petition.identity_reveal",
                    source=current_source(),
                    target_type=content_type,
                    target_id=str(p.pk),
                    target_label=str(p)[:255],
                    note=surface,
                )
                for p in revealed
            ]
        )
    return shown
