"""Starting, waiting for and stopping the servers: the action server, the Rasa server and the demo page.

The CLI, the tests and the benchmarks all start servers through this module, so there is one
command line for each server, one way to wait until it is ready and one way to stop it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from bot.settings import PROJECT_ROOT, Settings
from bot.web.demo_server import start_demo_server

MODELS_DIR = PROJECT_ROOT / "models"
LOG_DIR = PROJECT_ROOT / "var" / "log"
BIN_DIR = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"
POLL_SECONDS = 0.25
STOP_TIMEOUT_SECONDS = 10.0
ACTION_SERVER_START_TIMEOUT = 120.0
# Loading the model takes 20-70 s on 2 idle cores, over 2 minutes when they are busy.
RASA_SERVER_START_TIMEOUT = 300.0

Probe = Callable[[], bool]


class ServerError(RuntimeError):
    """A server could not start: its port is busy, it exited, or it did not become ready in time."""


def free_port() -> int:
    """A port the operating system has just handed out, so two runs on one machine never collide."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((LOOPBACK, port)) == 0


def ensure_port_free(port: int, what: str) -> None:
    """Refuses to start a server on a busy port: a readiness check would reach the stranger instead."""
    if port_open(port):
        raise ServerError(
            f"port {port} for the {what} is already in use (another copy still running?); "
            "stop it or choose another port with the environment variable"
        )


def rasa_command(*args: str) -> list[str]:
    return [str(BIN_DIR / "rasa"), *args]


def child_environment(settings: Settings) -> dict[str, str]:
    """The environment every server gets: the settings travel as the variables `load_settings` reads."""
    env = dict(os.environ)
    env.update(settings.as_environment())
    # Rasa phones home for telemetry unless told not to; nothing leaves this machine.
    env["RASA_TELEMETRY_ENABLED"] = "false"
    # rasa_sdk's action server takes its interface from Sanic's variable (it has no option for it).
    env["SANIC_HOST"] = settings.interface
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH", "")]))
    return env


def _run_file(name: str, content: dict[str, Any]) -> Path:
    target = PROJECT_ROOT / "var" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(content, sort_keys=False))
    return target


def lock_store_endpoint(url: str) -> dict[str, Any]:
    """Rasa's Redis lock store settings from a redis:// URL."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("redis", "rediss") or not parsed.hostname:
        raise ServerError(f"LOCK_STORE_URL must be a redis:// URL, got {url!r}")
    endpoint: dict[str, Any] = {
        "type": "redis",
        "url": parsed.hostname,
        "port": parsed.port or 6379,
        "db": int(parsed.path.strip("/") or 0),
        "key_prefix": "mleassistant",
        # A lock store that does not answer must fail the turn quickly (the user gets an apology).
        "socket_timeout": 2,
    }
    if parsed.password:
        endpoint["password"] = urllib.parse.unquote(parsed.password)
    if parsed.scheme == "rediss":
        endpoint["use_ssl"] = True
    return endpoint


def endpoints_file(settings: Settings) -> Path:
    """endpoints.yml completed from the settings (Rasa does not expand variables there).

    The action server URL, where conversations are kept and, for several Rasa processes, the shared
    lock store. One file per Rasa port, so servers started side by side keep their own.
    """
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text()) or {}
    endpoints.setdefault("action_endpoint", {})["url"] = settings.action_endpoint
    endpoints["tracker_store"] = {
        "type": "bot.conversation_store.ConversationStore",
        "url": settings.conversation_store_url,
        "retention_days": settings.conversation_retention_days,
    }
    if settings.lock_store_url:
        endpoints["lock_store"] = lock_store_endpoint(settings.lock_store_url)
    return _run_file(f"endpoints-{settings.rasa_port}.yml", endpoints)


def credentials_file(settings: Settings) -> Path:
    """credentials.yml plus Rasa's plain REST channel when REST_CHANNEL=on (local development only)."""
    credentials = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text()) or {}
    if settings.rest_channel:
        credentials["rest"] = None
    return _run_file(f"credentials-{settings.rasa_port}.yml", credentials)


def action_server_command(settings: Settings) -> list[str]:
    return rasa_command("run", "actions", "--actions", "actions", "--port", str(settings.action_port))


def rasa_server_command(settings: Settings, interface: str | None = None) -> list[str]:
    command = rasa_command(
        "run",
        "--model",
        str(MODELS_DIR),
        "--endpoints",
        str(endpoints_file(settings)),
        "--credentials",
        str(credentials_file(settings)),
        "--port",
        str(settings.rasa_port),
        "--cors",
        *settings.cors_origins,
    )
    command += ["--interface", interface or settings.interface]
    if settings.api_token:
        # The HTTP API can replace the model and read every conversation: never open without a token.
        command += ["--enable-api", "--auth-token", settings.api_token]
    return command


