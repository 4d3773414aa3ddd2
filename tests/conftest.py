"""Shared fixtures: a real SQLite knowledge database built from the shipped content files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from actions import conversation
from bot.knowledge.database import Database
from bot.knowledge.loader import load_knowledge
from bot.knowledge.queries import KnowledgeBase, KnowledgeReader
from bot.settings import CONTENT_DIR, PROJECT_ROOT

MODEL_DIR = PROJECT_ROOT / "models"


@pytest.fixture(scope="session", autouse=True)
def conversations_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Servers the tests start keep their conversations in a file of this run, not the developer's var/."""
    url = f"sqlite:///{tmp_path_factory.mktemp('conversations') / 'conversations.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONVERSATION_STORE_URL", url)
        yield


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.db'}"
    load_knowledge(Database(url), CONTENT_DIR)
    return url


@pytest.fixture(scope="session")
def knowledge(database_url: str) -> KnowledgeBase:
    return KnowledgeBase.from_url(database_url)


@pytest.fixture
def reader(knowledge: KnowledgeBase) -> Iterator[KnowledgeReader]:
    with knowledge.reader() as open_reader:
        yield open_reader


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A scratch copy of the content files that a test may edit or break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


@pytest.fixture
def use_database(monkeypatch: pytest.MonkeyPatch):
    """Points the actions at a database URL for one test."""

    def point_at(url: str) -> None:
        monkeypatch.setenv("DATABASE_URL", url)
        conversation.knowledge_base.cache_clear()

    yield point_at
    conversation.knowledge_base.cache_clear()


def latest_model() -> Path | None:
    models = sorted(MODEL_DIR.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    return models[-1] if models else None


@pytest.fixture(scope="session")
def trained_model() -> Path:
    model = latest_model()
    if model is None:
        pytest.fail("no trained model in models/: run `make train` (make test does it for you)")
    return model
