"""Every fact of the seed article is in the knowledge base, attributed to it, and reworded rather than copied.

Each fact names the record where it must live (a role's summary, an MLE duty, a career fact, a glossary
entry, ...) and distinctive phrases of its wording there. A common word is not enough: the phrases pin
down the one fact, so rewording a fact in the content means updating its entry here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Text, select
from sqlalchemy.orm import Session

from bot.knowledge import models
from bot.knowledge.database import Database
from bot.settings import PROJECT_ROOT

SEED = "seed-article"
DEFAULT_ARTICLE = PROJECT_ROOT.parent / "shared" / "seed" / "mle-article.txt"
COPIED_RUN = 10  # this many consecutive article words reappearing verbatim count as copying

Locate = Callable[[Session], list[str]]


def cites_seed(session: Session, fact_id: str) -> bool:
    citations = session.execute(select(models.Citation.source_id).where(models.Citation.fact_id == fact_id))
    return SEED in set(citations.scalars())


def role_field(role_id: str, field: str) -> Locate:
    """A role's summary or workplace, when it cites the article."""

    def locate(session: Session) -> list[str]:
        row = session.get(models.Role, role_id)
        if row is None or not cites_seed(session, getattr(row, f"{field}_fact_id")):
            return []
        return [getattr(row, field)]

    return locate


def seed_rows(model: Any, text_column: str = "text", **where: str) -> Locate:
    """The texts of the rows of one table that match where and cite the article (among other sources)."""

    def locate(session: Session) -> list[str]:
        query = (
            select(model)
            .join(models.Citation, models.Citation.fact_id == model.fact_id)
            .where(
                models.Citation.source_id == SEED, *(getattr(model, column) == value for column, value in where.items())
            )
        )
        return [getattr(row, text_column) for row in session.execute(query).scalars()]

    return locate


def duties(role_id: str) -> Locate:
    return seed_rows(models.Duty, role_id=role_id)


def career(topic: str) -> Locate:
    return seed_rows(models.CareerFact, role_id="mle", topic=topic)


def mle_skill_note(skill_id: str) -> Locate:
    return seed_rows(models.RoleSkill, "note", role_id="mle", skill_id=skill_id)


def term_definition(term_id: str) -> Locate:
    return seed_rows(models.Term, "definition", id=term_id)


def term_examples(term_id: str) -> Locate:
    return seed_rows(models.TermExample, term_id=term_id)


@dataclass(frozen=True)
class ArticleFact:
    description: str
    where: Locate
    # Regular expressions (case-insensitive) that must all match one text at that record.
    phrases: tuple[str, ...]


