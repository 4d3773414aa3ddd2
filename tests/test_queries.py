"""The knowledge layer answers with plain records, resolving the many ways users name things.

Expected records come from the content files (tests/shipped_content.py reads them with yaml) or are
literal facts of the content, never from the query under test.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
import shipped_content as content
import yaml

from bot.knowledge.database import Database, KnowledgeBaseUnavailable
from bot.knowledge.loader import load_knowledge
from bot.knowledge.queries import KnowledgeBase, KnowledgeReader
from bot.knowledge.records import CategoryRef, SkillRef

Found = TypeVar("Found")


def found(record: Found | None) -> Found:
    """The record a query returned, failing the test when it found nothing."""
    assert record is not None, "the query found nothing"
    return record


@pytest.mark.parametrize(
    "text",
    [
        "MLE",
        "mle",
        "MLEs",
        "ML engineer",
        "machine-learning engineer",
        "Machine Learning Engineer",
        "Machine Learning Engineers",
        "machine lerning engineer",
        # Typos that are not listed aliases: only the fuzzy match can resolve them.
        "machne learning engineer",
        "machine learnig enginer",
    ],
)
def test_role_aliases_and_typos_resolve_to_one_role(reader: KnowledgeReader, text: str) -> None:
    assert found(reader.resolve_role(text)).id == "mle"


def test_the_typo_cases_are_not_listed_aliases() -> None:
    """Guards the typo cases above: if they became aliases, the fuzzy match would go untested."""
    aliases = set(content.role("mle")["aliases"])
    assert "machne learning engineer" not in aliases and "machine learnig enginer" not in aliases


@pytest.mark.parametrize(
    ("text", "role_id"),
    [
        ("data scientist", "data_scientist"),
        ("data_scientist", "data_scientist"),
        ("Data Engineers", "data_engineer"),
        ("business analyst", "business_analyst"),
        ("software engineer", "software_engineer"),
        ("MLOps engineer", "mlops_engineer"),
        ("research scientist", "research_scientist"),
        ("data analyst", "data_analyst"),
    ],
)
def test_each_role_resolves(reader: KnowledgeReader, text: str, role_id: str) -> None:
    resolved = found(reader.resolve_role(text))
    shipped = content.role(role_id)
    assert (resolved.id, resolved.name, resolved.plural) == (role_id, shipped["name"], shipped["plural"])


@pytest.mark.parametrize("text", ["nurse", "astronaut", "", "   ", "?!"])
def test_unknown_roles_do_not_resolve(reader: KnowledgeReader, text: str) -> None:
    assert reader.resolve_role(text) is None


def test_roles_mentioned_in_order(reader: KnowledgeReader) -> None:
    found = reader.roles_mentioned("How do data engineers differ from machine learning engineers?")
    assert [role.id for role in found] == ["data_engineer", "mle"]


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [
        ("C++", "cpp"),
        ("c plus plus", "cpp"),
        ("stats", "statistics"),
        ("Statistics", "statistics"),
        ("python", "python"),
        ("Prolog", "prolog"),
        ("algebra", "linear_algebra"),
    ],
)
def test_skill_aliases_resolve(reader: KnowledgeReader, text: str, skill_id: str) -> None:
    skill = reader.resolve_skill(text)
    shipped = content.skills()[skill_id]
    assert isinstance(skill, SkillRef)
    assert (skill.id, skill.name, skill.category_id) == (skill_id, shipped["name"], shipped["category"])
    assert skill.description == content.text(shipped["description"])


@pytest.mark.parametrize(
    ("text", "category_id", "name"),
    [
        ("math", "math", "Math"),
        ("Math", "math", "Math"),
        ("maths", "math", "Math"),
        ("soft skills", "soft_skills", "Soft skills"),
        ("programming", "programming", "Programming"),
        # A typo of a category name must still mean the category, not a skill whose alias happens to be close.
        ("programing", "programming", "Programming"),
    ],
)
def test_a_category_resolves_as_a_category(reader: KnowledgeReader, text: str, category_id: str, name: str) -> None:
    assert content.categories()[category_id] == name
    assert reader.resolve_skill(text) == CategoryRef(category_id, name)


def test_role_profile_has_sourced_summary_and_duties(reader: KnowledgeReader) -> None:
    shipped = content.role("mle")
    profile = found(reader.role_profile("mle"))
    assert profile.role.name == "Machine Learning Engineer"
    assert profile.summary.text == content.text(shipped["summary"])
    assert list(profile.summary.evidence.sources) and [
        source.id for source in profile.summary.evidence.sources
    ] == content.cited(shipped["summary"])
    assert profile.summary.evidence.fact_id == "role:mle:summary"
    assert profile.workplace.text == content.text(shipped["workplace"])
    # Every duty, in the order the file gives (most important first), each with its own citations.
    assert len(shipped["duties"]) >= 6
    assert [(duty.text, [c.source.id for c in duty.evidence.citations]) for duty in profile.duties] == [
        (content.text(duty), content.cited(duty)) for duty in shipped["duties"]
    ]
    assert [[c.locator for c in duty.evidence.citations] for duty in profile.duties] == [
        [citation["at"] for citation in duty["cite"]] for duty in shipped["duties"]
    ]
    assert [duty.evidence.fact_id for duty in profile.duties] == [
        f"role:mle:duty:{position}" for position in range(len(shipped["duties"]))
    ]
    titles = {source_id: entry["title"] for source_id, entry in content.sources().items()}
    assert all(c.source.title == titles[c.source.id] for duty in profile.duties for c in duty.evidence.citations)


def test_an_unknown_role_has_no_profile(reader: KnowledgeReader) -> None:
    assert reader.role_profile("astronaut") is None


def test_role_skills_are_ordered_by_importance(reader: KnowledgeReader) -> None:
    skills = found(reader.role_skills("mle"))
    # Essential first, then important, then useful; within a level, in the order of the file.
    expected = [skill_id for level in content.IMPORTANCE_ORDER for skill_id in content.role_skill_ids("mle", level)]
    assert len(expected) >= 10
    assert [link.skill.id for link in skills.links] == expected
    shipped = {link["skill"]: link for link in content.role_skill_links("mle")}
    for link in skills.links:
        assert link.importance == shipped[link.skill.id]["importance"]
        assert link.note == shipped[link.skill.id].get("note")
        assert list(link.evidence.sources) and [source.id for source in link.evidence.sources] == content.cited(
            shipped[link.skill.id]
        )


def test_skills_come_by_importance_whatever_order_the_file_lists_them(tmp_path: Path, content_copy: Path) -> None:
    role_file = content_copy / "roles" / "mle.yml"
    document = yaml.safe_load(role_file.read_text(encoding="utf-8"))
    document["skills"].reverse()  # useful ones first in the file now
    role_file.write_text(yaml.safe_dump(document), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    load_knowledge(Database(url), content_copy)

    with KnowledgeBase.from_url(url).reader() as reader:
        links = found(reader.role_skills("mle")).links

    file_order = [link["skill"] for link in document["skills"]]
    expected = [
        link["skill"]
        for level in content.IMPORTANCE_ORDER
        for link in document["skills"]
        if link["importance"] == level
    ]
    assert expected != file_order
    assert [link.skill.id for link in links] == expected


def test_role_skills_filtered_by_category(reader: KnowledgeReader) -> None:
    math = found(reader.role_skills("mle", "math"))
    in_math = {skill_id for skill_id, skill in content.skills().items() if skill["category"] == "math"}
    expected = [
        skill_id
        for level in content.IMPORTANCE_ORDER
        for skill_id in content.role_skill_ids("mle", level)
        if skill_id in in_math
    ]
    assert expected == ["algorithms", "linear_algebra", "statistics", "probability", "calculus"]
    assert [link.skill.id for link in math.links] == expected
    assert math.category == CategoryRef("math", "Math")


def test_skill_verdict_for_a_listed_skill(reader: KnowledgeReader) -> None:
    cpp = found(reader.skill_verdict("mle", "cpp"))
    shipped = next(link for link in content.role_skill_links("mle") if link["skill"] == "cpp")
    assert cpp.link is not None
    assert (cpp.link.importance, cpp.link.note, [source.id for source in cpp.link.evidence.sources]) == (
        shipped["importance"],
        shipped["note"],
        content.cited(shipped),
    )
    assert cpp.link.importance == "important" and cpp.link.evidence.fact_id == "role:mle:skill:cpp"


def test_skill_verdict_for_an_unlisted_skill_names_the_roles_that_list_it(reader: KnowledgeReader) -> None:
    assert "prolog" not in content.role_skill_ids("data_analyst")
    listing_prolog = [role_id for role_id in content.role_ids() if "prolog" in content.role_skill_ids(role_id)]
    assert listing_prolog == ["mle"]

    verdict = found(reader.skill_verdict("data_analyst", "prolog"))

    assert verdict.role.id == "data_analyst" and verdict.skill.id == "prolog"
    assert verdict.link is None
    assert [role.id for role in verdict.also_needed_by] == listing_prolog


def test_comparison_is_oriented_as_asked(reader: KnowledgeReader) -> None:
    # contrasts/mle.yml stores the pair as [mle, data_scientist]; asking the other way round must swap the sides.
    summary, aspects = content.contrast("data_scientist", "mle")
    backward = found(reader.compare_roles("data_scientist", "mle"))
    assert (backward.first.id, backward.second.id) == ("data_scientist", "mle")
    assert backward.summary.text == summary
    assert [(a.aspect, a.first, a.second) for a in backward.aspects] == aspects
    assert backward.aspects[0].first == "Research and data experiments that test ideas."

    forward = found(reader.compare_roles("mle", "data_scientist"))
    assert [(a.aspect, a.first, a.second) for a in forward.aspects] == content.contrast("mle", "data_scientist")[1]
    assert forward.aspects[0].first == "The engineering side of ML: getting models to work inside products."


def test_roles_without_a_stored_contrast_have_no_comparison(reader: KnowledgeReader) -> None:
    with pytest.raises(LookupError):
        content.contrast("business_analyst", "software_engineer")
    assert reader.compare_roles("business_analyst", "software_engineer") is None


@pytest.mark.parametrize(
    ("text", "term_id"), [("MLOps", "mlops"), ("ml pipeline", "ml_pipeline"), ("machine learning operations", "mlops")]
)
def test_terms_resolve_by_alias(reader: KnowledgeReader, text: str, term_id: str) -> None:
    shipped = content.terms()[term_id]
    entry = found(reader.resolve_term(text))
    assert (entry.id, entry.name) == (term_id, shipped["name"])
    assert entry.definition.text == content.text(shipped["definition"])


def test_term_examples_come_in_file_order(reader: KnowledgeReader) -> None:
    shipped = [content.text(example) for example in content.terms()["machine_learning"]["examples"]]
    assert shipped and "Netflix" in shipped[0]
    assert [example.text for example in found(reader.term("machine_learning")).examples] == shipped


@pytest.mark.parametrize("topic", ["path", "background", "outlook"])
def test_career_facts_for_mle(reader: KnowledgeReader, topic: str) -> None:
    shipped = content.career("mle", topic)
    assert shipped, f"mle.yml has no {topic} facts"
    facts = found(reader.career_facts("mle", topic))
    assert (facts.role.id, facts.topic) == ("mle", topic)
    assert [fact.text for fact in facts.facts] == shipped


def test_a_missing_database_is_reported_not_created(tmp_path: Path) -> None:
    knowledge = KnowledgeBase.from_url(f"sqlite:///{tmp_path / 'missing.db'}")
    with pytest.raises(KnowledgeBaseUnavailable, match="make db"), knowledge.reader() as reader:
        reader.all_roles()
    assert not (tmp_path / "missing.db").exists()


def test_an_unbuilt_database_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty.db").write_bytes(b"")
    knowledge = KnowledgeBase.from_url(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(KnowledgeBaseUnavailable, match="knowledge database error"), knowledge.reader() as reader:
        reader.all_roles()


def test_the_knowledge_layer_imports_nothing_from_rasa() -> None:
    import subprocess
    import sys

    code = (
        "import sys, bot.knowledge.queries, bot.knowledge.loader, bot.answers;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_one_request_looks_a_message_up_once(knowledge: KnowledgeBase) -> None:
    """Choosing the focus, answering and reading the user's role all read the same message; the
    reader of one request looks its names up in the database only the first time."""
    from sqlalchemy import event

    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = knowledge.database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        with knowledge.reader() as open_reader:
            text = "is a computer vision engineer closer to an ml engineer or a data scientist?"
            first = (open_reader.roles_mentioned(text), open_reader.role_named("computer vision engineer"))
            asked_first = len(statements)
            again = (open_reader.roles_mentioned(text), open_reader.role_named("computer vision engineer"))
            assert again == first
            assert [role.id for role in first[0]] == ["mle", "data_scientist"]
            assert len(statements) == asked_first, "the second reading must not query the database again"
        with knowledge.reader() as fresh:
            fresh.roles_mentioned(text)
            assert len(statements) > asked_first, "a new request reads the database afresh"
    finally:
        event.remove(engine, "before_cursor_execute", count)
