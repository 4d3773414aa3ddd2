"""Running one custom action on a hand-made tracker, shared by the action tests."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import yaml
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker

from tests import shipped_content as content

DOMAIN = yaml.safe_load((content.PROJECT_ROOT / "domain.yml").read_text())

# (entity, value) or (entity, value, entity role), e.g. ("role", "data_analyst", "from").
Entity = tuple[str, str] | tuple[str, str, str]


def make_tracker(text: str, intent: str, entities: Sequence[Entity] = (), **slots: Any) -> Tracker:
    return Tracker(
        sender_id="test-user",
        slots=slots,
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.95},
            "entities": [
                {"entity": entity[0], "value": entity[1], **({"role": entity[2]} if len(entity) == 3 else {})}
                for entity in entities
            ],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run_message(action: Action, tracker: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    assert len(dispatcher.messages) == 1, "every action answers with exactly one message"
    return dispatcher.messages[0], events
