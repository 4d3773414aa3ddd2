"""Safe defaults for the servers: no open HTTP API, no wildcard CORS, refusals the widget can show."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic
from sanic.server.async_server import AsyncioServer

from bot import servers
from bot.feedback_store import FeedbackStore
from bot.settings import Settings, load_settings
from bot.web.channel import WebChatInput

SESSION_ID = "6f1c2e0a-8b7d-4e3f-9a21-5c4d3b2a1f0e"
MAX_LENGTH = 1000


@pytest.fixture
def default_settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in (
        "CORS_ORIGINS",
        "RASA_API_TOKEN",
        "WEB_PORT",
        "RASA_PORT",
        "ACTION_PORT",
        "MAX_MESSAGE_LENGTH",
        "BIND_INTERFACE",
        "ACTION_TIMEOUT",
    ):
        monkeypatch.delenv(name, raising=False)
    return load_settings()


def test_http_api_is_off_without_a_token(default_settings: Settings) -> None:
    command = servers.rasa_server_command(default_settings)
    assert "--enable-api" not in command and "--auth-token" not in command


def test_http_api_needs_the_token(default_settings: Settings) -> None:
    command = servers.rasa_server_command(replace(default_settings, api_token="s3cret"))
    assert "--enable-api" in command
    assert command[command.index("--auth-token") + 1] == "s3cret"


def test_cors_defaults_to_the_demo_page_only(default_settings: Settings) -> None:
    assert default_settings.cors_origins == ("http://localhost:8000", "http://127.0.0.1:8000")
    command = servers.rasa_server_command(default_settings)
    assert "*" not in command


def test_cors_origins_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    assert load_settings().cors_origins == ("https://a.example", "https://b.example")


def test_servers_listen_on_loopback_unless_configured(
    default_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for command in (servers.rasa_server_command(default_settings), servers.shell_command(default_settings)):
        assert command[command.index("--interface") + 1] == "127.0.0.1"
    assert servers.child_environment(default_settings)["SANIC_HOST"] == "127.0.0.1"
    monkeypatch.setenv("BIND_INTERFACE", "0.0.0.0")
    opened = load_settings()
    command = servers.rasa_server_command(opened)
    assert command[command.index("--interface") + 1] == "0.0.0.0"
    assert servers.child_environment(opened)["SANIC_HOST"] == "0.0.0.0"


def test_the_wait_for_a_custom_action_is_ten_seconds_unless_configured(
    default_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert default_settings.action_timeout == 10
    assert servers.child_environment(default_settings)["ACTION_TIMEOUT"] == "10"
    monkeypatch.setenv("ACTION_TIMEOUT", "4")
    assert load_settings().action_timeout == 4


def test_the_action_server_really_listens_on_loopback_only(default_settings: Settings, tmp_path: Path) -> None:
    settings = replace(default_settings, action_port=servers.free_port())
    server = servers.start_action_server(settings, tmp_path / "action-server.log")
    try:
        server.wait_until_ready(60)
        listening = subprocess.run(
            ["ss", "-ltnH", f"sport = :{settings.action_port}"], capture_output=True, text=True, check=True
        ).stdout
    finally:
        server.stop()
    assert f"127.0.0.1:{settings.action_port}" in listening
    assert f"0.0.0.0:{settings.action_port}" not in listening and f"*:{settings.action_port}" not in listening


def test_bad_port_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_PORT", "fifty")
    with pytest.raises(SystemExit, match="RASA_PORT must be a whole number"):
        load_settings()


# --- the web channel, served by a real Sanic app over HTTP on the loopback interface -------------


@dataclass
class WebChannel:
    """The channel's blueprint running in a Sanic server; `heard` is every message that reached the bot."""

    url: str
    channel: WebChatInput
    heard: list[UserMessage] = field(default_factory=list)

    def post(
        self, body: bytes, path: str = "/webhooks/web/webhook", content_type: str = "application/json"
    ) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.url + path, data=body, headers={"Content-Type": content_type}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def post_json(self, body: Any, path: str = "/webhooks/web/webhook") -> tuple[int, Any]:
        return self.post(json.dumps(body).encode(), path)


