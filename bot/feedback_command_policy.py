"""Runs `action_record_feedback` for a typed `/feedback`, whatever intent NLU gave the text."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.feedback_command import read_feedback_command
from bot.fixed_action_policy import FixedActionPolicy
from bot.unanswered_turn_policy import custom_action_failed_silently

FEEDBACK_ACTION = "action_record_feedback"


def next_action(tracker: DialogueStateTracker) -> str | None:
    """The feedback action right after the command, then listening; None for every other turn.

    A feedback action that failed (action server down) said nothing: then UnansweredTurnPolicy's
    apology comes next, not silence.
    """
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            if event.action_name != FEEDBACK_ACTION or custom_action_failed_silently(tracker):
                return None
            return ACTION_LISTEN_NAME
        if isinstance(event, UserUttered):
            return FEEDBACK_ACTION if read_feedback_command(event.text) is not None else None
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class FeedbackCommandPolicy(FixedActionPolicy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 8}

    def next_action(self, tracker: DialogueStateTracker) -> str | None:
        return next_action(tracker)
