"""Revealing a denouncer's identity to an entitled reader, and logging each reveal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from danvan.audit.services import audit_record
from danvan.petitions.models import Kind, Petition, Petitioner
from danvan.petitions.selectors import identity_visible


@transaction.atomic
def petitioners_for(user: Any, petition: Petition, *, surface: str) -> list[Petitioner] | None:
    """The petitioners the reader may see, or None when the identity is protected.

    Every time a denouncer's identity is shown (page, API, export) an audit event records
    who saw it, where and when."""
    if not identity_visible(user, petition):
        return None
    people = list(petition.petitioners.all())
    if petition.kind == Kind.DENUNCIATION and people:
        audit_record(
            actor=user,
            action="petition.identity_reveal",
            target=petition,
            note=surface,
        )
    return people


def petitioners_for_many(
    user: Any, petitions: Iterable[Petition], *, surface: str
) -> dict[int, list[Petitioner] | None]:
    return {p.pk: petitioners_for(user, p, surface=surface) for p in petitions}
