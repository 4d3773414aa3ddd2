"""Starts the action server and the Rasa server for the benchmark, times them, and stops them.

Both run on free ports of their own (so a `make serve` already running is not disturbed) through
`bot.servers`, with the same environment `make serve` uses. "Time to first reply" runs from the
moment the process is started until a real reply to a real request comes back: a knowledge action
for the action server, a REST message for Rasa. Rasa listens on 127.0.0.1 only, and its HTTP API
is on (for /model/parse, which scores the held-out set on the served model instead of loading
TensorFlow a second time) behind a random token that lives only as long as the run.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks.scripts import action_call
from benchmarks.stats import peak_rss_mib
from bot import servers
from bot.settings import Settings, load_settings

LOOPBACK = servers.LOOPBACK


@dataclass
class Servers:
    settings: Settings
    action: servers.ServerProcess
    rasa: servers.ServerProcess
    action_first_reply_seconds: float
    rasa_first_reply_seconds: float

    @property
    def chat_url(self) -> str:
        return f"{self.rasa.url}/webhooks/web/webhook"

    @property
    def action_url(self) -> str:
        return f"{self.action.url}/webhook"

    def parse(self, text: str) -> dict[str, Any]:
        """Rasa's NLU result for one message, from the served model."""
        result: dict[str, Any] = servers.post_json(
            f"{self.rasa.url}/model/parse?token={self.settings.api_token}", {"text": text}, timeout=30
        )
        return result

    def peak_rss_mib(self) -> dict[str, float | None]:
        """Peak memory so far of each server (VmHWM: the kernel keeps the high-water mark for us)."""
        return {"rasa": peak_rss_mib(self.rasa.process.pid), "actions": peak_rss_mib(self.action.process.pid)}


def _hello() -> dict[str, Any]:
    return {"sender": str(uuid.uuid4()), "message": "hello"}


@contextmanager
def running_servers(log_dir: Path, timeout: float = servers.RASA_SERVER_START_TIMEOUT) -> Iterator[Servers]:
    """Both servers, started one after the other so each start-up is timed on a quiet machine."""
    settings = replace(
        load_settings(),
        rasa_port=servers.free_port(),
        action_port=servers.free_port(),
        api_token=secrets.token_hex(16),
    )
    with ExitStack() as running:
        action = servers.start_action_server(
            settings,
            log_dir / "action-server.log",
            ready=servers.replies_to(f"http://{LOOPBACK}:{settings.action_port}/webhook", action_call),
        )
        running.callback(action.stop)
        action_seconds = action.wait_until_ready(timeout)
        rasa = servers.start_rasa_server(
            settings,
            log_dir / "rasa-server.log",
            interface=LOOPBACK,
            ready=servers.replies_to(servers.web_channel_url(settings), _hello),
        )
        running.callback(rasa.stop)
        rasa_seconds = rasa.wait_until_ready(timeout)
        yield Servers(settings, action, rasa, action_seconds, rasa_seconds)
