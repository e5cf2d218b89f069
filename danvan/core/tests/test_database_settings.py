"""How DATABASE_URL becomes a connection: PostgreSQL without JIT compilation."""

from __future__ import annotations


def test_postgresql_connections_run_without_jit() -> None:
    from danvan.settings import database_config

    config = database_config("postgres://postgres@127.0.0.1:5432/danvan")
    assert config["OPTIONS"]["options"] == "-c jit=off"
    sqlite = database_config("sqlite:////tmp/danvan-test.sqlite3")
    assert "options" not in sqlite["OPTIONS"]
