"""The conversation store: conversations kept in SQL, deleted after the retention period, failures marked."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.conversation_store import (
    MAX_SESSION_EVENTS,
    ConversationNotSaved,
    ConversationStore,
    TurnOutcome,
    current_turn,
)
from bot.feedback_store import AnsweredQuestion, FeedbackStore
from bot.settings import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
DAY = 86400.0


def store_at(path: Path, retention_days: int = 0) -> ConversationStore:
    return ConversationStore(domain=DOMAIN, host=f"sqlite:///{path}", retention_days=retention_days)


def conversation(sender: str, text: str, at: float) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_listen", timestamp=at),
        UserUttered(text, {"name": "ask_role_overview"}, timestamp=at),
        SlotSet("current_role", "data_engineer", timestamp=at),
    ]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def test_a_saved_conversation_is_read_back_by_a_new_store_with_its_context(tmp_path: Path) -> None:
    asyncio.run(store_at(tmp_path / "c.db").save(conversation("a" * 32, "what does a data engineer do?", time.time())))
    # A new store object on the same file stands for a restarted server.
    again = asyncio.run(store_at(tmp_path / "c.db").retrieve("a" * 32))
    assert again is not None
    assert again.get_slot("current_role") == "data_engineer"
    assert again.latest_message is not None and again.latest_message.text == "what does a data engineer do?"
    assert asyncio.run(store_at(tmp_path / "c.db").retrieve("b" * 32)) is None


def test_conversations_idle_longer_than_the_retention_period_are_deleted(tmp_path: Path) -> None:
    now = time.time()
    writer = store_at(tmp_path / "c.db")
    asyncio.run(writer.save(conversation("old" * 11, "hello", now - 31 * DAY)))
    asyncio.run(writer.save(conversation("new" * 11, "hello", now - 29 * DAY)))
    # A conversation that started long ago but went on recently is kept whole.
    long_running = conversation("run" * 11, "hello", now - 90 * DAY)
    long_running.update(UserUttered("and now?", {"name": "ask_role_overview"}, timestamp=now - DAY))
    asyncio.run(writer.save(long_running))

    store_at(tmp_path / "c.db", retention_days=30)  # a server starting with CONVERSATION_RETENTION_DAYS=30

    with sqlite3.connect(tmp_path / "c.db") as db:
        left = {sender: count for sender, count in db.execute("select sender_id, count(*) from events group by 1")}
    assert set(left) == {"new" * 11, "run" * 11}
    assert left["run" * 11] == 4, "every event of a conversation still in use is kept"


def test_votes_older_than_the_retention_period_go_with_the_conversations(tmp_path: Path) -> None:
    now = time.time()
    votes = FeedbackStore(f"sqlite:///{tmp_path / 'c.db'}")
    answer = AnsweredQuestion("a" * 32, "what does a data engineer do?", ("role:data_engineer:summary",))
    votes.record("old" * 11, answer, "down", "wrong role", "web")
    votes.record("new" * 11, answer, "up", None, "web")
    with sqlite3.connect(tmp_path / "c.db") as db:  # the first vote was given 31 days ago
        db.execute("update answer_feedback set created_at = ? where conversation_id = ?", (now - 31 * DAY, "old" * 11))

    store_at(tmp_path / "c.db", retention_days=30)

    assert [vote.conversation_id for vote in votes.all()] == ["new" * 11]


def test_retention_zero_keeps_everything(tmp_path: Path) -> None:
    asyncio.run(store_at(tmp_path / "c.db").save(conversation("old" * 11, "hello", time.time() - 400 * DAY)))
    store_at(tmp_path / "c.db", retention_days=0)
    assert asyncio.run(store_at(tmp_path / "c.db").retrieve("old" * 11)) is not None


def test_a_failed_read_marks_the_turn_and_its_fresh_start_is_not_written_over_the_conversation(
    tmp_path: Path,
) -> None:
    sender = "c" * 32
    store = store_at(tmp_path / "c.db")
    asyncio.run(store.save(conversation(sender, "what does a data engineer do?", time.time())))
    with sqlite3.connect(tmp_path / "c.db") as db:
        db.execute("alter table events rename to events_away")  # the database stops answering

    async def one_turn() -> TurnOutcome:
        outcome = TurnOutcome()
        current_turn.set(outcome)
        with pytest.raises(sa.exc.OperationalError):
            await store.retrieve(sender)
        with sqlite3.connect(tmp_path / "c.db") as db:
            db.execute("alter table events_away rename to events")  # back before the turn ends
        with pytest.raises(ConversationNotSaved):
            await store.save(conversation(sender, "hello", time.time()))
        return outcome

    assert asyncio.run(one_turn()).store_failed
    kept = asyncio.run(store.retrieve(sender))
    assert kept is not None and kept.get_slot("current_role") == "data_engineer"
    assert [e.text for e in kept.events if isinstance(e, UserUttered)] == ["what does a data engineer do?"]


def test_a_healthy_turn_is_not_marked(tmp_path: Path) -> None:
    async def one_turn() -> TurnOutcome:
        outcome = TurnOutcome()
        current_turn.set(outcome)
        store = store_at(tmp_path / "c.db")
        await store.retrieve("d" * 32)
        await store.save(conversation("d" * 32, "hello", time.time()))
        return outcome

    assert not asyncio.run(one_turn()).store_failed


def test_turn_after_turn_each_event_is_stored_once(tmp_path: Path) -> None:
    sender = "e" * 32
    store = store_at(tmp_path / "c.db")
    now = time.time()
    asyncio.run(store.save(conversation(sender, "what does a data engineer do?", now)))
    for turn, text in enumerate(["what skills do they need?", "and their salary?"], start=1):
        tracker = asyncio.run(store.retrieve(sender))
        assert tracker is not None
        tracker.update(UserUttered(text, {"name": "ask_role_skills"}, timestamp=now + turn))
        tracker.update(ActionExecuted("action_listen", timestamp=now + turn))
        asyncio.run(store.save(tracker))
    # Another process (a second Rasa server) saving without having read first counts what is stored.
    other = store_at(tmp_path / "c.db")
    tracker = asyncio.run(store.retrieve(sender))
    assert tracker is not None
    tracker.update(UserUttered("thanks", {"name": "thank"}, timestamp=now + 9))
    asyncio.run(other.save(tracker))
    stored = asyncio.run(store_at(tmp_path / "c.db").retrieve(sender))
    assert stored is not None
    assert [e.text for e in stored.events if isinstance(e, UserUttered)] == [
        "what does a data engineer do?",
        "what skills do they need?",
        "and their salary?",
        "thanks",
    ]
    assert len(stored.events) == 3 + 2 + 2 + 1


def test_a_long_session_is_continued_in_a_new_one_that_keeps_the_slots(tmp_path: Path) -> None:
    sender = "f" * 32
    store = store_at(tmp_path / "c.db")
    now = time.time() - 3600
    tracker = conversation(sender, "what does a data engineer do?", now)
    for turn in range(MAX_SESSION_EVENTS // 2):
        tracker.update(UserUttered(f"question {turn}", {"name": "ask_role_skills"}, timestamp=now + turn))
        tracker.update(ActionExecuted("action_listen", timestamp=now + turn))
    asyncio.run(store.save(tracker))

    continued = asyncio.run(store_at(tmp_path / "c.db").retrieve(sender))
    assert continued is not None
    # What Rasa reads (and sends to the action server) on the next turn is short again...
    assert len(continued.events) < 10
    assert not [e for e in continued.events if isinstance(e, UserUttered)]
    # ...and the conversation is still about data engineers.
    assert continued.get_slot("current_role") == "data_engineer"
    # Nothing is lost: the earlier session is still stored in full.
    everything = asyncio.run(store_at(tmp_path / "c.db").retrieve_full_tracker(sender))
    assert everything is not None
    assert len([e for e in everything.events if isinstance(e, UserUttered)]) == 1 + MAX_SESSION_EVENTS // 2
