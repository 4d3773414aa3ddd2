"""Readers' votes on answers, kept beside the conversations they were given in.

Both channels write here: the web widget through the web channel's feedback endpoint, and `rasa shell`
(or any channel) through `/feedback`, which runs `action_record_feedback`. A vote names an answer by
the `answer_id` the answer was sent with; the question and the fact ids it carried are read from the
stored conversation, never taken from the client. A second vote on one answer replaces the first.

The table lives in the conversation store's database (`CONVERSATION_STORE_URL`, SQLite by default)
and is deleted with the conversations it belongs to (`delete_older_than`, run by the conversation
store's retention). No Rasa imports: the events table is read as plain rows.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

RATINGS = ("up", "down")
MAX_REASON_LENGTH = 500
ANSWER_ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")

_metadata = sa.MetaData()
feedback_table = sa.Table(
    "answer_feedback",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("answer_id", sa.String(32), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("fact_ids", sa.Text, nullable=False),  # a JSON list
    sa.Column("rating", sa.String(8), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),  # Unix time, as Rasa's event timestamps
    sa.UniqueConstraint("conversation_id", "answer_id", name="one_vote_per_answer"),
)


class FeedbackError(ValueError):
    """A vote that cannot be stored as given; the message says why, for the user."""


class FeedbackStoreUnavailable(RuntimeError):
    """The database could not be reached."""


@dataclass(frozen=True)
class AnsweredQuestion:
    """An answer as the conversation holds it: what was asked and the facts the answer stated."""

    answer_id: str
    question: str
    fact_ids: tuple[str, ...]


@dataclass(frozen=True)
class Feedback:
    conversation_id: str
    answer_id: str
    question: str
    fact_ids: tuple[str, ...]
    rating: str
    reason: str | None
    channel: str
    created_at: float


def checked_vote(rating: object, reason: object) -> tuple[str, str | None]:
    """The rating and reason as stored, or FeedbackError saying what is wrong."""
    if not isinstance(rating, str) or rating not in RATINGS:
        raise FeedbackError('The rating must be "up" or "down".')
    if reason is not None and not isinstance(reason, str):
        raise FeedbackError("The reason must be text.")
    reason = reason.strip() if reason else None
    if reason and len(reason) > MAX_REASON_LENGTH:
        raise FeedbackError(f"Please keep the reason under {MAX_REASON_LENGTH} characters.")
    return rating, reason or None


def answers_in(events: list[dict[str, Any]]) -> list[AnsweredQuestion]:
    """Every answer with an id in a conversation's events (as Rasa serialises them), oldest first."""
    found: list[AnsweredQuestion] = []
    question = ""
    for event in events:
        if event.get("event") == "user":
            text = event.get("text")
            question = text if isinstance(text, str) else ""
        elif event.get("event") == "bot":
            metadata = event.get("metadata") or {}
            answer_id = metadata.get("answer_id") if isinstance(metadata, dict) else None
            if isinstance(answer_id, str):
                fact_ids = metadata.get("fact_ids") or []
                found.append(AnsweredQuestion(answer_id, question, tuple(str(fact) for fact in fact_ids)))
    return found


class FeedbackStore:
    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.engine = engine or sa.create_engine(url, pool_pre_ping=True, future=True)
        self._created = False

    def _ensure_table(self) -> None:
        if not self._created:
            _metadata.create_all(self.engine)
            self._created = True

    def answer(self, conversation_id: str, answer_id: str) -> AnsweredQuestion | None:
        """The answer with that id in that conversation, read from the conversation store's events."""
        try:
            if not sa.inspect(self.engine).has_table("events"):
                return None
            events = sa.table("events", sa.column("id"), sa.column("sender_id"), sa.column("data"))
            with self.engine.connect() as connection:
                rows = connection.execute(
                    sa.select(events.c.data).where(events.c.sender_id == conversation_id).order_by(events.c.id)
                ).scalars()
                parsed = [json.loads(row) for row in rows]
        except sa.exc.SQLAlchemyError as error:
            raise FeedbackStoreUnavailable(str(error)) from error
        return next((found for found in answers_in(parsed) if found.answer_id == answer_id), None)

    def record(
        self, conversation_id: str, answer: AnsweredQuestion, rating: object, reason: object, channel: str
    ) -> Feedback:
        """Stores a vote as given by a user (checked here: FeedbackError says what is wrong)."""
        rating, reason = checked_vote(rating, reason)
        feedback = Feedback(
            conversation_id,
            answer.answer_id,
            answer.question,
            answer.fact_ids,
            rating,
            reason,
            channel,
            time.time(),
        )
        row = {
            "conversation_id": conversation_id,
            "answer_id": answer.answer_id,
            "question": answer.question,
            "fact_ids": json.dumps(list(answer.fact_ids)),
            "rating": rating,
            "reason": reason,
            "channel": channel,
            "created_at": feedback.created_at,
        }
        same_answer = (feedback_table.c.conversation_id == conversation_id) & (
            feedback_table.c.answer_id == answer.answer_id
        )
        try:
            self._ensure_table()
            with self.engine.begin() as connection:
                connection.execute(feedback_table.delete().where(same_answer))  # a changed mind replaces the vote
                connection.execute(feedback_table.insert(), row)
        except sa.exc.SQLAlchemyError as error:
            raise FeedbackStoreUnavailable(str(error)) from error
        return feedback

    def all(self) -> list[Feedback]:
        """Every vote, oldest first (for the curator's report)."""
        try:
            self._ensure_table()
            with self.engine.connect() as connection:
                rows = connection.execute(sa.select(feedback_table).order_by(feedback_table.c.id)).mappings().all()
        except sa.exc.SQLAlchemyError as error:
            raise FeedbackStoreUnavailable(str(error)) from error
        return [
            Feedback(
                row["conversation_id"],
                row["answer_id"],
                row["question"],
                tuple(json.loads(row["fact_ids"])),
                row["rating"],
                row["reason"],
                row["channel"],
                row["created_at"],
            )
            for row in rows
        ]

    def delete_older_than(self, cutoff: float) -> int:
        """Deletes votes given before cutoff (a Unix time), with the conversations' retention."""
        self._ensure_table()
        with self.engine.begin() as connection:
            result = connection.execute(feedback_table.delete().where(feedback_table.c.created_at < cutoff))
        return int(result.rowcount or 0)
