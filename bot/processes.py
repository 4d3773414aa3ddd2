"""Starting, watching and stopping the action server and the Rasa server."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from bot.settings import PROJECT_ROOT, Settings

MODELS_DIR = PROJECT_ROOT / "models"
BIN_DIR = Path(sys.executable).parent


def rasa_command(*args: str) -> list[str]:
    return [str(BIN_DIR / "rasa"), *args]


def child_environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ACTION_PORT=str(settings.action_port),
        DATABASE_URL=settings.database_url,
        MAX_MESSAGE_LENGTH=str(settings.max_message_length),
        # Rasa phones home for telemetry unless told not to; nothing leaves this machine.
        RASA_TELEMETRY_ENABLED="false",
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH", "")])),
    )
    return env


def endpoints_file(settings: Settings) -> Path:
    """endpoints.yml with the action server URL for this run (Rasa does not expand variables there)."""
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text()) or {}
    endpoints.setdefault("action_endpoint", {})["url"] = settings.action_endpoint
    target = PROJECT_ROOT / "var" / f"endpoints-{settings.action_port}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return target


def wait_until_up(url: str, timeout: float, process: subprocess.Popen | None = None) -> float:
    """Seconds until url answers 200; raises RuntimeError on timeout or if process dies first."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{' '.join(map(str, process.args))} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def ensure_port_free(port: int, what: str) -> None:
    """Refuses to start a server on a busy port: a health check would reach the stranger instead."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(
                f"port {port} for the {what} is already in use (another copy still running?); "
                "stop it or choose another port with the environment variable"
            )


def start_action_server(settings: Settings, log_path: Path | None = None) -> subprocess.Popen:
    ensure_port_free(settings.action_port, "action server (ACTION_PORT)")
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL
    return subprocess.Popen(
        rasa_command("run", "actions", "--actions", "actions", "--port", str(settings.action_port)),
        cwd=PROJECT_ROOT,
        env=child_environment(settings),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def rasa_server_command(settings: Settings, extra: list[str] | None = None) -> list[str]:
    command = rasa_command(
        "run",
        "--model", str(MODELS_DIR),
        "--endpoints", str(endpoints_file(settings)),
        "--credentials", "credentials.yml",
        "--port", str(settings.rasa_port),
        "--cors", *settings.cors_origins,
    )
    if settings.api_token:
        # The HTTP API can replace the model and read every conversation: never open without a token.
        command += ["--enable-api", "--auth-token", settings.api_token]
    return command + (extra or [])


def start_rasa_server(settings: Settings, log_path: Path | None = None) -> subprocess.Popen:
    ensure_port_free(settings.rasa_port, "Rasa server (RASA_PORT)")
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL
    return subprocess.Popen(
        rasa_server_command(settings),
        cwd=PROJECT_ROOT,
        env=child_environment(settings),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass
