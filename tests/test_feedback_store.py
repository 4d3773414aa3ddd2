"""Votes on answers: what is accepted, and what a conversation's events say was asked and answered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.feedback_command import FeedbackCommand, read_feedback_command
from bot.feedback_store import AnsweredQuestion, FeedbackError, FeedbackStore, answers_in, checked_vote

ANSWER = "a" * 32
EVENTS = [
    {"event": "user", "text": "hi"},
    {"event": "bot", "text": "Hello!", "metadata": {}},
    {"event": "user", "text": "what skills does an MLE need?"},
    {"event": "bot", "text": "...", "metadata": {"answer_id": ANSWER, "fact_ids": ["role:mle:skill:python"]}},
    {"event": "user", "text": "/feedback"},
]


def test_an_answer_is_paired_with_the_message_it_answered() -> None:
    assert answers_in(EVENTS) == [AnsweredQuestion(ANSWER, "what skills does an MLE need?", ("role:mle:skill:python",))]


@pytest.mark.parametrize(
    ("rating", "reason"), [("maybe", None), (None, None), ("up", 3), ("down", "x" * 501), (["up"], None)]
)
def test_a_vote_must_be_up_or_down_with_a_short_text_reason(rating: object, reason: object) -> None:
    with pytest.raises(FeedbackError):
        checked_vote(rating, reason)


def test_a_blank_reason_is_no_reason() -> None:
    assert checked_vote("down", "   ") == ("down", None)


def _store_with_events(tmp_path: Path) -> FeedbackStore:
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)"))
        for event in EVENTS:
            connection.execute(
                sa.text("INSERT INTO events (sender_id, data) VALUES ('someone', :data)"), {"data": json.dumps(event)}
            )
    return FeedbackStore(url)


def test_votes_are_found_by_conversation_and_replaced_by_a_second_vote(tmp_path: Path) -> None:
    store = _store_with_events(tmp_path)
    assert store.answer("someone else", ANSWER) is None
    answer = store.answer("someone", ANSWER)
    assert answer is not None
    store.record("someone", answer, "up", None, "web")
    store.record("someone", answer, "down", "wrong role", "cmdline")
    [vote] = store.all()
    assert (vote.question, vote.fact_ids, vote.rating, vote.reason, vote.channel) == (
        "what skills does an MLE need?",
        ("role:mle:skill:python",),
        "down",
        "wrong role",
        "cmdline",
    )


def test_old_votes_go_with_the_retention(tmp_path: Path) -> None:
    store = _store_with_events(tmp_path)
    answer = store.answer("someone", ANSWER)
    assert answer is not None
    vote = store.record("someone", answer, "up", None, "web")
    assert store.delete_older_than(vote.created_at - 1) == 0
    assert store.delete_older_than(vote.created_at + 1) == 1
    assert store.all() == []


def test_a_store_without_conversations_yet_knows_no_answer(tmp_path: Path) -> None:
    assert FeedbackStore(f"sqlite:///{tmp_path / 'empty.db'}").answer("someone", ANSWER) is None


@pytest.mark.parametrize(
    ("typed", "rating", "reason"),
    [
        ("/feedback", None, None),
        ("  /feedback up", "up", None),
        ("/feedback down the role was wrong", "down", "the role was wrong"),
        ('/feedback{"rating": "down", "reason": "wrong role"}', "down", "wrong role"),
        ("/Feedback UP", "up", None),
        ("/feedback{not json", "unreadable", None),
    ],
)
def test_the_feedback_command_reads_the_vote_typed(typed: str, rating: object, reason: object) -> None:
    assert read_feedback_command(typed) == FeedbackCommand(rating, reason)


@pytest.mark.parametrize("typed", ["feedback up", "/feedbacks", "what is feedback?", "/restart", 7, None])
def test_other_messages_are_not_the_feedback_command(typed: object) -> None:
    assert read_feedback_command(typed) is None
