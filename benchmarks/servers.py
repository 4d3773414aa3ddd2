"""Starts the action server and the Rasa server for the benchmark, times them, and stops them.

Both run on free ports of their own (so a `make serve` already running is not disturbed) through
`bot.processes`, with the same environment `make serve` uses. "Time to first reply" runs from the
moment the process is started until a real reply to a real request comes back: a knowledge action
for the action server, a REST message for Rasa. Rasa listens on 127.0.0.1 only, and its HTTP API
is on (for /model/parse, which scores the held-out set on the served model instead of loading
TensorFlow a second time) behind a random token that lives only as long as the run.
"""
from __future__ import annotations

import json
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

from benchmarks.scripts import action_call
from benchmarks.stats import peak_rss_mib
from bot import processes
from bot.settings import PROJECT_ROOT, Settings, load_settings

LOOPBACK = "127.0.0.1"
POLL_SECONDS = 0.25


@dataclass
class Servers:
    settings: Settings
    action: subprocess.Popen
    rasa: subprocess.Popen
    action_first_reply_seconds: float
    rasa_first_reply_seconds: float

    @property
    def rest_url(self) -> str:
        return f"http://{LOOPBACK}:{self.settings.rasa_port}/webhooks/rest/webhook"

    @property
    def action_url(self) -> str:
        return f"http://{LOOPBACK}:{self.settings.action_port}/webhook"

    def parse(self, text: str) -> dict[str, Any]:
        """Rasa's NLU result for one message, from the served model."""
        url = f"http://{LOOPBACK}:{self.settings.rasa_port}/model/parse?token={self.settings.api_token}"
        return post_json(url, {"text": text}, timeout=30)

    def peak_rss_mib(self) -> dict[str, float | None]:
        """Peak memory so far of each server (VmHWM: the kernel keeps the high-water mark for us)."""
        return {"rasa": peak_rss_mib(self.rasa.pid), "actions": peak_rss_mib(self.action.pid)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def post_json(url: str, body: dict[str, Any], timeout: float) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        return json.loads(reply.read())


def _first_reply(url: str, body: dict[str, Any], process: subprocess.Popen, started: float, timeout: float) -> float:
    """Seconds from `started` until url gives a non-empty reply; fails if the process dies first."""
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{' '.join(map(str, process.args))} exited with code {process.returncode}")
        try:
            reply = post_json(url, body, timeout=30)
            if reply.get("responses") if isinstance(reply, dict) else reply:
                return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            pass
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"{url} gave no reply within {timeout:.0f} s")


def _start(command: list[str], settings: Settings, log: Path) -> subprocess.Popen:
    with open(log, "ab") as output:
        return subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=processes.child_environment(settings),
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )


@contextmanager
def running_servers(log_dir: Path, timeout: float = 300) -> Iterator[Servers]:
    """Both servers, started one after the other so each start-up is timed on a quiet machine."""
    settings = replace(
        load_settings(), rasa_port=free_port(), action_port=free_port(), api_token=secrets.token_hex(16)
    )
    log_dir.mkdir(parents=True, exist_ok=True)
    endpoints = processes.endpoints_file(settings)
    started: list[subprocess.Popen] = []
    try:
        began = time.monotonic()
        action = _start(
            processes.rasa_command("run", "actions", "--actions", "actions", "--port", str(settings.action_port)),
            settings, log_dir / "action-server.log",
        )
        started.append(action)
        action_seconds = _first_reply(
            f"http://{LOOPBACK}:{settings.action_port}/webhook", action_call(), action, began, timeout
        )
        began = time.monotonic()
        rasa = _start(
            processes.rasa_server_command(settings, ["--interface", LOOPBACK]), settings, log_dir / "rasa-server.log"
        )
        started.append(rasa)
        rasa_seconds = _first_reply(
            f"http://{LOOPBACK}:{settings.rasa_port}/webhooks/rest/webhook",
            {"sender": str(uuid.uuid4()), "message": "hello"}, rasa, began, timeout,
        )
        yield Servers(settings, action, rasa, action_seconds, rasa_seconds)
    finally:
        for process in reversed(started):
            processes.stop(process)
        endpoints.unlink(missing_ok=True)
