"""Suggesting a topic from the petition's words, using the keywords held with each topic."""

from __future__ import annotations

from danvan.core.text import fold
from danvan.petitions.models import Topic


def suggest_topic(text: str) -> Topic | None:
    """The active topic whose keywords occur most often in `text` (None when none occur)."""
    folded = f" {fold(text)} "
    best: tuple[int, int, Topic | None] = (0, 0, None)
    for topic in Topic.objects.filter(is_active=True).order_by("position"):
        hits = 0
        for line in topic.keywords.splitlines():
            keyword = fold(line)
            if keyword:
                hits += folded.count(f" {keyword}") * len(keyword.split())
        if hits > best[0]:
            best = (hits, -topic.position, topic)
    return best[2]
