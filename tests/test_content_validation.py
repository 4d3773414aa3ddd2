"""Every way a content file can be wrong is reported with its file, its entry and the reason.

Each case breaks a scratch copy of the shipped content in one way; the validator must name exactly
that problem (it runs before any database exists, so these need none).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import models
from bot.knowledge.content_files import ContentError, read_content

Edit = Callable[[Any], Any]


def edited(content: Path, relative: str, edit: Edit) -> None:
    """Applies edit to the parsed file; an edit that returns a value replaces the whole document."""
    path = content / relative
    document = yaml.safe_load(path.read_text())
    replaced = edit(document)
    path.write_text(yaml.safe_dump(document if replaced is None else replaced))


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as error:
        read_content(content)
    return [str(problem) for problem in error.value.problems]


def dropped(*path: str | int) -> Edit:
    """An edit that removes the key at the end of path."""

    def edit(doc: Any) -> None:
        for step in path[:-1]:
            doc = doc[step]
        del doc[path[-1]]

    return edit


def _without(doc: Any, *keys: str) -> None:
    for key in keys:
        del doc[key]


def _duplicate_first(key: str) -> Edit:
    def edit(doc: Any) -> None:
        doc[key][1]["id"] = doc[key][0]["id"]

    return edit


def _link_twice(doc: Any) -> None:
    doc["skills"].append(dict(doc["skills"][0]))


def _contrast_twice(doc: Any) -> None:
    doc["contrasts"].append(dict(doc["contrasts"][0]))


CASES: list[tuple[str, Edit, str]] = [
    # sources.yml
    ("sources.yml", lambda doc: doc["sources"][0].update(id="Seed Article"),
     "sources.yml: sources[0]: 'id' must be lowercase letters, digits, '_' or '-', got 'Seed Article'"),
    ("sources.yml", _duplicate_first("sources"), "sources.yml: sources[1]: duplicate source id 'seed-article'"),
    ("sources.yml", lambda doc: doc["sources"][0].update(title="  "),
     "sources.yml: sources[0]: 'title' must be a non-empty string"),
    ("sources.yml", lambda doc: doc["sources"][1].update(publisher=42),
     "sources.yml: sources[1]: 'publisher' must be a non-empty string"),
    ("sources.yml", lambda doc: doc["sources"].insert(0, "a bare string"),
     "sources.yml: sources[0]: expected a mapping, got str"),
    ("sources.yml", lambda doc: {"source": doc["sources"]}, "sources.yml: file: expected a top-level 'sources:' list"),
    # skills.yml
    ("skills.yml", dropped("categories", 0, "name"), "skills.yml: categories[0]: missing key(s): name"),
    ("skills.yml", lambda doc: doc["skills"][0].update(category="cooking"),
     "'category' names unknown category 'cooking'"),
    ("skills.yml", _duplicate_first("skills"), "duplicate skill id"),
    ("skills.yml", lambda doc: doc["skills"][0].update(aliases=[""]), "alias '' must be a non-empty string"),
    ("skills.yml", lambda doc: doc["skills"][0].update(aliases="not a list"), "'aliases' must be a list"),
    ("skills.yml", lambda doc: doc["skills"][0].update(description=""), "'description' must be a non-empty string"),
    ("skills.yml", lambda doc: doc["skills"][0].update(source="nowhere"),
     "skills.yml: skill {skill0}: 'source' names unknown source 'nowhere'"),
    ("skills.yml", lambda doc: doc["skills"][2].update(id="Not An Id", name=""),
     "skills.yml: skill 2: 'name' must be a non-empty string"),
    ("roles/mle.yml", lambda doc: _without(doc, "name", "plural"),
     "roles/mle.yml: file: missing key(s): name, plural"),
    ("roles/mle.yml", lambda doc: doc["skills"][0].update(source="nowhere"),
     "roles/mle.yml: role mle skills[0]: 'source' names unknown source 'nowhere'"),
    ("roles/mle.yml", lambda doc: doc["career"].update(path="a string"),
     "roles/mle.yml: role mle: 'career.path' must be a list"),
    ("contrasts.yml", lambda doc: doc["contrasts"][0].update(aspects="none"),
     "contrasts.yml: contrast mle vs data_scientist: 'aspects' must be a list"),
    # roles/*.yml
    ("roles/mle.yml", lambda doc: doc.update(id="someone"),
     "roles/mle.yml: id: role id 'someone' must match the file name 'mle'"),
    ("roles/mle.yml", _link_twice, "is linked twice"),
    ("roles/mle.yml", lambda doc: doc.update(career=["not", "a", "mapping"]),
     "roles/mle.yml: role mle career: expected a mapping of path/background/outlook lists"),
    ("roles/mle.yml", lambda doc: doc["career"].update(salary=[]),
     "roles/mle.yml: role mle career: unknown topic 'salary'; use one of ('path', 'background', 'outlook')"),
    ("roles/mle.yml", lambda doc: doc["duties"][0].update(text=""),
     "roles/mle.yml: role mle duties[0]: 'text' must be a non-empty string"),
    ("roles/mle.yml", lambda doc: doc.update(duties="everything"), "roles/mle.yml: role mle: 'duties' must be a list"),
    ("roles/mle.yml", dropped("summary", "source"),
     "roles/mle.yml: role mle summary: missing key(s): source"),
    ("roles/mle.yml", dropped("skills", 0, "importance"),
     "roles/mle.yml: role mle skills[0]: missing key(s): importance"),
    ("roles/data_engineer.yml", lambda doc: doc.update(aliases=["ml engineer"]),
     "roles/mle.yml: role mle: alias 'ml engineer' is already used by 'data_engineer'"),
    # contrasts.yml
    ("contrasts.yml", lambda doc: doc["contrasts"][0].update(roles=["mle", "mle"]),
     "contrasts.yml: contrasts[0]: 'roles' must list two different role ids"),
    ("contrasts.yml", lambda doc: doc["contrasts"][0].update(roles="mle"),
     "contrasts.yml: contrasts[0]: 'roles' must list two different role ids"),
    ("contrasts.yml", _contrast_twice, "contrast mle vs data_scientist: this pair of roles is contrasted twice"),
    ("contrasts.yml", lambda doc: doc["contrasts"][0].update(aspects=doc["contrasts"][0]["aspects"][:2]),
     "contrasts.yml: contrast mle vs data_scientist: needs at least 3 aspects, has 2"),
    ("contrasts.yml", dropped("contrasts", 0, "aspects", 0, "second"),
     "contrasts.yml: contrast mle vs data_scientist aspects[0]: missing key(s): second"),
    ("contrasts.yml", lambda doc: doc["contrasts"][0]["aspects"][1].update(source="nowhere"),
     "contrasts.yml: contrast mle vs data_scientist aspects[1]: 'source' names unknown source 'nowhere'"),
    # terms.yml
    ("terms.yml", lambda doc: doc["terms"][0]["definition"].update(source="nowhere"),
     "terms.yml: term machine_learning definition: 'source' names unknown source 'nowhere'"),
    ("terms.yml", lambda doc: doc["terms"][0].update(examples="many"),
     "terms.yml: term machine_learning: 'examples' must be a list"),
    ("terms.yml", lambda doc: doc["terms"][0]["examples"][0].update(text=None),
     "terms.yml: term machine_learning examples[0]: 'text' must be a non-empty string"),
    ("terms.yml", lambda doc: doc["terms"][1].update(aliases=["ml"]),
     "terms.yml: term artificial_intelligence: alias 'ml' is already used by 'machine_learning'"),
]  # fmt: skip


@pytest.mark.parametrize(("relative", "edit", "expected"), CASES, ids=[case[2][:70] for case in CASES])
def test_each_problem_is_named(content_copy: Path, relative: str, edit: Edit, expected: str) -> None:
    skills = yaml.safe_load((content_copy / "skills.yml").read_text())["skills"]
    expected = expected.replace("{skill0}", skills[0]["id"])
    edited(content_copy, relative, edit)
    found = problems(content_copy)
    assert any(expected in problem for problem in found), found


def test_all_problems_are_reported_at_once(content_copy: Path) -> None:
    edited(content_copy, "sources.yml", lambda doc: doc["sources"][0].update(title=""))
    edited(content_copy, "terms.yml", lambda doc: doc["terms"][0].update(name=""))
    found = problems(content_copy)
    assert "sources.yml: sources[0]: 'title' must be a non-empty string" in found
    assert "terms.yml: term machine_learning: 'name' must be a non-empty string" in found


def test_missing_files_and_folders(content_copy: Path) -> None:
    (content_copy / "terms.yml").unlink()
    for role_file in (content_copy / "roles").glob("*.yml"):
        role_file.unlink()
    found = problems(content_copy)
    assert "terms.yml: file: is missing" in found
    assert "roles/: folder: holds no role files" in found


def test_an_unreadable_file_is_reported(content_copy: Path) -> None:
    (content_copy / "roles" / "broken.yml").mkdir()
    found = problems(content_copy)
    assert any(problem.startswith("roles/broken.yml: file: cannot read:") for problem in found), found


def test_invalid_yaml_is_reported_not_raised(content_copy: Path) -> None:
    (content_copy / "skills.yml").write_text("skills: [unclosed\n")
    found = problems(content_copy)
    assert any(problem.startswith("skills.yml: file: invalid YAML:") for problem in found), found


def test_the_error_message_counts_and_lists_the_problems(content_copy: Path) -> None:
    edited(content_copy, "terms.yml", lambda doc: doc["terms"][0].update(name=""))
    with pytest.raises(ContentError) as error:
        read_content(content_copy)
    assert str(error.value) == (
        "1 problem(s) in the knowledge content:\n"
        "  - terms.yml: term machine_learning: 'name' must be a non-empty string"
    )


def test_several_problems_are_listed_one_per_line(content_copy: Path) -> None:
    def unnamed(doc: Any) -> None:
        doc["terms"][0]["name"] = doc["terms"][1]["name"] = ""

    edited(content_copy, "terms.yml", unnamed)
    with pytest.raises(ContentError) as error:
        read_content(content_copy)
    assert str(error.value) == (
        "2 problem(s) in the knowledge content:\n"
        "  - terms.yml: term machine_learning: 'name' must be a non-empty string\n"
        "  - terms.yml: term artificial_intelligence: 'name' must be a non-empty string"
    )


def test_optional_values_and_trimming(content_copy: Path) -> None:
    edited(content_copy, "sources.yml", lambda doc: doc["sources"][0].update(title="  Padded title  "))
    rows = read_content(content_copy).rows
    seed = next(row for row in rows[models.Source] if row["id"] == "seed-article")
    assert seed == {"id": "seed-article", "title": "Padded title", "publisher": None, "url": None}
    category_positions = [row["position"] for row in rows[models.SkillCategory]]
    assert category_positions == list(range(len(category_positions)))


def _both_ends(*path: str) -> Edit:
    """Replaces the first and the last entry of the list at path with a bare string."""

    def edit(doc: Any) -> None:
        for step in path:
            doc = doc[step]
        doc[0] = doc[-1] = "a bare string"

    return edit


@pytest.mark.parametrize(
    ("relative", "path", "first", "last"),
    [
        ("sources.yml", ("sources",), "sources.yml: sources[0]:", "sources.yml: sources[{last}]:"),
        ("skills.yml", ("categories",), "skills.yml: categories[0]:", "skills.yml: categories[{last}]:"),
        ("skills.yml", ("skills",), "skills.yml: skills[0]:", "skills.yml: skills[{last}]:"),
        ("roles/mle.yml", ("skills",), "role mle skills[0]:", "role mle skills[{last}]:"),
        ("roles/mle.yml", ("duties",), "role mle duties[0]:", "role mle duties[{last}]:"),
        ("contrasts.yml", ("contrasts",), "contrasts.yml: contrasts[0]:", "contrasts.yml: contrasts[{last}]:"),
        ("contrasts.yml", ("contrasts", 0, "aspects"), "data_scientist aspects[0]:", "data_scientist aspects[{last}]:"),
        ("terms.yml", ("terms",), "terms.yml: terms[0]:", "terms.yml: terms[{last}]:"),
    ],
)
def test_a_bad_entry_does_not_stop_the_check_of_the_next(
    content_copy: Path, relative: str, path: tuple[Any, ...], first: str, last: str
) -> None:
    document = yaml.safe_load((content_copy / relative).read_text())
    for step in path:
        document = document[step]
    last = last.format(last=len(document) - 1)
    edited(content_copy, relative, _both_ends(*path))
    found = problems(content_copy)
    assert any(first in problem and "expected a mapping, got str" in problem for problem in found), found
    assert any(last in problem and "expected a mapping, got str" in problem for problem in found), found


def test_every_duplicate_and_every_unknown_topic_is_reported(content_copy: Path) -> None:
    def twice(doc: Any) -> None:
        doc["terms"][1]["id"] = doc["terms"][2]["id"] = doc["terms"][0]["id"]

    edited(content_copy, "terms.yml", twice)
    edited(content_copy, "roles/mle.yml", lambda doc: doc["career"].update(salary=[], perks=[]))
    found = problems(content_copy)
    assert sum(problem.endswith("duplicate term id") for problem in found) == 2, found
    assert any("unknown topic 'salary'" in problem for problem in found), found
    assert any("unknown topic 'perks'" in problem for problem in found), found


def _set(path: tuple[Any, ...], key: str, value: Any) -> Edit:
    def edit(doc: Any) -> None:
        for step in path:
            doc = doc[step]
        doc[key] = value

    return edit


def _append_copies(key: str, count: int) -> Edit:
    def edit(doc: Any) -> None:
        doc[key].extend(dict(doc[key][0]) for _ in range(count))

    return edit


def _aliases_of_others(doc: Any) -> None:
    doc["skills"][1]["aliases"] = [doc["skills"][0]["name"], doc["skills"][2]["name"]]


def _same_id(key: str) -> Edit:
    def edit(doc: Any) -> None:
        doc[key][1]["id"] = doc[key][2]["id"] = doc[key][0]["id"]

    return edit


TWICE: list[tuple[str, list[Edit], str]] = [
    ("skills.yml", [_set(("skills", 0), "aliases", ["", ""])], "alias '' must be a non-empty string"),
    ("skills.yml", [_aliases_of_others], "is already used by"),
    ("skills.yml", [_same_id("skills")], "duplicate skill id"),
    ("skills.yml", [_set(("skills", 0), "description", ""), _set(("skills", 1), "description", "")],
     "'description' must be a non-empty string"),
    ("roles/mle.yml", [_append_copies("skills", 2)], "is linked twice"),
    ("contrasts.yml", [_set(("contrasts", 0), "roles", ["mle", "mle"]),
                       _set(("contrasts", 1), "roles", ["mle", "mle"])], "'roles' must list two different role ids"),
    ("contrasts.yml", [_set(("contrasts", 0), "roles", ["mle", "astronaut"]),
                       _set(("contrasts", 1), "roles", ["mle", "astronaut"])], "names unknown role 'astronaut'"),
    ("contrasts.yml", [_append_copies("contrasts", 2)], "this pair of roles is contrasted twice"),
    ("contrasts.yml", [_set(("contrasts", 0, "summary"), "source", "nowhere"),
                       _set(("contrasts", 1, "summary"), "source", "nowhere")], "names unknown source 'nowhere'"),
]  # fmt: skip


@pytest.mark.parametrize(("relative", "edits", "message"), TWICE, ids=[case[2][:50] for case in TWICE])
def test_the_same_problem_twice_in_one_list_is_reported_twice(
    content_copy: Path, relative: str, edits: list[Edit], message: str
) -> None:
    for edit in edits:
        edited(content_copy, relative, edit)
    found = [problem for problem in problems(content_copy) if message in problem]
    assert len(found) == 2, found
