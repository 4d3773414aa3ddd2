"""A Rasa policy that keeps the bot from going silent when a custom action fails.

When the action server is down or errors, Rasa logs the failure, drops the action's events and
predicts `action_listen`: the user gets no reply at all. This policy sees that a custom action ran
live (its ActionExecuted event carries the predicting policy) but nothing was said since the user's
message, and predicts a response that apologises instead. Runs inside the Rasa server, so it needs
no action server.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import DEFAULT_ACTION_NAMES
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import action_call_timeout, action_response_check, shell_interrupt
from bot.fixed_action_policy import FixedActionPolicy

# Rasa loads this module with every model of this project, before any custom action runs: the place
# to switch every action call in the server to the check built once (bot/action_response_check.py)
# and to the ACTION_TIMEOUT wait (bot/action_call_timeout.py), and, in `rasa shell`, to make Ctrl-C
# at any prompt end the chat (bot/shell_interrupt.py).
action_response_check.install()
action_call_timeout.install()
shell_interrupt.install()

UTTER_PREFIX = "utter_"


def custom_action_failed_silently(tracker: DialogueStateTracker) -> bool:
    """True when a custom action answered a live user message and said nothing."""
    custom_action_ran = False
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            return False
        if isinstance(event, ActionExecuted):
            name = event.action_name or ""
            if name.startswith(UTTER_PREFIX):
                return False
            custom_action_ran = custom_action_ran or name not in DEFAULT_ACTION_NAMES
        if isinstance(event, UserUttered):
            # Messages from a channel carry a message id; story replays (training, `rasa test`)
            # have none, and there a custom action's reply is simply not recorded.
            return custom_action_ran and event.message_id is not None
    return False


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class UnansweredTurnPolicy(FixedActionPolicy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Above RulePolicy (6), which would otherwise predict action_listen with equal confidence.
        return {"priority": 7, "response": "utter_action_failed"}

    def next_action(self, tracker: DialogueStateTracker) -> str | None:
        return str(self.config["response"]) if custom_action_failed_silently(tracker) else None
