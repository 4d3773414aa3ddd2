"""End to end: with the action server down, a knowledge question still gets a reply, not silence."""
from __future__ import annotations

import json
import urllib.request
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from bot import processes
from bot.settings import PROJECT_ROOT, load_settings

RASA_PORT = 5405
CLOSED_ACTION_PORT = 5455  # nothing listens here


def ask(text: str) -> list[dict]:
    body = json.dumps({"sender": str(uuid.uuid4()), "message": text}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{RASA_PORT}/webhooks/web/webhook", data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        return json.loads(reply.read())


@pytest.mark.rasa_model
def test_question_gets_an_apology_when_the_action_server_is_down(trained_model: Path, database_url: str) -> None:
    settings = replace(load_settings(), rasa_port=RASA_PORT, action_port=CLOSED_ACTION_PORT,
                       database_url=database_url)
    log = PROJECT_ROOT / "results" / "action-server-down-rasa.log"
    log.parent.mkdir(exist_ok=True)
    server = processes.start_rasa_server(settings, log)
    try:
        processes.wait_until_up(f"http://127.0.0.1:{RASA_PORT}/webhooks/web/", 300, server)
        replies = ask("what skills does a data scientist need?")
        assert [message["text"] for message in replies] == [
            "Sorry, I couldn't look that up: my knowledge service isn't responding right now. Please try "
            "again in a minute. I can still say hello and tell you what I can help with."
        ]
        # Turns that need no action server still work.
        assert "MLE career assistant" in ask("hello")[0]["text"]
    finally:
        processes.stop(server)
