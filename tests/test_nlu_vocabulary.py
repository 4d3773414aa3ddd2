"""The NLU vocabulary is generated from the knowledge content, and the committed file is fresh."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.nlu_vocabulary import VOCABULARY_FILE, vocabulary, write_vocabulary
from bot.settings import CONTENT_DIR
from tests import shipped_content as content


def blocks(text: str, key: str) -> dict[str, list[str]]:
    document = yaml.safe_load(text)
    return {
        block[key]: [line.removeprefix("- ") for line in block["examples"].splitlines()]
        for block in document["nlu"]
        if key in block
    }


def test_the_committed_vocabulary_is_generated_from_the_current_content() -> None:
    assert VOCABULARY_FILE.read_text(encoding="utf-8") == vocabulary(CONTENT_DIR), (
        "data/nlu/vocabulary.yml is stale: run `python -m bot nlu-vocabulary`"
    )


def test_every_role_alias_in_the_content_is_a_synonym_and_a_lookup_entry() -> None:
    text = VOCABULARY_FILE.read_text(encoding="utf-8")
    synonyms, lookups = blocks(text, "synonym"), blocks(text, "lookup")
    for role_id in content.role_ids():
        role = content.role(role_id)
        for alias in role.get("aliases", []):
            assert " ".join(alias.lower().replace("-", " ").split()) in lookups["role"], alias
        assert "ai engineers" in synonyms["ai_engineer"]
    assert set(lookups) == {"role", "skill", "term"}
    assert "maths" in synonyms["math"]


def test_a_new_alias_in_the_content_makes_the_committed_file_stale(content_copy: Path, tmp_path: Path) -> None:
    role_file = content_copy / "roles" / "data_engineer.yml"
    document = yaml.safe_load(role_file.read_text())
    document["aliases"].append("pipeline plumber")
    role_file.write_text(yaml.safe_dump(document))
    target = tmp_path / "vocabulary.yml"
    target.write_text(VOCABULARY_FILE.read_text(encoding="utf-8"))
    assert write_vocabulary(content_copy, target) is True
    assert "pipeline plumber" in blocks(target.read_text(), "synonym")["data_engineer"]
    assert write_vocabulary(content_copy, target) is False
