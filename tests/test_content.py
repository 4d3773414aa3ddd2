"""Content integrity and the loader: coverage, sources, idempotence, and clear errors for bad files."""

from __future__ import annotations

import datetime
import itertools
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.knowledge import models
from bot.knowledge.content_files import ContentError, read_content
from bot.knowledge.database import Database
from bot.knowledge.loader import load_knowledge
from bot.settings import PROJECT_ROOT
from tests import shipped_content as content

Change = Callable[[Any], Any]  # edits one parsed content file in place

CORE_ROLES = {"mle", "data_scientist", "data_engineer", "ai_engineer"}
REQUIRED_ROLES = CORE_ROLES | {
    "data_analyst",
    "business_analyst",
    "software_engineer",
    "mlops_engineer",
    "research_scientist",
    "applied_scientist",
}


def count(session: Session, model: Any, *where: Any) -> int:
    return int(session.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


def test_every_required_role_is_present(database_url: str) -> None:
    with Database(database_url).session() as session:
        roles = set(session.execute(select(models.Role.id)).scalars())
    assert roles >= REQUIRED_ROLES


@pytest.mark.parametrize("role_id", sorted(REQUIRED_ROLES))
def test_every_role_has_duties_skills_and_sources(database_url: str, role_id: str) -> None:
    with Database(database_url).session() as session:
        assert count(session, models.Duty, models.Duty.role_id == role_id) >= 6
        assert count(session, models.RoleSkill, models.RoleSkill.role_id == role_id) >= 10
        role = session.get(models.Role, role_id)
        assert role.summary_fact.citations and role.workplace_fact.citations
        assert count(session, models.RoleAlias, models.RoleAlias.role_id == role_id) >= 2


def test_every_pair_with_a_core_role_is_contrasted(database_url: str) -> None:
    with Database(database_url).session() as session:
        stored = {
            frozenset(pair)
            for pair in session.execute(select(models.Contrast.first_role_id, models.Contrast.second_role_id))
        }
        for contrast_id in session.execute(select(models.Contrast.id)).scalars():
            assert count(session, models.ContrastAspect, models.ContrastAspect.contrast_id == contrast_id) >= 3
    wanted = {pair for pair in map(frozenset, itertools.combinations(sorted(REQUIRED_ROLES), 2)) if pair & CORE_ROLES}
    wanted |= {frozenset({"data_analyst", "business_analyst"}), frozenset({"data_analyst", "data_scientist"})}
    missing = [sorted(pair) for pair in wanted if pair not in stored]
    assert not missing, f"pairs without a contrast: {missing}"


def test_glossary_and_skill_categories(database_url: str) -> None:
    with Database(database_url).session() as session:
        assert count(session, models.Term) >= 20
        categories = set(session.execute(select(models.Skill.category_id).distinct()).scalars())
    assert {"math", "programming", "tools", "soft_skills"} <= categories


def test_every_reference_resolves(database_url: str) -> None:
    """Foreign keys are enforced, but check the joins too: nothing dangles, everything is sourced."""
    with Database(database_url).session() as session:
        for model in models.MODELS_IN_DEPENDENCY_ORDER:
            for column in model.__table__.columns:
                for foreign_key in column.foreign_keys:
                    target = foreign_key.column
                    dangling = session.execute(
                        select(func.count())
                        .select_from(model)
                        .outerjoin(target.table, column == target)
                        .where(target.is_(None))
                    ).scalar_one()
                    assert dangling == 0, f"{model.__tablename__}.{column.name} has dangling references"


def test_second_load_changes_nothing(tmp_path: Path, content_copy: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'kb.db'}")
    first = load_knowledge(database, content_copy)
    second = load_knowledge(database, content_copy)
    assert first.changes > 100
    assert second.changes == 0
    assert second.summary() == "Knowledge base is up to date: no changes."


def test_an_edited_fact_is_updated_in_place(tmp_path: Path, content_copy: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'kb.db'}")
    load_knowledge(database, content_copy)
    role_file = content_copy / "roles" / "mle.yml"
    document = yaml.safe_load(role_file.read_text())
    document["duties"][0]["text"] = "Keeps an eye on the model zoo."
    role_file.write_text(yaml.safe_dump(document))

    report = load_knowledge(database, content_copy)

    # The duty and the fact it states (whose text the search index reads) change together.
    assert report.updated["duties"] == 1 and report.updated["facts"] == 1 and report.changes == 2
    with database.session() as session:
        assert session.get(models.Duty, ("mle", 0)).text == "Keeps an eye on the model zoo."


def _break(content: Path, relative: str, change: Change) -> None:
    path = content / relative
    document = yaml.safe_load(path.read_text())
    change(document)
    path.write_text(yaml.safe_dump(document))


@pytest.mark.parametrize(
    ("relative", "change", "expected"),
    [
        (
            "roles/mle.yml",
            lambda doc: doc["duties"][1]["cite"][0].update(source="no-such-source"),
            "roles/mle.yml: role mle: 'duties[1].cite[0]' names unknown source 'no-such-source'",
        ),
        (
            "roles/data_scientist.yml",
            lambda doc: doc["skills"][0].update(skill="telepathy"),
            "'skills[0].skill' names unknown skill 'telepathy'",
        ),
        (
            "roles/mle.yml",
            lambda doc: doc["skills"][0].update(importance="vital"),
            "'skills[0].importance': unexpected value; permitted: 'essential', 'important', 'useful'",
        ),
        ("roles/mle.yml", lambda doc: doc.pop("summary"), "roles/mle.yml: role mle: missing key 'summary'"),
        (
            "contrasts/mle.yml",
            lambda doc: doc["contrasts"][0].update(roles=["mle", "astronaut"]),
            "contrasts/mle.yml: contrast mle vs astronaut: 'roles[1]' names unknown role 'astronaut'",
        ),
        ("terms.yml", lambda doc: doc["terms"][1].update(id=doc["terms"][0]["id"]), "duplicate id 'machine_learning'"),
        (
            "skills/core.yml",
            lambda doc: doc["skills"][1].update(aliases=[doc["skills"][0]["name"]]),
            "is already used by skill",
        ),
    ],
)
def test_malformed_content_is_rejected_with_file_entry_and_reason(
    tmp_path: Path,
    content_copy: Path,
    relative: str,
    change: Change,
    expected: str,
) -> None:
    database_file = tmp_path / "kb.db"
    database = Database(f"sqlite:///{database_file}")
    load_knowledge(database, content_copy)
    before = dump(database_file)
    _break(content_copy, relative, change)

    with pytest.raises(ContentError) as raised:
        load_knowledge(database, content_copy)

    assert expected in str(raised.value)
    # Nothing was written: every table, row for row, is as the last good load left it.
    assert dump(database_file) == before


def dump(database_file: Path) -> list[str]:
    """The whole database as SQL statements, read with sqlite3 rather than the loader's own models."""
    with closing(sqlite3.connect(database_file)) as connection:
        statements = list(connection.iterdump())
    inserts = [statement for statement in statements if statement.startswith("INSERT INTO")]
    assert len(inserts) > 100, "the dump should hold the loaded knowledge"
    return statements


def test_the_dump_sees_a_changed_row(tmp_path: Path, content_copy: Path) -> None:
    """The comparison above would catch a partial write: one edited fact changes the dump."""
    database_file = tmp_path / "kb.db"
    database = Database(f"sqlite:///{database_file}")
    load_knowledge(database, content_copy)
    before = dump(database_file)
    _break(content_copy, "roles/mle.yml", lambda doc: doc["duties"][0].update(text="Keeps an eye on the model zoo."))
    load_knowledge(database, content_copy)
    assert dump(database_file) != before


def test_invalid_yaml_names_the_file(content_copy: Path) -> None:
    (content_copy / "terms.yml").write_text("terms:\n  - id: [unclosed\n")
    with pytest.raises(ContentError) as raised:
        read_content(content_copy)
    assert "terms.yml: file: invalid YAML" in str(raised.value)


def test_cli_reports_problems_and_exits_non_zero(tmp_path: Path, content_copy: Path) -> None:
    _break(content_copy, "roles/mle.yml", lambda doc: doc["duties"][0].pop("cite"))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "load", "--content", str(content_copy)],
        cwd=PROJECT_ROOT,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'kb.db'}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "roles/mle.yml: role mle: missing key 'duties[0].cite'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "kb.db").exists()


