"""Reads on consultations: what a user may see, with counts, and the tallies of comments
per section and per response kind (one grouped query for a whole consultation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from danvan.consultations.models import Comment, Consultation
from danvan.organizations.scope import filter_in_scope

PENDING = "pending"
KINDS = (*Comment.ResponseKind.values, PENDING)


def visible_consultations(user: Any) -> QuerySet[Consultation]:
    """The consultations within the user's scope (the drafting body, or the area)."""
    return filter_in_scope(Consultation.objects.all(), user)


def with_counts(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return queryset.annotate(
        sections_count=Count("sections", distinct=True),
        comments_count=Count("comments", distinct=True),
    )


@dataclass
class Tally:
    """Comments on one section (or on the whole draft) by how they were answered."""

    comments_count: int = 0
    responses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def add(self, kind: str, count: int) -> None:
        self.comments_count += count
        self.responses[kind or PENDING] += count


@dataclass
class Tallies:
    general: Tally
    by_section: dict[int, Tally]
    by_source: dict[str, int]

    def for_section(self, section_id: int) -> Tally:
        return self.by_section.get(section_id) or Tally()


def tallies(consultation: Consultation) -> Tallies:
    """Counts of the consultation's comments per section, response kind and source."""
    result = Tallies(
        general=Tally(), by_section={}, by_source=dict.fromkeys(Comment.Source.values, 0)
    )
    rows = (
        Comment.objects.filter(consultation=consultation)
        .values("section_id", "response_kind", "source")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        section_id = row["section_id"]
        if section_id is None:
            tally = result.general
        else:
            tally = result.by_section.setdefault(section_id, Tally())
        tally.add(row["response_kind"], row["n"])
        result.by_source[row["source"]] += row["n"]
    return result
