"""The REST channel the website widget talks to, with the checks a public endpoint needs."""

from __future__ import annotations

import asyncio
import logging
import re
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Sanic, response
from sanic.exceptions import InvalidUsage, MethodNotSupported, NotFound
from sanic.request import Request

from bot import answers
from bot.conversation_store import TurnOutcome, current_turn
from bot.feedback_store import (
    ANSWER_ID_PATTERN,
    MAX_REASON_LENGTH,
    FeedbackError,
    FeedbackStore,
    FeedbackStoreUnavailable,
    checked_vote,
)
from bot.settings import load_settings

logger = logging.getLogger(__name__)

# Ids must be unguessable: anyone who knows an id can read and write that conversation.
SESSION_ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{32,64}$")
CHANNEL_NAME_PATTERN = re.compile(r"^[a-z_]{1,32}$")


def _refused(error: str, text: str, status: int, **details: Any) -> response.HTTPResponse:
    return response.json({"error": error, "text": text, **details}, status=status)


INVALID_SENDER_TEXT = "This chat session is not valid. Please restart the conversation."
ORIGIN_REFUSED_TEXT = "This site is not allowed to reach the assistant."
WELCOME_RESPONSE = "utter_welcome"
FEEDBACK_THANKS_RESPONSE = "utter_feedback_thanks"


def _valid_sender(sender: Any) -> bool:
    return isinstance(sender, str) and bool(SESSION_ID_PATTERN.match(sender))


def feedback_refusal(body: Any) -> response.HTTPResponse | None:
    """Why a feedback request cannot be stored, as the response to send; None when it can."""
    if not isinstance(body, dict):
        return _refused("invalid_body", "The request must be a JSON object with a sender, an answer and a rating.", 400)
    if not _valid_sender(body.get("sender")):
        return _refused("invalid_sender", INVALID_SENDER_TEXT, 400)
    answer_id = body.get("answer_id")
    if not isinstance(answer_id, str) or not ANSWER_ID_PATTERN.match(answer_id):
        return _refused("invalid_answer_id", "The feedback must name an answer of this conversation.", 400)
    reason = body.get("reason")
    if isinstance(reason, str) and len(reason.strip()) > MAX_REASON_LENGTH:
        return _refused("reason_too_long", f"Please keep the reason under {MAX_REASON_LENGTH} characters.", 413)
    try:
        checked_vote(body.get("rating"), reason)
    except FeedbackError as error:
        return _refused("invalid_feedback", str(error), 400)
    return None


FALLBACK_APOLOGY = "Sorry, something went wrong on my side. Please send your message again in a moment."


def domain_response(request: Request, response_name: str) -> dict[str, Any]:
    """The first variant of a domain response in the served model: messages have one source."""
    agent = getattr(request.app.ctx, "agent", None)
    domain = getattr(agent, "domain", None)
    variants = (domain.responses if domain is not None else {}).get(response_name) or [{}]
    return dict(variants[0])


def domain_text(request: Request, response_name: str) -> str:
    text = domain_response(request, response_name).get("text")
    return text if isinstance(text, str) else FALLBACK_APOLOGY


def too_long_text(limit: int) -> str:
    """The one wording for a message over the limit (nginx in the production stack sends it too)."""
    return f"Your message is too long: please keep it under {limit} characters."


# Sent by the actions beside each reply's text (actions/conversation.py `send`).
EVIDENCE_KEYS = ("fact_ids", "answer_kind", "answer_id", "sources", "verdict")
TEXT_WITHOUT_SOURCES = "text_without_sources"