ARTICLE_FACTS = [
    ArticleFact(
        "ML combines software and AI",
        term_definition("machine_learning"),
        (r"where software meets ai",),
    ),
    ArticleFact(
        "ML makes technical things easier through prediction and calculation",
        term_definition("machine_learning"),
        (r"prediction and calculation", r"technical work easier"),
    ),
    ArticleFact(
        "Netflix's Recommended For You uses ML", term_examples("machine_learning"), (r"netflix", r"recommended for you")
    ),
    ArticleFact(
        "The technology is made by humans", term_examples("machine_learning"), (r"people design and build it",)
    ),
    ArticleFact(
        "MLEs know software engineering on top of ML",
        role_field("mle", "summary"),
        (r"software engineer who also knows machine learning",),
    ),
    ArticleFact(
        "MLEs work on the engineering side, not on new algorithms",
        role_field("mle", "summary"),
        (r"engineering side of ml", r"rather than inventing new algorithms"),
    ),
    ArticleFact(
        "MLEs help businesses produce their products",
        role_field("mle", "summary"),
        (r"helping businesses turn models into products",),
    ),
    ArticleFact("MLEs sit in data divisions", role_field("mle", "workplace"), (r"\bdata division\b",)),
    ArticleFact(
        "Among data and business analysts, data engineers and data scientists",
        role_field("mle", "workplace"),
        (r"data analysts", r"business analysts", r"data engineers", r"data scientists"),
    ),
    ArticleFact(
        "Data scientists research and run data experiments",
        duties("data_scientist"),
        (r"research questions and run data experiments",),
    ),
    ArticleFact(
        "Data engineers gather data from the original source and keep records",
        role_field("data_engineer", "summary"),
        (r"collects data from the places where it is first produced", r"logs what it holds"),
    ),
    ArticleFact(
        "MLEs polish what data engineers and scientists pass on and deliver it to consumers",
        duties("mle"),
        (
            r"output of the data engineering and data science teams",
            r"polish it",
            r"deliver it to the people who will use it",
        ),
    ),
    ArticleFact(
        "Bridge between front-end and back-end for apps with AI",
        duties("mle"),
        (r"bridge between front-end and back-end development", r"ai capabilities"),
    ),
    ArticleFact(
        "Scalable ML pipelines make ML procedures easier",
        duties("mle"),
        (r"scalable machine learning pipelines", r"easier to run"),
    ),
    ArticleFact(
        "Custom code depending on the project", duties("mle"), (r"custom code", r"project's size and requirements")
    ),
    ArticleFact(
        "MLOps automates model production from beginning to end",
        duties("mle"),
        (r"automate the production of models from start to finish", r"mlops"),
    ),
    ArticleFact(
        "MLOps defined", term_definition("mlops"), (r"automating how ml models are produced from start to finish",)
    ),
    ArticleFact(
        "Enhancing and analysing models takes most of an MLE's time",
        duties("mle"),
        (r"improve and analyse ml models", r"most of their time"),
    ),
    ArticleFact("Tests run against the models", duties("mle"), (r"writing tests to run against each model",)),
    ArticleFact("Models are altered to improve them", duties("mle"), (r"adjusting models until they do better",)),
    ArticleFact(
        "MLEs understand the company's goals", mle_skill_note("business_acumen"), (r"grasp the company's goals",)
    ),
    ArticleFact(
        "Math: basic algorithms, algebra, statistics and probability",
        career("path"),
        (r"basic algorithms, algebra, statistics and probability",),
    ),
    ArticleFact("Programming experience is necessary", career("path"), (r"hands-on programming experience",)),
    ArticleFact("Python, Java and C++", career("path"), (r"python, java and c\+\+",)),
    ArticleFact("Prolog, Lisp and R", career("path"), (r"prolog, lisp and r\b",)),
    ArticleFact(
        "Communication and problem solving are the bare minimum",
        career("background"),
        (r"communication and problem-solving skills", r"\bminimum\b"),
    ),
    ArticleFact(
        "Competent communication is the bare minimum",
        mle_skill_note("communication"),
        (r"competent communication as a minimum",),
    ),
    ArticleFact(
        "Good problem solving is the bare minimum",
        mle_skill_note("problem_solving"),
        (r"good problem solving as a baseline",),
    ),
    ArticleFact(
        "A relatively new job in the tech industry", career("outlook"), (r"fairly new job in the tech industry",)
    ),
    ArticleFact("There are many uses for MLEs", career("outlook"), (r"many uses",)),
    ArticleFact("The career balances math and science", career("background"), (r"between math and science",)),
    ArticleFact(
        "MLEs belong to the data and AI industries, two of the most popular",
        career("outlook"),
        (r"data industry and the ai industry", r"most popular"),
    ),
    ArticleFact(
        "Skills and experience needed vary",
        career("background"),
        (r"skills and experience asked for vary from job to job",),
    ),
    ArticleFact(
        "Employers may be lenient with qualifications", career("background"), (r"lenient about formal qualifications",)
    ),
    ArticleFact(
        "MLEs should be flexible and adaptable in a difficult industry",
        career("outlook"),
        (r"demanding field", r"depth of the work can change", r"flexible, adaptable"),
    ),
]


