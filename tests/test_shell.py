"""The terminal path end to end: the chat command under a pseudo-terminal, answered from the database."""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

import pexpect
import pytest

from bot import servers
from bot.settings import PROJECT_ROOT


@pytest.mark.rasa_model
def test_chat_in_the_terminal_answers_from_the_database(trained_model: Path, database_url: str, reader) -> None:
    action_port = servers.free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ACTION_PORT": str(action_port),
        "RASA_PORT": str(servers.free_port()),
        "TERM": "xterm",
        # pexpect is no real terminal: it never answers prompt_toolkit's cursor-position query.
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    chat = pexpect.spawn(
        sys.executable,
        ["-m", "bot", "chat"],
        cwd=str(PROJECT_ROOT),
        env=env,
        encoding="utf-8",
        timeout=240,
        dimensions=(40, 120),
    )
    chat.logfile_read = transcript = io.StringIO()
    try:
        chat.expect("Your input ->")
        chat.sendline("what skills does an MLE need?")
        # The answer lists the skills the database links to the role, most important first.
        first_skill = reader.role_skills("mle").links[0].skill.name
        chat.expect("Skills machine learning engineers need", timeout=60)
        chat.expect(first_skill, timeout=30)
        # The reply's suggestions come as a menu whose last entry lets the user type; up-arrow
        # wraps to it. Then "/stop" leaves the shell the documented way.
        chat.expect("Type out your own message", timeout=30)
        chat.send("\x1b[A")
        chat.send("\r")
        chat.expect("Your input ->", timeout=30)
        chat.send("/stop\r")
        chat.expect(pexpect.EOF, timeout=60)
    except pexpect.TIMEOUT:
        pytest.fail("no answer in the terminal; transcript tail:\n" + transcript.getvalue()[-3000:])
    finally:
        if chat.isalive():
            chat.terminate(force=True)
    deadline = time.monotonic() + 15
    while servers.port_open(action_port) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not servers.port_open(action_port), "the action server must stop when the shell exits"
