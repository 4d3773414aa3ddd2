"""Finds, parses and validates the YAML content files, turning them into table rows.

Validation runs over every file before the database is touched, and reports each problem with
its file, its entry and what is wrong: the shape of each entry (`content_schema`), then what
spans entries (`content_checks`). Only content with no problem at all becomes rows (`content_rows`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.knowledge import content_schema as schema
from bot.knowledge.content_checks import check_content
from bot.knowledge.content_problems import ContentError, ContentProblem
from bot.knowledge.content_rows import ContentRows, build_rows
from bot.knowledge.parsed_content import Located, ParsedContent

__all__ = ["ContentError", "ContentProblem", "ContentRows", "ParsedContent", "parse_content", "read_content"]

CONTENT_SUFFIX = ".yml"
ROLES_FOLDER = "roles"
NOT_CONTENT = {"README.md"}
# The key whose value names an entry best in messages, in order of preference.
NAMING_KEYS = ("id", "code", "role", "roles", "from", "skill")

# libyaml's safe loader parses the content several times faster than the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _describe(location: tuple[int | str, ...]) -> str:
    text = ""
    for part in location:
        if part == "from_":
            part = "from"
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _messages(error: ValidationError) -> list[str]:
    """pydantic's errors, worded for someone editing YAML."""
    messages = []
    for detail in error.errors():
        where = _describe(detail["loc"])
        kind = detail["type"]
        if kind == "value_error.extra":
            messages.append(f"unknown key '{where}' (misspelt?)")
        elif kind == "value_error.missing":
            messages.append(f"missing key '{where}'")
        elif kind == "value_error.any_str.min_length":
            messages.append(f"'{where}' must not be empty")
        elif kind == "value_error.str.regex" and where.split(".")[-1].startswith("url"):
            messages.append(f"'{where}' is not a valid http(s) URL")
        elif kind == "value_error.str.regex":
            messages.append(f"'{where}' must be lowercase letters, digits, '_' or '-' (or a code like 15-2051.00)")
        elif where and detail["msg"].startswith("is "):
            messages.append(f"'{where}' {detail['msg']}")
        else:
            messages.append(f"'{where}': {detail['msg']}" if where else detail["msg"])
    return messages


# How messages name one entry of each kind (the YAML key is plural, one entry is not).
ENTRY_NAMES = {
    "sources": "source",
    "categories": "category",
    "skills": "skill",
    "contrasts": "contrast",
    "terms": "term",
    "certifications": "certification",
    "certification_value": "certification view",
    "resources": "resource",
    "projects": "project",
    "levels": "level",
    "transitions": "transition",
    "employers": "employer",
    "fit_dimensions": "fit dimension",
    "role_fit": "role fit",
    "occupations": "occupation",
    "role_occupations": "role occupation",
}


def _name_of(kind: str, index: int, raw: Any) -> str:
    """'contrast mle vs data_scientist', 'transition data_analyst -> mle', or 'terms[3]' when unnamed."""
    name = ENTRY_NAMES.get(kind, kind)
    if not isinstance(raw, dict):
        return f"{kind}[{index}]"
    if isinstance(raw.get("from"), str) and isinstance(raw.get("to"), str):
        return f"{name} {raw['from']} -> {raw['to']}"
    if kind in ("role_fit", "role_occupations") and isinstance(raw.get("role"), str):
        detail = raw.get("dimension", raw.get("code"))
        return f"{name} {raw['role']}" + (f" / {detail}" if isinstance(detail, str) else "")
    for key in NAMING_KEYS:
        value = raw.get(key)
        if isinstance(value, str):
            return f"{name} {value}"
        if isinstance(value, list) and value and all(isinstance(part, str) for part in value):
            return f"{name} {' vs '.join(value)}"
    return f"{kind}[{index}]"


def _read_yaml(path: Path, relative: str, problems: list[ContentProblem]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        problems.append(ContentProblem(relative, "file", f"invalid YAML: {error}"))
    except (OSError, UnicodeDecodeError) as error:
        problems.append(ContentProblem(relative, "file", f"cannot read: {error}"))
    return None


def _parse_role(relative: str, stem: str, document: Any, parsed: ParsedContent, problems: list[ContentProblem]) -> None:
    entry = f"role {document.get('id', stem)}" if isinstance(document, dict) else "file"
    try:
        role = schema.Role.parse_obj(document)
    except ValidationError as error:
        problems.extend(ContentProblem(relative, entry, message) for message in _messages(error))
        parsed.set_aside("roles", document)
        return
    if role.id != stem:
        problems.append(ContentProblem(relative, entry, f"role id {role.id!r} must match the file name {stem!r}"))
        return
    parsed.roles.append(Located(relative, entry, role))


def _parse_lists(relative: str, document: Any, parsed: ParsedContent, problems: list[ContentProblem]) -> None:
    if not isinstance(document, dict) or not document:
        problems.append(ContentProblem(relative, "file", "expected top-level lists such as 'sources:' or 'skills:'"))
        return
    for kind, entries in document.items():
        fields = schema.ContentFile.__fields__
        if kind not in fields:
            known = ", ".join(fields)
            problems.append(ContentProblem(relative, "file", f"unknown top-level key {kind!r}; use one of {known}"))
            continue
        if not isinstance(entries, list):
            problems.append(ContentProblem(relative, kind, f"'{kind}' must be a list"))
            continue
        model: type[BaseModel] = fields[kind].type_
        for index, raw in enumerate(entries):
            entry = _name_of(kind, index, raw)
            try:
                parsed.of(kind).append(Located(relative, entry, model.parse_obj(raw)))
            except ValidationError as error:
                problems.extend(ContentProblem(relative, entry, message) for message in _messages(error))
                parsed.set_aside(kind, raw, "code" if kind == "occupations" else "id")


def content_paths(content_dir: Path) -> list[Path]:
    return sorted(path for path in content_dir.rglob("*") if path.is_file())


def parse_content(content_dir: Path, problems: list[ContentProblem]) -> ParsedContent:
    """Every entry that has the right shape; each one that has not becomes a problem."""
    parsed = ParsedContent()
    paths = content_paths(content_dir)
    if not paths:
        problems.append(ContentProblem(str(content_dir), "folder", "holds no content files"))
    for path in paths:
        relative = str(path.relative_to(content_dir))
        if path.name in NOT_CONTENT and path.parent == content_dir:
            continue
        if path.suffix != CONTENT_SUFFIX:
            problems.append(
                ContentProblem(relative, "file", f"is not a content file: content files end in {CONTENT_SUFFIX}")
            )
            continue
        document = _read_yaml(path, relative, problems)
        if document is None and relative not in {problem.file for problem in problems}:
            problems.append(ContentProblem(relative, "file", "is empty"))
        elif path.parent == content_dir / ROLES_FOLDER:
            _parse_role(relative, path.stem, document, parsed, problems)
        elif document is not None:
            _parse_lists(relative, document, parsed, problems)
    return parsed


def read_content(content_dir: Path) -> ContentRows:
    """Validates every content file and returns the rows; raises ContentError listing all problems."""
    problems: list[ContentProblem] = []
    parsed = parse_content(content_dir, problems)
    check_content(parsed, problems)
    if problems:
        raise ContentError(problems)
    return build_rows(parsed)
