"""Showing who came to a reception visit, and logging every reveal of a denouncer.

A visit that created or is linked to a denunciation holds a denouncer's identity (Law on
Denunciations Arts. 8(3), 9(1)(b), 47). Every surface that shows the people of a visit — the
register list, the visit page, the Excel and Word exports, the API — asks here: the answer
is the people, or None when the reader may not see them (`selectors.visit_identity_visible`).
Each time a protected identity is shown, an audit event `reception_visit.identity_reveal`
records who saw it and where (`note` = the surface); a list or an export logs its reveals in
one insert, so its query count does not grow with its length. The events name the visit by
its register number only (`ReceptionVisit.__str__`), never the people.

Callers pass visits read through `selectors.with_visit_data` (people, petitions and their
assignments prefetched); nothing here queries per visit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from danvan.audit.services import audit_record
from danvan.receptions.models import ReceptionVisit, VisitPerson
from danvan.receptions.selectors import is_protected, visit_identity_visible

REVEAL = "reception_visit.identity_reveal"

# What a reader may see of each visit's people, by visit id; None: withheld.
Visitors = Mapping[int, list[VisitPerson] | None]

# Where an identity was shown; the audit event's `note`.
SURFACE_LIST = "list"
SURFACE_PAGE = "page"
SURFACE_XLSX = "export_xlsx"
SURFACE_DOCX = "export_docx"
SURFACE_API = "api"
SURFACE_API_LIST = "api_list"


def visitors_for(user: Any, visit: ReceptionVisit, *, surface: str) -> list[VisitPerson] | None:
    """The people of `visit` the reader may see, or None when their identity is protected.

    A protected identity shown to an entitled reader is logged."""
    if not visit_identity_visible(user, visit):
        return None
    people = list(visit.people.all())
    if is_protected(visit):
        audit_record(actor=user, action=REVEAL, target=visit, note=surface)
    return people


def visitors_for_many(
    user: Any, visits: Iterable[ReceptionVisit], *, surface: str
) -> dict[int, list[VisitPerson] | None]:
    """`visitors_for` over a list, by visit id; the reveals are logged in one insert."""
    shown: dict[int, list[VisitPerson] | None] = {}
    revealed: list[ReceptionVisit] = []
    for visit in visits:
        if not visit_identity_visible(user, visit):
            shown[visit.pk] = None
            continue
        shown[visit.pk] = list(visit.people.all())
        if is_protected(visit):
            revealed.append(visit)
    if revealed:
        _log_reveals(user, revealed, surface)
    return shown


def _log_reveals(user: Any, visits: list[ReceptionVisit], surface: str) -> None:
    from django.contrib.contenttypes.models import ContentType

    from danvan.audit.context import current_source
    from danvan.audit.models import AuditEvent

    actor = user if getattr(user, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(ReceptionVisit)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                actor_label=actor.get_username() if actor else "",
                action=REVEAL,
                source=current_source(),
                target_type=content_type,
                target_id=str(visit.pk),
                target_label=str(visit)[:255],
                note=surface,
            )
            for visit in visits
        ]
    )


def attach_visitors(
    user: Any, visits: Iterable[ReceptionVisit], *, surface: str
) -> list[ReceptionVisit]:
    """Set on each visit, for templates: `visitors` (the people, or None),
    `identity_protected` (withheld from this reader) and `identity_revealed` (a denouncer's
    identity shown to an entitled reader, and logged). The reveals are logged at once.

    Templates show `visit.full_name`, `address`, `id_number`, `phone` and the people only
    when `identity_protected` is false."""
    visits = list(visits)
    shown = visitors_for_many(user, visits, surface=surface)
    for visit in visits:
        people = shown[visit.pk]
        visit.visitors = people  # type: ignore[attr-defined]
        visit.identity_protected = people is None  # type: ignore[attr-defined]
        visit.identity_revealed = people is not None and is_protected(visit)  # type: ignore[attr-defined]
    return visits
