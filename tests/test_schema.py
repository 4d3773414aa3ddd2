"""The knowledge database's schema: as reviewed, and refusing rows that break the rules on its own.

The content loader validates the files before writing, but anyone can write to the database directly
(an operator's script, a later tool); the database must still refuse a statement with no fact, a fact
with no citation place or date, a link to nothing, or an importance level that does not exist.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.knowledge import models
from bot.knowledge.database import Database, KnowledgeBaseUnavailable

SNAPSHOT = Path(__file__).with_name("schema.sql")


def normalised(sql: str) -> list[str]:
    """CREATE TABLE statements, whitespace-insensitive, in name order, comments dropped."""
    sql = re.sub(r"--[^\n]*", "", sql)
    statements = [" ".join(part.split()) for part in sql.split(";") if part.strip()]
    return sorted(statements)


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'schema.db'}")
    database.create_schema()
    yield database


def test_the_schema_is_the_reviewed_one(empty_database: Database, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "schema.db") as connection:
        created = [row[0] for row in connection.execute("SELECT sql FROM sqlite_master WHERE type = 'table'")]
    assert normalised(";".join(created)) == normalised(SNAPSHOT.read_text())


def _source(session: Session) -> None:
    session.add(models.Source(id="src", kind="web", title="A source", url="https://example.org/a"))
    session.add(models.Fact(id="fact", checked_on=datetime.date(2026, 1, 1), text="A statement.", context="term"))
    session.add(models.Citation(fact_id="fact", position=0, source_id="src", locator="section 'A'"))


@contextmanager
def refused_by_the_database() -> Iterator[None]:
    """The write fails on a constraint of the database itself (the session reports it as unavailable)."""
    with pytest.raises(KnowledgeBaseUnavailable) as refused:
        yield
    assert isinstance(refused.value.__cause__, IntegrityError), refused.value


def test_a_statement_without_a_fact_is_refused(empty_database: Database) -> None:
    with refused_by_the_database(), empty_database.session(write=True) as session:
        _source(session)
        session.flush()
        session.add(models.Term(id="mlops", name="MLOps", definition="Running ML in production.", fact_id=None))
        session.flush()


def test_a_statement_pointing_at_an_unknown_fact_is_refused(empty_database: Database) -> None:
    with refused_by_the_database(), empty_database.session(write=True) as session:
        session.add(models.Term(id="mlops", name="MLOps", definition="Running ML in production.", fact_id="nope"))
        session.flush()


def test_a_citation_of_an_unknown_source_is_refused(empty_database: Database) -> None:
    with refused_by_the_database(), empty_database.session(write=True) as session:
        session.add(models.Fact(id="fact", checked_on=datetime.date(2026, 1, 1), text="A statement.", context=""))
        session.add(models.Citation(fact_id="fact", position=0, source_id="nope", locator="Chapter 1"))
        session.flush()


def test_a_fact_without_a_date_or_a_citation_without_a_place_is_refused(empty_database: Database) -> None:
    with refused_by_the_database(), empty_database.session(write=True) as session:
        session.add(models.Fact(id="fact", checked_on=None, text="A statement.", context=""))
        session.flush()
    with refused_by_the_database(), empty_database.session(write=True) as session:
        _source(session)
        session.add(models.Citation(fact_id="fact", position=1, source_id="src", locator=None))
        session.flush()


def test_a_retired_status_must_be_one_of_the_known_ones(empty_database: Database) -> None:
    with refused_by_the_database(), empty_database.session(write=True) as session:
        _source(session)
        session.add(models.Certification(id="c", name="C", issuer="I", url="https://example.org", about="a",
                                         about_fact_id="fact", status="paused", status_text="s",
                                         status_fact_id="fact"))  # fmt: skip
        session.flush()


def test_an_unknown_importance_is_refused(empty_database: Database) -> None:
    with refused_by_the_database(), empty_database.session(write=True) as session:
        _source(session)
        session.add(models.SkillCategory(id="math", name="Math", position=0))
        session.add(models.Skill(id="stats", name="Statistics", category_id="math", description="d", fact_id="fact"))
        session.add(models.Role(id="mle", name="MLE", plural="MLEs", summary="s", summary_fact_id="fact",
                                workplace="w", workplace_fact_id="fact"))  # fmt: skip
        session.flush()
        session.add(models.RoleSkill(role_id="mle", skill_id="stats", importance="vital", position=0,
                                     fact_id="fact"))  # fmt: skip
        session.flush()


def test_valid_rows_are_accepted(empty_database: Database) -> None:
    with empty_database.session(write=True) as session:
        _source(session)
        session.flush()
        session.add(models.Term(id="mlops", name="MLOps", definition="Running ML in production.", fact_id="fact"))
    with empty_database.session() as session:
        assert session.get(models.Term, "mlops").fact.citations[0].source_id == "src"