@pytest.fixture(scope="module")
def web_channel() -> Iterator[WebChannel]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    channel = WebChannel(
        url=f"http://127.0.0.1:{listener.getsockname()[1]}", channel=WebChatInput(max_message_length=MAX_LENGTH)
    )

    async def on_new_message(message: UserMessage) -> None:
        # What the bot would do, reduced to a reply through the channel's own output (a CollectingOutputChannel).
        channel.heard.append(message)
        await message.output_channel.send_text_message(message.sender_id, f"You asked: {message.text}")

    app = Sanic("test_web_channel")
    # As rasa.core.channels.channel.register mounts every input channel: under /webhooks/<name>.
    app.blueprint(channel.channel.blueprint(on_new_message), url_prefix="/webhooks/web")

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="sanic-test-server", daemon=True)
    thread.start()

    async def start() -> AsyncioServer:
        server = await app.create_server(sock=listener, return_asyncio_server=True, access_log=False)
        assert server is not None
        await server.startup()
        await server.before_start()
        await server.after_start()
        await server.start_serving()
        return server

    async def stop(server: AsyncioServer) -> None:
        await server.before_stop()
        await server.close()
        await server.after_stop()

    server = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    try:
        yield channel
    finally:
        asyncio.run_coroutine_threadsafe(stop(server), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()
        listener.close()


def test_web_channel_passes_a_normal_message_to_the_bot_and_returns_its_reply(web_channel: WebChannel) -> None:
    message = "x" * MAX_LENGTH
    status, replies = web_channel.post_json({"sender": SESSION_ID, "message": message})
    assert status == 200
    assert replies == [{"recipient_id": SESSION_ID, "text": f"You asked: {message}"}]
    assert web_channel.heard[-1].text == message and web_channel.heard[-1].sender_id == SESSION_ID


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"sender": SESSION_ID, "message": "x" * (MAX_LENGTH + 1)}, 413, "message_too_long"),
        ({"sender": SESSION_ID, "message": "x" * 100_000}, 413, "message_too_long"),
        ({"sender": SESSION_ID, "message": "   "}, 400, "empty_message"),
        ({"sender": SESSION_ID, "message": ""}, 400, "empty_message"),
        ({"sender": SESSION_ID}, 400, "empty_message"),
        ({"sender": SESSION_ID, "message": 42}, 400, "empty_message"),
        ({"sender": "default", "message": "hi"}, 400, "invalid_sender"),
        ({"sender": "1234", "message": "hi"}, 400, "invalid_sender"),
        ({"message": "hi"}, 400, "invalid_sender"),
        (["hi"], 400, "invalid_body"),
        ("hi", 400, "invalid_body"),
        (None, 400, "invalid_body"),
        ({"sender": SESSION_ID, "message": "hi", "metadata": "x"}, 400, "invalid_metadata"),
        ({"sender": SESSION_ID, "message": "hi", "metadata": [1]}, 400, "invalid_metadata"),
    ],
)
def test_web_channel_refuses_with_a_message_for_the_user(
    web_channel: WebChannel, body: Any, status: int, error: str
) -> None:
    heard_before = len(web_channel.heard)
    answer_status, answer = web_channel.post_json(body)
    assert answer_status == status
    assert answer["error"] == error and answer["text"]
    if error == "message_too_long":
        assert answer["max_length"] == MAX_LENGTH and str(MAX_LENGTH) in answer["text"]
    assert len(web_channel.heard) == heard_before, "a refused message must not reach the bot"


