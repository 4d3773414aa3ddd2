"""The shipped content files, read straight from YAML.

Expected values in the tests come from here, never from the knowledge layer under test, so a query or
loader bug cannot produce the expected value and the actual one alike.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONTENT_DIR = PROJECT_ROOT / "bot" / "knowledge" / "content"
IMPORTANCE_ORDER = ("essential", "important", "useful")

Entry = dict[str, Any]


@cache
def _parsed(relative: str) -> Any:
    # libyaml's loader when present: the tests read these files hundreds of times.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((CONTENT_DIR / relative).read_text(encoding="utf-8"), Loader=loader)  # a safe loader


def load(relative: str) -> Any:
    """A fresh copy each time, so a test that edits what it got cannot change what the next one reads."""
    return copy.deepcopy(_parsed(relative))


def text(fact: Entry) -> str:
    """A fact's text as users read it (the loader trims surrounding whitespace)."""
    value = fact["text"]
    assert isinstance(value, str) and value.strip(), fact
    return value.strip()


def role_ids() -> list[str]:
    return sorted(path.stem for path in (CONTENT_DIR / "roles").glob("*.yml"))


def role(role_id: str) -> Entry:
    document = load(f"roles/{role_id}.yml")
    assert isinstance(document, dict) and document["id"] == role_id
    return document


def duties(role_id: str) -> list[str]:
    return [text(duty) for duty in role(role_id)["duties"]]


def role_skill_links(role_id: str) -> list[Entry]:
    """The role's skill entries in file order."""
    return list(role(role_id)["skills"])


def role_skill_ids(role_id: str, importance: str | None = None) -> list[str]:
    return [
        link["skill"] for link in role_skill_links(role_id) if importance is None or link["importance"] == importance
    ]


def career(role_id: str, topic: str) -> list[str]:
    return [text(fact) for fact in (role(role_id).get("career") or {}).get(topic, [])]


def entries(kind: str) -> list[Entry]:
    """Every entry of one top-level key, from every content file outside roles/, in file order."""
    found: list[Entry] = []
    for path in sorted(CONTENT_DIR.rglob("*.yml")):
        relative = str(path.relative_to(CONTENT_DIR))
        if not relative.startswith("roles/"):
            found.extend(load(relative).get(kind) or [])
    return found


def cited(fact: Entry) -> list[str]:
    """The source ids a fact cites, in order."""
    return [citation["source"] for citation in fact["cite"]]


def sources() -> dict[str, Entry]:
    return {source["id"]: source for source in entries("sources")}


def skills() -> dict[str, Entry]:
    return {skill["id"]: skill for skill in entries("skills")}


def categories() -> dict[str, str]:
    """Category id -> display name."""
    return {category["id"]: category["name"] for category in entries("categories")}


def terms() -> dict[str, Entry]:
    return {term["id"]: term for term in entries("terms")}


def contrast(first_id: str, second_id: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The stored contrast of two roles oriented as asked: summary and (aspect, first's text, second's text)."""
    for entry in entries("contrasts"):
        stored = list(entry["roles"])
        if stored in ([first_id, second_id], [second_id, first_id]):
            swapped = stored[0] != first_id
            aspects = [
                (
                    aspect["aspect"],
                    (aspect["second"] if swapped else aspect["first"]).strip(),
                    (aspect["first"] if swapped else aspect["second"]).strip(),
                )
                for aspect in entry["aspects"]
            ]
            return text(entry["summary"]), aspects
    raise LookupError(f"no contrast of {first_id} and {second_id} in the content")


def _facts_in(value: Any) -> list[Entry]:
    if isinstance(value, dict):
        found = [value] if "cite" in value else []
        for item in value.values():
            found.extend(_facts_in(item))
        return found
    if isinstance(value, list):
        return [fact for item in value for fact in _facts_in(item)]
    return []


def all_facts() -> list[Entry]:
    """Every cited entry of every content file, found by walking the YAML (not through the loader)."""
    return [
        fact
        for path in sorted(CONTENT_DIR.rglob("*.yml"))
        for fact in _facts_in(load(str(path.relative_to(CONTENT_DIR))))
    ]
