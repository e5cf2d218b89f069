"""Index `Petition.search_text` for word search (ADR 0010).

SQLite: an FTS5 table with external content on `petitions_petition`, kept in sync by triggers
and filled from the rows already there. PostgreSQL: nothing here, see 0009. Other databases:
nothing (search then scans).

Note for later migrations: on SQLite, Django rebuilds a table for some schema changes
(copy, drop, rename), and dropping the table drops these triggers. A migration that rebuilds
`petitions_petition` must run `SQLITE_CREATE` again; `test_search_index.py` fails if the
triggers are missing.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS petitions_fts USING fts5(
        search_text,
        content='petitions_petition',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 0',
        prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS petitions_fts_insert AFTER INSERT ON petitions_petition
    BEGIN
        INSERT INTO petitions_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS petitions_fts_delete AFTER DELETE ON petitions_petition
    BEGIN
        INSERT INTO petitions_fts(petitions_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS petitions_fts_update
    AFTER UPDATE OF id, search_text ON petitions_petition
    BEGIN
        INSERT INTO petitions_fts(petitions_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO petitions_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END
    """,
    "INSERT INTO petitions_fts(petitions_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS petitions_fts_update",
    "DROP TRIGGER IF EXISTS petitions_fts_delete",
    "DROP TRIGGER IF EXISTS petitions_fts_insert",
    "DROP TABLE IF EXISTS petitions_fts",
]

# PostgreSQL: see migration 0009 (a generated column of words with a GIN index). Databases
# that applied an earlier version of this migration got an expression index, dropped there.
POSTGRES_CREATE: list[str] = []
POSTGRES_DROP: list[str] = []


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0007_ratings_and_published_answers")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
