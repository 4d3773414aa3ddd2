"""Syncs the database with the content files: inserts, updates and deletes only what differs."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from bot.knowledge import models
from bot.knowledge.content_files import ContentRows, read_content
from bot.knowledge.database import Database
from bot.knowledge.fact_search import fact_search_for


@dataclass
class SyncReport:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)

    @property
    def changes(self) -> int:
        return sum(self.added.values()) + sum(self.updated.values()) + sum(self.removed.values())

    def summary(self) -> str:
        if not self.changes:
            return "Knowledge base is up to date: no changes."
        parts = []
        for label, counts in (("added", self.added), ("updated", self.updated), ("removed", self.removed)):
            detail = ", ".join(f"{count} {table}" for table, count in counts.items() if count)
            if detail:
                parts.append(f"{label} {detail}")
        return "Knowledge base synced: " + "; ".join(parts) + "."


def _key(model: type[models.Base], values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(values[column.name] for column in inspect(model).primary_key)


def _columns(model: type[models.Base]) -> list[str]:
    return [column.name for column in inspect(model).columns]


def _sync(session: Session, content: ContentRows) -> SyncReport:
    report = SyncReport()
    existing = {
        model: {
            _key(model, {c: getattr(row, c) for c in _columns(model)}): row
            for row in session.execute(select(model)).scalars()
        }
        for model in models.MODELS_IN_DEPENDENCY_ORDER
    }
    desired = {
        model: {_key(model, values): values for values in content.rows[model]}
        for model in models.MODELS_IN_DEPENDENCY_ORDER
    }
    # Children go first so no foreign key is left pointing at a removed row.
    for model in reversed(models.MODELS_IN_DEPENDENCY_ORDER):
        stale = [row for key, row in existing[model].items() if key not in desired[model]]
        for row in stale:
            session.delete(row)
        report.removed[model.__tablename__] = len(stale)
        session.flush()
    for model in models.MODELS_IN_DEPENDENCY_ORDER:
        added = updated = 0
        for key, values in desired[model].items():
            row = existing[model].get(key)
            if row is None:
                session.add(model(**values))
                added += 1
            elif any(getattr(row, column) != value for column, value in values.items()):
                for column, value in values.items():
                    setattr(row, column, value)
                updated += 1
        report.added[model.__tablename__] = added
        report.updated[model.__tablename__] = updated
        session.flush()
    return report


def content_digest(content: ContentRows) -> str:
    """The same content gives the same digest, whatever order the files were read in."""
    canonical = {
        model.__tablename__: sorted(json.dumps(values, sort_keys=True, default=str) for values in content.rows[model])
        for model in models.MODELS_IN_DEPENDENCY_ORDER
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def load_knowledge(database: Database, content_dir: Path) -> SyncReport:
    """Validates all content first, then syncs it in one transaction."""
    content = read_content(content_dir)
    database.create_schema()
    with database.session(write=True) as session:
        report = _sync(session, content)
        fact_search_for(database.engine).rebuild(session.connection())
        # Action servers keep the knowledge in memory and reload it when this digest changes.
        session.merge(models.KnowledgeVersion(id=1, digest=content_digest(content)))
        return report
