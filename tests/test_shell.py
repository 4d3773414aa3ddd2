"""The terminal path end to end: the chat command under a pseudo-terminal, answered from the database.

Also how the chat ends: Ctrl-C (or Ctrl-D) at any prompt, and a closed terminal (SIGHUP), must end the
shell and stop the action server `python -m bot chat` started, leaving no process and no open port.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pytest

from bot import servers
from bot.settings import PROJECT_ROOT

# A reply to this question ends with its suggestions as a buttons menu.
MENU_QUESTION = "what does a machine learning engineer do?"
MENU_LAST_ENTRY = "Type out your own message"
PROMPT = "Your input ->"
CTRL_C = "\x03"
CTRL_D = "\x04"
# How long the chat may take to end: stop the shell, then the action server.
END_SECONDS = 20


@dataclass
class Chat:
    """`python -m bot chat` in a pseudo-terminal, on ports of its own."""

    terminal: pexpect.spawn
    transcript: io.StringIO
    rasa_port: int
    action_port: int
    seen: set[int] = field(default_factory=set)

    def tail(self) -> str:
        return self.transcript.getvalue()[-3000:]

    def processes(self) -> set[int]:
        """The chat process and every process under it (the action server, the Rasa shell)."""
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        found = {self.terminal.pid}
        while more := {pid for pid, parent in parents.items() if parent in found} - found:
            found |= more
        self.seen |= found
        return found

    def assert_ended(self, started: set[int]) -> None:
        """The chat exits within END_SECONDS, with nothing left running or listening."""
        try:
            self.terminal.expect(pexpect.EOF, timeout=END_SECONDS)
        except pexpect.TIMEOUT:
            pytest.fail(f"the chat did not end within {END_SECONDS} s; transcript tail:\n{self.tail()}")
        deadline = time.monotonic() + END_SECONDS
        while time.monotonic() < deadline and (running(started) or self.ports_open()):
            time.sleep(0.25)
        assert not running(started), f"processes left running: {running(started)}"
        assert not self.ports_open(), "nothing may listen on the chat's ports"
        assert "Traceback" not in self.transcript.getvalue(), self.tail()

    def ports_open(self) -> list[int]:
        return [port for port in (self.rasa_port, self.action_port) if servers.port_open(port)]


def running(pids: set[int]) -> set[int]:
    """The pids that still run (a zombie has ended)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.fixture
def chat(database_url: str) -> Iterator[Chat]:
    rasa_port, action_port = servers.free_port(), servers.free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ACTION_PORT": str(action_port),
        "RASA_PORT": str(rasa_port),
        "TERM": "xterm",
        # pexpect is no real terminal: it never answers prompt_toolkit's cursor-position query.
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    terminal = pexpect.spawn(
        sys.executable,
        ["-m", "bot", "chat"],
        cwd=str(PROJECT_ROOT),
        env=env,
        encoding="utf-8",
        timeout=240,
        dimensions=(40, 120),
    )
    terminal.logfile_read = transcript = io.StringIO()
    running_chat = Chat(terminal, transcript, rasa_port, action_port)
    try:
        yield running_chat
    finally:
        started = running_chat.processes() | running_chat.seen
        if terminal.isalive():
            terminal.terminate(force=True)
        # Nothing may outlive a test, whatever it asserted.
        for pid in running(started - {terminal.pid}):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def wait_for(chat: Chat, text: str, timeout: float = 240) -> None:
    try:
        chat.terminal.expect(text, timeout=timeout)
    except (pexpect.TIMEOUT, pexpect.EOF):
        pytest.fail(f"no {text!r} in the terminal; transcript tail:\n{chat.tail()}")


@pytest.mark.rasa_model
def test_chat_in_the_terminal_answers_from_the_database(trained_model: Path, chat: Chat, reader) -> None:
    wait_for(chat, PROMPT)
    started = chat.processes()
    chat.terminal.sendline("what skills does an MLE need?")
    # The answer lists the skills the database links to the role, most important first.
    first_skill = reader.role_skills("mle").links[0].skill.name
    wait_for(chat, "Skills machine learning engineers need", timeout=60)
    wait_for(chat, first_skill, timeout=30)
    # The reply's suggestions come as a menu whose last entry lets the user type; up-arrow
    # wraps to it. Then "/stop" leaves the shell the documented way.
    wait_for(chat, MENU_LAST_ENTRY, timeout=30)
    chat.terminal.send("\x1b[A")
    chat.terminal.send("\r")
    wait_for(chat, PROMPT, timeout=30)
    chat.terminal.send("/stop\r")
    chat.assert_ended(started)


@pytest.mark.rasa_model
def test_ctrl_c_at_a_buttons_menu_ends_the_chat(trained_model: Path, chat: Chat) -> None:
    # Rasa 3.6 raised AttributeError in payload_from_button_question here and the shell hung.
    wait_for(chat, PROMPT)
    started = chat.processes()
    chat.terminal.sendline(MENU_QUESTION)
    wait_for(chat, MENU_LAST_ENTRY, timeout=60)
    chat.terminal.send(CTRL_C)
    wait_for(chat, "Goodbye", timeout=END_SECONDS)
    chat.assert_ended(started)


@pytest.mark.rasa_model
@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_or_ctrl_d_at_the_text_prompt_ends_the_chat(trained_model: Path, chat: Chat, key: str) -> None:
    wait_for(chat, PROMPT)
    started = chat.processes()
    chat.terminal.send(key)
    wait_for(chat, "Goodbye", timeout=END_SECONDS)
    chat.assert_ended(started)


@pytest.mark.rasa_model
def test_closing_the_terminal_stops_the_shell_and_the_action_server(trained_model: Path, chat: Chat) -> None:
    wait_for(chat, PROMPT)
    started = chat.processes()
    assert len(started) >= 3, "the chat, its action server and the Rasa shell"
    os.kill(chat.terminal.pid, signal.SIGHUP)
    chat.assert_ended(started)


@pytest.mark.rasa_model
def test_closing_the_terminal_while_the_action_server_starts_stops_it(trained_model: Path, chat: Chat) -> None:
    # The action server runs in a session of its own: the hangup reaches only the chat, which must stop it.
    wait_for(chat, "Starting the action server")
    deadline = time.monotonic() + 10
    while len(started := chat.processes()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(started) >= 2, "the action server did not start"
    os.kill(chat.terminal.pid, signal.SIGHUP)
    chat.assert_ended(started)


@pytest.mark.rasa_model
def test_feedback_typed_in_the_shell_is_stored_with_the_question(trained_model: Path, chat: Chat) -> None:
    from bot.feedback_store import FeedbackStore
    from bot.settings import load_settings

    wait_for(chat, PROMPT)
    started = chat.processes()
    chat.terminal.sendline("what skills does an MLE need?")
    wait_for(chat, "Skills machine learning engineers need", timeout=60)
    wait_for(chat, MENU_LAST_ENTRY, timeout=30)
    chat.terminal.send("\x1b[A")
    chat.terminal.send("\r")
    wait_for(chat, PROMPT, timeout=30)
    chat.terminal.send("/feedback down the shell vote\r")
    wait_for(chat, "Thanks for the feedback.", timeout=60)
    votes = [vote for vote in FeedbackStore(load_settings().conversation_store_url).all() if vote.reason]
    assert [(v.rating, v.reason, v.question) for v in votes if v.reason == "the shell vote"] == [
        ("down", "the shell vote", "what skills does an MLE need?")
    ]
    assert any(fact.startswith("role:mle:skill:") for fact in votes[-1].fact_ids)
    wait_for(chat, PROMPT, timeout=30)
    chat.terminal.send("/stop\r")
    chat.assert_ended(started)
