"""End to end: with no action server, a question gets the domain's apology instead of silence."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import servers
from bot.settings import PROJECT_ROOT, load_settings

LOG = PROJECT_ROOT / "results" / "action-server-down-rasa.log"


def domain_text(response: str) -> str:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    return str(domain["responses"][response][0]["text"])


def apology() -> str:
    """The one wording of the apology, as the domain defines it."""
    return domain_text("utter_action_failed")


# A short wait keeps the test quick; the default (ACTION_TIMEOUT) is 10 s.
STUCK_TIMEOUT = 3


@pytest.mark.rasa_model
def test_question_gets_an_apology_when_the_action_server_is_stuck_or_down(
    trained_model: Path, database_url: str
) -> None:
    # A "stuck" action server: the port accepts connections (the kernel completes them into the
    # backlog) but nothing ever answers.
    stuck = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    stuck.bind((servers.LOOPBACK, 0))
    stuck.listen(16)
    settings = replace(
        load_settings(),
        rasa_port=servers.free_port(),
        action_port=stuck.getsockname()[1],
        database_url=database_url,
        action_timeout=STUCK_TIMEOUT,
    )
    server = servers.start_rasa_server(settings, LOG, interface=servers.LOOPBACK)
    try:
        server.wait_until_ready(servers.RASA_SERVER_START_TIMEOUT)

        def ask(text: str) -> tuple[list[str], float]:
            body = {"sender": "5f0c9a52-1d7e-4c3b-9e8f-2a6b4d1c0e97", "message": text}
            started = time.monotonic()
            replies: list[dict[str, Any]] = servers.post_json(servers.web_channel_url(settings), body, timeout=60)
            return [message["text"] for message in replies], time.monotonic() - started

        said, waited = ask("what skills does a data scientist need?")
        assert said == [apology()]
        assert STUCK_TIMEOUT <= waited < STUCK_TIMEOUT + 5, "the wait is the setting, not Rasa's 300 s"
        # Then the action server is gone altogether (nobody listens on the port).
        stuck.close()
        said, waited = ask("what skills does an mle need?")
        assert said == [apology()] and waited < STUCK_TIMEOUT
        # A vote typed as a command needs the action server too: the apology, not silence.
        said, waited = ask("/feedback up")
        assert said == [apology()] and waited < STUCK_TIMEOUT
        # Turns that need no action server still work.
        assert ask("hello")[0] == [domain_text("utter_greet")]
        # The socket.io channel is not served (it never replied with Rasa 3.6's python-socketio).
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://{servers.LOOPBACK}:{settings.rasa_port}/socket.io/?EIO=4&transport=polling")
        assert refused.value.code == 404
    finally:
        server.stop()
        stuck.close()