@pytest.mark.parametrize("body", [b"{not json", b"sender=abc&message=hi", b"\xff\xfe\x00"])
def test_web_channel_refuses_a_body_that_is_not_json(web_channel: WebChannel, body: bytes) -> None:
    heard_before = len(web_channel.heard)
    status, answer = web_channel.post(body)
    assert status == 400
    assert answer["error"] == "invalid_json" and answer["text"]
    assert len(web_channel.heard) == heard_before


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_web_channel_refuses_what_a_cross_site_form_could_send(web_channel: WebChannel, content_type: str) -> None:
    heard_before = len(web_channel.heard)
    body = json.dumps({"sender": SESSION_ID, "message": "hi"}).encode()
    status, answer = web_channel.post(body, content_type=content_type)
    assert status == 415 and answer["error"] == "unsupported_media_type" and answer["text"]
    assert len(web_channel.heard) == heard_before
    # The same body as JSON is accepted, and metadata that is an object passes.
    status, _ = web_channel.post(body)
    assert status == 200
    ok = json.dumps({"sender": SESSION_ID, "message": "hi", "metadata": {"page": "/"}}).encode()
    assert web_channel.post(ok)[0] == 200


def test_web_channel_checks_the_webhook_however_its_path_is_spelled(web_channel: WebChannel) -> None:
    """Sanic also routes /webhook/ to the webhook: the checks must not depend on the trailing slash."""
    heard_before = len(web_channel.heard)
    status, answer = web_channel.post_json({"sender": "default", "message": "y" * 5000}, "/webhooks/web/webhook/")
    assert status == 400 and answer["error"] == "invalid_sender"
    assert len(web_channel.heard) == heard_before, "a refused message must not reach the bot"


def test_web_channel_health_check_still_answers(web_channel: WebChannel) -> None:
    with urllib.request.urlopen(web_channel.url + "/webhooks/web/", timeout=10) as response:
        assert response.status == 200 and json.loads(response.read()) == {"status": "ok"}


def test_web_channel_sends_a_reply_of_several_paragraphs_as_one_message(web_channel: WebChannel) -> None:
    # Rasa's collector splits a reply without buttons at each blank line; the widget gets it whole.
    status, replies = web_channel.post_json({"sender": SESSION_ID, "message": "first\n\nsecond"})
    assert (status, replies) == (200, [{"recipient_id": SESSION_ID, "text": "You asked: first\n\nsecond"}])


VOTE = {"sender": SESSION_ID, "answer_id": "0123456789abcdef0123456789abcdef", "rating": "down"}


@pytest.mark.parametrize(
    ("path", "body", "status", "error"),
    [
        # A vote is checked as a vote, a message as a message: neither passes for the other.
        ("/webhooks/web/feedback", {"sender": SESSION_ID, "message": "hi"}, 400, "invalid_answer_id"),
        ("/webhooks/web/webhook", VOTE, 400, "empty_message"),
        ("/webhooks/web/webhook/", VOTE, 400, "empty_message"),
        ("/webhooks/web/feedback", ["up"], 400, "invalid_body"),
        ("/webhooks/web/feedback", {**VOTE, "sender": "default"}, 400, "invalid_sender"),
        ("/webhooks/web/feedback/", {**VOTE, "sender": "default"}, 400, "invalid_sender"),
        ("/webhooks/web/feedback", {**VOTE, "answer_id": "A" * 32}, 400, "invalid_answer_id"),
        ("/webhooks/web/feedback", {**VOTE, "rating": "maybe"}, 400, "invalid_feedback"),
        ("/webhooks/web/feedback", {**VOTE, "rating": 1}, 400, "invalid_feedback"),
        ("/webhooks/web/feedback", {**VOTE, "reason": {"text": "no"}}, 400, "invalid_feedback"),
        ("/webhooks/web/feedback", {**VOTE, "reason": "r" * 501}, 413, "reason_too_long"),
    ],
)
def test_web_channel_refuses_malformed_votes_and_messages_on_each_route(
    web_channel: WebChannel, path: str, body: Any, status: int, error: str
) -> None:
    heard_before = len(web_channel.heard)
    answer_status, answer = web_channel.post_json(body, path)
    assert (answer_status, answer["error"]) == (status, error)
    assert answer["text"] and "r" * 501 not in json.dumps(answer)
    assert len(web_channel.heard) == heard_before, "a refused request must not reach the bot"