@pytest.fixture(scope="module")
def database(database_url: str) -> Database:
    return Database(database_url)


@pytest.mark.parametrize("fact", ARTICLE_FACTS, ids=[fact.description for fact in ARTICLE_FACTS])
def test_article_fact_is_in_the_knowledge_base(database: Database, fact: ArticleFact) -> None:
    with database.session() as session:
        texts = fact.where(session)
    assert texts, f"{fact.description}: no record there cites the seed article"
    assert any(all(re.search(phrase, text, re.IGNORECASE) for phrase in fact.phrases) for text in texts), (
        f"{fact.description}: none of these seed-sourced texts says it: {texts}"
    )


def test_article_languages_are_linked_to_mle_with_the_article_as_source(database: Database) -> None:
    with database.session() as session:
        links = {
            link.skill_id: SEED if cites_seed(session, link.fact_id) else "another source"
            for link in session.execute(select(models.RoleSkill).where(models.RoleSkill.role_id == "mle")).scalars()
        }
    for skill in (
        "python",
        "java",
        "cpp",
        "prolog",
        "lisp",
        "r",
        "statistics",
        "probability",
        "linear_algebra",
        "algorithms",
        "communication",
        "problem_solving",
        "adaptability",
    ):
        assert links.get(skill) == SEED, f"mle -> {skill} should cite the seed article"


# --- no sentence is copied -----------------------------------------------------------------------


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def seed_article_path() -> Path:
    override = os.environ.get("SEED_ARTICLE", "").strip()
    return Path(override) if override else DEFAULT_ARTICLE


def read_seed_article() -> str:
    """The article's text. Every checkout and CI has it; missing, it fails in CI and skips with a reason elsewhere."""
    path = seed_article_path()
    if not path.is_file():
        reason = (
            f"the seed article is missing at {path}: the no-copying check did not run "
            "(put the article there or set SEED_ARTICLE to its path)"
        )
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return path.read_text(encoding="utf-8")


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9+']+", text.replace("\u2019", "'").lower())


def copied_runs(text: str, article_runs: set[str]) -> list[str]:
    words = words_of(text)
    runs = (" ".join(words[i : i + COPIED_RUN]) for i in range(len(words) - COPIED_RUN + 1))
    return [run for run in runs if run in article_runs]


@pytest.fixture(scope="module")
def article_runs() -> set[str]:
    words = words_of(read_seed_article())
    assert len(words) > 300, "the seed article looks truncated"
    return {" ".join(words[i : i + COPIED_RUN]) for i in range(len(words) - COPIED_RUN + 1)}


@pytest.fixture(scope="module")
def every_text(database: Database) -> list[str]:
    """Every text column of every row in the knowledge base, each on its own."""
    texts: list[str] = []
    with database.session() as session:
        for model in models.MODELS_IN_DEPENDENCY_ORDER:
            columns = [column for column in model.__table__.columns if isinstance(column.type, Text)]
            if not columns:
                continue
            for row in session.execute(select(*columns)).all():
                texts.extend(value for value in row if value)
    return texts


def test_no_sentence_is_copied_from_the_article(article_runs: set[str], every_text: list[str]) -> None:
    assert len(every_text) > 500
    copies = {text: copied_runs(text, article_runs) for text in every_text}
    assert not {text: runs for text, runs in copies.items() if runs}


def test_the_copy_check_catches_a_copied_sentence(article_runs: set[str]) -> None:
    sentence = "Data divisions are where MLEs are typically found\u2014among data and business analysts, data engineers"
    assert copied_runs(f"As the article puts it: {sentence}.", article_runs)


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_a_missing_article_fails_in_ci_and_is_skipped_with_a_reason_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ci: str, outcome: type[BaseException]
) -> None:
    monkeypatch.setenv("SEED_ARTICLE", str(tmp_path / "nowhere.txt"))
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"seed article is missing at .*nowhere\.txt"):
        read_seed_article()
