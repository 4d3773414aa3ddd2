"""The knowledge layer answers with plain records, resolving the many ways users name things."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.database import KnowledgeBaseUnavailable
from bot.knowledge.queries import KnowledgeBase, KnowledgeReader
from bot.knowledge.records import CategoryRef, SkillRef


@pytest.mark.parametrize(
    "text",
    ["MLE", "mle", "ML engineer", "machine-learning engineer", "Machine Learning Engineers",
     "machine lerning engineer", "mle"],
)
def test_role_aliases_and_typos_resolve_to_one_role(reader: KnowledgeReader, text: str) -> None:
    assert reader.resolve_role(text).id == "mle"


@pytest.mark.parametrize(
    ("text", "role_id"),
    [("data scientist", "data_scientist"), ("data_scientist", "data_scientist"),
     ("Data Engineers", "data_engineer"), ("business analyst", "business_analyst"),
     ("software engineer", "software_engineer"), ("MLOps engineer", "mlops_engineer"),
     ("research scientist", "research_scientist"), ("data analyst", "data_analyst")],
)
def test_each_role_resolves(reader: KnowledgeReader, text: str, role_id: str) -> None:
    assert reader.resolve_role(text).id == role_id


@pytest.mark.parametrize("text", ["nurse", "astronaut", "", "   ", "?!"])
def test_unknown_roles_do_not_resolve(reader: KnowledgeReader, text: str) -> None:
    assert reader.resolve_role(text) is None


def test_roles_mentioned_in_order(reader: KnowledgeReader) -> None:
    found = reader.roles_mentioned("How do data engineers differ from machine learning engineers?")
    assert [role.id for role in found] == ["data_engineer", "mle"]


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [("C++", "cpp"), ("c plus plus", "cpp"), ("stats", "statistics"), ("Statistics", "statistics"),
     ("python", "python"), ("Prolog", "prolog"), ("algebra", "linear_algebra")],
)
def test_skill_aliases_resolve(reader: KnowledgeReader, text: str, skill_id: str) -> None:
    skill = reader.resolve_skill(text)
    assert isinstance(skill, SkillRef) and skill.id == skill_id


def test_a_category_resolves_as_a_category(reader: KnowledgeReader) -> None:
    assert reader.resolve_skill("math") == CategoryRef("math", reader.resolve_skill("math").name)
    assert isinstance(reader.resolve_skill("soft skills"), CategoryRef)


def test_role_profile_has_sourced_summary_and_duties(reader: KnowledgeReader) -> None:
    profile = reader.role_profile("mle")
    assert profile.role.name == "Machine Learning Engineer"
    assert len(profile.duties) >= 6
    assert all(duty.source.title for duty in profile.duties)


def test_role_skills_are_ordered_by_importance(reader: KnowledgeReader) -> None:
    skills = reader.role_skills("mle")
    order = ["essential", "important", "useful"]
    ranks = [order.index(link.importance) for link in skills.links]
    assert ranks == sorted(ranks) and len(skills.links) >= 10
    assert {"python", "statistics"} <= {link.skill.id for link in skills.links}


def test_role_skills_filtered_by_category(reader: KnowledgeReader) -> None:
    math = reader.role_skills("mle", "math")
    assert math.links and {link.skill.category_id for link in math.links} == {"math"}


def test_skill_verdict_for_a_listed_and_an_unlisted_skill(reader: KnowledgeReader) -> None:
    cpp = reader.skill_verdict("mle", "cpp")
    assert cpp.link is not None and cpp.link.source.id == "seed-article"
    unlisted = next(
        skill for skill in ("prolog", "lisp", "bi_tools", "spreadsheets")
        if reader.skill_verdict("data_analyst", skill).link is None
    )
    assert reader.skill_verdict("data_analyst", unlisted).link is None


def test_comparison_is_oriented_as_asked(reader: KnowledgeReader) -> None:
    forward = reader.compare_roles("mle", "data_scientist")
    backward = reader.compare_roles("data_scientist", "mle")
    assert forward.first.id == "mle" and backward.first.id == "data_scientist"
    assert [a.first for a in forward.aspects] == [a.second for a in backward.aspects]


def test_terms_resolve_by_alias(reader: KnowledgeReader) -> None:
    assert reader.resolve_term("MLOps").id == "mlops"
    assert reader.resolve_term("ml pipeline").id == "ml_pipeline"
    assert reader.term("machine_learning").examples


def test_career_facts_for_mle(reader: KnowledgeReader) -> None:
    for topic in ("path", "background", "outlook"):
        assert reader.career_facts("mle", topic).facts


def test_a_missing_database_is_reported_not_created(tmp_path: Path) -> None:
    knowledge = KnowledgeBase.from_url(f"sqlite:///{tmp_path / 'missing.db'}")
    with pytest.raises(KnowledgeBaseUnavailable, match="make db"):
        with knowledge.reader() as reader:
            reader.all_roles()
    assert not (tmp_path / "missing.db").exists()


def test_an_unbuilt_database_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty.db").write_bytes(b"")
    knowledge = KnowledgeBase.from_url(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(KnowledgeBaseUnavailable, match="knowledge database error"):
        with knowledge.reader() as reader:
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