def shell_command(settings: Settings) -> list[str]:
    return rasa_command(
        "shell",
        "--model",
        str(MODELS_DIR),
        "--endpoints",
        str(endpoints_file(settings)),
        "--port",
        str(settings.rasa_port),
        "--interface",
        settings.interface,
    )


# --- readiness probes ----------------------------------------------------------------------------


def post_json(url: str, body: dict[str, Any], timeout: float) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        return json.loads(reply.read())


def answers_ok(url: str) -> Probe:
    """Ready when a GET of url answers 200."""

    def probe() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                return bool(reply.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    return probe


def replies_to(url: str, body: Callable[[], dict[str, Any]]) -> Probe:
    """Ready when a POST of body to url gets a non-empty JSON reply: the server is really serving."""

    def probe() -> bool:
        try:
            reply = post_json(url, body(), timeout=30)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError):
            return False
        return bool(reply.get("responses") if isinstance(reply, dict) else reply)

    return probe


# --- running servers -----------------------------------------------------------------------------


@dataclass
class ServerProcess:
    """One server in a child process of its own (and its own process group, so stop() reaches its children)."""

    what: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path | None
    ready: Probe
    started_at: float = field(default_factory=time.monotonic)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def running(self) -> bool:
        return self.process.poll() is None

    def wait_until_ready(self, timeout: float) -> float:
        """Seconds from the start until the server is ready; ServerError if it exits or times out first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                raise ServerError(f"the {self.what} exited with code {self.process.returncode}{self._log_hint()}")
            if self.ready():
                return time.monotonic() - self.started_at
            time.sleep(POLL_SECONDS)
        raise ServerError(f"the {self.what} was not ready within {timeout:.0f} s{self._log_hint()}")

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        if self.running():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        # Wait for the port too, so a restart on the same port does not race the old listener.
        deadline = time.monotonic() + timeout
        while port_open(self.port) and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)

    def ask_to_stop(self) -> None:
        """SIGTERM without waiting, so several servers stop side by side (stop() then waits)."""
        if self.running():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)

    def log_tail(self, chars: int = 3000) -> str:
        if self.log_path is None:
            return ""
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def _log_hint(self) -> str:
        return f"; see {self.log_path}" if self.log_path else ""


def stop_all(processes: Sequence[ServerProcess]) -> None:
    """Stops them side by side: the slowest sets the time, not their sum."""
    for process in processes:
        process.ask_to_stop()
    for process in processes:
        process.stop()


def spawn(
    what: str, port: int, command: list[str], settings: Settings, log_path: Path | None, ready: Probe
) -> ServerProcess:
    ensure_port_free(port, what)
    if log_path is None:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=child_environment(settings),
            stdin=subprocess.DEVNULL,  # a server never reads the terminal, nor keeps it open
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    else:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        # The child keeps its own copy of the file descriptor; ours is closed when the block ends.
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=child_environment(settings),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
    return ServerProcess(what, port, process, log_path, ready)


def start_action_server(settings: Settings, log_path: Path | None = None, ready: Probe | None = None) -> ServerProcess:
    """The action server; ready once /health answers, unless another readiness probe is given."""
    ready = ready or answers_ok(f"http://{LOOPBACK}:{settings.action_port}/health")
    return spawn("action server", settings.action_port, action_server_command(settings), settings, log_path, ready)


def action_server_log(settings: Settings) -> Path:
    # One log per instance (by port): two copies running side by side must not write into one file.
    return LOG_DIR / f"action-server-{settings.action_port}.log"


def rasa_server_log(settings: Settings) -> Path:
    return LOG_DIR / f"rasa-server-{settings.rasa_port}.log"


def web_channel_url(settings: Settings) -> str:
    return f"http://{LOOPBACK}:{settings.rasa_port}/webhooks/web/webhook"


def _web_hello() -> dict[str, Any]:
    return {"sender": str(uuid.uuid4()), "message": "hello"}


def start_rasa_server(
    settings: Settings, log_path: Path | None = None, interface: str | None = None, ready: Probe | None = None
) -> ServerProcess:
    """The Rasa server; ready once the web channel answers a real message (the model is loaded)."""
    ready = ready or replies_to(web_channel_url(settings), _web_hello)
    return spawn("Rasa server", settings.rasa_port, rasa_server_command(settings, interface), settings, log_path, ready)


@dataclass
class DemoPage:
    """The demo page with the widget, served from a thread of this process."""

    port: int
    server: ThreadingHTTPServer

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_demo_page(settings: Settings, port: int | None = None) -> DemoPage:
    """The demo page on port (default: the settings' web port), pointing the widget at the Rasa server."""
    port = settings.web_port if port is None else port
    ensure_port_free(port, "demo page (WEB_PORT)")
    server = start_demo_server(LOOPBACK, port, f"http://localhost:{settings.rasa_port}", settings.max_message_length)
    return DemoPage(port, server)
