"""`python -m bot chat` (`make chat`): the terminal chat, from start to a clean exit.

It starts the action server and a Rasa server with the web channel (the widget's), shows the banner and
the prompt at once while the model loads, and waits for the servers only when the first question
needs them. Their output and every library warning go to log files under var/log, never to the screen.
Ctrl-C, Ctrl-D, /quit and a closed terminal all leave the same way: goodbye, then every server it
started is stopped.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import time
from collections.abc import Sequence
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

from bot import servers
from bot.knowledge.database import Database
from bot.process_signals import exit_on_hangup, spawned
from bot.settings import PROJECT_ROOT, Settings
from bot.terminal import wording
from bot.terminal.chat_loop import TerminalChat
from bot.terminal.line_input import line_source
from bot.terminal.rendering import TerminalRenderer
from bot.terminal.web_client import Suggestion, WebChannelClient

logger = logging.getLogger(__name__)

CHAT_LOG = servers.LOG_DIR / "chat.log"
WELCOME_RESPONSE = "utter_welcome"
BANNER_EXAMPLES = 2
# After a request fails, how long to watch whether one of the chat's servers is exiting.
FAILURE_GRACE_SECONDS = 2.0


class ServersFailed(Exception):
    """A server the chat started did not come up, or stopped: the message says where to look."""


def _log_to_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        filename=path, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    logging.captureWarnings(True)


def domain_welcome() -> tuple[str, list[Suggestion]]:
    """The widget's welcome (the domain's `utter_welcome`): one wording, read from domain.yml."""
    domain: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text()) or {}
    welcome = ((domain.get("responses") or {}).get(WELCOME_RESPONSE) or [{}])[0]
    starters = [
        Suggestion(str(button["title"]), str(button["payload"]))
        for button in welcome.get("buttons") or []
        if isinstance(button, dict) and button.get("title") and button.get("payload")
    ]
    return str(welcome.get("text") or wording.TITLE), starters


class ServersStarting:
    """The servers the chat started, waited for once (before the first question), then checked each turn."""

    def __init__(self, console: Console, started: Sequence[tuple[servers.ServerProcess, float]]) -> None:
        self.console = console
        self.started = started
        self.ready = False

    def __call__(self) -> None:
        if not self.ready:
            status = self.console.status(wording.LOADING) if self.console.is_terminal else contextlib.nullcontext()
            with status:
                for server, timeout in self.started:
                    try:
                        seconds = server.wait_until_ready(timeout)
                    except servers.ServerError as error:
                        raise ServersFailed(wording.SERVER_FAILED.format(error=error)) from error
                    logger.info("%s ready %.1f s after its start", server.what, seconds)
            self.ready = True
        self.confirm_running()

    def confirm_running(self, grace: float = 0.0) -> None:
        """ServersFailed if a server has exited, watching for `grace` seconds (after a failed request, the
        server that reset the connection may still be on its way out)."""
        deadline = time.monotonic() + grace
        while True:
            for server, _ in self.started:
                if not server.running():
                    raise ServersFailed(wording.SERVER_GONE.format(log=server.log_path))
            if time.monotonic() >= deadline:
                return
            time.sleep(servers.POLL_SECONDS)


def _start_servers(settings: Settings, running: ExitStack, console: Console) -> tuple[str, ServersStarting]:
    for port, what in (
        (settings.action_port, "action server (ACTION_PORT)"),
        (settings.rasa_port, "Rasa server (RASA_PORT)"),
    ):
        try:
            servers.ensure_port_free(port, what)
        except servers.ServerError as error:
            raise ServersFailed(wording.SERVER_FAILED.format(error=error)) from error
    started: list[servers.ServerProcess] = []
    running.callback(servers.stop_all, started)
    action = spawned(
        partial(servers.start_action_server, settings), "action server", servers.action_server_log(settings)
    )
    started.append(action)
    rasa = spawned(partial(servers.start_rasa_server, settings), "Rasa server", servers.rasa_server_log(settings))
    started.append(rasa)
    waits = ((action, servers.ACTION_SERVER_START_TIMEOUT), (rasa, servers.RASA_SERVER_START_TIMEOUT))
    return rasa.url, ServersStarting(console, waits)


def _leaving(renderer: TerminalRenderer) -> None:
    # A second Ctrl-C while the servers stop must not cut the stopping short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):  # a closed terminal cannot show it
        renderer.console.print(wording.GOODBYE)


def run_chat(settings: Settings, server_url: str | None = None) -> int:
    """The chat on servers of its own, or on a running Rasa server's web channel (server_url)."""
    started_at = time.monotonic()
    _log_to_file(CHAT_LOG)
    console = Console(highlight=False)
    renderer = TerminalRenderer(console)
    if server_url is None and not Database(settings.database_url).is_built():
        renderer.problem(wording.DATABASE_MISSING)
        return 1
    exit_on_hangup()
    with ExitStack() as running:
        try:
            if server_url is None:
                server_url, wait_until_ready = _start_servers(settings, running, console)
            else:
                wait_until_ready = None
            # Registered last, so it runs first on the way out: the goodbye, then the servers stop.
            running.callback(_leaving, renderer)
            greeting, starters = domain_welcome()
            chat = TerminalChat(WebChannelClient(server_url), renderer, line_source(Path(settings.chat_history_file)))
            if wait_until_ready is not None:
                chat.wait_until_ready = wait_until_ready
                chat.after_failure = partial(wait_until_ready.confirm_running, FAILURE_GRACE_SECONDS)
            renderer.banner(greeting, starters[:BANNER_EXAMPLES])
            chat.starters = chat.suggestions = starters[:BANNER_EXAMPLES]
            logger.info("prompt shown %.2f s after the command started", time.monotonic() - started_at)
            chat.run()
        except (EOFError, KeyboardInterrupt):
            pass
        except ServersFailed as error:
            renderer.problem(str(error))
            return 1
    return 0
