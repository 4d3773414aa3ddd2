"""The NLU guards: huge messages are trimmed before featurising, empty ones get the capabilities answer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.message_guards import EmptyMessageClassifier, LongMessageTrimmer, SmallTalkOverrule
from bot.settings import PROJECT_ROOT

PIPELINE: list[dict[str, Any]] = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())["pipeline"]
LIMIT = 1000
HUGE_MESSAGE = "what skills does an mle need " * 4000  # 116,000 characters, 24,000 words

Featurise = Callable[[Message], None]


def test_config_runs_the_trimmer_first_and_the_empty_message_check_last() -> None:
    names = [step["name"] for step in PIPELINE]
    assert names[0] == "bot.message_guards.LongMessageTrimmer"
    assert names[1] == "WhitespaceTokenizer", "the trimmer must run before the tokenizer sees the text"
    assert names[-1] == "bot.message_guards.EmptyMessageClassifier"


@pytest.fixture(scope="module")
def featurise(tmp_path_factory: pytest.TempPathFactory) -> Featurise:
    """The tokenizer and the character n-gram featurizer of config.yml, trained on a few messages."""
    char_ngrams = [
        step for step in PIPELINE if step["name"] == "CountVectorsFeaturizer" and step.get("analyzer") == "char_wb"
    ]
    assert len(char_ngrams) == 1, "config.yml should have one character n-gram CountVectorsFeaturizer"
    settings = {key: value for key, value in char_ngrams[0].items() if key != "name"}

    storage = LocalModelStorage(Path(tmp_path_factory.mktemp("model_storage")))
    context = ExecutionContext(GraphSchema({}), "test-model")
    tokenizer = WhitespaceTokenizer.create(
        WhitespaceTokenizer.get_default_config(), storage, Resource("tokenizer"), context
    )
    featurizer = CountVectorsFeaturizer.create(
        {**CountVectorsFeaturizer.get_default_config(), **settings}, storage, Resource("char_ngrams"), context
    )
    training = TrainingData(
        [
            Message(data={TEXT: text, INTENT: intent})
            for text, intent in [
                ("what skills does an mle need", "ask_role_skills"),
                ("what does a data scientist do", "ask_role_overview"),
                ("do I need C++?", "ask_skill_importance"),
                ("hello there", "greet"),
            ]
        ]
    )
    tokenizer.process_training_data(training)
    featurizer.train(training)

    def run(message: Message) -> None:
        tokenizer.process([message])
        featurizer.process([message])

    return run


def featurised_rows(message: Message) -> int:
    """How many token rows the sequence features hold: what the classifier downstream has to chew through."""
    sequence, _ = message.get_sparse_features(TEXT)
    assert sequence is not None
    return int(sequence.features.shape[0])


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def test_a_huge_message_is_trimmed_before_it_is_featurised(featurise: Featurise) -> None:
    trimmer = LongMessageTrimmer({"max_characters": LIMIT})
    assert len(HUGE_MESSAGE) > 100_000

    def trim_and_featurise() -> Message:
        message = Message(data={TEXT: HUGE_MESSAGE})
        trimmer.process([message])
        featurise(message)
        return message

    trimmed_seconds = min(seconds(trim_and_featurise) for _ in range(3))
    trimmed = trim_and_featurise()

    untrimmed = Message(data={TEXT: HUGE_MESSAGE})
    untrimmed_seconds = seconds(lambda: featurise(untrimmed))

    assert trimmed.get(TEXT) == HUGE_MESSAGE[:LIMIT]
    # Every token takes at least one character and one space, so the limit bounds the rows.
    assert 0 < featurised_rows(trimmed) <= LIMIT // 2 + 1
    assert featurised_rows(untrimmed) == 24_000
    assert trimmed_seconds < 0.5, f"trimming and featurising took {trimmed_seconds:.3f} s"
    assert untrimmed_seconds > 10 * trimmed_seconds, (
        f"without the trimmer: {untrimmed_seconds:.3f} s, with it: {trimmed_seconds:.3f} s"
    )


def test_a_message_at_the_limit_is_untouched() -> None:
    text = ("do I need C++? " * 100)[:LIMIT]
    message = Message(data={TEXT: text})
    LongMessageTrimmer({"max_characters": LIMIT}).process([message])
    assert message.get(TEXT) == text


def test_a_normal_message_is_untouched() -> None:
    message = Message(data={TEXT: "do I need C++?"})
    LongMessageTrimmer({"max_characters": LIMIT}).process([message])
    assert message.get(TEXT) == "do I need C++?"


def test_an_empty_message_is_answered_with_capabilities() -> None:
    classifier = EmptyMessageClassifier({"intent": "ask_capabilities"})
    empty, blank, normal = (
        Message(data={TEXT: text, INTENT: {"name": "greet", "confidence": 0.6}}) for text in ("", "   \n", "hello")
    )
    classifier.process([empty, blank, normal])
    assert empty.get(INTENT)["name"] == blank.get(INTENT)["name"] == "ask_capabilities"
    assert normal.get(INTENT)["name"] == "greet"


def _read_as_thanks(text: str, entities: list[dict[str, Any]]) -> Message:
    ranking = [
        {"name": "thank", "confidence": 0.44},
        {"name": "ask_how_to_become", "confidence": 0.14},
        {"name": "greet", "confidence": 0.1},
    ]
    return Message(data={TEXT: text, INTENT: ranking[0], INTENT_RANKING_KEY: ranking, ENTITIES: entities})


def test_a_long_question_naming_a_role_is_not_taken_for_thanks() -> None:
    message = _read_as_thanks(
        "been a data engineer for 4 years and eyeing ml engineering. is that a common move?",
        [{"entity": "role", "value": "data_engineer"}, {"entity": "role", "value": "mle"}],
    )
    SmallTalkOverrule(SmallTalkOverrule.get_default_config()).process([message])
    assert message.get(INTENT)["name"] == "ask_how_to_become"
    assert [entry["name"] for entry in message.get(INTENT_RANKING_KEY)] == ["ask_how_to_become"]


def test_short_thanks_and_thanks_naming_nothing_stay_thanks() -> None:
    short = _read_as_thanks("thanks, data scientist!", [{"entity": "role", "value": "data_scientist"}])
    plain = _read_as_thanks("thank you so much for all of that, it was really helpful", [])
    SmallTalkOverrule(SmallTalkOverrule.get_default_config()).process([short, plain])
    assert short.get(INTENT)["name"] == plain.get(INTENT)["name"] == "thank"
