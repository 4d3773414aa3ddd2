"""End to end: with no action server, a question gets the domain's apology instead of silence."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import servers
from bot.settings import PROJECT_ROOT, load_settings

LOG = PROJECT_ROOT / "results" / "action-server-down-rasa.log"


def apology() -> str:
    """The one wording of the apology, as the domain defines it."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    return str(domain["responses"]["utter_action_failed"][0]["text"])


@pytest.mark.rasa_model
def test_question_gets_an_apology_when_the_action_server_is_down(trained_model: Path, database_url: str) -> None:
    # The action port is one the OS just handed out and nobody listens on.
    settings = replace(
        load_settings(), rasa_port=servers.free_port(), action_port=servers.free_port(), database_url=database_url
    )
    server = servers.start_rasa_server(settings, LOG, interface=servers.LOOPBACK)
    try:
        server.wait_until_ready(servers.RASA_SERVER_START_TIMEOUT)

        def ask(text: str) -> list[dict[str, Any]]:
            body = {"sender": "5f0c9a52-1d7e-4c3b-9e8f-2a6b4d1c0e97", "message": text}
            replies: list[dict[str, Any]] = servers.post_json(servers.web_channel_url(settings), body, timeout=60)
            return replies

        assert [message["text"] for message in ask("what skills does a data scientist need?")] == [apology()]
        # Turns that need no action server still work.
        assert "MLE career assistant" in ask("hello")[0]["text"]
    finally:
        server.stop()
