"""Command line: `python -m bot kb load|check`, `train`, `actions`, `chat`, `serve`, `web`."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

from bot import processes
from bot.knowledge.content_files import ContentError, read_content
from bot.knowledge.database import Database
from bot.knowledge.loader import load_knowledge
from bot.settings import CONTENT_DIR, PROJECT_ROOT, load_settings

LOG_DIR = PROJECT_ROOT / "var" / "log"
ACTION_SERVER_START_TIMEOUT = 120
RASA_SERVER_START_TIMEOUT = 300


def kb_load(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        report = load_knowledge(Database(settings.database_url), Path(args.content))
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def kb_check(args: argparse.Namespace) -> int:
    try:
        rows = read_content(Path(args.content))
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(values)} {model.__tablename__}" for model, values in rows.rows.items())
    print(f"Content is valid: {counts}.")
    return 0


def train(args: argparse.Namespace) -> int:
    # Rasa compares a fingerprint of config, domain and data with the last model and skips
    # training when nothing changed.
    command = processes.rasa_command(
        "train", "--out", str(processes.MODELS_DIR), "--fixed-model-name", "mle-assistant"
    )
    if args.force:
        command.append("--force")
    return subprocess.call(command, cwd=PROJECT_ROOT, env=processes.child_environment(load_settings()))


def actions(args: argparse.Namespace) -> int:
    settings = load_settings()
    command = processes.rasa_command("run", "actions", "--actions", "actions", "--port", str(settings.action_port))
    os.execve(command[0], command, processes.child_environment(settings))
    return 0  # not reached


def _start_and_wait(what: str, start, port: int, health_path: str, timeout: float, log_name: str):  # type: ignore[no-untyped-def]
    """Starts a server, waits until its health URL answers, and exits with a clear message if it cannot."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = LOG_DIR / log_name
    print(f"Starting the {what} on port {port} (log: {log}) ...", flush=True)
    try:
        server = start(log)
    except RuntimeError as error:
        raise SystemExit(f"Cannot start the {what}: {error}.") from error
    try:
        processes.wait_until_up(f"http://localhost:{port}{health_path}", timeout, server)
    except RuntimeError as error:
        processes.stop(server)
        raise SystemExit(f"The {what} did not start: {error}. See {log}.") from error
    return server


def _start_actions_and_wait(settings):  # type: ignore[no-untyped-def]
    return _start_and_wait(
        "action server", lambda log: processes.start_action_server(settings, log), settings.action_port,
        "/health", ACTION_SERVER_START_TIMEOUT, "action-server.log",
    )


def _exit_on_hangup() -> None:
    """Turn SIGTERM/SIGHUP into a normal exit so `finally` blocks stop the servers we started."""
    for signal_number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signal_number, lambda number, _frame: sys.exit(128 + number))


def chat(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not Database(settings.database_url).is_built():
        print("The knowledge database is missing: run `make db` first.", file=sys.stderr)
        return 1
    try:
        processes.ensure_port_free(settings.rasa_port, "Rasa shell (RASA_PORT)")
    except RuntimeError as error:
        print(f"Cannot start the chat: {error}.", file=sys.stderr)
        return 1
    _exit_on_hangup()
    server = _start_actions_and_wait(settings)
    try:
        command = processes.rasa_command(
            "shell", "--model", str(processes.MODELS_DIR), "--endpoints", str(processes.endpoints_file(settings)),
            "--port", str(settings.rasa_port),
        )
        return subprocess.call(command, cwd=PROJECT_ROOT, env=processes.child_environment(settings))
    except KeyboardInterrupt:
        return 130
    finally:
        print("Stopping the action server ...", flush=True)
        processes.stop(server)


def serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    _exit_on_hangup()
    server = _start_actions_and_wait(settings)
    try:
        print(f"Starting Rasa on port {settings.rasa_port} (REST, socket.io and the web channel) ...", flush=True)
        return subprocess.call(
            processes.rasa_server_command(settings), cwd=PROJECT_ROOT, env=processes.child_environment(settings)
        )
    except KeyboardInterrupt:
        return 130
    finally:
        processes.stop(server)


def _start_rasa_and_wait(settings):  # type: ignore[no-untyped-def]
    # Loading the model takes a while; the web channel answers only once it is loaded.
    return _start_and_wait(
        "Rasa server", lambda log: processes.start_rasa_server(settings, log), settings.rasa_port,
        "/webhooks/web/", RASA_SERVER_START_TIMEOUT, "rasa-server.log",
    )


def web(args: argparse.Namespace) -> int:
    from bot.web.demo_server import start_demo_server

    settings = load_settings()
    _exit_on_hangup()
    actions_server = _start_actions_and_wait(settings)
    rasa_server = page = None
    try:
        rasa_server = _start_rasa_and_wait(settings)
        page = start_demo_server(
            "127.0.0.1", settings.web_port, f"http://localhost:{settings.rasa_port}", settings.max_message_length
        )
        print(f"\nOpen http://localhost:{settings.web_port}/ in a browser. Press Ctrl-C to stop.\n", flush=True)
        rasa_server.wait()
        return rasa_server.returncode or 0
    except KeyboardInterrupt:
        return 130
    finally:
        print("Stopping ...", flush=True)
        if page is not None:
            page.shutdown()
        if rasa_server is not None:
            processes.stop(rasa_server)
        processes.stop(actions_server)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    kb = commands.add_parser("kb", help="the knowledge database").add_subparsers(dest="kb_command", required=True)
    load = kb.add_parser("load", help="validate the content files and sync the database (idempotent)")
    load.add_argument("--content", default=str(CONTENT_DIR), help="content folder (default: the shipped one)")
    load.set_defaults(handler=kb_load)
    check = kb.add_parser("check", help="validate the content files without touching the database")
    check.add_argument("--content", default=str(CONTENT_DIR))
    check.set_defaults(handler=kb_check)

    train_parser = commands.add_parser("train", help="train the Rasa model when data changed")
    train_parser.add_argument("--force", action="store_true", help="train even when nothing changed")
    train_parser.set_defaults(handler=train)
    commands.add_parser("actions", help="run the action server").set_defaults(handler=actions)
    commands.add_parser("chat", help="chat in the terminal (starts and stops the action server)").set_defaults(
        handler=chat
    )
    commands.add_parser("serve", help="run the Rasa server and the action server").set_defaults(handler=serve)
    commands.add_parser("web", help="run both servers and the demo page with the chat widget").set_defaults(
        handler=web
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    args = build_parser().parse_args(argv)
    return args.handler(args)
