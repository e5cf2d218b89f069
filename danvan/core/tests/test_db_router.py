"""The read-replica router: reads go to the replica only inside `using_replica()`, outside
transactions and before any write of the request; writes and migrations go to the primary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_started
from django.db import close_old_connections, transaction

from danvan.core import db_router
from danvan.core.db_router import REPLICA, ReplicaRouter, on_replica, read_alias, using_replica
from danvan.petitions.models import Petition

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def replica(monkeypatch: pytest.MonkeyPatch) -> None:
    """A replica alias is configured; each test starts as a fresh request."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    db_router.forget_writes()


def test_reads_stay_on_the_primary_unless_asked(replica: None) -> None:
    assert read_alias() == "default"
    assert ReplicaRouter().db_for_read(Petition) == "default"


def test_reads_go_to_the_replica_inside_using_replica(replica: None) -> None:
    with using_replica():
        assert read_alias() == REPLICA
        assert ReplicaRouter().db_for_read(Petition) == REPLICA
    assert read_alias() == "default"


def test_using_replica_is_a_decorator_too(replica: None) -> None:
    @using_replica()
    def selector() -> str:
        return read_alias()

    assert selector() == REPLICA
    assert read_alias() == "default"


def test_nothing_goes_to_a_replica_that_is_not_configured() -> None:
    db_router.forget_writes()
    with using_replica():
        assert read_alias() == "default"
    queryset = Petition.objects.all()
    assert on_replica(queryset) is queryset


def test_writes_go_to_the_primary_and_later_reads_follow_them(replica: None) -> None:
    router = ReplicaRouter()
    with using_replica():
        assert router.db_for_write(Petition) == "default"
        # The replica may not have the row yet: the rest of the request reads the primary.
        assert read_alias() == "default"
    # The next request starts again without writes (Django's own receiver, which closes old
    # connections, is left out: this test has no database).
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
    with using_replica():
        assert read_alias() == REPLICA


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(replica: None) -> None:
    with transaction.atomic(), using_replica():
        assert read_alias() == "default"


def test_on_replica_pins_the_queryset_for_later_evaluation(replica: None) -> None:
    pinned = on_replica(Petition.objects.filter(kind="feedback"))
    assert pinned.db == REPLICA
    db_router.mark_written()
    assert on_replica(Petition.objects.all()).db == "default"


def test_migrations_and_relations(replica: None) -> None:
    router = ReplicaRouter()
    assert router.allow_migrate("default", "petitions") is True
    assert router.allow_migrate(REPLICA, "petitions") is False
    first, second = Petition(), Petition()
    first._state.db, second._state.db = "default", REPLICA
    assert router.allow_relation(first, second) is True
    second._state.db = "other"
    assert router.allow_relation(first, second) is None


def _settings_with(env: dict[str, str]) -> dict[str, Any]:
    code = (
        "import json; from danvan import settings as s; "
        "print(json.dumps({'aliases': sorted(s.DATABASES), "
        "'routers': getattr(s, 'DATABASE_ROUTERS', []), "
        "'replica': s.DATABASES.get('replica', {}).get('NAME', ''), "
        "'mirror': s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR')}))"
    )
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment.pop("DATABASE_REPLICA_URL", None)
    environment.update(env, SECRET_KEY="x", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, check=True, text=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_settings_add_the_replica_only_when_its_url_is_set(tmp_path: Path) -> None:
    primary = f"sqlite:///{tmp_path / 'primary.sqlite3'}"
    without = _settings_with({"DATABASE_URL": primary})
    assert without["aliases"] == ["default"]
    assert without["routers"] == []
    replica_url = f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    with_replica = _settings_with({"DATABASE_URL": primary, "DATABASE_REPLICA_URL": replica_url})
    assert with_replica["aliases"] == ["default", "replica"]
    assert with_replica["routers"] == ["danvan.core.db_router.ReplicaRouter"]
    assert with_replica["replica"].endswith("replica.sqlite3")
    # The test suite does not create a second test database for it.
    assert with_replica["mirror"] == "default"
