"""NLU quality on messages written apart from the training data and never trained on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from benchmarks.nlu_evaluation import evaluate
from bot.settings import PROJECT_ROOT

HELDOUT = PROJECT_ROOT / "tests" / "nlu" / "heldout.yml"
MIN_MACRO_F1 = 0.90
MIN_MESSAGES = 150


def _texts(path: Path) -> set[str]:
    document = yaml.safe_load(path.read_text()) or {}
    texts = set()
    for block in document.get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            line = re.sub(r"\]\{[^}]*\}|\]\([^)]*\)", "", line.strip().removeprefix("- ")).replace("[", "")
            if line:
                texts.add(line.lower().strip(" ?!."))
    return texts


def test_heldout_set_is_big_enough_and_never_trained_on() -> None:
    heldout = _texts(HELDOUT)
    training = set().union(*(_texts(path) for path in (PROJECT_ROOT / "data").rglob("*.yml")))
    assert len(heldout) >= MIN_MESSAGES
    assert not heldout & training, f"held-out messages found in training data: {sorted(heldout & training)[:5]}"


@pytest.mark.rasa_model
def test_heldout_intent_macro_f1(trained_model: Path, capsys: pytest.CaptureFixture) -> None:
    report = evaluate(trained_model, HELDOUT)
    results = PROJECT_ROOT / "results"
    results.mkdir(exist_ok=True)
    (results / "nlu-heldout.json").write_text(report.to_json())
    with capsys.disabled():
        print(f"\nNLU held-out: {report.headline()}")
        for error in report.errors:
            print(
                f"  miss: {error['text']!r} expected {error['expected']} got {error['predicted']}"
                f" ({error['confidence']})"
            )
    assert report.intent_macro_f1 >= MIN_MACRO_F1, report.headline()