def test_a_vote_must_be_json_and_name_an_answer_of_the_conversation(web_channel: WebChannel) -> None:
    status, answer = web_channel.post(json.dumps(VOTE).encode(), "/webhooks/web/feedback", "text/plain")
    assert (status, answer["error"]) == (415, "unsupported_media_type")
    status, answer = web_channel.post(b"{not json", "/webhooks/web/feedback")
    assert (status, answer["error"]) == (400, "invalid_json")
    # Well formed, but this conversation has no such answer (it has no answer at all).
    status, answer = web_channel.post_json({**VOTE, "reason": "   "}, "/webhooks/web/feedback")
    assert (status, answer["error"]) == (404, "unknown_answer") and answer["text"]


def test_a_vote_while_the_database_is_down_gets_an_apology(
    web_channel: WebChannel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unreachable = FeedbackStore(f"sqlite:///{tmp_path / 'no-such-folder' / 'conversations.db'}")
    monkeypatch.setattr(web_channel.channel, "feedback", unreachable)
    status, answer = web_channel.post_json(VOTE, "/webhooks/web/feedback")
    assert (status, answer["error"]) == (503, "feedback_unavailable")
    assert answer["text"].startswith("Sorry") and SESSION_ID not in json.dumps(answer)


def test_each_running_copy_logs_to_its_own_file(default_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import cli

    logs: list[str] = []
    monkeypatch.setattr(cli, "_started", lambda start, what, log, timeout: logs.append(log.name))
    cli._action_server(replace(default_settings, action_port=5101))
    cli._action_server(replace(default_settings, action_port=5102))
    cli._rasa_server(replace(default_settings, rasa_port=5103))
    assert logs == ["action-server-5101.log", "action-server-5102.log", "rasa-server-5103.log"]


def test_the_plain_rest_channel_is_off_unless_asked_for_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    monkeypatch.setenv("RASA_PORT", str(servers.free_port()))  # files of their own, not a running server's
    default = load_settings()
    assert not default.rest_channel
    assert "rest" not in (yaml.safe_load(servers.credentials_file(default).read_text()) or {})
    monkeypatch.setenv("REST_CHANNEL", "on")
    assert "rest" in yaml.safe_load(servers.credentials_file(load_settings()).read_text())
    # Open to the network it would let anyone continue anyone's conversation: refused.
    monkeypatch.setenv("BIND_INTERFACE", "0.0.0.0")
    with pytest.raises(SystemExit, match="REST_CHANNEL=on is for local development only"):
        load_settings()


def test_conversations_are_kept_in_sql_and_locks_in_redis_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    monkeypatch.setenv("RASA_PORT", str(servers.free_port()))
    monkeypatch.delenv("CONVERSATION_STORE_URL", raising=False)
    endpoints = yaml.safe_load(servers.endpoints_file(load_settings()).read_text())
    assert endpoints["tracker_store"]["type"] == "bot.conversation_store.ConversationStore"
    assert endpoints["tracker_store"]["url"].endswith("/var/conversations.db")
    assert endpoints["tracker_store"]["retention_days"] == 30
    assert "lock_store" not in endpoints
    monkeypatch.setenv("LOCK_STORE_URL", "redis://:s3cret@10.0.0.5:6390/2")
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "7")
    endpoints = yaml.safe_load(servers.endpoints_file(load_settings()).read_text())
    assert endpoints["tracker_store"]["retention_days"] == 7
    lock = endpoints["lock_store"]
    assert (lock["type"], lock["url"], lock["port"], lock["db"], lock["password"]) == (
        "redis",
        "10.0.0.5",
        6390,
        2,
        "s3cret",
    )
    monkeypatch.setenv("LOCK_STORE_URL", "http://10.0.0.5")
    with pytest.raises(servers.ServerError, match="redis://"):
        servers.endpoints_file(load_settings())
