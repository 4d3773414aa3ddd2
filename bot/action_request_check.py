"""The action server answers a malformed request with a short 4xx JSON error that never echoes the request.

rasa_sdk 3.6.2 (rasa_sdk/endpoint.py) trusts the body of POST /webhook: JSON that is not an object, a
`next_action` that is not a string, a missing or odd `tracker` or a `version` that is not a string raise
inside its handler, and its app-wide exception handler answers every error with a 500 whose body is
`{"error": str(exception), "request_body": request.json}`: the whole request sent back (the
conversation's tracker, with what the user typed). The same handler turns Sanic's own 404, 405 and
413 into 500s that quote the URL. An unknown action gets a 404 quoting the name sent, a request
without `next_action` gets a 200 with the body `null`, a compressed body is inflated without a limit.

rasa_sdk has no option for any of this, but `rasa_sdk.endpoint.run` calls the plugin hook
`attach_sanic_app_extensions(app)` after it has imported the actions package and before the server
starts. `install()` (called from `actions/__init__.py`) registers a plugin for that hook, so every way
of starting the action server (`rasa run actions`, `python -m rasa_sdk`) gets:

- a request check on POST /webhook: the body must be JSON (deflate-compressed as Rasa may send it,
  inflated up to the size limit), an object with `next_action` a non-empty string, `version` a string,
  `tracker` an object shaped the way rasa_sdk's `Tracker.from_dict` reads it and `domain` an object;
  anything else gets a 400 that names the field, never its value;
- a size limit for request bodies (Sanic's default is 100 MB), answered with 413;
- an exception handler in place of rasa_sdk's: the HTTP errors keep their status with the standard
  phrase as the message, anything else is a 500 with a fixed message (the details go to the log);
- the 404 for an unknown action says so without repeating the name.

The responses Rasa's `RemoteAction` reads are unchanged: 200 with events and responses, 400 with
`action_name` and `error` for `ActionExecutionRejection` (our actions' own names and messages), 404 for
an action that is not registered (Rasa reads only the status).
"""

from __future__ import annotations

import json
import logging
import zlib
from http import HTTPStatus
from typing import Any

import pluggy
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.exceptions import InvalidUsage, PayloadTooLarge, SanicException
from sanic.request import Request
from sanic.response import BaseHTTPResponse, HTTPResponse

logger = logging.getLogger(__name__)

# Rasa sends the whole tracker on every call; a long conversation is a few MB at most.
MAX_REQUEST_BYTES = 20 * 1024 * 1024
WEBHOOK_ROUTE = "rasa_sdk.webhook"
INTERNAL_ERROR = "The action server failed to run the action; the details are in its log."
TOO_LARGE = f"The request body is larger than {MAX_REQUEST_BYTES} bytes."
UNKNOWN_ACTION = "No action of that name is registered on this action server."

hookimpl = pluggy.HookimplMarker("rasa_sdk")


class MalformedRequest(Exception):
    """The request body is not an action call; the message names what is wrong, never the value sent."""


class OversizedRequest(Exception):
    """A compressed body that inflates beyond MAX_REQUEST_BYTES."""


def error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


# --- the request check ---------------------------------------------------------------------------


def inflate(body: bytes) -> bytes:
    """A deflate-compressed body (Rasa's COMPRESS_ACTION_SERVER_REQUEST), inflated up to the size limit."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(body, MAX_REQUEST_BYTES + 1)
    except zlib.error as failure:
        raise MalformedRequest("the body is not valid deflate data") from failure
    if len(data) > MAX_REQUEST_BYTES:
        raise OversizedRequest
    if not inflater.eof:
        raise MalformedRequest("the body is not valid deflate data")
    return data


def parse_body(request: Request) -> Any:
    """The body parsed the way rasa_sdk's handler parses it (its test of the header included)."""
    try:
        if request.headers.get("Content-Encoding") == "deflate":
            return json.loads(inflate(request.body))
        # Sanic's parser (ujson); the result stays on the request, so the handler does not parse again.
        return request.json
    except (InvalidUsage, ValueError, RecursionError) as failure:  # UnicodeDecodeError is a ValueError
        raise MalformedRequest("the body is not valid JSON") from failure


def expect(value: Any, kinds: type | tuple[type, ...], what: str, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, kinds):
        raise MalformedRequest(f"{what} must be {describe(kinds)}{' or null' if optional else ''}")


def describe(kinds: type | tuple[type, ...]) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true or false"}
    return " or ".join(names[kind] for kind in (kinds if isinstance(kinds, tuple) else (kinds,)))


