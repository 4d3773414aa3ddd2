"""Reads and validates the YAML content files, turning them into table rows.

Validation runs over every file before the database is touched, and reports each problem with
its file, its entry and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import models
from bot.knowledge.text import normalise

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")
MIN_ASPECTS = 3

Row = dict[str, Any]


@dataclass(frozen=True)
class ContentProblem:
    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}"


class ContentError(ValueError):
    """The content files are malformed; nothing was written."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the knowledge content:\n{lines}")


@dataclass
class ContentRows:
    """The desired rows of every table, keyed by model."""

    rows: dict[type[models.Base], list[Row]] = field(
        default_factory=lambda: {model: [] for model in models.MODELS_IN_DEPENDENCY_ORDER}
    )

    def add(self, model: type[models.Base], **values: Any) -> None:
        self.rows[model].append(values)


class _Checker:
    """Collects problems for one file so validation can report all of them at once."""

    def __init__(self, file: str, problems: list[ContentProblem]) -> None:
        self.file = file
        self.problems = problems

    def fail(self, entry: str, message: str) -> None:
        self.problems.append(ContentProblem(self.file, entry, message))

    def text(self, value: Any, entry: str, key: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(entry, f"'{key}' must be a non-empty string")
            return None
        return value.strip()

    def identifier(self, value: Any, entry: str, key: str = "id") -> str | None:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.fail(entry, f"'{key}' must be lowercase letters, digits, '_' or '-', got {value!r}")
            return None
        return value

    def mapping(self, value: Any, entry: str, required: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(entry, f"expected a mapping, got {type(value).__name__}")
            return None
        missing = [key for key in required if key not in value]
        if missing:
            self.fail(entry, f"missing key(s): {', '.join(missing)}")
            return None
        return value

    def listing(self, value: Any, entry: str, key: str, *, optional: bool = False) -> list[Any]:
        if value is None and optional:
            return []
        if not isinstance(value, list):
            self.fail(entry, f"'{key}' must be a list")
            return []
        return value

    def reference(self, value: Any, known: set[str], entry: str, key: str, kind: str) -> str | None:
        if not isinstance(value, str) or value not in known:
            self.fail(entry, f"'{key}' names unknown {kind} {value!r}")
            return None
        return value

    def fact(self, value: Any, sources: set[str], entry: str) -> tuple[str, str] | None:
        value = self.mapping(value, entry, ("text", "source"))
        if value is None:
            return None
        text = self.text(value["text"], entry, "text")
        source = self.reference(value["source"], sources, entry, "source", "source")
        return (text, source) if text and source else None


# libyaml's safe loader parses the content several times faster than the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path, root: Path, problems: list[ContentProblem]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        problems.append(ContentProblem(str(path.relative_to(root)), "file", f"invalid YAML: {error}"))
    except OSError as error:
        problems.append(ContentProblem(str(path.relative_to(root)), "file", f"cannot read: {error}"))
    return None


def _top_list(document: Any, key: str, check: _Checker) -> list[Any]:
    entries = document.get(key) if isinstance(document, dict) else None
    if not isinstance(entries, list):
        check.fail("file", f"expected a top-level '{key}:' list")
        return []
    return entries


def _aliases(check: _Checker, entry: str, name: str, aliases: Any, owner: str, seen: dict[str, str]) -> list[str]:
    result = []
    for alias in [name, *check.listing(aliases, entry, "aliases", optional=True)]:
        if not isinstance(alias, str) or not normalise(alias):
            check.fail(entry, f"alias {alias!r} must be a non-empty string")
            continue
        key = normalise(alias)
        if key in seen and seen[key] != owner:
            check.fail(entry, f"alias {alias!r} is already used by {seen[key]!r}")
            continue
        if key not in seen:
            seen[key] = owner
            result.append(key)
    return result


def _load_sources(document: Any, check: _Checker, rows: ContentRows) -> set[str]:
    known: set[str] = set()
    for index, item in enumerate(_top_list(document, "sources", check)):
        entry = f"sources[{index}]"
        item = check.mapping(item, entry, ("id", "title"))
        if item is None:
            continue
        source_id = check.identifier(item["id"], entry)
        title = check.text(item["title"], entry, "title")
        if source_id in known:
            check.fail(entry, f"duplicate source id {source_id!r}")
        elif source_id and title:
            known.add(source_id)
            rows.add(
                models.Source,
                id=source_id,
                title=title,
                publisher=check.text(item.get("publisher"), entry, "publisher", optional=True),
                url=check.text(item.get("url"), entry, "url", optional=True),
            )
    return known


def _load_skills(document: Any, check: _Checker, rows: ContentRows, sources: set[str]) -> set[str]:
    categories: set[str] = set()
    for index, item in enumerate(_top_list(document, "categories", check)):
        entry = f"categories[{index}]"
        item = check.mapping(item, entry, ("id", "name"))
        if item is None:
            continue
        category_id = check.identifier(item["id"], entry)
        name = check.text(item["name"], entry, "name")
        if category_id and name and category_id not in categories:
            categories.add(category_id)
            rows.add(models.SkillCategory, id=category_id, name=name, position=index)

    skills: set[str] = set()
    aliases: dict[str, str] = {}
    for index, item in enumerate(_top_list(document, "skills", check)):
        entry = f"skills[{index}]"
        item = check.mapping(item, entry, ("id", "name", "category", "description", "source"))
        if item is None:
            continue
        skill_id = check.identifier(item["id"], entry)
        entry = f"skill {skill_id or index}"
        name = check.text(item["name"], entry, "name")
        category = check.reference(item["category"], categories, entry, "category", "category")
        description = check.text(item["description"], entry, "description")
        source = check.reference(item["source"], sources, entry, "source", "source")
        if skill_id in skills:
            check.fail(entry, "duplicate skill id")
            continue
        if not (skill_id and name and category and description and source):
            continue
        skills.add(skill_id)
        rows.add(
            models.Skill,
            id=skill_id,
            name=name,
            category_id=category,
            description=description,
            source_id=source,
        )
        for alias in _aliases(check, entry, name, item.get("aliases"), skill_id, aliases):
            rows.add(models.SkillAlias, alias=alias, skill_id=skill_id)
    return skills


def _load_role(
    path: Path,
    document: Any,
    check: _Checker,
    rows: ContentRows,
    sources: set[str],
    skills: set[str],
    aliases: dict[str, str],
) -> str | None:
    required = ("id", "name", "plural", "summary", "workplace", "duties", "skills")
    document = check.mapping(document, "file", required)
    if document is None:
        return None
    role_id = check.identifier(document["id"], "id")
    if role_id and role_id != path.stem:
        check.fail("id", f"role id {role_id!r} must match the file name {path.stem!r}")
    entry = f"role {role_id}"
    name = check.text(document["name"], entry, "name")
    plural = check.text(document["plural"], entry, "plural")
    summary = check.fact(document["summary"], sources, f"{entry} summary")
    workplace = check.fact(document["workplace"], sources, f"{entry} workplace")
    if not (role_id and name and plural and summary and workplace):
        return None
    rows.add(
        models.Role,
        id=role_id,
        name=name,
        plural=plural,
        summary=summary[0],
        summary_source_id=summary[1],
        workplace=workplace[0],
        workplace_source_id=workplace[1],
    )
    for alias in _aliases(check, entry, name, document.get("aliases"), role_id, aliases):
        rows.add(models.RoleAlias, alias=alias, role_id=role_id)
    if plural:
        for alias in _aliases(check, entry, plural, [], role_id, aliases):
            rows.add(models.RoleAlias, alias=alias, role_id=role_id)

    for position, item in enumerate(check.listing(document["duties"], entry, "duties")):
        fact = check.fact(item, sources, f"{entry} duties[{position}]")
        if fact:
            rows.add(models.Duty, role_id=role_id, position=position, text=fact[0], source_id=fact[1])

    linked: set[str] = set()
    for position, item in enumerate(check.listing(document["skills"], entry, "skills")):
        where = f"{entry} skills[{position}]"
        item = check.mapping(item, where, ("skill", "importance", "source"))
        if item is None:
            continue
        skill = check.reference(item["skill"], skills, where, "skill", "skill")
        importance = check.reference(
            item["importance"], set(models.IMPORTANCE_LEVELS), where, "importance", "importance level"
        )
        source = check.reference(item["source"], sources, where, "source", "source")
        if skill in linked:
            check.fail(where, f"skill {skill!r} is linked twice")
            continue
        if skill and importance and source:
            linked.add(skill)
            rows.add(
                models.RoleSkill,
                role_id=role_id,
                skill_id=skill,
                importance=importance,
                position=position,
                note=check.text(item.get("note"), where, "note", optional=True),
                source_id=source,
            )

    career = document.get("career") or {}
    if not isinstance(career, dict):
        check.fail(f"{entry} career", "expected a mapping of path/background/outlook lists")
        career = {}
    for topic, facts in career.items():
        if topic not in models.CAREER_TOPICS:
            check.fail(f"{entry} career", f"unknown topic {topic!r}; use one of {models.CAREER_TOPICS}")
            continue
        for position, item in enumerate(check.listing(facts, entry, f"career.{topic}")):
            fact = check.fact(item, sources, f"{entry} career.{topic}[{position}]")
            if fact:
                rows.add(
                    models.CareerFact,
                    role_id=role_id,
                    topic=topic,
                    position=position,
                    text=fact[0],
                    source_id=fact[1],
                )
    return role_id


def contrast_id(first: str, second: str) -> str:
    return f"{first}--{second}"


def _load_contrasts(document: Any, check: _Checker, rows: ContentRows, sources: set[str], roles: set[str]) -> None:
    pairs: set[frozenset[str]] = set()
    for index, item in enumerate(_top_list(document, "contrasts", check)):
        entry = f"contrasts[{index}]"
        item = check.mapping(item, entry, ("roles", "summary", "aspects"))
        if item is None:
            continue
        pair = item["roles"]
        if not (isinstance(pair, list) and len(pair) == 2 and pair[0] != pair[1]):
            check.fail(entry, "'roles' must list two different role ids")
            continue
        first = check.reference(pair[0], roles, entry, "roles", "role")
        second = check.reference(pair[1], roles, entry, "roles", "role")
        if not (first and second):
            continue
        entry = f"contrast {first} vs {second}"
        if frozenset(pair) in pairs:
            check.fail(entry, "this pair of roles is contrasted twice")
            continue
        pairs.add(frozenset(pair))
        summary = check.fact(item["summary"], sources, f"{entry} summary")
        aspects = check.listing(item["aspects"], entry, "aspects")
        if len(aspects) < MIN_ASPECTS:
            check.fail(entry, f"needs at least {MIN_ASPECTS} aspects, has {len(aspects)}")
        if not summary:
            continue
        key = contrast_id(first, second)
        rows.add(
            models.Contrast,
            id=key,
            first_role_id=first,
            second_role_id=second,
            summary=summary[0],
            source_id=summary[1],
        )
        for position, aspect in enumerate(aspects):
            where = f"{entry} aspects[{position}]"
            aspect = check.mapping(aspect, where, ("aspect", "first", "second", "source"))
            if aspect is None:
                continue
            values = [check.text(aspect[key_], where, key_) for key_ in ("aspect", "first", "second")]
            source = check.reference(aspect["source"], sources, where, "source", "source")
            if all(values) and source:
                rows.add(
                    models.ContrastAspect,
                    contrast_id=key,
                    position=position,
                    aspect=values[0],
                    first=values[1],
                    second=values[2],
                    source_id=source,
                )


def _load_terms(document: Any, check: _Checker, rows: ContentRows, sources: set[str]) -> None:
    terms: set[str] = set()
    aliases: dict[str, str] = {}
    for index, item in enumerate(_top_list(document, "terms", check)):
        entry = f"terms[{index}]"
        item = check.mapping(item, entry, ("id", "name", "definition"))
        if item is None:
            continue
        term_id = check.identifier(item["id"], entry)
        entry = f"term {term_id or index}"
        name = check.text(item["name"], entry, "name")
        definition = check.fact(item["definition"], sources, f"{entry} definition")
        if term_id in terms:
            check.fail(entry, "duplicate term id")
            continue
        if not (term_id and name and definition):
            continue
        terms.add(term_id)
        rows.add(models.Term, id=term_id, name=name, definition=definition[0], source_id=definition[1])
        for alias in _aliases(check, entry, name, item.get("aliases"), term_id, aliases):
            rows.add(models.TermAlias, alias=alias, term_id=term_id)
        for position, example in enumerate(check.listing(item.get("examples"), entry, "examples", optional=True)):
            fact = check.fact(example, sources, f"{entry} examples[{position}]")
            if fact:
                rows.add(models.TermExample, term_id=term_id, position=position, text=fact[0], source_id=fact[1])


def read_content(content_dir: Path) -> ContentRows:
    """Validates every content file and returns the rows; raises ContentError listing all problems."""
    problems: list[ContentProblem] = []
    rows = ContentRows()

    def checked(relative: str, load: Callable[[Any, _Checker], Any]) -> Any:
        path = content_dir / relative
        check = _Checker(relative, problems)
        if not path.exists():
            check.fail("file", "is missing")
            return set()
        return load(_read_yaml(path, content_dir, problems), check)

    sources = checked("sources.yml", lambda doc, check: _load_sources(doc, check, rows))
    skills = checked("skills.yml", lambda doc, check: _load_skills(doc, check, rows, sources))

    roles: set[str] = set()
    role_aliases: dict[str, str] = {}
    role_files = sorted((content_dir / "roles").glob("*.yml"))
    if not role_files:
        problems.append(ContentProblem("roles/", "folder", "holds no role files"))
    for path in role_files:
        relative = str(path.relative_to(content_dir))
        role_id = _load_role(
            path,
            _read_yaml(path, content_dir, problems),
            _Checker(relative, problems),
            rows,
            sources,
            skills,
            role_aliases,
        )
        if role_id:
            roles.add(role_id)

    checked("contrasts.yml", lambda doc, check: _load_contrasts(doc, check, rows, sources, roles))
    checked("terms.yml", lambda doc, check: _load_terms(doc, check, rows, sources))
    if problems:
        raise ContentError(problems)
    return rows
