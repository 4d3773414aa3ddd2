"""Command line: `python -m bot kb load|check|report`, `train`, `actions`, `chat`, `shell`, `serve`, `web`, `prod`."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import NoReturn

from bot import servers
from bot.knowledge.content_files import ContentError, read_content
from bot.knowledge.database import Database
from bot.knowledge.loader import load_knowledge
from bot.knowledge.report import build_report
from bot.nlu_vocabulary import VOCABULARY_FILE, write_vocabulary
from bot.process_signals import exit_on_hangup, spawned
from bot.settings import CONTENT_DIR, PROJECT_ROOT, Settings, load_settings


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


def kb_report(args: argparse.Namespace) -> int:
    database = Database(load_settings().database_url)
    if not database.is_built():
        print("The knowledge database is not built yet: run `python -m bot kb load` first.", file=sys.stderr)
        return 1
    with database.session() as session:
        print(build_report(session).text())
    return 0


def nlu_vocabulary(args: argparse.Namespace) -> int:
    try:
        changed = write_vocabulary(Path(args.content))
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{VOCABULARY_FILE.relative_to(PROJECT_ROOT)} {'updated' if changed else 'is up to date'}.")
    return 0


def train(args: argparse.Namespace) -> int:
    # The NLU vocabulary comes from the knowledge content: refresh it so new aliases reach the model.
    write_vocabulary(CONTENT_DIR)
    # Rasa compares a fingerprint of config, domain and data with the last model and skips
    # training when nothing changed.
    command = servers.rasa_command("train", "--out", str(servers.MODELS_DIR), "--fixed-model-name", "mle-assistant")
    if args.force:
        command.append("--force")
    return subprocess.call(command, cwd=PROJECT_ROOT, env=servers.child_environment(load_settings()))


def actions(args: argparse.Namespace) -> NoReturn:
    settings = load_settings()
    command = servers.action_server_command(settings)
    os.execve(command[0], command, servers.child_environment(settings))


def _started(
    start: Callable[[Path], servers.ServerProcess], what: str, log: Path, timeout: float
) -> servers.ServerProcess:
    """Starts a server and waits until it is ready, or exits with a message that says why not."""
    print(f"Starting the {what} (log: {log}) ...", flush=True)
    server = spawned(start, what, log)
    try:
        server.wait_until_ready(timeout)
    except servers.ServerError as error:
        server.stop()
        raise SystemExit(f"The {what} did not start: {error}.") from error
    except BaseException:
        # Ctrl-C or a closed terminal while it starts: the server runs in a session of its own and
        # gets neither signal, so it would outlive us.
        server.stop()
        raise
    return server


def _action_server(settings: Settings) -> servers.ServerProcess:
    start = partial(servers.start_action_server, settings)
    return _started(start, "action server", servers.action_server_log(settings), servers.ACTION_SERVER_START_TIMEOUT)


def _rasa_server(settings: Settings) -> servers.ServerProcess:
    start = partial(servers.start_rasa_server, settings)
    return _started(start, "Rasa server", servers.rasa_server_log(settings), servers.RASA_SERVER_START_TIMEOUT)


def chat(args: argparse.Namespace) -> int:
    # Imported here: rich and prompt_toolkit are needed by this command only.
    from bot.terminal.app import run_chat

    return run_chat(load_settings(), args.server)


def shell(args: argparse.Namespace) -> int:
    """Rasa's own console (`rasa shell`), for those who want it."""
    settings = load_settings()
    if not Database(settings.database_url).is_built():
        print("The knowledge database is missing: run `make db` first.", file=sys.stderr)
        return 1
    try:
        servers.ensure_port_free(settings.rasa_port, "Rasa shell (RASA_PORT)")
    except servers.ServerError as error:
        print(f"Cannot start the chat: {error}.", file=sys.stderr)
        return 1
    exit_on_hangup()
    with ExitStack() as running:
        running.callback(_action_server(settings).stop)
        running.callback(print, "Stopping the action server ...", flush=True)  # the stack runs this first
        try:
            return subprocess.call(
                servers.shell_command(settings), cwd=PROJECT_ROOT, env=servers.child_environment(settings)
            )
        except KeyboardInterrupt:
            return 130


def serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    exit_on_hangup()
    with ExitStack() as running:
        running.callback(_action_server(settings).stop)
        print(f"Starting Rasa on port {settings.rasa_port} (the REST and web channels) ...", flush=True)
        try:
            return subprocess.call(
                servers.rasa_server_command(settings), cwd=PROJECT_ROOT, env=servers.child_environment(settings)
            )
        except KeyboardInterrupt:
            return 130


def web(args: argparse.Namespace) -> int:
    settings = load_settings()
    exit_on_hangup()
    with ExitStack() as running:
        running.callback(_action_server(settings).stop)
        rasa_server = _rasa_server(settings)
        running.callback(rasa_server.stop)
        try:
            page = servers.start_demo_page(settings)
        except servers.ServerError as error:
            raise SystemExit(f"Cannot start the demo page: {error}.") from error
        running.callback(page.stop)
        running.callback(print, "Stopping ...", flush=True)  # the stack runs this first
        print(f"\nOpen {page.url} in a browser. Press Ctrl-C to stop.\n", flush=True)
        try:
            return rasa_server.process.wait() or 0
        except KeyboardInterrupt:
            return 130


def prod(args: argparse.Namespace) -> int:
    # Imported here: the stack's modules are needed only by this command.
    from bot.production.postgres import PostgresError
    from bot.production.stack import ProductionStack, StackLayout

    settings = load_settings()
    stack = ProductionStack(settings, StackLayout.from_settings(settings))
    exit_on_hangup()
    # Started in the background by a script, a process inherits an ignored SIGINT: Ctrl-C must stop it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    print(f"Starting the production stack (logs in {stack.layout.folder / 'log'}) ...", flush=True)
    try:
        stack.start()
    except (servers.ServerError, PostgresError) as error:
        print(f"The production stack did not start: {error}.", file=sys.stderr)
        return 1
    try:
        print(f"\nServing the web channel at {stack.chat_url} (Ctrl-C stops everything).\n", flush=True)
        while True:  # until Ctrl-C, or SIGTERM/SIGHUP (which exit through _exit_on_hangup)
            signal.pause()
    except KeyboardInterrupt:
        return 130
    finally:
        print("Stopping the production stack ...", flush=True)
        stack.stop()


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
    kb.add_parser(
        "report", help="coverage per role, facts per source, and facts not checked in the last 18 months"
    ).set_defaults(handler=kb_report)

    vocabulary_parser = commands.add_parser(
        "nlu-vocabulary", help="regenerate data/nlu/vocabulary.yml (synonyms, lookup tables) from the content"
    )
    vocabulary_parser.add_argument("--content", default=str(CONTENT_DIR))
    vocabulary_parser.set_defaults(handler=nlu_vocabulary)
    train_parser = commands.add_parser("train", help="train the Rasa model when data changed")
    train_parser.add_argument("--force", action="store_true", help="train even when nothing changed")
    train_parser.set_defaults(handler=train)
    commands.add_parser("actions", help="run the action server").set_defaults(handler=actions)
    chat_parser = commands.add_parser("chat", help="chat in the terminal (starts and stops the servers it needs)")
    chat_parser.add_argument(
        "--server", metavar="URL", help="chat with a running Rasa server instead (e.g. http://127.0.0.1:5005)"
    )
    chat_parser.set_defaults(handler=chat)
    commands.add_parser(
        "shell", help="Rasa's own console, `rasa shell` (starts and stops the action server)"
    ).set_defaults(handler=shell)
    commands.add_parser("serve", help="run the Rasa server and the action server").set_defaults(handler=serve)
    commands.add_parser(
        "prod", help="PostgreSQL, Redis, several Rasa and action servers behind nginx (make prod)"
    ).set_defaults(handler=prod)
    commands.add_parser("web", help="run both servers and the demo page with the chat widget").set_defaults(handler=web)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)