# --- the knowledge learners ask for next ---------------------------------------------------------

REQUIRED_TRANSITIONS = {
    ("data_analyst", "mle"),
    ("data_scientist", "mle"),
    ("software_engineer", "mle"),
    ("data_engineer", "mle"),
    ("mle", "mlops_engineer"),
    ("mle", "research_scientist"),
}


def rows(session: Session, model: Any, *where: Any) -> list[Any]:
    return list(session.execute(select(model).where(*where)).scalars())


def test_every_role_has_education_interviews_fit_and_an_occupation(database_url: str) -> None:
    with Database(database_url).session() as session:
        dimensions = {dimension.id for dimension in rows(session, models.FitDimension)}
        assert len(dimensions) >= 3
        for role_id in sorted(REQUIRED_ROLES):
            education = rows(session, models.EducationFact, models.EducationFact.role_id == role_id)
            assert {fact.topic for fact in education} >= {"degrees", "advanced"}, role_id
            assert all(fact.degree in ("masters", "phd") for fact in education if fact.topic == "advanced")
            interview = rows(session, models.InterviewFact, models.InterviewFact.role_id == role_id)
            assert {fact.part for fact in interview} == {"stages", "topics"}, role_id
            fit = rows(session, models.RoleFit, models.RoleFit.role_id == role_id)
            assert {row.dimension_id for row in fit} == dimensions, role_id
            closest = rows(
                session,
                models.RoleOccupation,
                models.RoleOccupation.role_id == role_id,
                models.RoleOccupation.closeness == "closest",
            )
            assert closest, f"{role_id} has no closest occupation"


