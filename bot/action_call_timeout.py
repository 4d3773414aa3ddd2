"""How long the Rasa server waits for the action server before the user gets the apology.

Rasa 3.6 waits up to 300 s for a custom action (`DEFAULT_REQUEST_TIMEOUT`, not configurable): a stuck
action server would leave the user looking at a typing indicator for five minutes. The wait is the
ACTION_TIMEOUT setting instead; when it runs out, Rasa drops the action's events and the project's
policy (bot/unanswered_turn_policy.py) answers with the apology.
"""

from __future__ import annotations

import rasa.core.actions.action as rasa_action

from bot.settings import load_settings


def install(seconds: int | None = None) -> None:
    """Make every custom-action call in this process give up after `seconds` (default: the setting)."""
    # RemoteAction.run reads this module-level name on every call.
    vars(rasa_action)["DEFAULT_REQUEST_TIMEOUT"] = seconds if seconds is not None else load_settings().action_timeout
