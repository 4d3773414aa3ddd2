"""The knowledge database copied into this process's memory, reloaded when its content changes.

The knowledge is read-only while the assistant runs and small (a few thousand rows), yet an action
server answering from PostgreSQL spends most of a turn on round trips for it. A copy in
in-memory SQLite databases keeps the queries exactly as they are (the same models, one session per
request) and takes the network out; the records readers build from it are kept with it
(`kept_results`), so a request mostly reads records built before. Every `check_seconds` the copy
compares the digest the loader wrote (`knowledge_version`) with its own and reloads when they differ.
If the source cannot be reached, the copy it has keeps answering; without one, readers get `KnowledgeBaseUnavailable`.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool, StaticPool

from bot.knowledge.database import Database, KnowledgeBaseUnavailable, enable_sqlite_foreign_keys
from bot.knowledge.fact_search import fact_search_for
from bot.knowledge.kept_results import SESSION_KEY, KeptResults
from bot.knowledge.models import Base, KnowledgeVersion

logger = logging.getLogger(__name__)


class _Copy:
    """One loaded copy: a private in-memory SQLite database for each pooled connection.

    SQLite's shared-cache memory databases crash under concurrent threads, so the copy is loaded
    once into a master connection and each connection of the pool starts from a backup of it (the
    whole knowledge is about 1.5 MB).
    """

    def __init__(self, digest: str | None) -> None:
        self.digest = digest
        self._master = sqlite3.connect(":memory:", check_same_thread=False)
        self._master_lock = threading.Lock()
        # Connections are used by one thread at a time (the pool hands each to one request).
        engine = create_engine("sqlite://", creator=self._connection, poolclass=QueuePool, pool_size=8, future=True)
        enable_sqlite_foreign_keys(engine)
        self.database = Database("sqlite://", engine=engine)
        # Records read from this copy stay true as long as it serves (a reload makes a new copy).
        self.kept_results = KeptResults()

    def _connection(self) -> sqlite3.Connection:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        with self._master_lock:
            self._master.backup(connection)
        return connection

    def fill_from(self, source: Database) -> None:
        master = create_engine("sqlite://", creator=lambda: self._master, poolclass=StaticPool, future=True)
        Base.metadata.create_all(master)
        with source.engine.connect() as reading, master.begin() as writing:
            for table in Base.metadata.sorted_tables:
                rows = [dict(row) for row in reading.execute(table.select()).mappings()]
                if rows:
                    writing.execute(table.insert(), rows)
            fact_search_for(master).rebuild(writing)

    def close(self) -> None:
        # Sessions still open on this copy hold connections of their own, so they finish undisturbed.
        self.database.engine.dispose()
        self._master.close()


class KnowledgeCopy:
    """Hands out sessions on the in-memory copy of `source`, like `Database.session` does on the source."""

    def __init__(self, source: Database, check_seconds: float = 30.0) -> None:
        self.source = source
        self.check_seconds = check_seconds
        self._copy: _Copy | None = None
        self._next_check = 0.0
        self._lock = threading.Lock()

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        if write:
            raise ValueError("the in-memory copy is read-only: write to the source database")
        copy = self._current()
        with copy.database.session() as session:
            session.info[SESSION_KEY] = copy.kept_results
            yield session

    def _current(self) -> _Copy:
        copy = self._copy
        if copy is not None and time.monotonic() < self._next_check:
            return copy
        with self._lock:  # one thread checks and reloads; the others wait for the result
            if self._copy is None or time.monotonic() >= self._next_check:
                self._refresh()
            assert self._copy is not None  # _refresh raises when it has nothing to serve
            return self._copy

    def _refresh(self) -> None:
        try:
            digest = self._source_digest()
            if self._copy is None or digest is None or digest != self._copy.digest:
                fresh = _Copy(digest)
                try:
                    fresh.fill_from(self.source)
                except BaseException:
                    fresh.close()
                    raise
                stale, self._copy = self._copy, fresh
                if stale is not None:
                    stale.close()
                    logger.info("knowledge: the content changed; reloaded the in-memory copy")
        except (SQLAlchemyError, KnowledgeBaseUnavailable) as error:
            if self._copy is None:
                if isinstance(error, KnowledgeBaseUnavailable):
                    raise
                raise KnowledgeBaseUnavailable(f"knowledge database error: {error}") from error
            logger.warning("knowledge: the database cannot be reached (%s); answering from the copy in memory", error)
        self._next_check = time.monotonic() + self.check_seconds

    def _source_digest(self) -> str | None:
        # Raises KnowledgeBaseUnavailable saying why: a missing file, tables not built, no connection.
        with self.source.session() as session:
            digest: str | None = session.execute(select(KnowledgeVersion.digest)).scalar_one_or_none()
            return digest
