"""A chat command (`python -m bot chat` or `shell`) in a pseudo-terminal, as a user's terminal runs it.

Shared by tests/test_terminal_chat.py and tests/test_shell.py: it starts the command on ports of its
own, reads what the terminal shows, and checks that the chat ended with nothing left running or
listening.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pytest

from bot import servers
from bot.settings import PROJECT_ROOT

CTRL_C = "\x03"
CTRL_D = "\x04"
# How long a chat may take to end: stop its servers side by side.
END_SECONDS = 20
# Escape sequences: colours and styles (CSI) and links (OSC 8).
CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
OSC = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def screen_text(raw: str) -> str:
    """What a reader sees: escape sequences and carriage returns removed."""
    return CSI.sub("", OSC.sub("", raw)).replace("\r", "")


@dataclass
class PtyChat:
    terminal: pexpect.spawn
    transcript: io.StringIO
    ports: tuple[int, ...]
    seen: set[int] = field(default_factory=set)

    def raw(self) -> str:
        return self.transcript.getvalue()

    def text(self) -> str:
        return screen_text(self.raw())

    def tail(self) -> str:
        return self.text()[-3000:]

    def wait_for(self, text: str, timeout: float = 240) -> None:
        try:
            self.terminal.expect(text, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF):
            pytest.fail(f"no {text!r} in the terminal; transcript tail:\n{self.tail()}")

    def processes(self) -> set[int]:
        """The chat process and every process under it (its servers)."""
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
        assert "Traceback" not in self.text(), self.tail()

    def ports_open(self) -> list[int]:
        return [port for port in self.ports if servers.port_open(port)]


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


@contextmanager
def pty_chat(
    args: Sequence[str], env: dict[str, str], columns: int = 120, ports: tuple[int, ...] = ()
) -> Iterator[PtyChat]:
    """`python -m bot <args>` in a pseudo-terminal; whatever a test asserted, nothing outlives it."""
    environment = {
        **os.environ,
        "TERM": "xterm",
        # pexpect is no real terminal: it never answers prompt_toolkit's cursor-position query.
        "PROMPT_TOOLKIT_NO_CPR": "1",
        **env,
    }
    terminal = pexpect.spawn(
        sys.executable,
        ["-m", "bot", *args],
        cwd=str(PROJECT_ROOT),
        env=environment,
        encoding="utf-8",
        timeout=240,
        dimensions=(40, columns),
    )
    terminal.logfile_read = transcript = io.StringIO()
    chat = PtyChat(terminal, transcript, ports)
    try:
        yield chat
    finally:
        started = chat.processes() | chat.seen
        if terminal.isalive():
            terminal.terminate(force=True)
        for pid in running(started - {terminal.pid}):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
