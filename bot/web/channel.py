"""The REST channel the website widget talks to, with the checks a public endpoint needs."""
from __future__ import annotations

import os
import re
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

DEFAULT_MAX_MESSAGE_LENGTH = 1000
# Ids must be unguessable: anyone who knows an id can read and write that conversation.
SESSION_ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{32,64}$")


class WebChatInput(RestInput):
    """Rasa's REST channel under /webhooks/web/, refusing empty, oversized or guessable-id requests."""

    @classmethod
    def name(cls) -> Text:
        return "web"

    def __init__(self, max_message_length: int | None = None) -> None:
        self.max_message_length = max_message_length or int(
            os.environ.get("MAX_MESSAGE_LENGTH", DEFAULT_MAX_MESSAGE_LENGTH)
        )

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[Text, Any]]) -> "WebChatInput":
        return cls((credentials or {}).get("max_message_length"))

    def refusal(self, request: Request) -> Optional[response.HTTPResponse]:
        """Why a request must not reach the bot, as the response to send; None when it may."""
        body = request.json if isinstance(request.json, dict) else {}
        message, sender = body.get("message"), body.get("sender")
        if not isinstance(sender, str) or not SESSION_ID_PATTERN.match(sender):
            return response.json(
                {"error": "invalid_sender", "text": "This chat session is not valid. Please restart the conversation."},
                status=400,
            )
        if not isinstance(message, str) or not message.strip():
            return response.json(
                {"error": "empty_message", "text": "Please type a question about the MLE career."}, status=400
            )
        if len(message) > self.max_message_length:
            return response.json(
                {
                    "error": "message_too_long",
                    "max_length": self.max_message_length,
                    "text": f"Your message is too long: please keep it under {self.max_message_length} characters.",
                },
                status=413,
            )
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def refuse_bad_requests(request: Request) -> Optional[response.HTTPResponse]:
            if request.method == "POST" and request.path.endswith("/webhook"):
                try:
                    return self.refusal(request)
                except Exception:  # noqa: BLE001 - a body that is not JSON
                    return response.json({"error": "invalid_json", "text": "The request was not valid JSON."}, status=400)
            return None

        return blueprint
