"""Requests a careless client or an attacker sends to the chat endpoint, and how each must be answered.

Each one must get either a clear refusal (a 4xx with a JSON error) or a real reply (200, a non-empty
list of messages that all have text); never a 5xx, an empty reply, a stack trace or a dead server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

SENDER = "7d3c1f0e-5a9b-4c2d-8e6f-1a2b3c4d5e6f"
JSON = "application/json"


@dataclass(frozen=True)
class Hostile:
    name: str
    body: bytes
    content_type: str | None = JSON
    method: str = "POST"
    path: str = "/webhooks/web/webhook"
    # "reply": must be answered; "refuse": must get a 4xx; "either": a 4xx or a reply.
    expect: str = "refuse"


def message(text: object, sender: object = SENDER, **extra: object) -> bytes:
    return json.dumps({"sender": sender, "message": text, **extra}).encode()


FEEDBACK = "/webhooks/web/feedback"


def _vote(**changed: object) -> bytes:
    return json.dumps({"sender": SENDER, "answer_id": "0" * 32, "rating": "down", **changed}).encode()


def _sender(value: object) -> bytes:
    return json.dumps({"sender": value, "message": "hello"}).encode()


HOSTILE: list[Hostile] = [
    # --- not JSON, or not declared as JSON -------------------------------------------------------
    Hostile("text/plain (a cross-site simple request)", message("hello"), "text/plain"),
    Hostile("form encoded", b"sender=x&message=hello", "application/x-www-form-urlencoded"),
    Hostile("multipart", b"--b\r\n\r\nhello\r\n--b--", "multipart/form-data; boundary=b"),
    Hostile("no content type", message("hello"), None),
    Hostile("xml", b"<message>hello</message>", "application/xml"),
    Hostile("truncated json", b'{"sender": "x", "message": "hel'),
    Hostile("bare word", b"nul"),
    Hostile("single quotes", b"{'sender': 'x', 'message': 'hi'}"),
    Hostile("binary garbage", bytes(range(256))),
    Hostile("empty body", b""),
    Hostile("trailing comma", b'{"sender": "x", "message": "hi",}'),
    Hostile("invalid utf-8", b'{"sender": "' + SENDER.encode() + b'", "message": "\xff\xfe"}'),
    # --- JSON that is not an object -------------------------------------------------------------
    Hostile("number", b"42"),
    Hostile("string", b'"hello"'),
    Hostile("list", b'["hello"]'),
    Hostile("null", b"null"),
    Hostile("true", b"true"),
    Hostile("list of objects", json.dumps([{"sender": SENDER, "message": "hi"}]).encode()),
    # --- sender ids that are missing or guessable ------------------------------------------------
    Hostile("sender missing", json.dumps({"message": "hello"}).encode()),
    Hostile("sender null", _sender(None)),
    Hostile("sender empty", _sender("")),
    Hostile("sender default", _sender("default")),
    Hostile("sender short", _sender("abc123")),
    Hostile("sender 31 characters", _sender("a" * 31)),
    Hostile("sender 65 characters", _sender("a" * 65)),
    Hostile("sender with spaces", _sender("a" * 20 + " " + "b" * 20)),
    Hostile("sender non-ascii", _sender("é" * 40)),
    Hostile("sender number", _sender(12345678901234567890123456789012345)),
    Hostile("sender list", _sender([SENDER])),
    Hostile("sender object", _sender({"id": SENDER})),
    Hostile("sender path traversal", _sender("../../../../etc/passwd" + "a" * 20)),
    Hostile("sender sql", _sender("' OR 1=1; DROP TABLE events; --" + "a" * 10)),
    # --- messages that are not text -------------------------------------------------------------
    Hostile("message missing", json.dumps({"sender": SENDER}).encode()),
    Hostile("message null", message(None)),
    Hostile("message empty", message("")),
    Hostile("message blank", message("   \n\t ")),
    Hostile("message number", message(42)),
    Hostile("message float", message(3.14)),
    Hostile("message list", message(["hello"])),
    Hostile("message object", message({"text": "hello"})),
    Hostile("message true", message(True)),
    Hostile("message over the limit", message("a" * 1001)),
    Hostile("message of 100 000 characters", message("what is an mle? " * 6250)),
    # --- metadata that is not an object ---------------------------------------------------------
    Hostile("metadata string", message("hello", metadata="x")),
    Hostile("metadata number", message("hello", metadata=1)),
    Hostile("metadata list", message("hello", metadata=[1, 2])),
    Hostile("metadata null", message("hello", metadata=None), expect="reply"),
    Hostile("metadata empty object", message("hello", metadata={}), expect="reply"),
    Hostile("metadata deep object", message("hello", metadata={"a": {"b": {"c": ["d"] * 50}}}), expect="reply"),
    # --- text a person could type, hostile or odd -----------------------------------------------
    Hostile("script tag", message("<script>alert(1)</script>"), expect="reply"),
    Hostile("sql in text", message("'; DROP TABLE events; --"), expect="reply"),
    Hostile("markdown link", message("[click](javascript:alert(1))"), expect="reply"),
    Hostile("emoji only", message("🤖🤖🤖"), expect="reply"),
    Hostile("right-to-left and zero-width", message("\u202ewhat\u200b is\u200d an mle"), expect="reply"),
    Hostile("control characters", message("what\x07 is\x1b[31m an mle"), expect="reply"),
    Hostile("nul character", message("hello\x00there"), expect="reply"),
    Hostile("one long word at the limit", message("x" * 1000), expect="reply"),
    Hostile("newlines", message("\n".join(["what is an mle"] * 50)), expect="reply"),
    Hostile("digits", message("1234567890"), expect="reply"),
    Hostile("chinese", message("什么是机器学习工程师"), expect="reply"),
    Hostile("typos", message("waht dose an mle doo"), expect="reply"),
    Hostile("json inside the text", message('{"sender": "other", "message": "hi"}'), expect="reply"),
    Hostile("template syntax", message("{{7*7}} ${7*7} {role}"), expect="reply"),
    Hostile("format string", message("%s%s%s%n %x"), expect="reply"),
    # --- intent payloads typed by hand -----------------------------------------------------------
    Hostile("typed /restart", message("/restart"), expect="reply"),
    Hostile("typed /session_start", message("/session_start"), expect="reply"),
    Hostile("typed /greet", message("/greet"), expect="reply"),
    Hostile("unknown intent payload", message("/no_such_intent"), expect="reply"),
    Hostile(
        "payload with a script as role", message('/ask_role_overview{"role":"<script>x</script>"}'), expect="reply"
    ),
    Hostile("payload, sql as skill", message('/ask_skill_importance{"skill":"\'; DROP TABLE x; --"}'), expect="reply"),
    Hostile("payload with broken json", message('/ask_role_overview{"role": '), expect="reply"),
    Hostile(
        "payload with a list entity", message('/ask_role_overview{"role": ["mle", "data_scientist"]}'), expect="reply"
    ),
    Hostile("payload with a huge entity", message('/ask_role_overview{"role": "' + "x" * 900 + '"}'), expect="reply"),
    Hostile("action name typed", message("/action_restart"), expect="reply"),
    # --- methods and paths ----------------------------------------------------------------------
    Hostile("GET the webhook", b"", None, method="GET", expect="refuse"),
    Hostile("PUT the webhook", message("hello"), method="PUT"),
    Hostile("DELETE the webhook", b"", None, method="DELETE"),
    Hostile("trailing slash", message("hello"), path="/webhooks/web/webhook/", expect="either"),
    Hostile("query string", message("hello"), path="/webhooks/web/webhook?sender=other", expect="reply"),
    Hostile("plain rest channel", message("hello"), path="/webhooks/rest/webhook"),
    Hostile("socket.io", b"", None, method="GET", path="/socket.io/?EIO=4&transport=polling"),
    Hostile("HTTP API: parse", json.dumps({"text": "hi"}).encode(), path="/model/parse"),
    Hostile("HTTP API: a tracker", b"", None, method="GET", path=f"/conversations/{SENDER}/tracker"),
    Hostile("HTTP API: replace the model", b"{}", method="PUT", path="/model"),
    Hostile("path traversal", b"", None, method="GET", path="/static/../../../etc/passwd"),
    Hostile("unknown path", b"", None, method="GET", path="/admin"),
    # --- votes on answers (no answer of this conversation exists, so none may be stored) -----------
    Hostile("vote as text/plain", _vote(), "text/plain", path=FEEDBACK),
    Hostile("vote not json", b"rating=up", path=FEEDBACK),
    Hostile("vote as a list", json.dumps([{"rating": "up"}]).encode(), path=FEEDBACK),
    Hostile("vote, sender default", _vote(sender="default"), path=FEEDBACK),
    Hostile("vote, script as answer id", _vote(answer_id="<script>x</script>"), path=FEEDBACK),
    Hostile("vote, script as rating", _vote(rating="<script>x</script>"), path=FEEDBACK),
    Hostile("vote, reason a list", _vote(reason=["x"]), path=FEEDBACK),
    Hostile("vote, huge reason", _vote(reason="x" * 5000), path=FEEDBACK),
    Hostile("vote for an unknown answer", _vote(), path=FEEDBACK),
    Hostile("chat message sent as a vote", message("hello"), path=FEEDBACK),
    Hostile("GET the feedback route", b"", None, method="GET", path=FEEDBACK),
    Hostile("typed /feedback with a script", message('/feedback{"rating":"down","reason":"<script>"}'), expect="reply"),
]
