"""The NLU guards: huge messages are trimmed before featurising, empty ones get the capabilities answer."""
from __future__ import annotations

import time

import yaml
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.message_guards import EmptyMessageClassifier, LongMessageTrimmer
from bot.settings import PROJECT_ROOT


def test_config_runs_the_trimmer_first_and_the_empty_message_check_last() -> None:
    pipeline = [step["name"] for step in yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())["pipeline"]]
    assert pipeline[0] == "bot.message_guards.LongMessageTrimmer"
    assert pipeline[-1] == "bot.message_guards.EmptyMessageClassifier"


def test_a_huge_message_is_trimmed_quickly() -> None:
    trimmer = LongMessageTrimmer({"max_characters": 1000})
    message = Message(data={TEXT: "what skills does an mle need " * 4000})
    started = time.perf_counter()
    trimmer.process([message])
    assert len(message.get(TEXT)) == 1000
    assert message.get(TEXT).startswith("what skills does an mle need")
    assert time.perf_counter() - started < 0.1


def test_a_normal_message_is_untouched() -> None:
    message = Message(data={TEXT: "do I need C++?"})
    LongMessageTrimmer({"max_characters": 1000}).process([message])
    assert message.get(TEXT) == "do I need C++?"


def test_an_empty_message_is_answered_with_capabilities() -> None:
    classifier = EmptyMessageClassifier({"intent": "ask_capabilities"})
    empty, blank, normal = (Message(data={TEXT: text, INTENT: {"name": "greet", "confidence": 0.6}})
                            for text in ("", "   \n", "hello"))
    classifier.process([empty, blank, normal])
    assert empty.get(INTENT)["name"] == blank.get(INTENT)["name"] == "ask_capabilities"
    assert normal.get(INTENT)["name"] == "greet"
