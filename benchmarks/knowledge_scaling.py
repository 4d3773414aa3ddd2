"""How the knowledge layer's latency and memory grow as the knowledge base grows 1x, 10x, 100x.

A scaled database holds the real content plus (factor - 1) synthetic copies of every role and
skill with their aliases, duties, skill links, career facts and contrasts. Synthetic names are
pronounceable nonsense words of the same lengths as the real ones, so fuzzy matching does as much
work as it would on real names without ever matching what users type. These databases live in a
temporary folder and are never committed.

Each scale is measured in a fresh Python process (`python -m benchmarks.knowledge_scaling URL`),
so its peak memory is that of a process that only opens the knowledge base and answers questions.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks.stats import peak_rss_mib, summarise_ms
from bot.knowledge import models
from bot.knowledge.content_files import read_content
from bot.knowledge.content_rows import ContentRows, contrast_id
from bot.knowledge.database import Database
from bot.knowledge.loader import load_knowledge
from bot.knowledge.queries import KnowledgeBase, KnowledgeReader
from bot.settings import CONTENT_DIR, PROJECT_ROOT

# The tables that grow with roles and skills; sources, categories and the glossary stay as they are.
SCALED_MODELS = (
    models.Skill,
    models.SkillAlias,
    models.Role,
    models.RoleAlias,
    models.Duty,
    models.RoleSkill,
    models.CareerFact,
    models.Contrast,
    models.ContrastAspect,
)
ROLE_KEYS = ("role_id", "first_role_id", "second_role_id")
NAME_KEYS = ("name", "plural", "alias")
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
MIN_SAMPLES = 3

# The reader calls one turn makes, each in its own session as the actions do per request. "turn" is
# a whole "what skills does an MLE need?" answer: resolve the entity, scan the text, list skills.
QUERIES: dict[str, Callable[[KnowledgeReader], Any]] = {
    "resolve_role (alias)": lambda reader: reader.resolve_role("MLE"),
    "resolve_role (typo)": lambda reader: reader.resolve_role("machine lerning enginer"),
    "roles_mentioned": lambda reader: reader.roles_mentioned("how is a data engineer different from an ML engineer?"),
    "resolve_skill (typo)": lambda reader: reader.resolve_skill("kubernetis"),
    "role_profile": lambda reader: reader.role_profile("mle"),
    "role_skills": lambda reader: reader.role_skills("mle"),
    "compare_roles": lambda reader: reader.compare_roles("mle", "data_scientist"),
    "turn": lambda reader: (
        reader.resolve_role("MLE"),
        reader.roles_mentioned("what skills does an MLE need?"),
        reader.role_skills("mle"),
    ),
}


class _PseudoNames:
    """Unique nonsense phrases shaped like the names they replace ("data engineer" -> "fiku rotapeme")."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self._rng = rng
        self._taken = taken

    def _word(self, length: int) -> str:
        word = ""
        while len(word) < length:
            word += self._rng.choice(SYLLABLES)
        return word[: max(length, 2)]

    def like(self, name: str) -> str:
        # Short names ("ds", "r") have few nonsense look-alikes: lengthen them once those run out.
        for attempt in itertools.count():
            extra = attempt // 10
            candidate = " ".join(self._word(len(word) + extra) for word in name.split())
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate
        raise AssertionError("unreachable")


def synthetic_rows(content: ContentRows, copies: int, seed: int = 0) -> ContentRows:
    """(copies) renamed duplicates of every role and skill, linked among themselves like the originals."""
    rng = random.Random(seed)
    names = _PseudoNames(
        rng, {row["alias"] for model in (models.RoleAlias, models.SkillAlias) for row in content.rows[model]}
    )
    extra = ContentRows()
    for copy in range(1, copies + 1):
        suffix = f"_x{copy}"
        renamed: dict[str, str] = {}
        for model in SCALED_MODELS:
            for row in content.rows[model]:
                new = dict(row)
                for key in (*ROLE_KEYS, "skill_id"):
                    if key in new:
                        new[key] += suffix
                if model in (models.Skill, models.Role):
                    new["id"] += suffix
                if model is models.Contrast:
                    new["id"] = contrast_id(new["first_role_id"], new["second_role_id"])
                    renamed[row["id"]] = new["id"]
                if model is models.ContrastAspect:
                    new["contrast_id"] = renamed[row["contrast_id"]]
                for key in NAME_KEYS:
                    if key in new:
                        new[key] = names.like(new[key])
                extra.add(model, **new)
    return extra


