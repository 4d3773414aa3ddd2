"""Safe defaults for the servers: no open HTTP API, no wildcard CORS, refusals the widget can show."""
from __future__ import annotations

import json
from dataclasses import replace
from types import SimpleNamespace

import pytest

from bot import processes
from bot.settings import load_settings
from bot.web.channel import WebChatInput

SESSION_ID = "6f1c2e0a-8b7d-4e3f-9a21-5c4d3b2a1f0e"


@pytest.fixture
def default_settings(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    for name in ("CORS_ORIGINS", "RASA_API_TOKEN", "WEB_PORT", "RASA_PORT", "ACTION_PORT"):
        monkeypatch.delenv(name, raising=False)
    return load_settings()


def test_http_api_is_off_without_a_token(default_settings) -> None:  # type: ignore[no-untyped-def]
    command = processes.rasa_server_command(default_settings)
    assert "--enable-api" not in command


def test_http_api_needs_the_token(default_settings) -> None:  # type: ignore[no-untyped-def]
    command = processes.rasa_server_command(replace(default_settings, api_token="s3cret"))
    assert "--enable-api" in command
    assert command[command.index("--auth-token") + 1] == "s3cret"


def test_cors_defaults_to_the_demo_page_only(default_settings) -> None:  # type: ignore[no-untyped-def]
    assert default_settings.cors_origins == ("http://localhost:8000", "http://127.0.0.1:8000")
    command = processes.rasa_server_command(default_settings)
    assert "*" not in command


def test_cors_origins_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    assert load_settings().cors_origins == ("https://a.example", "https://b.example")


def test_bad_port_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_PORT", "fifty")
    with pytest.raises(SystemExit, match="RASA_PORT must be a whole number"):
        load_settings()


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"sender": SESSION_ID, "message": "x" * 1001}, 413, "message_too_long"),
        ({"sender": SESSION_ID, "message": "   "}, 400, "empty_message"),
        ({"sender": "default", "message": "hi"}, 400, "invalid_sender"),
        ({"message": "hi"}, 400, "invalid_sender"),
    ],
)
def test_web_channel_refuses_with_a_message_for_the_user(body: dict, status: int, error: str) -> None:
    refusal = WebChatInput(max_message_length=1000).refusal(SimpleNamespace(json=body))
    assert refusal is not None and refusal.status == status
    payload = json.loads(refusal.body)
    assert payload["error"] == error and payload["text"]


def test_web_channel_lets_a_normal_message_through() -> None:
    request = SimpleNamespace(json={"sender": SESSION_ID, "message": "x" * 1000})
    assert WebChatInput(max_message_length=1000).refusal(request) is None
