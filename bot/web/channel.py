"""The REST channel the website widget talks to, with the checks a public endpoint needs."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from bot.settings import load_settings

# Ids must be unguessable: anyone who knows an id can read and write that conversation.
SESSION_ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{32,64}$")


def _refused(error: str, text: str, status: int, **details: Any) -> response.HTTPResponse:
    return response.json({"error": error, "text": text, **details}, status=status)


class WebChatInput(RestInput):
    """Rasa's REST channel under /webhooks/web/, refusing empty, oversized or guessable-id requests."""

    @classmethod
    def name(cls) -> str:
        return "web"

    def __init__(self, max_message_length: int | None = None) -> None:
        self.max_message_length = max_message_length or load_settings().max_message_length

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        # The limit is a setting (MAX_MESSAGE_LENGTH), not a credential: one source for every channel.
        return cls()

    def refusal(self, body: Any) -> response.HTTPResponse | None:
        """Why a request body must not reach the bot, as the response to send; None when it may."""
        if not isinstance(body, dict):
            body = {}
        message, sender = body.get("message"), body.get("sender")
        if not isinstance(sender, str) or not SESSION_ID_PATTERN.match(sender):
            return _refused("invalid_sender", "This chat session is not valid. Please restart the conversation.", 400)
        if not isinstance(message, str) or not message.strip():
            return _refused("empty_message", "Please type a question about the MLE career.", 400)
        if len(message) > self.max_message_length:
            return _refused(
                "message_too_long",
                f"Your message is too long: please keep it under {self.max_message_length} characters.",
                413,
                max_length=self.max_message_length,
            )
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        # Blueprint middleware runs only for this channel's routes; every POST among them reaches the
        # bot (Sanic also routes ".../webhook/"), so every POST is checked, whatever its path's spelling.
        async def refuse_bad_requests(request: Request) -> response.HTTPResponse | None:
            if request.method != "POST":
                return None
            try:
                body = request.json
            except InvalidUsage:
                return _refused("invalid_json", "The request was not valid JSON.", 400)
            return self.refusal(body)

        blueprint.middleware(refuse_bad_requests, "request")
        return blueprint
