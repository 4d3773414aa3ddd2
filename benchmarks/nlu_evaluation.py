"""Scores a trained Rasa model on a held-out NLU file: intents, out-of-scope handling and entities.

`out_of_scope` and `nlu_fallback` get the same reply, so for scoring a fallback counts as
out-of-scope. Rasa is imported lazily: the rest of `bot` does not need it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
SCORED_ENTITIES = ("role", "skill", "term")


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Prediction:
    intent: str
    confidence: float
    entities: frozenset[tuple[str, str]]


@dataclass
class NluReport:
    examples: int
    intent_accuracy: float
    intent_macro_f1: float
    per_intent_f1: dict[str, float]
    out_of_scope_recall: float
    false_out_of_scope_rate: float
    entity_f1: dict[str, float]
    seconds_per_message: float
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    def headline(self) -> str:
        entities = ", ".join(f"{name} {value:.3f}" for name, value in self.entity_f1.items())
        return (
            f"held-out messages: {self.examples}; intent macro-F1 {self.intent_macro_f1:.3f}; "
            f"accuracy {self.intent_accuracy:.3f}; out-of-scope recall {self.out_of_scope_recall:.3f}; "
            f"false out-of-scope rate {self.false_out_of_scope_rate:.3f}; entity F1: {entities}"
        )


def read_examples(path: Path) -> list[Example]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        Example(
            text=message.get("text"),
            intent=message.get("intent"),
            entities=frozenset((e["entity"], str(e["value"])) for e in message.get("entities") or []),
        )
        for message in data.intent_examples
    ]


def scored_intent(intent: str) -> str:
    return OUT_OF_SCOPE if intent == FALLBACK else intent


def _f1(true_positive: int, false_positive: int, false_negative: int) -> float:
    if true_positive == 0:
        return 0.0
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    return 2 * precision * recall / (precision + recall)


def score(examples: list[Example], predictions: list[Prediction], seconds: float = 0.0) -> NluReport:
    gold = [example.intent for example in examples]
    predicted = [scored_intent(prediction.intent) for prediction in predictions]
    per_intent = {
        label: _f1(
            sum(g == p == label for g, p in zip(gold, predicted, strict=True)),
            sum(p == label != g for g, p in zip(gold, predicted, strict=True)),
            sum(g == label != p for g, p in zip(gold, predicted, strict=True)),
        )
        for label in sorted(set(gold))
    }
    out_of_scope = [p for g, p in zip(gold, predicted, strict=True) if g == OUT_OF_SCOPE]
    in_scope = [p for g, p in zip(gold, predicted, strict=True) if g != OUT_OF_SCOPE]
    entity_f1 = {}
    for entity in SCORED_ENTITIES:
        counts = [0, 0, 0]
        for example, prediction in zip(examples, predictions, strict=True):
            expected = {item for item in example.entities if item[0] == entity}
            found = {item for item in prediction.entities if item[0] == entity}
            counts[0] += len(expected & found)
            counts[1] += len(found - expected)
            counts[2] += len(expected - found)
        entity_f1[entity] = _f1(*counts)
    return NluReport(
        examples=len(examples),
        intent_accuracy=sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(examples),
        intent_macro_f1=sum(per_intent.values()) / len(per_intent),
        per_intent_f1=per_intent,
        out_of_scope_recall=sum(p == OUT_OF_SCOPE for p in out_of_scope) / max(len(out_of_scope), 1),
        false_out_of_scope_rate=sum(p == OUT_OF_SCOPE for p in in_scope) / max(len(in_scope), 1),
        entity_f1=entity_f1,
        seconds_per_message=seconds / max(len(examples), 1),
        errors=[
            {
                "text": example.text,
                "expected": example.intent,
                "predicted": prediction.intent,
                "confidence": round(prediction.confidence, 3),
            }
            for example, prediction in zip(examples, predictions, strict=True)
            if scored_intent(prediction.intent) != example.intent
        ],
    )


async def _predict(model_path: Path, texts: Iterable[str]) -> tuple[list[Prediction], float]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # otherwise every parse is logged at debug level
    agent = Agent.load(str(model_path))
    started = time.perf_counter()
    predictions = []
    for text in texts:
        parsed = await agent.parse_message(text)
        predictions.append(
            Prediction(
                intent=parsed["intent"]["name"],
                confidence=float(parsed["intent"].get("confidence") or 0.0),
                entities=frozenset((e["entity"], str(e["value"])) for e in parsed.get("entities", [])),
            )
        )
    return predictions, time.perf_counter() - started


def evaluate(model_path: Path, heldout_path: Path) -> NluReport:
    examples = read_examples(heldout_path)
    predictions, seconds = asyncio.run(_predict(model_path, [example.text for example in examples]))
    return score(examples, predictions, seconds)
