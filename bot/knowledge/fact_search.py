"""Full-text search over every sourced fact, for questions no specific answer fits.

One interface, two engines: SQLite's FTS5 on the embedded default, PostgreSQL's full-text search when
DATABASE_URL names PostgreSQL. Both rank with the database; whether a hit is good enough to offer is
decided the same way for both (`SearchHit.coverage`), so the threshold means the same on either.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from bot.knowledge.text import normalise

# Words that say nothing about the subject of a question.
_STOP_WORDS_TEXT = """
    a about after again all also am an and any are as at be because been being both but by can could
    did do does doing for from get gets got had has have having he her here hers him his how i if in
    into is it its just like me more most my no nor not now of off on once only or other our out over
    own really same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours tell know want need needs needed please thing things much many lot kind sort
    way ways one ones someone something day does typical usually
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
WORD = re.compile(r"[a-z0-9+#]+")
MAX_TERMS = 12


def query_terms(question: str) -> list[str]:
    """The words of a question worth searching for, each once, in order."""
    words = WORD.findall(normalise(question))
    return list(dict.fromkeys(word for word in words if word not in STOP_WORDS and len(word) > 1))[:MAX_TERMS]


@dataclass(frozen=True)
class SearchHit:
    fact_id: str
    rank: float  # the engine's own score: only comparable within one search
    coverage: float  # share of the question's terms the fact contains (0..1), the same on every engine


def coverage(terms: list[str], document: str) -> float:
    """The share of the terms that the document uses."""
    words = set(WORD.findall(normalise(document)))
    # A term counts when a word of the fact starts with it or it starts with the word ("engineers"/"engineer").
    found = sum(
        any(word.startswith(term[:5]) or term.startswith(word) for word in words if len(word) > 2) for term in terms
    )
    return found / len(terms) if terms else 0.0


class FactSearch(ABC):
    """Keeps a full-text index of the facts and ranks them for a question."""

    @abstractmethod
    def rebuild(self, connection: Connection) -> None:
        """Makes the index match the facts table (after every load)."""

    @abstractmethod
    def _ranked(self, session: Session, terms: list[str], limit: int) -> list[tuple[str, float, str]]:
        """(fact id, engine score, searchable text), best first."""

    def search(self, session: Session, question: str, limit: int = 5) -> list[SearchHit]:
        terms = query_terms(question)
        if not terms:
            return []
        hits = [
            SearchHit(fact_id, rank, coverage(terms, document))
            for fact_id, rank, document in self._ranked(session, terms, limit * 4)
        ]
        # Among the engine's top hits, facts that cover more of the question come first; the sort is
        # stable, so the engine's ranking decides between equal coverage.
        hits.sort(key=lambda hit: hit.coverage, reverse=True)
        return hits[:limit]


class SqliteFactSearch(FactSearch):
    """FTS5 external-content table over facts(text, context), rebuilt after each load."""

    def rebuild(self, connection: Connection) -> None:
        connection.execute(text("DROP TABLE IF EXISTS facts_fts"))
        connection.execute(
            text(
                "CREATE VIRTUAL TABLE facts_fts USING fts5("
                "text, context, content='facts', content_rowid='rowid', tokenize='porter unicode61')"
            )
        )
        connection.execute(text("INSERT INTO facts_fts(facts_fts) VALUES ('rebuild')"))

    def _ranked(self, session: Session, terms: list[str], limit: int) -> list[tuple[str, float, str]]:
        match = " OR ".join(f'"{term}"' for term in terms)
        rows = session.execute(
            text(
                "SELECT facts.id, bm25(facts_fts, 1.0, 2.0), facts.text || ' ' || facts.context "
                "FROM facts_fts JOIN facts ON facts.rowid = facts_fts.rowid "
                "WHERE facts_fts MATCH :match ORDER BY bm25(facts_fts, 1.0, 2.0) LIMIT :limit"
            ),
            {"match": match, "limit": limit},
        ).all()
        # bm25 is lower for better matches; flip it so higher is better on every engine.
        return [(str(fact_id), -float(score), str(document)) for fact_id, score, document in rows]


class PostgresFactSearch(FactSearch):
    """PostgreSQL text search over an expression index on facts(text, context)."""

    DOCUMENT = "to_tsvector('english', facts.text || ' ' || facts.context)"

    def rebuild(self, connection: Connection) -> None:
        connection.execute(text(f"CREATE INDEX IF NOT EXISTS facts_search_idx ON facts USING GIN ({self.DOCUMENT})"))

    def _ranked(self, session: Session, terms: list[str], limit: int) -> list[tuple[str, float, str]]:
        query = " | ".join(re.sub(r"[^a-z0-9]", "", term) or "x" for term in terms)
        rows = session.execute(
            text(
                f"SELECT facts.id, ts_rank({self.DOCUMENT}, to_tsquery('english', :query)) AS rank, "
                "facts.text || ' ' || facts.context "
                f"FROM facts WHERE {self.DOCUMENT} @@ to_tsquery('english', :query) "
                "ORDER BY rank DESC LIMIT :limit"
            ),
            {"query": query, "limit": limit},
        ).all()
        return [(str(fact_id), float(rank), str(document)) for fact_id, rank, document in rows]


def fact_search_for(engine: Engine) -> FactSearch:
    return PostgresFactSearch() if engine.dialect.name == "postgresql" else SqliteFactSearch()
