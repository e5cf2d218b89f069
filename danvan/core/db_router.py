"""Reads from a PostgreSQL read replica, only where the code asks for it.

When `DATABASE_REPLICA_URL` is set, the settings add a `replica` database alias and install
`ReplicaRouter`. Nothing goes to the replica by default: a read goes there only inside
`using_replica()` (a context manager, also usable as a decorator), or when a list selector
pins its queryset with `on_replica(queryset)`. Even then a read stays on the primary

- inside a transaction (`transaction.atomic`), where the primary holds what was just written,
- after this request (or task) has written anything, since the replica may lag behind,

and every write goes to the primary. Migrations run on the primary only (the replica is a
streaming copy of it).

Why opt-in rather than every read: most pages read what the same person has just changed
(save a case, land on its page), and a replica a second behind would show the old state. The
long lists, counters and searches that dominate the read load (back-office lists, the API list,
the backlog board, published answers) tolerate a second of lag and are the ones to mark.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

REPLICA = "replica"

_wanted: contextvars.ContextVar[bool] = contextvars.ContextVar("danvan_replica", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("danvan_wrote", default=False)

Q = TypeVar("Q", bound=QuerySet[Any])


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias() -> str:
    """The alias a read should use here and now: the replica only inside `using_replica()`,
    outside any transaction, before any write of this request."""
    if not (_wanted.get() and replica_configured()):
        return DEFAULT_DB_ALIAS
    if _wrote.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA


@contextmanager
def using_replica() -> Iterator[None]:
    """Let the reads in this block go to the replica (when one is configured and safe)."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def on_replica(queryset: Q) -> Q:
    """Pin a selector's queryset to the replica when a read may go there now; the queryset
    then stays there even if it is evaluated later (in a template, by a paginator)."""
    with using_replica():
        alias = read_alias()
    return queryset.using(alias) if alias == REPLICA else queryset


def mark_written() -> None:
    """This request has written: its later reads stay on the primary."""
    _wrote.set(True)


def forget_writes(**_kwargs: Any) -> None:
    """A new request starts without writes (connected to `request_started`)."""
    _wrote.set(False)


request_started.connect(forget_writes, dispatch_uid="danvan.core.db_router.forget_writes")


class ReplicaRouter:
    """Writes, migrations and reads outside `using_replica()` to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        mark_written()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        aliases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
