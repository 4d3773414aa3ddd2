"""Every way a content file can be wrong is refused, with its file, its entry and the reason.

Each case breaks a scratch copy of the shipped content in one way; the validator must name exactly
that problem (it runs before any database exists, so these need none).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import models
from bot.knowledge.content_files import ContentError, read_content
from tests import shipped_content as content

Edit = Callable[[Any], Any]

SOURCES = "sources/core.yml"
SKILLS = "skills/core.yml"
TERMS = "terms.yml"
MLE_CONTRASTS = "contrasts/mle.yml"
MLE = "roles/mle.yml"


def edited(folder: Path, relative: str, edit: Edit) -> None:
    """Applies edit to the parsed file; an edit that returns a value replaces the whole document."""
    path = folder / relative
    document = yaml.safe_load(path.read_text())
    replaced = edit(document)
    path.write_text(yaml.safe_dump(document if replaced is None else replaced, sort_keys=False))


def problems(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as error:
        read_content(folder)
    return [str(problem) for problem in error.value.problems]


def at(*path: Any) -> Callable[[Any], Any]:
    def walk(doc: Any) -> Any:
        for step in path:
            doc = doc[step]
        return doc

    return walk


def setting(path: tuple[Any, ...], key: str, value: Any) -> Edit:
    def edit(doc: Any) -> None:
        at(*path)(doc)[key] = value

    return edit


def renaming(path: tuple[Any, ...], old: str, new: str) -> Edit:
    def edit(doc: Any) -> None:
        entry = at(*path)(doc)
        entry[new] = entry.pop(old)

    return edit


def appending(path: tuple[Any, ...], make: Callable[[Any], Any]) -> Edit:
    def edit(doc: Any) -> None:
        at(*path)(doc).append(make(doc))

    return edit


def first_book_citation(role_id: str) -> tuple[str, int]:
    """A duty of the role that cites a book, so a test can spoil its locator."""
    kinds = {source_id: source["kind"] for source_id, source in content.sources().items()}
    for position, duty in enumerate(content.role(role_id)["duties"]):
        if kinds[content.cited(duty)[0]] == "book":
            return f"roles/{role_id}.yml", position
    raise LookupError(f"no duty of {role_id} cites a book first")


def test_the_shipped_content_is_valid() -> None:
    rows = read_content(content.CONTENT_DIR).rows
    assert len(rows[models.Role]) >= 10
    assert len(rows[models.Fact]) == len({row["id"] for row in rows[models.Fact]})


CASES: list[tuple[str, Edit, str]] = [
    # The same statement twice, in one list or under two entries.
    (MLE, appending(("duties",), lambda doc: dict(doc["duties"][0])),
     "roles/mle.yml: role mle: 'duties[{last_duty}]' repeats a fact already stated in "
     "roles/mle.yml (role mle duties[0])"),
    ("roles/software_engineer.yml", setting(("duties", 0), "text", content.duties("mle")[0]),
     "roles/software_engineer.yml: role software_engineer: 'duties[0]' repeats a fact already stated in "
     "roles/mle.yml (role mle duties[0])"),
    # Ids, categories and pairs given twice.
    (SKILLS, appending(("categories",), lambda doc: {"id": "math", "name": "Maths again"}),
     "skills/core.yml: category math: duplicate id 'math': also in skills/core.yml (category math)"),
    (MLE_CONTRASTS, appending(("contrasts",), lambda doc: dict(doc["contrasts"][0])),
     "this pair of roles is contrasted twice (also in contrasts/mle.yml)"),
    # A source nobody cites, a malformed URL, a web page without one.
    (SOURCES, appending(("sources",), lambda doc: {"id": "never-cited", "kind": "web", "title": "T",
                                                   "url": "https://example.org/page"}),
     "sources/core.yml: source never-cited: source 'never-cited' is not cited by any fact"),
    (SOURCES, setting(("sources", 1), "url", "htp:/broken"),
     "'url' is not a valid http(s) URL"),
    (SOURCES, appending(("sources",), lambda doc: {**doc["sources"][-1], "id": "same-page-again"}),
     "sources/core.yml: source same-page-again: has the same url as source"),
    (SOURCES, appending(("sources",), lambda doc: {"id": "no-url", "kind": "web", "title": "T"}),
     "sources/core.yml: source no-url: 'url': a web source needs a url"),
    # Misspelt keys no longer make facts vanish.
    (MLE, renaming((), "career", "carreer"), "roles/mle.yml: role mle: unknown key 'carreer' (misspelt?)"),
    (MLE, renaming(("skills", 0), "note", "nots"), "roles/mle.yml: role mle: unknown key 'skills[0].nots' (misspelt?)"),
    (TERMS, renaming(("terms", 0), "definition", "defintion"), "unknown key 'defintion' (misspelt?)"),
    # One alias, two owners.
    ("roles/software_engineer.yml", setting((), "aliases", ["mle"]), "alias 'mle' is already used by role"),
    (SKILLS, setting(("skills", 1), "aliases", ["linear algebra"]), "alias 'linear algebra' is already used by skill"),
    (TERMS, setting(("terms", 1), "aliases", ["ml"]), "alias 'ml' is already used by term 'machine_learning'"),
    # Everyday words as aliases would catch ordinary questions.
    (TERMS, setting(("terms", 1), "aliases", ["training"]), "alias 'training' is an everyday word"),
    (MLE, setting((), "aliases", ["mle", "deployment"]), "alias 'deployment' is an everyday word"),
    # A list where a contrast expects one role is an error, not a crash.
    (MLE_CONTRASTS, setting(("contrasts", 0), "roles", [["mle", "data_scientist"], "data_engineer"]),
     "contrasts/mle.yml: contrasts[0]: 'roles[0]': str type expected"),
    (MLE_CONTRASTS, setting(("contrasts", 0), "roles", ["mle", "mle"]), "a contrast needs two different roles"),
    (MLE_CONTRASTS, setting(("contrasts", 0), "roles", ["mle", "astronaut"]),
     "'roles[1]' names unknown role 'astronaut'"),
    # References and citations.
    (MLE, setting(("duties", 1, "cite", 0), "source", "nowhere"),
     "roles/mle.yml: role mle: 'duties[1].cite[0]' names unknown source 'nowhere'"),
    (MLE, setting(("duties", 1, "cite", 0), "at", ""),
     "roles/mle.yml: role mle: 'duties[1].cite[0].at' must not be empty"),
    (MLE, setting(("duties", 1), "cite", []), "'duties[1].cite': ensure this value has at least 1 items"),
    (MLE, setting(("duties", 1), "checked", datetime.date.today() + datetime.timedelta(days=2)), "is in the future"),
    (MLE, setting(("skills", 0), "skill", "juggling"), "'skills[0].skill' names unknown skill 'juggling'"),
    (MLE, setting(("skills", 0), "importance", "vital"), "'skills[0].importance': unexpected value"),
    (MLE, setting((), "id", "ml_engineer"), "role id 'ml_engineer' must match the file name 'mle'"),
    (SKILLS, setting(("skills", 0), "category", "cooking"), "'category' names unknown category 'cooking'"),
    (SOURCES, setting(("sources", 0), "id", "Seed Article"), "'id' must be lowercase letters, digits"),
    ("education.yml", setting(("education", 0), "role", "astronaut"), "'role' names unknown role 'astronaut'"),
    ("education.yml", setting(("education", 0, "advanced", 0), "expectation", "maybe"), "unexpected value"),
    # Unknown top-level keys.
    (TERMS, lambda doc: {"term": doc["terms"], "terms": doc["terms"]}, "terms.yml: file: unknown top-level key 'term'"),
]  # fmt: skip


@pytest.mark.parametrize(("relative", "edit", "expected"), CASES, ids=[case[2][-70:] for case in CASES])
def test_each_problem_is_named(content_copy: Path, relative: str, edit: Edit, expected: str) -> None:
    expected = expected.replace("{last_duty}", str(len(content.duties("mle"))))
    edited(content_copy, relative, edit)
    found = problems(content_copy)
    assert any(expected in problem for problem in found), found


def test_a_book_citation_must_say_where_in_the_book(content_copy: Path) -> None:
    relative, position = first_book_citation("mle")
    edited(content_copy, relative, setting(("duties", position, "cite", 0), "at", "somewhere in it"))
    found = problems(content_copy)
    where = f"{relative}: role mle: 'duties[{position}].cite[0].at'"
    assert f"{where} must name the chapter, section, part or appendix of the book" in found


@pytest.mark.parametrize("name", ["extra.yaml", "notes.txt", "draft.yml.bak"])
def test_a_file_of_another_type_is_refused_not_skipped(content_copy: Path, name: str) -> None:
    (content_copy / "roles" / name).write_text("id: extra\n")
    assert f"roles/{name}: file: is not a content file: content files end in .yml" in problems(content_copy)


def test_an_invalid_contrast_summary_does_not_hide_errors_in_its_aspects(content_copy: Path) -> None:
    def spoil(doc: Any) -> None:
        doc["contrasts"][0]["summary"]["text"] = ""
        doc["contrasts"][0]["aspects"][1]["first"] = ""

    edited(content_copy, MLE_CONTRASTS, spoil)
    found = problems(content_copy)
    assert "contrasts/mle.yml: contrast mle vs data_scientist: 'summary.text' must not be empty" in found
    assert "contrasts/mle.yml: contrast mle vs data_scientist: 'aspects[1].first' must not be empty" in found


COVERAGE: list[tuple[str, Edit, str]] = [
    (MLE, lambda doc: doc.update(duties=doc["duties"][:5]), "roles/mle.yml: role mle: needs at least 6 duties, has 5"),
    (MLE, lambda doc: doc.update(skills=doc["skills"][:9]), "roles/mle.yml: role mle: needs at least 10 skills, has 9"),
    (MLE_CONTRASTS, lambda doc: doc.update(contrasts=doc["contrasts"][1:]),
     "contrasts/: data_scientist vs mle: this pair needs a contrast"),
    (MLE_CONTRASTS, lambda doc: doc["contrasts"][0].update(aspects=doc["contrasts"][0]["aspects"][:2]),
     "contrasts/mle.yml: contrast mle vs data_scientist: needs at least 3 aspects, has 2"),
    (TERMS, lambda doc: doc.update(terms=doc["terms"][:19]), "terms: glossary: needs at least 20 terms, has 19"),
    ("education.yml", lambda doc: doc.update(education=[e for e in doc["education"] if e["role"] != "mle"]),
     "education: role mle: every role needs education"),
    ("interviews.yml", lambda doc: doc.update(interviews=[e for e in doc["interviews"] if e["role"] != "mle"]),
     "interviews: role mle: every role needs interviews"),
    ("role_fit.yml", lambda doc: doc.update(role_fit=[e for e in doc["role_fit"] if e["role"] != "mle"]),
     "role_fit: role mle: every role needs its role fit"),
    ("occupations.yml",
     lambda doc: doc.update(role_occupations=[e for e in doc["role_occupations"] if e["role"] != "mle"]),
     "role_occupations: role mle: every role needs a closest occupation"),
]  # fmt: skip


@pytest.mark.parametrize(("relative", "edit", "expected"), COVERAGE, ids=[case[2][-60:] for case in COVERAGE])
def test_coverage_rules_are_enforced_by_the_loader(
    content_copy: Path, relative: str, edit: Edit, expected: str
) -> None:
    edited(content_copy, relative, edit)
    assert expected in problems(content_copy)


def test_fewer_than_ten_roles_is_refused(content_copy: Path) -> None:
    (content_copy / "roles" / "applied_scientist.yml").unlink()
    assert "roles/: folder: needs at least 10 roles, has 9" in problems(content_copy)


def test_all_problems_are_reported_at_once(content_copy: Path) -> None:
    edited(content_copy, SOURCES, setting(("sources", 0), "title", ""))
    edited(content_copy, TERMS, setting(("terms", 0), "name", ""))
    found = problems(content_copy)
    assert "sources/core.yml: source seed-article: 'title' must not be empty" in found
    assert "terms.yml: term machine_learning: 'name' must not be empty" in found


def test_a_bad_entry_does_not_stop_the_check_of_the_next(content_copy: Path) -> None:
    def spoil(doc: Any) -> None:
        doc["terms"][0] = "a bare string"
        doc["terms"][-1]["definition"]["cite"][0]["source"] = "nowhere"

    edited(content_copy, TERMS, spoil)
    found = problems(content_copy)
    assert any(problem.startswith("terms.yml: terms[0]:") for problem in found), found
    assert any("'definition.cite[0]' names unknown source 'nowhere'" in problem for problem in found), found


def test_invalid_yaml_and_empty_files_are_reported_not_raised(content_copy: Path) -> None:
    (content_copy / SKILLS).write_text("skills: [unclosed\n")
    (content_copy / "empty.yml").write_text("")
    found = problems(content_copy)
    assert any(problem.startswith("skills/core.yml: file: invalid YAML:") for problem in found), found
    assert "empty.yml: file: is empty" in found


def test_the_error_message_counts_and_lists_the_problems(content_copy: Path) -> None:
    edited(content_copy, TERMS, setting(("terms", 0), "name", ""))
    with pytest.raises(ContentError) as error:
        read_content(content_copy)
    assert str(error.value) == (
        "1 problem(s) in the knowledge content:\n  - terms.yml: term machine_learning: 'name' must not be empty"
    )


def test_text_is_trimmed_and_every_fact_gets_its_citations_and_date(content_copy: Path) -> None:
    edited(content_copy, SOURCES, setting(("sources", 0), "title", "  Padded title  "))
    rows = read_content(content_copy).rows
    seed = next(row for row in rows[models.Source] if row["id"] == "seed-article")
    assert seed["title"] == "Padded title"
    shipped = content.role("mle")["duties"][0]
    fact = next(row for row in rows[models.Fact] if row["id"] == "role:mle:duty:0")
    assert fact["checked_on"] == shipped["checked"]
    citations = [row for row in rows[models.Citation] if row["fact_id"] == "role:mle:duty:0"]
    assert [(row["source_id"], row["locator"]) for row in citations] == [
        (citation["source"], citation["at"]) for citation in shipped["cite"]
    ]
