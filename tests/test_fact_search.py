"""Full-text search over every fact, the same way on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge.database import Database
from bot.knowledge.fact_search import PostgresFactSearch, SqliteFactSearch, fact_search_for, query_terms
from bot.knowledge.loader import load_knowledge
from bot.knowledge.queries import KnowledgeBase
from bot.settings import CONTENT_DIR
from tests.postgres_server import running_postgres

# Each question, and a fact a good search must rank in its top five (ids from the content files).
QUESTIONS = [
    ("what fraction of a production ml system is model code", "role:mle:duty:0"),
    ("training serving skew", "term:training_serving_skew"),
    ("median annual wage database architects", "occupation:15-1243.00:median_pay"),
]


def test_query_terms_drop_words_that_say_nothing() -> None:
    assert query_terms("What is the median pay of a data engineer?") == ["median", "pay", "data", "engineer"]
    assert query_terms("is it?") == []


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    # Not under pytest's temporary folder: that is private to root, and the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="mle-postgres-"))
    try:
        with running_postgres(folder) as url:
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _search_both(url: str) -> list[list[str]]:
    database = Database(url)
    load_knowledge(database, CONTENT_DIR)
    with KnowledgeBase(database).reader() as reader:
        return [reader.search_fact_ids(question, 5) for question, _ in QUESTIONS]


def test_sqlite_search_finds_the_fact_that_answers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    assert isinstance(fact_search_for(Database(url).engine), SqliteFactSearch)
    for found, (question, expected) in zip(_search_both(url), QUESTIONS, strict=True):
        assert expected in found, (question, found)


def test_postgres_search_finds_the_same_facts(postgres_url: str) -> None:
    assert isinstance(fact_search_for(Database(postgres_url).engine), PostgresFactSearch)
    for found, (question, expected) in zip(_search_both(postgres_url), QUESTIONS, strict=True):
        assert expected in found, (question, found)
    # A second load changes nothing and keeps the index usable.
    assert load_knowledge(Database(postgres_url), CONTENT_DIR).changes == 0
