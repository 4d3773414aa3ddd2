"""Engine and per-request sessions for the knowledge database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.knowledge.models import Base


class KnowledgeBaseUnavailable(RuntimeError):
    """The knowledge database cannot be reached or has not been built."""


def sqlite_path(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.query.get("mode") == "memory":  # a named in-memory database (bot/knowledge/memory_copy.py)
        return None
    return Path(url.database)


def enable_sqlite_foreign_keys(engine: Engine) -> None:
    # SQLite ignores foreign keys unless every connection asks for them.
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    event.listen(engine, "connect", _on_connect)


def make_engine(database_url: str) -> Engine:
    engine = create_engine(database_url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        enable_sqlite_foreign_keys(engine)
    return engine


class SessionSource(Protocol):
    """Where a reader's session comes from: the database itself, or its copy in memory."""

    def session(self, *, write: bool = False) -> AbstractContextManager[Session]: ...


class Database:
    """Owns the engine; hands out one short-lived session per request."""

    def __init__(self, database_url: str, engine: Engine | None = None) -> None:
        self.url = database_url
        self._engine: Engine | None = engine
        self._sessions: sessionmaker | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

    def _session_factory(self) -> sessionmaker:
        if self._sessions is None:
            self._sessions = sessionmaker(bind=self.engine, future=True, expire_on_commit=False)
        return self._sessions

    def create_schema(self) -> None:
        """Creates the tables; tables of an older layout are rebuilt, since the content files hold the truth."""
        path = sqlite_path(self.url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        if not self._layout_matches():
            Base.metadata.drop_all(self.engine)
        Base.metadata.create_all(self.engine)

    def _layout_matches(self) -> bool:
        """True when every existing table has exactly the columns the models declare."""
        inspector = inspect(self.engine)
        existing = set(inspector.get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name in existing:
                columns = {column["name"] for column in inspector.get_columns(table.name)}
                if columns != {column.name for column in table.columns}:
                    return False
        return True

    def is_built(self) -> bool:
        path = sqlite_path(self.url)
        if path is not None and not path.exists():
            return False
        try:
            return bool(inspect(self.engine).has_table("roles"))
        except SQLAlchemyError:
            return False

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session for one request; readers refuse to create a missing SQLite file."""
        path = sqlite_path(self.url)
        if not write and path is not None and not path.exists():
            raise KnowledgeBaseUnavailable(f"the knowledge database {path} does not exist (build it with `make db`)")
        try:
            with self._session_factory()() as session:
                yield session
                if write:
                    session.commit()
        except SQLAlchemyError as error:
            raise KnowledgeBaseUnavailable(f"knowledge database error: {error}") from error
