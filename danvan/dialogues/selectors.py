"""Reads on dialogues: what a user may see (outside their scope is 404), fetched with a
constant number of queries whatever the number of dialogues."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from danvan.dialogues.models import Commitment, Dialogue, DialogueIssue, DialogueParticipant
from danvan.organizations.scope import filter_in_scope


def visible_dialogues(user: Any) -> QuerySet[Dialogue]:
    """Dialogues organised by the user's organisation or held in their territory."""
    return filter_in_scope(Dialogue.objects.all(), user)


def with_details(queryset: QuerySet[Dialogue]) -> QuerySet[Dialogue]:
    return (
        queryset.select_related("program", "admin_unit", "organization")
        .annotate(
            participants_count=Count("participants", distinct=True),
            attended_count=Count(
                "participants", filter=Q(participants__attended=True), distinct=True
            ),
        )
        .prefetch_related(
            Prefetch(
                "issues",
                queryset=DialogueIssue.objects.select_related("petition").order_by(
                    "position", "pk"
                ),
            ),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("owner_organization", "issue").order_by(
                    "due_on", "pk"
                ),
            ),
            Prefetch(
                "participants",
                queryset=DialogueParticipant.objects.select_related("household").order_by("pk"),
            ),
            "petitions",
        )
    )
