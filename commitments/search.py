"""The searched text of a commitment, stored in its row (`Commitment.search_document`) so that a
search reads one GIN index; and its title and short title alone (`Commitment.rank_document`), the
short vector a search ranks every match by, so that ranking never reads the long texts."""

import re

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Func
from django.db.models.expressions import CombinedExpression

SEARCH_CONFIG = "english"

# Weighted title > short title > description and problem > lead agency: a word in the title
# ranks a commitment above one that mentions it in the description.
WEIGHTED_FIELDS = (
    ("A", ("title",)),
    ("B", ("short_title",)),
    ("C", ("description", "problem")),
    ("D", ("lead_agency",)),
)


# What a search ranks by: a word in the title ranks a commitment above one with it in the short
# title, and both above one that has it only in the other texts (rank 0 there). Ranking reads
# this short vector only: the whole document of thousands of matches, read from TOAST and
# ranked, cost about 200 ms for "budget" at ten times OGP's size.
RANKED_FIELDS = WEIGHTED_FIELDS[:2]


class CommitmentSearchDocument(Func):
    """The weighted tsvector on PostgreSQL; NULL elsewhere (the embedded SQLite database
    searches its FTS5 index, below)."""

    template = "%(expressions)s"
    weighted_fields: tuple[tuple[str, tuple[str, ...]], ...] = WEIGHTED_FIELDS

    def __init__(self) -> None:
        vectors = [
            SearchVector(*fields, weight=weight, config=SEARCH_CONFIG)
            for weight, fields in self.weighted_fields
        ]
        document: SearchVector | CombinedExpression = vectors[0]
        for vector in vectors[1:]:
            document = document + vector
        super().__init__(document, output_field=SearchVectorField())

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


class CommitmentRankDocument(CommitmentSearchDocument):
    """The weighted tsvector of the ranked fields only; NULL on SQLite (bm25 ranks there)."""

    weighted_fields = RANKED_FIELDS


# The embedded SQLite database searches an FTS5 index of the same fields, with the same query
# language (translated from web-search syntax by fts5_query) and the same relative weights.
FTS_TABLE = "commitments_commitment_fts"
FTS_COLUMNS = ("title", "short_title", "description", "problem", "lead_agency")
FTS_WEIGHTS = (10.0, 5.0, 2.0, 2.0, 1.0)
FTS_DESCRIPTION_COLUMN = FTS_COLUMNS.index("description")
# What marks a matched word in a snippet; replaced by <mark> after the text is escaped.
MATCH_START, MATCH_END = "\x02", "\x03"

_TERM = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def _fts_string(term: str) -> str | None:
    """The term as an FTS5 string (a word or a phrase), or None when it holds no word."""
    if not re.search(r"\w", term):
        return None
    return '"' + term.replace('"', '""') + '"'


def fts5_query(text: str) -> tuple[str, str]:
    """Web-search syntax (words in any order, "a phrase", -left out, or) as two FTS5 queries:
    what must match and what must not; either may be empty."""
    groups: list[list[str]] = [[]]
    negated: list[str] = []
    for match in _TERM.finditer(text):
        minus, phrase, word_minus, word = match.groups()
        if word is not None and not word_minus and word.lower() == "or":
            if groups[-1]:
                groups.append([])
            continue
        term = _fts_string(phrase if phrase is not None else word)
        if term is None:
            continue
        if minus or word_minus:
            negated.append(term)
        else:
            groups[-1].append(term)
    # Words side by side must all match; "or" joins the words next to it, as in PostgreSQL's
    # websearch_to_tsquery: `a or b c` is a | (b & c).
    alternatives = [" AND ".join(group) for group in groups if group]
    return " OR ".join(alternatives), " OR ".join(negated)


def fts_install(connection) -> None:
    """The FTS5 index and the triggers that keep it current on every write (the importer's bulk
    upserts included), created where missing and rebuilt from the table. Run after every
    migrate: rebuilding the commitments table in a migration drops its triggers on SQLite."""
    columns = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{column}" for column in FTS_COLUMNS)
    old = ", ".join(f"old.{column}" for column in FTS_COLUMNS)
    table = "commitments_commitment"
    delete_old = (
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {columns}) VALUES('delete', old.id, {old});"
    )
    insert_new = f"INSERT INTO {FTS_TABLE}(rowid, {columns}) VALUES (new.id, {new});"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({columns}, "
            f"content='{table}', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        cursor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON {table} "
            f"BEGIN {insert_new} END"
        )
        cursor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON {table} "
            f"BEGIN {delete_old} END"
        )
        # Only on writes of the searched texts: the search order's triggers
        # (commitments.sort_keys) update other columns of a row the index may not hold yet.
        cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update")
        cursor.execute(
            f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {delete_old} {insert_new} END"
        )
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")
