"""PostgreSQL: the words of `Petition.search_text` in a generated column with a GIN index
(ADR 0010). SQLite and other databases: nothing (SQLite has its FTS5 table from 0008).

The column is not declared on the model: Django never reads or writes it, PostgreSQL fills it
on every insert and update of search_text. It is stored rather than computed in an index
expression because the planner often has to test rows itself (walking the newest petitions
first, rechecking a lossy bitmap): reading a stored tsvector costs microseconds, rebuilding it
from the text costs about 0.2 ms a row. Adding the column rewrites the table under an
exclusive lock (about 1 s per 5,000 petitions on a 2-core machine): plan the upgrade of a
large archive for a quiet hour.

`regexp_replace` cuts words at every character that is not a letter or a digit, as SQLite's
unicode61 tokenizer does ("12/2026" gives "12" and "2026"; PostgreSQL's own parser would keep
"12/2026" as one path-like token).
"""

from django.db import migrations

POSTGRES_CREATE = [
    "DROP INDEX IF EXISTS petition_search_words",
    """
    ALTER TABLE petitions_petition ADD COLUMN IF NOT EXISTS search_words tsvector
    GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'))
    ) STORED
    """,
    """
    CREATE INDEX IF NOT EXISTS petition_search_words ON petitions_petition
    USING gin (search_words)
    """,
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS petition_search_words",
    "ALTER TABLE petitions_petition DROP COLUMN IF EXISTS search_words",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, POSTGRES_CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0008_search_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
