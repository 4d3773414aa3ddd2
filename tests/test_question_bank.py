"""The question bank: written apart from the training data, run through the whole trained assistant.

The static checks keep the bank honest (big enough, every expected fact exists, nothing trained on).
The model test runs every question through the servers and gates on the figures measured so far.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from benchmarks import question_bank
from bot.knowledge.content_files import read_content
from bot.knowledge.models import Fact
from bot.settings import CONTENT_DIR, PROJECT_ROOT

MIN_QUESTIONS = 400
MIN_CONVERSATIONS = 60
MIN_PUBLIC = 150
# The goals of the issue "Answer the question that was asked": 90 % / 95 % / 97 % (measured 90.4 %,
# 100 %, 97.4 % in the last run). Raise them as answers improve; never lower them.
MIN_IN_SCOPE = 0.90
MIN_OUT_OF_SCOPE = 0.95
MIN_EVERYDAY = 0.97


def _training_texts() -> set[str]:
    texts: set[str] = set()
    for path in (PROJECT_ROOT / "data").rglob("*.yml"):
        document = yaml.safe_load(path.read_text()) or {}
        for block in document.get("nlu", []) or []:
            if "intent" not in block:
                continue  # synonyms and lookup tables are vocabulary, not messages
            for line in str(block.get("examples", "")).splitlines():
                line = re.sub(r"\]\{[^}]*\}|\]\([^)]*\)", "", line.strip().removeprefix("- ")).replace("[", "")
                texts.add(line.lower().strip(" ?!."))
    return texts


@pytest.fixture(scope="module")
def bank() -> list[question_bank.Conversation]:
    return question_bank.load_bank()


def test_the_bank_is_big_enough_and_covers_every_kind_of_question(bank: list[question_bank.Conversation]) -> None:
    turns = [turn for conversation in bank for turn in conversation.turns]
    assert len(turns) >= MIN_QUESTIONS
    assert sum(len(conversation.turns) > 1 for conversation in bank) >= MIN_CONVERSATIONS
    assert sum(conversation.phrased_by == "public" for conversation in bank) >= MIN_PUBLIC
    patterns = {conversation.pattern for conversation in bank}
    assert patterns >= {
        "narrow_skill", "two_things", "aspect_comparison", "three_roles", "role_choice", "transition",
        "education", "certifications", "resources", "where_to_start", "how_long", "portfolio", "interviews",
        "levels", "employers", "pay_outlook", "unknown_role", "domain_word_decline", "follow_up",
    }  # fmt: skip
    assert len({conversation.id for conversation in bank}) == len(bank)


def test_every_expected_fact_exists(bank: list[question_bank.Conversation]) -> None:
    known = {row["id"] for row in read_content(CONTENT_DIR).rows[Fact]}
    expected = {fact for c in bank for turn in c.turns if isinstance(turn.expect, tuple) for fact in turn.expect}
    assert expected and not expected - known, sorted(expected - known)[:10]
    assert all(turn.expect in ("decline", "no_data") for c in bank for turn in c.turns if isinstance(turn.expect, str))


def test_no_bank_question_is_training_data(bank: list[question_bank.Conversation]) -> None:
    training = _training_texts()
    asked = {turn.ask.lower().strip(" ?!.") for conversation in bank for turn in conversation.turns}
    assert not asked & training, sorted(asked & training)[:5]


def test_the_everyday_requests_tested_on_are_never_trained_on() -> None:
    tested = {conversation.turns[0].ask.lower().strip(" ?!.") for conversation in question_bank.load_everyday()}
    assert len(tested) > 1900
    assert not tested & _training_texts(), sorted(tested & _training_texts())[:5]


def test_grading_reads_fact_ids_and_reply_kinds() -> None:
    wanted = question_bank.Turn("do data engineers use spark?", ("role:data_engineer:skill:spark",))
    assert question_bank.grade(wanted, ["role:data_engineer:skill:spark", "skill:spark"], ["answer"])
    assert not question_bank.grade(wanted, ["role:data_engineer:summary"], ["answer"])
    decline = question_bank.Turn("which gpu should i buy", "decline")
    assert question_bank.grade(decline, [], ["decline"])
    assert not question_bank.grade(decline, ["skill:pytorch"], ["search"])


@pytest.mark.rasa_model
def test_the_assistant_answers_the_bank(trained_model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conversations = question_bank.load_bank() + question_bank.load_everyday()
    log_dir = PROJECT_ROOT / "var" / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    from benchmarks.servers import running_servers

    with running_servers(log_dir) as running:
        report = question_bank.run_bank(f"{running.rasa.url}/webhooks/web/webhook", conversations)
    results = PROJECT_ROOT / "results"
    results.mkdir(exist_ok=True)
    (results / "question-bank.json").write_text(report.to_json())
    with capsys.disabled():
        print("\nQuestion bank: " + report.summary())
    assert report.in_scope() >= MIN_IN_SCOPE
    assert report.out_of_scope() >= MIN_OUT_OF_SCOPE
    assert report.everyday() >= MIN_EVERYDAY
