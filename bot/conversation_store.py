"""Where conversations live: Rasa's SQL tracker store, with retention and failures that are never silent.

The Rasa server loads this class from the endpoints file `bot/servers.py` writes (a SQLite file
beside the knowledge database by default, PostgreSQL when CONVERSATION_STORE_URL says so).

Rasa wraps every tracker store in `FailSafeTrackerStore`, which turns a failed read into a brand-new
conversation and a failed write into a copy in one process's memory: the user would get an answer
that has forgotten what they were talking about. This store marks the turn instead (see
`TurnOutcome`); the web channel answers such a turn with an apology, and nothing the turn produced is
written over the stored conversation.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.feedback_store import FeedbackStore

logger = logging.getLogger(__name__)

SECONDS_PER_DAY = 86400
# Deleting old conversations scans the events table: often enough to keep the promise, not every turn.
PURGE_INTERVAL_SECONDS = 3600.0
MAX_REMEMBERED_COUNTS = 10000
# Rasa reads, replays and sends to the action server every event of the current session on every
# turn, so a long session makes each turn slower. After this many events (about a dozen turns) the
# store starts a new session carrying the slots over, as Rasa does when a session expires: the
# answers depend on the slots, and the policies look only at the last few turns.
MAX_SESSION_EVENTS = 120


@dataclass
class TurnOutcome:
    """What went wrong with the stored conversation during one message, filled in by the store."""

    store_failed: bool = False


# The channel puts a fresh TurnOutcome here before handing a message to Rasa and reads it afterwards;
# Rasa calls the store from within that same request, so the store finds the same object.
current_turn: ContextVar[TurnOutcome | None] = ContextVar("current_turn", default=None)


def _mark_store_failed() -> None:
    outcome = current_turn.get()
    if outcome is not None:
        outcome.store_failed = True


class ConversationStore(SQLTrackerStore):
    """SQLTrackerStore that deletes conversations older than `retention_days` and reports failures."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        retention_days: int = 0,
        **kwargs: Any,
    ) -> None:
        # `host` is the whole SQLAlchemy URL (endpoints `url:`), which SQLTrackerStore accepts as is.
        super().__init__(domain=domain, host=host, event_broker=event_broker, **kwargs)
        # Rasa's engine keeps pooled connections that a database restart leaves dead, so the first turns
        # after PostgreSQL comes back would fail: the same engine, checking a connection before use.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        self.retention_days = int(retention_days)
        # Events of each conversation's current session as last read, by sender id (see _read).
        self._stored_counts: dict[str, int] = {}
        self._next_purge = 0.0
        self._purge_when_due()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return self._read(sender_id, all_sessions=False)

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        return self._read(conversation_id, all_sessions=True)

    async def save(self, tracker: DialogueStateTracker) -> None:
        outcome = current_turn.get()
        if outcome is not None and outcome.store_failed:
            # The turn started from an empty conversation because the stored one could not be read:
            # writing it now would append a false new start to the real conversation.
            logger.error("conversation store: not saving %s after a failed read", _short(tracker.sender_id))
            raise ConversationNotSaved(tracker.sender_id)
        await self.stream_events(tracker)  # to an event broker, when one is configured
        try:
            self._write(tracker)
        except Exception:
            _mark_store_failed()
            logger.exception("conversation store: saving conversation %s failed", _short(tracker.sender_id))
            raise
        self._purge_when_due()

    # The same rows and queries as Rasa's SQLTrackerStore, read and written with SQLAlchemy Core: the
    # ORM objects Rasa builds for every event of the session cost more than the database itself.

    def _session_events(self, sender_id: str, all_sessions: bool) -> sa.sql.Select:
        events = self.SQLEvent.__table__
        query = sa.select([events.c.data]).where(events.c.sender_id == sender_id).order_by(events.c.id)
        if all_sessions:
            return query
        session_start = (
            sa.select([sa.func.max(events.c.timestamp)])
            .where(events.c.sender_id == sender_id, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        return query.where(sa.or_(session_start.is_(None), events.c.timestamp >= session_start))

    def _read(self, sender_id: str, all_sessions: bool) -> DialogueStateTracker | None:
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(self._session_events(sender_id, all_sessions)).scalars().all()
        except Exception:
            _mark_store_failed()
            logger.exception("conversation store: reading conversation %s failed", _short(sender_id))
            raise
        if not all_sessions:
            # The save at the end of this turn (under the conversation's lock) appends after these.
            if len(self._stored_counts) > MAX_REMEMBERED_COUNTS:
                self._stored_counts.clear()  # reads never followed by a save (the HTTP API's) must not pile up
            self._stored_counts[sender_id] = len(rows)
        if not rows or not self.domain:
            return None
        return DialogueStateTracker.from_dict(sender_id, [json.loads(row) for row in rows], self.domain.slots)

    def _write(self, tracker: DialogueStateTracker) -> None:
        events = self.SQLEvent.__table__
        with self.engine.begin() as connection:
            stored = self._stored_counts.pop(tracker.sender_id, None)
            if stored is None:  # saved without being read first in this process
                counted = sa.select([sa.func.count()]).select_from(
                    self._session_events(tracker.sender_id, False).subquery()
                )
                stored = int(connection.execute(counted).scalar_one())
            rows = [self._row(tracker.sender_id, event) for event in itertools.islice(tracker.events, stored, None)]
            if stored + len(rows) > MAX_SESSION_EVENTS:
                rows += [self._row(tracker.sender_id, event) for event in _session_rollover(tracker)]
            if rows:
                connection.execute(events.insert(), rows)

    @staticmethod
    def _row(sender_id: str, event: Event) -> dict[str, Any]:
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }

    def _purge_when_due(self) -> None:
        if self.retention_days <= 0 or time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + PURGE_INTERVAL_SECONDS
        cutoff = time.time() - self.retention_days * SECONDS_PER_DAY
        try:
            deleted = self.delete_conversations_older_than(cutoff)
            # Votes quote the questions of the conversations they were given in: they go with them.
            FeedbackStore(str(self.engine.url), engine=self.engine).delete_older_than(cutoff)
        except sa.exc.SQLAlchemyError:
            logger.exception("conversation store: deleting old conversations failed; will try again later")
            return
        if deleted:
            logger.info(
                "conversation store: deleted %d events of conversations idle for %d days", deleted, self.retention_days
            )

    def delete_conversations_older_than(self, cutoff: float) -> int:
        """Deletes every conversation whose latest event is older than cutoff (a Unix time); events deleted."""
        events = self.SQLEvent.__table__
        stale = (
            sa.select([events.c.sender_id])
            .group_by(events.c.sender_id)
            .having(sa.func.max(events.c.timestamp) < cutoff)
        )
        with self.engine.begin() as connection:
            result = connection.execute(events.delete().where(events.c.sender_id.in_(stale)))
        return int(result.rowcount or 0)


def _session_rollover(tracker: DialogueStateTracker) -> list[Event]:
    """A new session after the turn just saved, with every slot that has a value carried over."""
    now = time.time()
    carried = [
        SlotSet(slot.name, slot.value, timestamp=now)
        for slot in tracker.slots.values()
        if slot.value != slot.initial_value
    ]
    return [SessionStarted(timestamp=now), *carried, ActionExecuted(ACTION_LISTEN_NAME, timestamp=now)]


class ConversationNotSaved(RuntimeError):
    """A turn's events were deliberately not written (the conversation could not be read first)."""


def _short(sender_id: str) -> str:
    # Session ids are secrets (whoever knows one can continue that conversation): never log them whole.
    return f"{sender_id[:6]}..."
