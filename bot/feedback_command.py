"""`/feedback` typed in any chat: a command read here, not an intent NLU is trained on.

A new intent changes DIET's label set and, with it, how unrelated questions are classified (trying it
moved the question bank below its gate), so the command is recognised by its text: by
`FeedbackCommandPolicy` to run `action_record_feedback`, and by that action to read the vote. Forms:
`/feedback` (asks for a rating), `/feedback up`, `/feedback down the role was wrong`, and the JSON
form buttons send, `/feedback{"rating": "down", "reason": "..."}`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

COMMAND = "/feedback"


@dataclass(frozen=True)
class FeedbackCommand:
    rating: object = None  # checked by bot.feedback_store.checked_vote: anything may be typed
    reason: object = None

    @property
    def asks_for_rating(self) -> bool:
        return self.rating is None and self.reason is None


def read_feedback_command(text: object) -> FeedbackCommand | None:
    """The vote a message gives, or None when the message is not the command."""
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if not stripped.lower().startswith(COMMAND):
        return None
    rest = stripped[len(COMMAND) :]
    if rest and not rest[0].isspace() and rest[0] != "{":
        return None  # "/feedbacks" is not the command
    rest = rest.strip()
    if rest.startswith("{"):
        try:
            given = json.loads(rest)
        except ValueError:
            return FeedbackCommand(rating="unreadable")
        if not isinstance(given, dict):
            return FeedbackCommand(rating="unreadable")
        return FeedbackCommand(given.get("rating"), given.get("reason"))
    if not rest:
        return FeedbackCommand()
    rating, _, reason = rest.partition(" ")
    return FeedbackCommand(rating.lower(), reason.strip() or None)