def check_tracker(tracker: Any) -> None:
    """The fields rasa_sdk's `Tracker.from_dict` and its helpers read, with the types Rasa sends."""
    expect(tracker, dict, "tracker")
    if "sender_id" not in tracker:
        raise MalformedRequest("tracker.sender_id is missing")
    expect(tracker["sender_id"], str, "tracker.sender_id")
    expect(tracker.get("slots"), dict, "tracker.slots", optional=True)
    expect(tracker.get("paused"), bool, "tracker.paused", optional=True)
    expect(tracker.get("followup_action"), str, "tracker.followup_action", optional=True)
    expect(tracker.get("latest_action_name"), str, "tracker.latest_action_name", optional=True)
    for loop in ("active_loop", "active_form"):
        expect(tracker.get(loop), dict, f"tracker.{loop}", optional=True)
    events = tracker.get("events")
    expect(events, list, "tracker.events", optional=True)
    if events and not all(isinstance(event, dict) for event in events):
        raise MalformedRequest("tracker.events must be a list of objects")
    message = tracker.get("latest_message")
    expect(message, dict, "tracker.latest_message", optional=True)
    if message:
        expect(message.get("text"), str, "tracker.latest_message.text", optional=True)
        expect(message.get("intent"), dict, "tracker.latest_message.intent", optional=True)
        entities = message.get("entities")
        expect(entities, list, "tracker.latest_message.entities", optional=True)
        if entities and not all(isinstance(entity, dict) for entity in entities):
            raise MalformedRequest("tracker.latest_message.entities must be a list of objects")


def check_action_call(call: Any) -> None:
    """MalformedRequest unless call is an action call rasa_sdk can run."""
    if call is None:
        raise MalformedRequest("the body is empty; it must be a JSON object")
    if not isinstance(call, dict):
        raise MalformedRequest("the body must be an object")
    if not call.get("next_action"):
        raise MalformedRequest("next_action is missing")
    expect(call["next_action"], str, "next_action")
    expect(call.get("version"), str, "version", optional=True)
    expect(call.get("sender_id"), str, "sender_id", optional=True)
    if "tracker" not in call:
        raise MalformedRequest("tracker is missing")
    check_tracker(call["tracker"])
    if "domain" in call:
        expect(call["domain"], dict, "domain")


# --- the Sanic extensions ------------------------------------------------------------------------


def is_webhook_call(request: Request) -> bool:
    route = request.route
    return request.method == "POST" and route is not None and route.name == WEBHOOK_ROUTE


async def check_request(request: Request) -> HTTPResponse | None:
    """Request middleware: a 4xx for a malformed action call, None (go on) for a well-formed one."""
    # Sanic runs request middleware again while it handles an error (a handler that raised, a body
    # over the size limit): check each request once, and only a body received in full.
    if not is_webhook_call(request) or getattr(request.ctx, "action_call_checked", False):
        return None
    if request.stream is not None and request.stream.request_body:
        return None
    request.ctx.action_call_checked = True
    try:
        check_action_call(parse_body(request))
    except OversizedRequest:
        return error(413, TOO_LARGE)
    except MalformedRequest as problem:
        logger.warning("Refused a malformed action call: %s", problem)
        return error(400, f"Not a valid action call: {problem}.")
    return None


async def hide_unknown_action(request: Request, reply: BaseHTTPResponse) -> HTTPResponse | None:
    """Response middleware: rasa_sdk's 404 for an unknown action repeats the name sent; this one does not."""
    if is_webhook_call(request) and reply.status == 404:
        return error(404, UNKNOWN_ACTION)
    return None


def answer_error(request: Request | None, exception: Exception) -> HTTPResponse:
    """Exception handler for the whole app, in place of rasa_sdk's (which returns the request body)."""
    if isinstance(exception, PayloadTooLarge):
        return error(413, TOO_LARGE)
    if isinstance(exception, SanicException):
        status = int(exception.status_code)
        try:
            return error(status, HTTPStatus(status).phrase)
        except ValueError:  # not a standard status
            return error(status, "Error")
    where = f"{request.method} {request.path}" if request is not None else "a request"
    logger.error("The action server failed on %s", where, exc_info=exception)
    return error(500, INTERNAL_ERROR)


class RequestCheckPlugin:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES
        app.error_handler.add(Exception, answer_error)
        app.register_middleware(check_request, "request")
        app.register_middleware(hide_unknown_action, "response")


PLUGIN = RequestCheckPlugin()


def install() -> None:
    """Have the next action server started in this process check its requests (idempotent)."""
    manager = plugin_manager()
    if not manager.is_registered(PLUGIN):
        manager.register(PLUGIN)
