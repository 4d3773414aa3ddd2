"""`python -m bot kb report`: coverage per role and kind, facts per source, facts due a re-check."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.knowledge.database import Database, sqlite_path
from bot.knowledge.loader import load_knowledge
from bot.knowledge.report import build_report, months_before
from bot.settings import PROJECT_ROOT
from tests import shipped_content as content

TODAY = datetime.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 11, 27), datetime.date(2025, 5, 27)),
        (datetime.date(2026, 8, 31), datetime.date(2025, 2, 28)),
        (datetime.date(2026, 1, 15), datetime.date(2024, 7, 15)),
    ],
)
def test_eighteen_months_before(day: datetime.date, expected: datetime.date) -> None:
    assert months_before(day, 18) == expected


@pytest.fixture
def loaded(tmp_path: Path, content_copy: Path) -> tuple[Database, Path]:
    database = Database(f"sqlite:///{tmp_path / 'kb.db'}")
    load_knowledge(database, content_copy)
    return database, content_copy


def test_every_role_is_covered_by_every_required_kind(loaded: tuple[Database, Path]) -> None:
    database, _ = loaded
    with database.session() as session:
        report = build_report(session, TODAY)
    names = {content.role(role_id)["name"] for role_id in content.role_ids()}
    assert {name for name, _ in report.roles} == names
    for name, counts in report.roles:
        assert counts["duties"] == len(next(content.role(r)["duties"] for r in content.role_ids()
                                            if content.role(r)["name"] == name))  # fmt: skip
        for kind in ("education", "interview", "role fit", "occupations"):
            assert counts[kind] > 0, f"{name} has no {kind}"


def test_sources_are_counted_by_the_facts_that_cite_them(loaded: tuple[Database, Path]) -> None:
    database, _ = loaded
    with database.session() as session:
        report = build_report(session, TODAY)
    uses = {source_id: count for source_id, _, count in report.sources}
    facts = content.all_facts()
    assert uses["seed-article"] == sum("seed-article" in content.cited(fact) for fact in facts) > 0
    assert set(uses) == set(content.sources()) and min(uses.values()) >= 1
    assert [count for _, _, count in report.sources] == sorted(uses.values(), reverse=True)


def test_a_fact_not_checked_for_eighteen_months_is_listed(tmp_path: Path, content_copy: Path) -> None:
    role_file = content_copy / "roles" / "mle.yml"
    document = yaml.safe_load(role_file.read_text())
    document["duties"][2]["checked"] = datetime.date(2025, 5, 26)
    document["duties"][3]["checked"] = datetime.date(2025, 5, 27)  # exactly 18 months: still fresh
    role_file.write_text(yaml.safe_dump(document))
    database = Database(f"sqlite:///{tmp_path / 'kb.db'}")
    load_knowledge(database, content_copy)
    with database.session() as session:
        report = build_report(session, TODAY)
    assert report.stale == [("role:mle:duty:2", datetime.date(2025, 5, 26))]
    assert "role:mle:duty:2  last checked 2025-05-26" in report.text()


def test_the_command_prints_the_report_or_says_how_to_build_the_database(loaded: tuple[Database, Path]) -> None:
    database, _ = loaded
    environment = {"DATABASE_URL": database.url, "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "bot", "kb", "report"]
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    for heading in ("Coverage per role", "Sources (facts citing each)", "Facts not checked since"):
        assert heading in done.stdout
    assert "Machine Learning Engineer" in done.stdout and "seed-article" in done.stdout
    built = sqlite_path(database.url)
    assert built is not None
    missing = {**environment, "DATABASE_URL": f"sqlite:///{built.parent / 'none.db'}"}
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=missing, capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "kb load" in done.stderr and "Traceback" not in done.stderr