def test_certifications_name_issuer_status_and_roles(database_url: str) -> None:
    with Database(database_url).session() as session:
        certifications = rows(session, models.Certification)
        assert len(certifications) >= 10
        assert {cert.status for cert in certifications} == {"active", "retired"}
        linked = {link.role_id for link in rows(session, models.CertificationRole)}
        assert {"mle", "data_scientist", "data_engineer", "data_analyst", "business_analyst"} <= linked
        assert len(rows(session, models.CertificationValue)) >= 3


def test_learning_resources_projects_and_employers(database_url: str) -> None:
    with Database(database_url).session() as session:
        resources = rows(session, models.LearningResource)
        assert len(resources) >= 15
        assert {resource.kind for resource in resources} >= {"book", "course", "roadmap", "documentation"}
        assert {resource.level for resource in resources} == {"beginner", "intermediate", "advanced"}
        assert all(rows(session, models.ResourceRole, models.ResourceRole.resource_id == r.id) for r in resources)
        projects = rows(session, models.PortfolioProject)
        assert len(projects) >= 10
        shown = {link.role_id for link in rows(session, models.ProjectRole)}
        assert {"mle", "data_scientist", "data_engineer", "data_analyst", "mlops_engineer", "ai_engineer"} <= shown
        employers = rows(session, models.Employer)
        assert len(employers) >= 8 and all(
            rows(session, models.EmployerExample, models.EmployerExample.employer_id == e.id) for e in employers
        )


def test_career_levels_and_the_common_moves_between_roles(database_url: str) -> None:
    with Database(database_url).session() as session:
        levels = rows(session, models.CareerLevel)
        individual = sorted(level.rank for level in levels if level.track == "individual")
        assert individual == list(range(1, len(individual) + 1)) and len(individual) >= 4
        assert any(level.track == "management" for level in levels)
        moves = {(move.from_role_id, move.to_role_id) for move in rows(session, models.Transition)}
        assert moves >= REQUIRED_TRANSITIONS
        for first, second in REQUIRED_TRANSITIONS:
            parts = {
                step.part
                for step in rows(
                    session,
                    models.TransitionStep,
                    models.TransitionStep.from_role_id == first,
                    models.TransitionStep.to_role_id == second,
                )
            }
            assert parts == {"carries_over", "to_add"}, (first, second)


def test_every_occupation_figure_names_its_period_and_region(database_url: str) -> None:
    with Database(database_url).session() as session:
        figures = rows(session, models.OccupationFigure)
        assert any(figure.measure == "median_pay" for figure in figures)
        for figure in figures:
            assert re.search(r"\b(19|20)\d\d\b", figure.period), figure.period
            assert figure.region.strip()


def test_every_fact_is_cited_and_dated(database_url: str) -> None:
    with Database(database_url).session() as session:
        facts = rows(session, models.Fact)
        assert len(facts) == len(content.all_facts())
        for fact in facts:
            assert fact.citations and all(citation.locator.strip() for citation in fact.citations), fact.id
            assert fact.checked_on <= datetime.date.today()