def add_synthetic_rows(database_url: str, copies: int, seed: int = 0) -> int:
    """Inserts the synthetic copies into a database that already holds the real content; returns the row count."""
    extra = synthetic_rows(read_content(CONTENT_DIR), copies, seed)
    with Database(database_url).session(write=True) as session:
        for model in models.MODELS_IN_DEPENDENCY_ORDER:
            if extra.rows[model]:
                session.execute(insert(model), extra.rows[model])
    return sum(len(rows) for rows in extra.rows.values())


def build_scaled_database(path: Path, factor: int) -> dict[str, Any]:
    """A fresh SQLite file with the real content at factor 1 and synthetic copies beyond it."""
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    started = time.perf_counter()
    load_knowledge(Database(url), CONTENT_DIR)
    synthetic = add_synthetic_rows(url, factor - 1) if factor > 1 else 0
    with Database(url).session() as session:
        counts = {model.__tablename__: session.query(model).count() for model in (models.Role, models.Skill)}
    return {
        "factor": factor,
        "url": url,
        "roles": counts["roles"],
        "skills": counts["skills"],
        "synthetic_rows": synthetic,
        "db_size_mib": path.stat().st_size / 2**20,
        "build_seconds": time.perf_counter() - started,
    }


def measure_queries(database_url: str, repeats: int, budget_seconds: float) -> dict[str, Any]:
    """Latency of each reader call, one session per call as in the actions, after one warm-up call.

    Each query runs `repeats` times, or fewer (at least MIN_SAMPLES) once it has used its time
    budget: at 100x the slowest calls take seconds each.
    """
    knowledge = KnowledgeBase.from_url(database_url)
    results: dict[str, Any] = {}
    for name, query in QUERIES.items():
        durations: list[float] = []
        budget_ends = time.monotonic() + budget_seconds
        for attempt in range(repeats + 1):
            if len(durations) >= MIN_SAMPLES and time.monotonic() > budget_ends:
                break
            started = time.perf_counter()
            with knowledge.reader() as reader:
                query(reader)
            if attempt:  # the first call pays once for compiling SQL and regexes
                durations.append(time.perf_counter() - started)
        results[name] = summarise_ms(durations)
    return {"queries": results, "peak_rss_mib": peak_rss_mib(os.getpid())}


def measure_in_subprocess(
    database_url: str, repeats: int, budget_seconds: float, timeout: float = 600
) -> dict[str, Any]:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.knowledge_scaling",
            database_url,
            "--repeats",
            str(repeats),
            "--budget",
            str(budget_seconds),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"knowledge measurement failed: {completed.stderr[-2000:]}")
    measured: dict[str, Any] = json.loads(completed.stdout)
    return measured


def run(factors: list[int], workdir: Path, repeats: int, budget_seconds: float) -> list[dict[str, Any]]:
    """Builds and measures each scale in turn; deletes each temporary database once measured."""
    workdir.mkdir(parents=True, exist_ok=True)
    scales = []
    for factor in factors:
        path = workdir / f"knowledge-{factor}x.db"
        built = build_scaled_database(path, factor)
        print(f"  knowledge base {factor}x: {built['roles']} roles, {built['skills']} skills", flush=True)
        url = built.pop("url")
        scales.append({**built, **measure_in_subprocess(url, repeats, budget_seconds)})
        path.unlink()
    return scales


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure the knowledge layer on one database (fresh process).")
    parser.add_argument("database_url")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--budget", type=float, default=5.0, help="seconds per query before stopping early")
    args = parser.parse_args()
    print(json.dumps(measure_queries(args.database_url, args.repeats, args.budget)))


if __name__ == "__main__":
    main()
