"""Content that has passed the shape checks, each entry with the place it was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from bot.knowledge import content_schema as schema

Model = TypeVar("Model", bound=BaseModel)
CITED_BY_UNPARSED = "cited sources"


def _cited_sources(raw: Any) -> set[str]:
    if isinstance(raw, list):
        return {source for item in raw for source in _cited_sources(item)}
    if not isinstance(raw, dict):
        return set()
    found = (
        {
            citation["source"]
            for citation in raw.get("cite") or []
            if isinstance(citation, dict) and isinstance(citation.get("source"), str)
        }
        if isinstance(raw.get("cite"), list)
        else set()
    )
    return found | {source for value in raw.values() for source in _cited_sources(value)}


@dataclass(frozen=True)
class Located(Generic[Model]):
    """One validated entry and where it was written, so later checks can point at it."""

    file: str
    entry: str
    item: Model


@dataclass
class ParsedContent:
    """Every valid entry of every kind, in file order."""

    roles: list[Located[schema.Role]] = field(default_factory=list)
    kinds: dict[str, list[Located[Any]]] = field(
        default_factory=lambda: {kind: [] for kind in schema.ContentFile.__fields__}
    )

    # Ids of entries that failed their shape check, so references to them are not reported a second time.
    unparsed: dict[str, set[str]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Located[Any]]:
        return self.kinds[kind]

    def set_aside(self, kind: str, raw: Any, key: str = "id") -> None:
        """Remembers what a misshapen entry names and cites, so only its own problems are reported."""
        if isinstance(raw, dict) and isinstance(raw.get(key), str):
            self.unparsed.setdefault(kind, set()).add(raw[key])
        self.unparsed.setdefault(CITED_BY_UNPARSED, set()).update(_cited_sources(raw))
