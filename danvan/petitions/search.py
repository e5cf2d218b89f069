"""Accent-insensitive word search over `Petition.search_text`, served by an index on both
databases (ADR 0010).

`search_text` is already folded by the services (`danvan.core.text.fold`: lower case, no
diacritics, đ → d), and the query is folded the same way here, so neither database needs to
remove accents itself. The folded query is cut into words (runs of letters and digits); every
word must occur (AND) as the start of a word of the petition ("boi thuo" finds "bồi thường").
Words written together with punctuation between them ("12/2026", "abcd-efgh") must occur
together, in that order. A word of one or two letters matches only that whole word, never as
a prefix: Vietnamese has many two-letter words ("ba", "so", "ho"), and "so" as a prefix would
match thousands of words and cost the index a long scan.

- SQLite: an FTS5 table `petitions_fts` (external content on `petitions_petition`, kept in
  sync by triggers), queried with `MATCH '"boi"* AND "thuo"*'`.
- PostgreSQL: a generated column `search_words` (`to_tsvector('simple', …)` of search_text,
  created by migration 0009 and unknown to the model) with a GIN index, queried with
  `to_tsquery('simple', 'boi:* & thuo:*')`.

The user's text never reaches either query language as syntax: only the words extracted here
(letters and digits) do, each quoted, so quotes, `*`, `-`, `:`, `OR`, `NEAR(` … are inert.
A query with no letter or digit at all finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler

from danvan.core.text import fold

FTS_TABLE = "petitions_fts"
PG_COLUMN = "search_words"
SHORTEST_PREFIX = 3
MAX_WORDS = 12
MAX_WORD_LENGTH = 64
# A search matching at most this many petitions is handed to the list as their ids.
FEW_MATCHES = 2_000

_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Phrase:
    """Words that must follow each other; the last one may be only the start of a word."""

    words: tuple[str, ...]

    @property
    def prefix(self) -> bool:
        return len(self.words[-1]) >= SHORTEST_PREFIX


def phrases(query: str) -> list[Phrase]:
    """The folded query as phrases: one per whitespace-separated chunk that holds a word."""
    found: list[Phrase] = []
    total = 0
    for chunk in _CHUNK.findall(fold(query)):
        words = tuple(w[:MAX_WORD_LENGTH] for w in _WORD.findall(chunk))
        if not words:
            continue
        words = words[: MAX_WORDS - total]
        if not words:
            break
        total += len(words)
        if Phrase(words) not in found:
            found.append(Phrase(words))
    return found


def fts5_match(found: list[Phrase]) -> str:
    """`"boi"* AND "thuo"*` for SQLite FTS5. Words hold only letters and digits; doubling any
    quote is a second guard."""
    parts = []
    for phrase in found:
        text = " ".join(phrase.words).replace('"', '""')
        parts.append(f'"{text}"' + ("*" if phrase.prefix else ""))
    return " AND ".join(parts)


def pg_tsquery(found: list[Phrase]) -> str:
    """`boi:* & thuo:*` (and `12 <-> 2026:*` for a phrase) for PostgreSQL's to_tsquery."""
    parts = []
    for phrase in found:
        last = len(phrase.words) - 1
        words = [
            f"'{w}'" + (":*" if i == last and phrase.prefix else "")
            for i, w in enumerate(phrase.words)
        ]
        parts.append(" <-> ".join(words) if len(words) == 1 else "(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


class _WordsMatch(Expression):
    """`<table>.search_words @@ to_tsquery('simple', %s)`, where <table> is whatever alias the
    query gives `petitions_petition` (taken from the resolved `search_text` column)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: Any, tsquery: str) -> None:
        super().__init__()
        self.column = column
        self.tsquery = tsquery

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        table = compiler.quote_name_unless_alias(self.column.alias)
        return _pg_test(table, connection.ops.quote_name(PG_COLUMN)), (self.tsquery,)


def words_q(query: str, vendor: str) -> Q | None:
    """A condition on `Petition` matching every word of `query` in `search_text`; None when
    the query holds no word (the caller then finds nothing)."""
    found = phrases(query)
    if not found:
        return None
    if vendor == "postgresql":
        return Q(_WordsMatch(F("search_text"), pg_tsquery(found)))
    if vendor == "sqlite":
        return Q(pk__in=RawSQL(*_index_ids(found, vendor)))
    # Another database: the same words, matched by scanning (no index).
    condition = Q()
    for phrase in found:
        for word in phrase.words:
            condition &= Q(search_text__contains=word)
    return condition


def matching_ids(query: str, vendor: str, using: str, *, limit: int) -> list[int] | None:
    """The ids of the petitions matching `query` (any scope), read from the search index
    alone, when there are at most `limit` of them; None when there are more (or no index).

    Why: a database plans "the newest 50 petitions matching these words" by walking the
    `received_on` order and testing each row, which is quick for a common word and a scan of
    the whole table for a rare or absent one, since it cannot tell the two apart from its
    statistics (prefix matches have none). Asking the index first costs one small read and
    turns a rare word into a list of ids the rest of the query looks up by primary key."""
    found = phrases(query)
    if not found or vendor not in {"postgresql", "sqlite"}:
        return None
    sql, params = _index_ids(found, vendor)
    with connections[using].cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [*params, limit + 1])
        ids = [row[0] for row in cursor.fetchall()]
    return sorted(ids) if len(ids) <= limit else None


def sql_condition(
    query: str, vendor: str, table: str = "petitions_petition"
) -> tuple[str, list[str]]:
    """The condition of `words_q` as raw SQL on `table` (an alias of petitions_petition), for
    hand-written queries such as the benchmarks' reference SQL; `("1 = 0", [])` when the query
    holds no word."""
    found = phrases(query)
    if not found:
        return "1 = 0", []
    if vendor == "postgresql":
        return _pg_test(table), [pg_tsquery(found)]
    if vendor == "sqlite":
        sql, params = _index_ids(found, vendor)
        return f"{table}.id IN ({sql})", params
    words = [w for phrase in found for w in phrase.words]
    return " AND ".join(f"{table}.search_text LIKE %s" for _ in words), [f"%{w}%" for w in words]


def _pg_test(table: str, column: str = PG_COLUMN) -> str:
    """The match of `table`'s search words against a tsquery parameter (PostgreSQL)."""
    return f"{table}.{column} @@ to_tsquery('simple'::regconfig, %s)"


def _index_ids(found: list[Phrase], vendor: str) -> tuple[str, list[Any]]:
    """SQL selecting the ids of the petitions matching `found`, answered by the index."""
    if vendor == "sqlite":
        return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts5_match(found)]
    return f"SELECT id FROM petitions_petition WHERE {_pg_test('petitions_petition')}", [
        pg_tsquery(found)
    ]


def name_matches(query: str) -> Q | None:
    """A condition on `Petitioner.name_key` (folded "name|address"): every word of the query
    starts a word there, with the same rules as `words_q`. Used only for the few cases whose
    identity the reader may see but which `search_text` does not hold (denunciations assigned
    to the reader), so a pattern match on those rows costs little."""
    found = phrases(query)
    if not found:
        return None
    condition = Q()
    for phrase in found:
        for word in phrase.words:
            end = "" if len(word) >= SHORTEST_PREFIX else "([^0-9a-z]|$)"
            condition &= Q(name_key__regex=f"(^|[^0-9a-z]){re.escape(word)}{end}")
    return condition
