"""A real action server answers malformed requests with a short 4xx JSON error that never echoes the request."""

from __future__ import annotations

import http.client
import json
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from bot import action_request_check, servers
from bot.settings import load_settings

# Placed in every request; no error response may contain it.
MARKER = "ECHO-MARKER-" + uuid.uuid4().hex


def action_call(**changes: Any) -> dict[str, Any]:
    """The body Rasa posts for one knowledge turn (see benchmarks/scripts.py `action_call`), marked."""
    sender = f"{MARKER}-sender"
    call: dict[str, Any] = {
        "next_action": "action_list_skills",
        "sender_id": sender,
        "tracker": {
            "sender_id": sender,
            "slots": {"note": MARKER},
            "latest_message": {
                "text": f"what skills does an mle need? {MARKER}",
                "intent": {"name": "ask_role_skills", "confidence": 1.0},
                "entities": [{"entity": "role", "value": "mle"}],
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": {},
        "version": "3.6.21",
    }
    call.update(changes)
    return call


def with_tracker(**changes: Any) -> dict[str, Any]:
    call = action_call()
    call["tracker"].update(changes)
    return call


def without(key: str) -> dict[str, Any]:
    call = action_call()
    del call[key]
    return call


def encoded(body: Any) -> bytes:
    return json.dumps(body).encode()


@pytest.fixture(scope="module")
def action_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.ServerProcess]:
    settings = replace(load_settings(), action_port=servers.free_port(), database_url=database_url)
    log = tmp_path_factory.mktemp("action-server") / "action-server.log"
    server = servers.start_action_server(settings, log)
    try:
        server.wait_until_ready(servers.ACTION_SERVER_START_TIMEOUT)
        yield server
    finally:
        server.stop()


def send(
    server: servers.ServerProcess,
    body: bytes,
    headers: dict[str, str] | None = None,
    method: str = "POST",
    path: str = "/webhook",
) -> tuple[int, str, str]:
    """Status, content type and body text of one request."""
    connection = http.client.HTTPConnection(servers.LOOPBACK, server.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        reply = connection.getresponse()
        return reply.status, reply.getheader("Content-Type", ""), reply.read().decode(errors="replace")
    finally:
        connection.close()


def assert_clean_error(status: int, content_type: str, text: str, expected_status: int) -> dict[str, Any]:
    assert status == expected_status, text
    assert content_type.startswith("application/json")
    assert MARKER not in text, "the error response echoes the request"
    error: dict[str, Any] = json.loads(text)
    assert set(error) == {"error"} and error["error"]
    return error


MALFORMED = {
    "not JSON": (f"{{not json {MARKER}".encode(), 400),
    "empty body": (b"", 400),
    "JSON null": (b"null", 400),
    "JSON list": (encoded([MARKER, action_call()]), 400),
    "JSON string": (encoded(MARKER), 400),
    "JSON number": (b"12345", 400),
    "not UTF-8": (b'{"next_action": "\xff\xfe' + MARKER.encode() + b'"}', 400),
    "deeply nested": (b"[" * 100_000 + b"]" * 100_000, 400),
    "no next_action": (encoded(without("next_action")), 400),
    "next_action empty": (encoded(action_call(next_action="")), 400),
    "next_action a list": (encoded(action_call(next_action=[MARKER])), 400),
    "next_action an object": (encoded(action_call(next_action={MARKER: 1})), 400),
    "next_action a number": (encoded(action_call(next_action=7)), 400),
    "unknown action": (encoded(action_call(next_action=f"action_{MARKER}")), 404),
    "no tracker": (encoded(without("tracker")), 400),
    "tracker a string": (encoded(action_call(tracker=MARKER)), 400),
    "tracker a list": (encoded(action_call(tracker=[MARKER])), 400),
    "tracker null": (encoded(action_call(tracker=None)), 400),
    "tracker without sender_id": (encoded(action_call(tracker={"slots": {"x": MARKER}})), 400),
    "tracker sender_id a number": (encoded(with_tracker(sender_id=5)), 400),
    "slots a list": (encoded(with_tracker(slots=[MARKER])), 400),
    "events a string": (encoded(with_tracker(events=MARKER)), 400),
    "events not objects": (encoded(with_tracker(events=[MARKER, 1])), 400),
    "paused a string": (encoded(with_tracker(paused=MARKER)), 400),
    "latest_message a string": (encoded(with_tracker(latest_message=MARKER)), 400),
    "text a number": (encoded(with_tracker(latest_message={"text": 5, "intent": {"name": MARKER}})), 400),
    "intent a string": (encoded(with_tracker(latest_message={"text": "hi", "intent": MARKER})), 400),
    "entities a string": (encoded(with_tracker(latest_message={"text": "hi", "entities": MARKER})), 400),
    "active_loop a list": (encoded(with_tracker(active_loop=[MARKER])), 400),
    "domain a string": (encoded(action_call(domain=MARKER)), 400),
    "domain a list": (encoded(action_call(domain=[MARKER])), 400),
    "domain null": (encoded(action_call(domain=None)), 400),
    "version a number": (encoded(action_call(version=3)), 400),
    "version a list": (encoded(action_call(version=[MARKER])), 400),
}


@pytest.mark.parametrize(("body", "expected_status"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_action_call_gets_a_clean_4xx(
    action_server: servers.ServerProcess, body: bytes, expected_status: int
) -> None:
    assert_clean_error(*send(action_server, body), expected_status)


def test_malformed_compressed_bodies_get_a_clean_4xx(action_server: servers.ServerProcess) -> None:
    deflate = {"Content-Encoding": "deflate"}
    error = assert_clean_error(*send(action_server, MARKER.encode(), deflate), 400)
    assert "deflate" in error["error"]
    truncated = zlib.compress(encoded(action_call()))[:-10]
    assert_clean_error(*send(action_server, truncated, deflate), 400)
    assert_clean_error(*send(action_server, zlib.compress(encoded([MARKER])), deflate), 400)
    # A small body that inflates beyond the limit (a "zip bomb") is refused, not inflated.
    bomb = zlib.compress(b'{"x": "' + b" " * (action_request_check.MAX_REQUEST_BYTES + 10) + b'"}')
    assert len(bomb) < 100_000
    assert_clean_error(*send(action_server, bomb, deflate), 413)


def test_body_over_the_size_limit_gets_413(action_server: servers.ServerProcess) -> None:
    # The declared length is over the limit: the server answers without reading the body.
    connection = http.client.HTTPConnection(servers.LOOPBACK, action_server.port, timeout=30)
    try:
        connection.putrequest("POST", "/webhook")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(action_request_check.MAX_REQUEST_BYTES + 1))
        connection.endheaders()
        connection.send(f'{{"next_action": "{MARKER}'.encode())
        reply = connection.getresponse()
        assert_clean_error(reply.status, reply.getheader("Content-Type", ""), reply.read().decode(), 413)
    finally:
        connection.close()


def test_unknown_routes_and_methods_get_a_clean_4xx(action_server: servers.ServerProcess) -> None:
    # rasa_sdk's handler made these 500s quoting the URL.
    assert_clean_error(*send(action_server, b"", method="GET", path=f"/webhook?{MARKER}"), 405)
    assert_clean_error(*send(action_server, encoded(action_call()), method="PUT"), 405)
    assert_clean_error(*send(action_server, encoded(action_call()), path=f"/{MARKER}"), 404)


def test_valid_action_call_is_answered_as_before(action_server: servers.ServerProcess) -> None:
    call = action_call()
    status, content_type, text = send(action_server, encoded(call))
    assert status == 200 and content_type.startswith("application/json"), text
    answer = json.loads(text)
    assert set(answer) == {"events", "responses"}
    assert {"event": "slot", "timestamp": None, "name": "current_role", "value": "mle"} in answer["events"]
    assert answer["responses"] and answer["responses"][0]["text"]
    # Rasa may compress the call (COMPRESS_ACTION_SERVER_REQUEST): the same answer.
    status, _, compressed_text = send(action_server, zlib.compress(encoded(call)), {"Content-Encoding": "deflate"})
    assert status == 200
    assert without_answer_ids(json.loads(compressed_text)) == without_answer_ids(answer)
    # Each answer gets an id of its own (feedback names it): the same call, another id.
    ids = [response.get("answer_id") for response in answer["responses"]]
    assert all(ids) and ids != [response.get("answer_id") for response in json.loads(compressed_text)["responses"]]

    # A call without a domain (Rasa's selective domain) and without a version still runs.
    del call["domain"], call["version"]
    status, _, text = send(action_server, encoded(call))
    assert status == 200 and without_answer_ids(json.loads(text)) == without_answer_ids(answer)


def without_answer_ids(answer: dict[str, Any]) -> dict[str, Any]:
    return {**answer, "responses": [{**r, "answer_id": None} for r in answer["responses"]]}


def test_an_action_that_fails_gets_a_500_without_the_request() -> None:
    reply = action_request_check.answer_error(None, KeyError(MARKER))
    assert reply.status == 500
    assert MARKER not in reply.body.decode()
    assert json.loads(reply.body) == {"error": action_request_check.INTERNAL_ERROR}


def test_install_registers_the_plugin_once() -> None:
    from rasa_sdk.plugin import plugin_manager

    action_request_check.install()
    action_request_check.install()
    assert plugin_manager().is_registered(action_request_check.PLUGIN)
    hooks = plugin_manager().hook.attach_sanic_app_extensions.get_hookimpls()
    assert [hook.plugin for hook in hooks].count(action_request_check.PLUGIN) == 1