class EvidenceOutputChannel(CollectingOutputChannel):
    """Rasa's collecting channel, keeping what a reply claims (its fact ids, kind, id and sources) for
    the widget, which lists the sources itself: its text goes without the "Sources:" lines."""

    def _keep_evidence(self, kwargs: dict[str, Any]) -> None:
        evidence = {key: kwargs[key] for key in EVIDENCE_KEYS if key in kwargs}
        if isinstance(kwargs.get(TEXT_WITHOUT_SOURCES), str) and "sources" in evidence:
            evidence["text"] = kwargs[TEXT_WITHOUT_SOURCES]
        if evidence and self.messages:
            self.messages[-1].update(evidence)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # One message per reply, whether or not it has buttons (Rasa's collector splits a reply without
        # buttons at each blank line): the widget renders a reply's paragraphs itself, and the reply's
        # id and sources belong to the whole of it.
        await self._persist_message(self._message(recipient_id, text=text.strip()))
        self._keep_evidence(kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)
        self._keep_evidence(kwargs)


class WebChatInput(RestInput):
    """Rasa's REST channel under /webhooks/web/, refusing empty, oversized or guessable-id requests."""

    @classmethod
    def name(cls) -> str:
        return "web"

    def __init__(self, max_message_length: int | None = None, feedback: FeedbackStore | None = None) -> None:
        settings = load_settings()
        self.max_message_length = max_message_length or settings.max_message_length
        self.allowed_origins = frozenset(settings.cors_origins)
        # Votes go beside the conversations they quote (CONVERSATION_STORE_URL); the engine connects on
        # first use, so a database that is down at start-up costs only the votes sent while it is down.
        self.feedback = feedback or FeedbackStore(settings.conversation_store_url)

    def origin_refused(self, request: Request) -> response.HTTPResponse | None:
        """A 403 the refused page may read (so the widget can say why), for an origin not configured."""
        origin = request.headers.get("origin")
        if origin is None or "*" in self.allowed_origins or origin in self.allowed_origins:
            return None
        refused = _refused("origin_not_allowed", ORIGIN_REFUSED_TEXT, 403)
        refused.headers["Access-Control-Allow-Origin"] = origin
        refused.headers["Vary"] = "Origin"
        return refused

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        # The limit is a setting (MAX_MESSAGE_LENGTH), not a credential: one source for every channel.
        return cls()

    def refusal(self, body: Any) -> response.HTTPResponse | None:
        """Why a request body must not reach the bot, as the response to send; None when it may."""
        if not isinstance(body, dict):
            return _refused("invalid_body", "The request must be a JSON object with a sender and a message.", 400)
        if body.get("metadata") is not None and not isinstance(body.get("metadata"), dict):
            return _refused("invalid_metadata", "The request's metadata must be a JSON object.", 400)
        message, sender = body.get("message"), body.get("sender")
        if not _valid_sender(sender):
            return _refused("invalid_sender", INVALID_SENDER_TEXT, 400)
        if not isinstance(message, str) or not message.strip():
            return _refused("empty_message", "Please type a question about the MLE career.", 400)
        if len(message) > self.max_message_length:
            return _refused(
                "message_too_long",
                too_long_text(self.max_message_length),
                413,
                max_length=self.max_message_length,
            )
        return None

    def _vote_channel(self, body: dict[str, Any]) -> str:
        # The front end that sent the vote (the terminal chat says so, as it does with its messages).
        named = body.get("input_channel")
        return named if isinstance(named, str) and CHANNEL_NAME_PATTERN.match(named) else self.name()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Rasa's REST blueprint, except that replies are collected with their evidence (no streaming).
        blueprint = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        async def health(_: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        async def receive(request: Request) -> response.HTTPResponse:
            collector = EvidenceOutputChannel()
            outcome = TurnOutcome()
            current_turn.set(outcome)
            message = UserMessage(
                self._extract_message(request),
                collector,
                await self._extract_sender(request),
                input_channel=self._extract_input_channel(request),
                metadata=self.get_metadata(request),
            )
            try:
                await on_new_message(message)
            except CancelledError:
                logger.error("web channel: the reply to a message timed out")
                outcome.store_failed = True
            except Exception:
                # The lock store (Redis) or the model failed before any reply was formed.
                logger.exception("web channel: handling a message failed")
                outcome.store_failed = True
            if outcome.store_failed:
                # Whatever was said came from a conversation without its history, if anything was:
                # the user gets the apology instead (one wording, in the domain).
                apology = domain_text(request, answers.CONVERSATION_UNAVAILABLE_RESPONSE)
                return response.json([{"recipient_id": message.sender_id, "text": apology}])
            if not collector.messages:
                # A turn that says nothing (a typed "/session_start" starts a new session silently)
                # would leave the widget waiting: greet, as a new session should.
                greeting = domain_text(request, answers.GREETING_RESPONSE)
                return response.json([{"recipient_id": message.sender_id, "text": greeting}])
            return response.json(collector.messages)

        async def welcome(request: Request) -> response.HTTPResponse:
            # The greeting and starter questions the widget shows on open; also its reachability probe.
            refused = self.origin_refused(request)
            if refused is not None:
                return refused
            greeting = domain_response(request, WELCOME_RESPONSE)
            suggestions = [
                {"title": button.get("title"), "payload": button.get("payload")}
                for button in greeting.get("buttons") or []
                if isinstance(button, dict)
            ]
            return response.json({"text": domain_text(request, WELCOME_RESPONSE), "suggestions": suggestions})

        async def feedback(request: Request) -> response.HTTPResponse:
            body = request.json  # checked by refuse_bad_requests
            store = self.feedback
            try:
                answer = await asyncio.to_thread(store.answer, body["sender"], body["answer_id"])
                if answer is None:
                    return _refused("unknown_answer", "That answer is not part of this conversation.", 404)
                await asyncio.to_thread(
                    store.record, body["sender"], answer, body["rating"], body.get("reason"), self._vote_channel(body)
                )
            except FeedbackStoreUnavailable:
                logger.exception("web channel: storing feedback failed")
                return _refused("feedback_unavailable", domain_text(request, answers.UNAVAILABLE_RESPONSE), 503)
            return response.json({"stored": True, "text": domain_text(request, FEEDBACK_THANKS_RESPONSE)})

        blueprint.add_route(health, "/", methods=["GET"])
        blueprint.add_route(welcome, "/welcome", methods=["GET"])
        blueprint.add_route(receive, "/webhook", methods=["POST"])
        blueprint.add_route(feedback, "/feedback", methods=["POST"])

        # Blueprint middleware runs only for this channel's routes, after Sanic has matched the route
        # (".../webhook/" too): a vote is checked as a vote, and every other POST as a chat message.
        async def refuse_bad_requests(request: Request) -> response.HTTPResponse | None:
            if request.method != "POST":
                return None
            if not (request.content_type or "").lower().startswith("application/json"):
                # A cross-site form or "simple" request (text/plain) could otherwise write into a
                # conversation whose id it knows; browsers must ask first (CORS) to send JSON.
                return _refused("unsupported_media_type", "Send the message as application/json.", 415)
            try:
                body = request.json
            except InvalidUsage:
                return _refused("invalid_json", "The request was not valid JSON.", 400)
            if getattr(request.route, "handler", None) is feedback:
                return feedback_refusal(body)
            return self.refusal(body)

        blueprint.middleware(refuse_bad_requests, "request")
        blueprint.listener(_answer_unknown_routes_without_echo, "before_server_start")
        return blueprint


def _answer_unknown_routes_without_echo(app: Sanic, _loop: Any) -> None:
    """Sanic's own 404 and 405 pages repeat the requested path: answer with a plain JSON error instead.

    Registered from the channel because it is this project's one hook into Rasa's Sanic app.
    """

    def not_found(_request: Request, _error: Exception) -> response.HTTPResponse:
        return _refused("not_found", "There is nothing here.", 404)

    def wrong_method(_request: Request, _error: Exception) -> response.HTTPResponse:
        return _refused("method_not_allowed", "This address only accepts POST requests with a message.", 405)

    app.error_handler.add(NotFound, not_found)
    app.error_handler.add(MethodNotSupported, wrong_method)
