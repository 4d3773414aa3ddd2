"""Action servers read the knowledge from a copy in memory: the same answers, reloaded when content changes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.knowledge import models
from bot.knowledge.database import Database, KnowledgeBaseUnavailable
from bot.knowledge.kept_results import KeptResults
from bot.knowledge.loader import load_knowledge
from bot.knowledge.memory_copy import KnowledgeCopy
from bot.knowledge.queries import KnowledgeBase

SUMMARY = "role:data_engineer:summary"
ROLE_FILE = Path("roles") / "data_engineer.yml"


def summary_text(source: KnowledgeCopy | Database) -> str:
    with source.session() as session:
        fact = session.get(models.Fact, SUMMARY)
        assert fact is not None
        return str(fact.text)


@pytest.fixture
def built(content_copy: Path, tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'knowledge.db'}")
    load_knowledge(database, content_copy)
    return database


def test_the_copy_answers_as_the_database_does(built: Database) -> None:
    from_disk = KnowledgeBase(built)
    in_memory = KnowledgeBase(KnowledgeCopy(built))
    with from_disk.reader() as disk, in_memory.reader() as memory:
        for role in ("mle", "data_engineer", "data_scientist"):
            assert memory.role_profile(role) == disk.role_profile(role)
        # Full-text search works on the copy too (its index is rebuilt there).
        found = memory.search_fact_ids("what is a feature store", limit=5)
        assert found and found == disk.search_fact_ids("what is a feature store", limit=5)


def test_changed_content_is_served_after_the_next_check_and_not_before(content_copy: Path, built: Database) -> None:
    checked_often = KnowledgeCopy(built, check_seconds=0)
    checked_rarely = KnowledgeCopy(built, check_seconds=3600)
    before = summary_text(checked_often)
    assert summary_text(checked_rarely) == before

    role_file = content_copy / ROLE_FILE
    role_file.write_text(role_file.read_text().replace("collects data from", "gathers data from"))
    load_knowledge(built, content_copy)

    assert summary_text(checked_often) == before.replace("collects data from", "gathers data from")
    assert summary_text(checked_rarely) == before, "within check_seconds the copy is not reloaded"


def test_the_copy_keeps_answering_when_the_database_goes_away(built: Database, tmp_path: Path) -> None:
    copy = KnowledgeCopy(built, check_seconds=0)
    before = summary_text(copy)
    built.engine.dispose()
    (tmp_path / "knowledge.db").unlink()
    assert summary_text(copy) == before


def test_without_a_database_there_is_no_copy_and_readers_are_told_why(tmp_path: Path) -> None:
    copy = KnowledgeCopy(Database(f"sqlite:///{tmp_path / 'missing.db'}"))
    with pytest.raises(KnowledgeBaseUnavailable, match=r"missing\.db does not exist"), copy.session():
        pass


def test_many_threads_read_the_copy_at_once(built: Database) -> None:
    # The action server runs actions on a thread pool; an earlier shared-cache copy crashed there.
    knowledge = KnowledgeBase(KnowledgeCopy(built))
    with KnowledgeBase(built).reader() as disk:
        expected = disk.role_profile("data_engineer")

    def read(_: int) -> bool:
        with knowledge.reader() as reader:
            return reader.role_profile("data_engineer") == expected

    with ThreadPoolExecutor(max_workers=16) as pool:
        assert all(pool.map(read, range(400)))


def profile_summary(knowledge: KnowledgeBase) -> str:
    with knowledge.reader() as reader:
        profile = reader.role_profile("data_engineer")
        assert profile is not None
        return profile.summary.text


def test_records_built_on_the_copy_are_kept_until_the_content_changes(content_copy: Path, built: Database) -> None:
    knowledge = KnowledgeBase(KnowledgeCopy(built, check_seconds=0))
    with knowledge.reader() as first, knowledge.reader() as second:
        assert first.role_profile("data_engineer") is second.role_profile("data_engineer")
        assert second.resolve_role("data enginer") == first.role("data_engineer")  # typo, from kept aliases
    before = profile_summary(knowledge)

    role_file = content_copy / ROLE_FILE
    role_file.write_text(role_file.read_text().replace("collects data from", "gathers data from"))
    load_knowledge(built, content_copy)

    assert profile_summary(knowledge) == before.replace("collects data from", "gathers data from")


def test_readers_on_the_database_itself_see_a_change_at_once(content_copy: Path, built: Database) -> None:
    knowledge = KnowledgeBase(built)
    before = profile_summary(knowledge)
    role_file = content_copy / ROLE_FILE
    role_file.write_text(role_file.read_text().replace("collects data from", "gathers data from"))
    load_knowledge(built, content_copy)
    assert profile_summary(knowledge) == before.replace("collects data from", "gathers data from")


def test_a_kept_list_changed_by_one_request_is_whole_for_the_next(built: Database) -> None:
    knowledge = KnowledgeBase(KnowledgeCopy(built))
    with knowledge.reader() as reader:
        roles = reader.all_roles()
        count = len(roles)
        roles.clear()
    with knowledge.reader() as reader:
        assert len(reader.all_roles()) == count > 0


def test_the_kept_results_stay_within_their_bound() -> None:
    kept = KeptResults(max_entries=100)
    for number in range(1000):
        kept.put(("message words", number), number)
        assert len(kept) <= 100
    assert kept.get(("message words", 999)) == (True, 999)
