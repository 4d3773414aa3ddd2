"""NLU pipeline guards for messages no classifier should see as they are: huge ones and empty ones.

Every channel (REST, the web channel, the shell) goes through the pipeline, so the guards protect them all.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_TYPE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.settings import load_settings


class _Guard(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _Guard:
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class LongMessageTrimmer(_Guard):
    """Keeps only the start of very long messages: featurising 100,000 characters takes minutes.

    The limit is the MAX_MESSAGE_LENGTH setting, read when the server loads the model, so the shell and the
    REST channel trim where the web channel refuses; `max_characters` overrides it in tests.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_characters": None}

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self.limit = int(config.get("max_characters") or load_settings().max_message_length)

    def process(self, messages: list[Message]) -> list[Message]:
        limit = self.limit
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and len(text) > limit:
                message.set(TEXT, text[:limit])
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmptyMessageClassifier(_Guard):
    """An empty message asks for nothing: answer it with what the assistant can do."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": "ask_capabilities"}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and not text.strip() and not text.startswith("/"):
                intent = {"name": self.config["intent"], "confidence": 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SmallTalkOverrule(_Guard):
    """A question that names a role, skill or term is not small talk, whatever the classifier says.

    "Been a data engineer for 4 years and eyeing ML engineering, is that common?" can score highest as
    a thank-you; the rules would then answer "You're welcome!". Such a message gets the best-ranked
    question intent instead. Short messages keep their reading: "thanks, data scientist!" is thanks.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "small_talk": ["greet", "goodbye", "thank", "bot_challenge"],
            "entities": ["role", "skill", "term"],
            "min_words": 6,
        }

    def process(self, messages: list[Message]) -> list[Message]:
        small_talk = set(self.config["small_talk"])
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT)
            if intent.get("name") not in small_talk or not isinstance(text, str):
                continue
            if len(text.split()) < int(self.config["min_words"]):
                continue
            named = {entity.get(ENTITY_ATTRIBUTE_TYPE) for entity in message.get(ENTITIES) or []}
            if not named.intersection(self.config["entities"]):
                continue
            ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or [] if entry.get("name") not in small_talk]
            if ranking:
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
