"""End to end on the production stack (`make prod`): PostgreSQL, Redis, two Rasa and two action servers
behind nginx. Conversations keep their context through a crashed Rasa server, a stuck action server,
a Redis or PostgreSQL outage and a restart of everything; during an outage users get an apology."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import servers
from bot.production.stack import ProductionStack, StackLayout
from bot.settings import PROJECT_ROOT, load_settings
from tests.hostile_requests import HOSTILE, Hostile

pytestmark = pytest.mark.rasa_model

OUTAGE_SECONDS = 10


def response_text(name: str) -> str:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    return str(domain["responses"][name][0]["text"])


@pytest.fixture(scope="module")
def stack(trained_model: Path) -> Iterator[ProductionStack]:
    # The stack's own PostgreSQL keeps the knowledge and the conversations (no DATABASE_URL given).
    settings = replace(load_settings(), database_url="sqlite://", conversation_store_url="sqlite://", lock_store_url="")
    # Not under pytest's temporary folder, which is private to root: PostgreSQL and nginx's workers run
    # as other users.
    folder = Path(tempfile.mkdtemp(prefix="mle-prod-"))
    folder.chmod(0o755)
    running = ProductionStack(settings, StackLayout.on_free_ports(folder))
    try:
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)


class Visitor:
    """One person chatting through nginx, with an unguessable session id."""

    def __init__(self, stack: ProductionStack) -> None:
        self.stack = stack
        self.sender = str(uuid.uuid4())

    def ask(self, text: str) -> tuple[list[dict[str, Any]], float]:
        started = time.monotonic()
        reply: list[dict[str, Any]] = servers.post_json(
            self.stack.chat_url, {"sender": self.sender, "message": text}, timeout=60
        )
        return reply, time.monotonic() - started

    def fact_ids(self, text: str) -> list[str]:
        return [fact for message in self.ask(text)[0] for fact in message.get("fact_ids", [])]

    def texts(self, text: str) -> list[str]:
        return [str(message.get("text")) for message in self.ask(text)[0]]


def about_data_engineers(visitor: Visitor) -> None:
    ids = visitor.fact_ids("what does a data engineer do?")
    assert ids and all(fact.startswith("role:data_engineer:") for fact in ids)


def still_about_data_engineers(visitor: Visitor) -> None:
    """The follow-up names no role: only the stored conversation says it is about data engineers."""
    ids = visitor.fact_ids("what skills do they need?")
    assert ids and all(fact.startswith("role:data_engineer:skill:") for fact in ids), ids


def test_a_crashed_rasa_server_leaves_the_conversation_to_another_with_its_context(stack: ProductionStack) -> None:
    visitor = Visitor(stack)
    about_data_engineers(visitor)
    stack.kill_rasa_server(0)
    try:
        # Several turns, so some would have gone to the dead server: nginx hands them to the other.
        for _ in range(4):
            still_about_data_engineers(visitor)
    finally:
        stack.start_rasa_server(0)
    still_about_data_engineers(visitor)


def test_a_stuck_action_server_costs_a_user_at_most_ten_seconds(stack: ProductionStack) -> None:
    visitor = Visitor(stack)
    stuck = stack.action_servers[0].process.pid
    os.kill(stuck, signal.SIGSTOP)  # alive and listening, answering nothing
    try:
        for question in ("what does a data engineer do?", "what skills do they need?", "how do I become an mle?"):
            reply, waited = visitor.ask(question)
            assert waited <= stack.settings.action_timeout + 1, question
            assert reply and all(message.get("text") for message in reply), question
    finally:
        os.kill(stuck, signal.SIGCONT)


@pytest.mark.parametrize("service", ["redis", "postgres"])
def test_while_a_store_is_down_users_get_an_apology_and_then_carry_on(stack: ProductionStack, service: str) -> None:
    # Redis holds the conversation locks, PostgreSQL the conversations (and the knowledge).
    stop, start = getattr(stack, f"stop_{service}"), getattr(stack, f"start_{service}")
    visitor = Visitor(stack)
    about_data_engineers(visitor)
    stop()
    outage_ends = time.monotonic() + OUTAGE_SECONDS
    try:
        reply, waited = visitor.ask("what skills do they need?")
        assert [message["text"] for message in reply] == [response_text("utter_conversation_unavailable")]
        assert waited < 5
        time.sleep(max(0.0, outage_ends - time.monotonic()))
    finally:
        start()
    still_about_data_engineers(visitor)


def test_after_a_restart_of_everything_every_conversation_continues(stack: ProductionStack) -> None:
    visitors = [Visitor(stack) for _ in range(3)]
    for visitor in visitors:
        about_data_engineers(visitor)
    stack.stop()
    assert not any(servers.port_open(port) for port in stack.layout.balancer.rasa_ports)
    stack.start()
    for visitor in visitors:
        still_about_data_engineers(visitor)


def test_only_the_balancer_faces_the_network_and_the_plain_rest_channel_is_off(stack: ProductionStack) -> None:
    ports = stack.layout.balancer
    base = stack.chat_url.removesuffix("/webhooks/web/webhook")
    with pytest.raises(servers.urllib.error.HTTPError) as refused:
        servers.post_json(f"{base}/webhooks/rest/webhook", {"sender": "x", "message": "hi"}, timeout=10)
    assert refused.value.code == 404
    # Nor does a Rasa server itself serve it.
    with pytest.raises(servers.urllib.error.HTTPError) as refused:
        rasa = f"http://127.0.0.1:{ports.rasa_ports[0]}/webhooks/rest/webhook"
        servers.post_json(rasa, {"sender": "x", "message": "hi"}, timeout=10)
    assert refused.value.code == 404
    for port in (*ports.rasa_ports, *ports.action_ports, stack.layout.redis_port, stack.layout.postgres_port):
        listening = {line.split()[3] for line in os.popen("ss -ltnH").read().splitlines() if f":{port}" in line}
        assert listening == {f"127.0.0.1:{port}"}, (port, listening)


def send(base: str, request: Hostile) -> tuple[int, bytes]:
    parsed = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parsed.hostname or servers.LOOPBACK, parsed.port, timeout=60)
    headers = {"Content-Type": request.content_type} if request.content_type else {}
    try:
        connection.request(request.method, request.path, body=request.body or None, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def judged(request: Hostile, status: int, body: bytes) -> str | None:
    """What is wrong with the answer to a hostile request, or None."""
    if status >= 500:
        return f"server error {status}"
    echoed = [marker for marker in (b"<script>", b"DROP TABLE", b"etc/passwd", b"javascript:") if marker in body]
    if echoed:
        return f"echoes {echoed}"
    refused = 400 <= status < 500
    if refused and request.method == "POST" and request.path.startswith("/webhooks/web/"):
        try:
            error = json.loads(body).get("error")
        except (ValueError, AttributeError):
            error = None
        if not error:
            return f"{status} without a JSON error: {body[:80]!r}"
    if request.expect == "refuse":
        return None if refused else f"not refused: {status}"
    if refused:
        return None if request.expect == "either" else f"refused with {status}: {body[:120]!r}"
    try:
        messages = json.loads(body)
    except ValueError:
        return f"{status}, not JSON"
    if status != 200 or not isinstance(messages, list) or not messages:
        return f"{status}, no reply: {body[:80]!r}"
    if not all(isinstance(m, dict) and str(m.get("text") or "").strip() for m in messages):
        return f"a message without text: {body[:120]!r}"
    return None


def test_hostile_requests_get_a_refusal_or_a_reply_never_an_error_or_silence(stack: ProductionStack) -> None:
    assert len(HOSTILE) >= 80
    public = stack.chat_url.removesuffix("/webhooks/web/webhook")
    # The web channel is the one channel served: through nginx, and on a Rasa server directly.
    direct = f"http://{servers.LOOPBACK}:{stack.layout.balancer.rasa_ports[1]}"
    problems = []
    for base in (public, direct):
        for request in HOSTILE:
            status, body = send(base, request)
            problem = judged(request, status, body)
            if problem:
                problems.append(f"{base} {request.name}: {problem}")
    assert not problems, "\n".join(problems)
    # Everything is still up and answering.
    about_data_engineers(Visitor(stack))
    assert all(server.running() for server in (*stack.rasa_servers, *stack.action_servers))
