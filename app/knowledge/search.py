"""Full-text search of knowledge articles: one function, a backend per database.

Both backends read the same pre-cut tokens (tokens.py), so a query finds the same articles on
SQLite and on PostgreSQL. SQLite keeps an FTS5 index over `knowledge_texts` (kept by triggers)
and ranks with BM25; PostgreSQL reads the tokens with the `simple` configuration (no stemming,
no stop words: they are cut already) into a stored, GIN-indexed tsvector and ranks with
ts_rank. Titles weigh more than bodies in both."""

import re

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.dialects.postgresql import TSQUERY

from app.extensions import db
from app.knowledge import tokens
from app.knowledge.models import Article, ArticleText

# The index objects are made by the knowledge migration: on SQLite the FTS5 table
# knowledge_fts over knowledge_texts, kept by triggers; on PostgreSQL a stored, GIN-indexed
# column search_vector computed from the tokens (ranking reads it instead of parsing every
# matching text again). The schema check leaves them alone.
PG_VECTOR = "knowledge_texts.search_vector"
OWN_OBJECTS = {"knowledge_fts", "ix_knowledge_texts_search", "search_vector"}
SNIPPET_BEFORE, SNIPPET_LENGTH = 40, 160


def own_object(name: str | None) -> bool:
    """Whether a schema object is the search index rather than a mapped table."""
    return bool(name) and (name in OWN_OBJECTS or name.startswith("knowledge_fts_"))


def fts5_match(terms: list[str], prefix: str | None, any_word: bool = False) -> str:
    """An FTS5 query of quoted terms: nothing the user typed is read as FTS5 syntax."""
    parts = [f'"{term}"' for term in terms] + ([f'"{prefix}"*'] if prefix else [])
    return (" OR " if any_word else " AND ").join(parts)


def pg_tsquery(terms: list[str], prefix: str | None, any_word: bool = False) -> str:
    """A tsquery of quoted lexemes taken as they are (tokens hold only letters and digits)."""
    parts = [f"'{term}'" for term in terms] + ([f"'{prefix}':*"] if prefix else [])
    return (" | " if any_word else " & ").join(parts)


def ranked(select: sa.Select, query: str, any_word: bool) -> sa.Select | None:
    """The select narrowed to the query's matches, best first; None when it holds no word."""
    terms, prefix = tokens.query_terms(query)
    if not terms and not prefix:
        return None
    if db.engine.dialect.name == "postgresql":
        vector = sa.literal_column(PG_VECTOR)
        tsquery = pg_tsquery(terms, prefix, any_word)
        wanted = sa.cast(sa.bindparam("tsq", tsquery), TSQUERY)
        rank = sa.func.ts_rank(vector, wanted)
        return select.where(vector.op("@@")(wanted)).order_by(rank.desc())
    hits = (
        sa.select(
            sa.literal_column("rowid").label("text_id"),
            sa.literal_column("bm25(knowledge_fts, 8.0, 1.0)").label("score"),
        )
        .select_from(sa.table("knowledge_fts"))
        .where(
            sa.text("knowledge_fts MATCH :match").bindparams(
                match=fts5_match(terms, prefix, any_word)
            )
        )
        .subquery()
    )
    return select.join(hits, hits.c.text_id == ArticleText.id).order_by(hits.c.score)


def readable_by(staff: bool) -> sa.ColumnElement:
    if staff:
        return sa.true()
    return sa.and_(Article.status == "published", Article.visibility == "employees")


def matching(
    query: str, *, staff: bool, statuses=None, category: str = "", any_word: bool = False
) -> sa.Select:
    """The article texts the query finds that this reader may read, best first (newest first
    without a query). One text per language: an article in both may appear twice.

    A search asks for every word; `any_word` (a request's title, a sentence rather than
    keywords) takes texts with any of them, those with the most ranked first."""
    select = sa.select(ArticleText).join(ArticleText.article).where(readable_by(staff))
    if statuses:
        select = select.where(Article.status.in_(statuses))
    if category:
        select = select.where(Article.category == category)
    found = ranked(select, query, any_word)
    if found is None:
        return select.order_by(Article.updated_at.desc(), ArticleText.id)
    return found.order_by(Article.updated_at.desc(), ArticleText.id)


def mark_pattern(query: str) -> re.Pattern | None:
    """The query's words as a pattern; a Latin word also matches its compound spelling, so
    wifi marks Wi-Fi as the index finds it."""
    marks = tokens.highlight_terms(query)
    if not marks:
        return None
    spelled = ("[-_.]?".join(map(re.escape, m)) if m.isascii() else re.escape(m) for m in marks)
    return re.compile("|".join(spelled), re.IGNORECASE)


def marked(text: str, query: str) -> Markup:
    """The text escaped, with the query's words wrapped in <mark>."""
    pattern = mark_pattern(query)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for found in pattern.finditer(text):
        out += [escape(text[last : found.start()]), Markup("<mark>%s</mark>") % found.group(0)]
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def snippet(text: ArticleText, query: str) -> Markup:
    """A short passage of the body around the first word the query found, words marked."""
    body = text.body_text or ""
    pattern = mark_pattern(query)
    first = pattern.search(body) if pattern else None
    start = max((first.start() if first else 0) - SNIPPET_BEFORE, 0)
    passage = body[start : start + SNIPPET_LENGTH]
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_LENGTH < len(body) else ""
    return Markup(prefix) + marked(passage, query) + Markup(suffix)
