"""The terminal chat's one outside service: the Rasa server's web channel, the one the widget uses.

Talking to the same channel as the widget means the same model, policies, actions and conversation
store answer, so a question gets the same answer in the terminal as on a website, with the same
evidence (answer id, sources, verdict) beside the text.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

# The input channel the terminal's turns and votes are recorded under (the web channel's default is "web").
CHANNEL_NAME = "terminal"
REPLY_TIMEOUT_SECONDS = 60.0


class ChatServerError(RuntimeError):
    """The server could not be reached or did not answer in time."""


class RequestRefused(ChatServerError):
    """The server refused the request (a message too long, ...): its text, written for the user, says why."""


@dataclass(frozen=True)
class Suggestion:
    title: str
    payload: str


@dataclass(frozen=True)
class SourceLink:
    number: int
    title: str
    url: str | None


@dataclass(frozen=True)
class BotMessage:
    text: str
    suggestions: tuple[Suggestion, ...] = ()
    sources: tuple[SourceLink, ...] = ()
    answer_id: str | None = None
    verdict: str | None = None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def bot_message(raw: Any) -> BotMessage | None:
    """One message of the channel's JSON reply; None for anything that is not a message with text."""
    if not isinstance(raw, dict) or not _text(raw.get("text")).strip():
        return None
    suggestions = tuple(
        Suggestion(_text(button.get("title")), _text(button.get("payload")))
        for button in raw.get("buttons") or []
        if isinstance(button, dict) and _text(button.get("title")) and _text(button.get("payload"))
    )
    sources = tuple(
        SourceLink(int(source["number"]), _text(source.get("title")), source.get("url") or None)
        for source in raw.get("sources") or []
        if isinstance(source, dict) and isinstance(source.get("number"), int) and _text(source.get("title"))
    )
    answer_id = raw.get("answer_id") if isinstance(raw.get("answer_id"), str) else None
    verdict = raw.get("verdict") if isinstance(raw.get("verdict"), str) else None
    return BotMessage(_text(raw["text"]).strip(), suggestions, sources, answer_id, verdict)


class WebChannelClient:
    """One conversation with the web channel at base_url (http://host:port), under an unguessable id."""

    def __init__(self, base_url: str, timeout: float = REPLY_TIMEOUT_SECONDS) -> None:
        self.channel_url = base_url.rstrip("/") + "/webhooks/web"
        self.timeout = timeout
        # The id is the conversation's only key: random, as the channel requires.
        self.conversation_id = uuid.uuid4().hex

    def send(self, message: str) -> list[BotMessage]:
        reply = self._post("/webhook", {"message": message})
        messages = [bot_message(raw) for raw in reply] if isinstance(reply, list) else []
        return [message for message in messages if message is not None]

    def feedback(self, answer_id: str, rating: str, reason: str | None) -> str:
        """Stores a vote on one answer of this conversation; the server's thanks."""
        body: dict[str, Any] = {"answer_id": answer_id, "rating": rating}
        if reason:
            body["reason"] = reason
        reply = self._post("/feedback", body)
        return _text(reply.get("text")) if isinstance(reply, dict) else ""

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        payload = {"sender": self.conversation_id, "input_channel": CHANNEL_NAME, **body}
        request = urllib.request.Request(
            self.channel_url + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            # The channel's refusals are JSON with a text written for the user (a message too long...).
            raise RequestRefused(_refusal_text(error)) from error
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError) as error:
            raise ChatServerError(str(getattr(error, "reason", error))) from error


def _refusal_text(error: urllib.error.HTTPError) -> str:
    try:
        text = json.loads(error.read()).get("text")
    except (ValueError, AttributeError, OSError):
        text = None
    return text if isinstance(text, str) and text else f"the server answered {error.code}"
