"""Background work on petitions (django-tasks; run `danvan db_worker`)."""

from __future__ import annotations

from django_tasks import task

from danvan.petitions.board import warm_boards


@task()
def warm_boards_task() -> int:
    """Count the backlog boards of district- and province-wide readers into the cache."""
    return warm_boards()
