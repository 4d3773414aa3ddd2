"""The database wrapper and the sync report an operator reads after `make db`."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import yaml

from bot.knowledge import models
from bot.knowledge.database import Database, KnowledgeBaseUnavailable, sqlite_path
from bot.knowledge.loader import SyncReport, load_knowledge
from tests import shipped_content as content


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////srv/kb/knowledge.db", Path("/srv/kb/knowledge.db")),
        ("sqlite:///relative.db", Path("relative.db")),
        ("sqlite:///:memory:", None),
        ("sqlite://", None),
        ("postgresql://user:secret@db.example/kb", None),
    ],
)
def test_sqlite_path(url: str, path: Path | None) -> None:
    assert sqlite_path(url) == path


def test_a_missing_sqlite_file_is_not_built_and_is_not_created_by_reading(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "knowledge.db"
    database = Database(f"sqlite:///{target}")
    assert not database.is_built()
    missing = r"does not exist \(build it with `make db`\)"
    with pytest.raises(KnowledgeBaseUnavailable, match=missing), database.session():
        pass
    assert not target.exists() and not target.parent.exists()


def test_an_empty_file_is_not_a_built_database(tmp_path: Path) -> None:
    (tmp_path / "empty.db").write_bytes(b"")
    assert not Database(f"sqlite:///{tmp_path / 'empty.db'}").is_built()


def test_an_unreachable_server_is_not_built_and_reading_says_why() -> None:
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    database = Database("postgresql://nobody@127.0.0.1:9/kb")
    assert not database.is_built()
    with pytest.raises(KnowledgeBaseUnavailable, match="knowledge database error"), database.session() as session:
        session.execute("SELECT 1")


def test_loading_builds_the_database_and_creates_its_folder(tmp_path: Path, content_copy: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'new' / 'knowledge.db'}")
    load_knowledge(database, content_copy)
    assert database.is_built()


def test_the_sync_report_says_what_changed(tmp_path: Path, content_copy: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'knowledge.db'}")
    first = load_knowledge(database, content_copy)
    assert first.summary().startswith(f"Knowledge base synced: added {len(content.sources())} sources, ")
    assert first.removed == {table: 0 for table in first.removed} and first.updated == dict.fromkeys(first.updated, 0)

    terms = content_copy / "terms.yml"
    document = yaml.safe_load(terms.read_text())
    document["terms"][0]["definition"]["text"] = "A new definition."
    terms.write_text(yaml.safe_dump(document))
    mle = content_copy / "roles" / "mle.yml"
    role = yaml.safe_load(mle.read_text())
    role["duties"].pop()
    mle.write_text(yaml.safe_dump(role))
    second = load_knowledge(database, content_copy)
    # The duty goes with the fact it stated and that fact's citations; nothing else changes.
    cited = len(content.role("mle")["duties"][-1]["cite"])
    # The edited definition's fact gets the new text too (it feeds the search index).
    assert second.changes == 4 + cited
    assert second.summary() == (
        f"Knowledge base synced: updated 1 facts, 1 terms; removed 1 duties, {cited} citations, 1 facts."
    )


def test_a_report_with_nothing_changed() -> None:
    report = SyncReport(added={"roles": 0}, updated={"roles": 0}, removed={"roles": 0})
    assert report.changes == 0
    assert report.summary() == "Knowledge base is up to date: no changes."
    mixed = SyncReport(added={"roles": 2, "duties": 0}, updated={}, removed={"duties": 3})
    assert mixed.changes == 5
    assert mixed.summary() == "Knowledge base synced: added 2 roles; removed 3 duties."


def test_a_database_of_an_older_layout_is_rebuilt_on_load(tmp_path: Path, content_copy: Path) -> None:
    """Built before facts had citations: the next load replaces the tables instead of failing."""
    database_file = tmp_path / "old.db"
    with closing(sqlite3.connect(database_file)) as connection:
        connection.execute("CREATE TABLE sources (id VARCHAR(64) PRIMARY KEY, title TEXT NOT NULL)")
        connection.execute("INSERT INTO sources VALUES ('stale', 'A source of the old layout')")
        connection.commit()
    database = Database(f"sqlite:///{database_file}")
    load_knowledge(database, content_copy)
    with database.session() as session:
        assert session.get(models.Source, "stale") is None
        assert session.get(models.Source, "seed-article").kind == "article"
