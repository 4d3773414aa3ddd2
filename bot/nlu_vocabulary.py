"""The NLU's vocabulary, generated from the knowledge content so there is one list of names.

Every role, skill, skill category and term alias in the content becomes an entity synonym (what the
user typed -> the id) and a lookup-table entry (a feature that helps the entity tagger spot names it
has not seen in training examples). `python -m bot train` regenerates the file first; a test fails
when the committed file is stale.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from bot.knowledge import models
from bot.knowledge.content_files import read_content
from bot.settings import PROJECT_ROOT

VOCABULARY_FILE = PROJECT_ROOT / "data" / "nlu" / "vocabulary.yml"
HEADER = (
    "# Generated from bot/knowledge/content by `python -m bot nlu-vocabulary`: do not edit by hand.\n"
    "# Entity synonyms (what users type -> knowledge-base id) and lookup tables for the entity tagger.\n"
)
# Entity -> (alias table, the column naming the id).
ENTITY_ALIASES: dict[str, tuple[type[models.Base], str]] = {
    "role": (models.RoleAlias, "role_id"),
    "skill": (models.SkillAlias, "skill_id"),
    "term": (models.TermAlias, "term_id"),
}


def _block(key: str, name: str, values: list[str]) -> str:
    lines = "".join(f"    - {value}\n" for value in values)
    return f"- {key}: {name}\n  examples: |\n{lines}"


def vocabulary(content_dir: Path) -> str:
    rows = read_content(content_dir)
    owners: dict[str, set[str]] = defaultdict(set)
    lookups: dict[str, list[str]] = defaultdict(list)
    sources = {**ENTITY_ALIASES, "skill category": (models.SkillCategoryAlias, "category_id")}
    for entity, (model, id_column) in sources.items():
        for row in rows.rows[model]:
            alias, owner = str(row["alias"]), str(row[id_column])
            lookups["skill" if entity == "skill category" else entity].append(alias)
            owners[alias].add(owner)
    # Rasa maps synonyms whatever the entity type, so a name two kinds share ("machine learning": the
    # term and the skill category) maps to neither; the actions resolve it from the question instead.
    synonyms: dict[str, list[str]] = defaultdict(list)
    for alias, found in owners.items():
        if len(found) == 1 and alias not in found:
            synonyms[next(iter(found))].append(alias)
    blocks = [_block("synonym", owner, sorted(set(synonyms[owner]))) for owner in sorted(synonyms)]
    blocks += [_block("lookup", entity, sorted(set(lookups[entity]))) for entity in sorted(lookups)]
    return HEADER + 'version: "3.1"\n\nnlu:\n' + "\n".join(blocks)


def write_vocabulary(content_dir: Path, target: Path = VOCABULARY_FILE) -> bool:
    """Writes the file when its content changed; True when it did."""
    text = vocabulary(content_dir)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True
