"""The servers the browser tests talk to: action server, Rasa server (web channel) and demo pages.

Loading the Rasa model takes about a minute on a small machine, so the browser tests start this
stack once per module and restart the Rasa server only for the offline/recovery test.
"""
from __future__ import annotations

import dataclasses
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from http.server import ThreadingHTTPServer
from pathlib import Path

from bot import processes
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.web.demo_server import start_demo_server

RESULTS_DIR = PROJECT_ROOT / "results" / "browser"
LOG_DIR = RESULTS_DIR / "logs"

ACTION_PORT = 5255
RASA_PORT = 5205
PAGE_PORT = 8205            # the demo page, an allowed origin
SECOND_PAGE_PORT = 8206     # the same page on a second origin that is configured in CORS_ORIGINS
UNLISTED_PAGE_PORT = 8207   # the same page on an origin that is NOT configured
MAX_MESSAGE_LENGTH = 1000

ACTION_SERVER_TIMEOUT = 90.0
RASA_SERVER_TIMEOUT = 240.0  # the model loads in ~60-70 s on 2 idle cores, 2-2.5 min when they are busy


def origin(port: int) -> str:
    return f"http://localhost:{port}"


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def http(
    method: str, url: str, body: dict | str | None = None, headers: dict[str, str] | None = None, timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of one request; HTTP errors are answers too."""
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def log_tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return "(no log)"


class BrowserStack:
    """Starts, restarts and stops the servers; every process it starts is stopped by close()."""

    def __init__(self, database_url: str) -> None:
        self.settings: Settings = dataclasses.replace(
            load_settings(),
            database_url=database_url,
            action_port=ACTION_PORT,
            rasa_port=RASA_PORT,
            web_port=PAGE_PORT,
            max_message_length=MAX_MESSAGE_LENGTH,
            cors_origins=(origin(PAGE_PORT), origin(SECOND_PAGE_PORT)),
            api_token="",  # the browser tests need no HTTP API
        )
        self.server_url = origin(RASA_PORT)
        self.webhook_url = f"{self.server_url}/webhooks/web/webhook"
        self.health_url = f"{self.server_url}/webhooks/web/"
        self.action_log = LOG_DIR / "action-server.log"
        self.rasa_log = LOG_DIR / "rasa-server.log"
        self.action_server: subprocess.Popen | None = None
        self.rasa_server: subprocess.Popen | None = None
        self.pages: dict[int, ThreadingHTTPServer] = {}
        self.rasa_start_seconds: list[float] = []

    def page_url(self, port: int = PAGE_PORT) -> str:
        return f"{origin(port)}/"

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        busy = [port for port in (ACTION_PORT, RASA_PORT, PAGE_PORT, SECOND_PAGE_PORT, UNLISTED_PAGE_PORT)
                if port_open(port)]
        if busy:
            raise RuntimeError(f"ports already in use (another test run?): {busy}")
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        for log in (self.action_log, self.rasa_log):
            log.write_bytes(b"")
        for port in (PAGE_PORT, SECOND_PAGE_PORT, UNLISTED_PAGE_PORT):
            self.pages[port] = start_demo_server("127.0.0.1", port, self.server_url, MAX_MESSAGE_LENGTH)
        # Both servers load at the same time; Rasa only calls the action server once a message arrives.
        self.action_server = processes.start_action_server(self.settings, self.action_log)
        self.start_rasa()
        try:
            processes.wait_until_up(
                f"http://localhost:{ACTION_PORT}/health", ACTION_SERVER_TIMEOUT, self.action_server
            )
        except RuntimeError as error:
            raise RuntimeError(f"the action server did not start: {error}\n{log_tail(self.action_log)}") from error
        self.wait_until_rasa_answers()

    def start_rasa(self) -> None:
        if self.rasa_server is not None and self.rasa_server.poll() is None:
            return
        self._rasa_started_at = time.monotonic()
        self.rasa_server = processes.start_rasa_server(self.settings, self.rasa_log)

    def stop_rasa(self) -> None:
        if self.rasa_server is not None:
            processes.stop(self.rasa_server)
        deadline = time.monotonic() + 15
        while port_open(RASA_PORT) and time.monotonic() < deadline:
            time.sleep(0.2)

    def close(self) -> None:
        for server in self.pages.values():
            server.shutdown()
            server.server_close()
        self.pages.clear()
        for process in (self.rasa_server, self.action_server):
            if process is not None:
                processes.stop(process)

    # -- readiness ---------------------------------------------------------------------------

    def rasa_answers(self, timeout: float = 30) -> bool:
        """True when the web channel answers a real message (the model is loaded), not just the port."""
        try:
            status, _, body = http(
                "POST", self.webhook_url, {"sender": str(uuid.uuid4()), "message": "hello"}, timeout=timeout
            )
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False
        return status == 200 and isinstance(json.loads(body or b"null"), list)

    def wait_until_rasa_answers(self, timeout: float = RASA_SERVER_TIMEOUT) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.rasa_server is None or self.rasa_server.poll() is not None:
                code = None if self.rasa_server is None else self.rasa_server.returncode
                raise RuntimeError(f"the Rasa server exited (code {code}):\n{log_tail(self.rasa_log)}")
            if port_open(RASA_PORT) and self.rasa_answers():
                self.rasa_start_seconds.append(round(time.monotonic() - self._rasa_started_at, 1))
                return time.monotonic() - started
            time.sleep(0.5)
        raise RuntimeError(
            f"the Rasa server did not answer a message within {timeout:.0f} s:\n{log_tail(self.rasa_log)}"
        )

    def ensure_up(self) -> None:
        """Brings the Rasa server back if an earlier test left it stopped (so failures do not cascade)."""
        if self.rasa_server is not None and self.rasa_server.poll() is None and self.rasa_answers(timeout=20):
            return
        self.stop_rasa()
        self.start_rasa()
        self.wait_until_rasa_answers()
