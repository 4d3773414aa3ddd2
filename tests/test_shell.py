"""Rasa's own console, kept for those who want it: `python -m bot shell` under a pseudo-terminal.

It answers from the database, and it ends cleanly: Ctrl-C at a buttons menu, `/stop` and a closed
terminal (SIGHUP) end the shell and stop the action server `python -m bot shell` started, leaving no
process and no open port. The project's own terminal chat (`make chat`) is tested in
tests/test_terminal_chat.py.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import servers
from tests.pty_chat import CTRL_C, END_SECONDS, PtyChat, pty_chat

# A reply to this question ends with its suggestions as a buttons menu.
MENU_QUESTION = "what does a machine learning engineer do?"
MENU_LAST_ENTRY = "Type out your own message"
PROMPT = "Your input ->"


@pytest.fixture
def chat(database_url: str) -> Iterator[PtyChat]:
    rasa_port, action_port = servers.free_port(), servers.free_port()
    env = {"DATABASE_URL": database_url, "ACTION_PORT": str(action_port), "RASA_PORT": str(rasa_port)}
    with pty_chat(["shell"], env, ports=(rasa_port, action_port)) as running_chat:
        yield running_chat


def wait_for(chat: PtyChat, text: str, timeout: float = 240) -> None:
    chat.wait_for(text, timeout)


@pytest.mark.rasa_model
def test_the_shell_answers_from_the_database_and_stores_feedback(trained_model: Path, chat: PtyChat, reader) -> None:
    from bot.feedback_store import FeedbackStore
    from bot.settings import load_settings

    wait_for(chat, PROMPT)
    started = chat.processes()
    chat.terminal.sendline("what skills does an MLE need?")
    # The answer lists the skills the database links to the role, most important first.
    first_skill = reader.role_skills("mle").links[0].skill.name
    wait_for(chat, "Skills machine learning engineers need", timeout=60)
    wait_for(chat, first_skill, timeout=30)
    # The reply's suggestions come as a menu whose last entry lets the user type; up-arrow wraps to it.
    wait_for(chat, MENU_LAST_ENTRY, timeout=30)
    chat.terminal.send("\x1b[A")
    chat.terminal.send("\r")
    wait_for(chat, PROMPT, timeout=30)
    # `/feedback` is a command every channel has, Rasa's console too.
    chat.terminal.send("/feedback down the shell vote\r")
    wait_for(chat, "Thanks for the feedback.", timeout=60)
    votes = [vote for vote in FeedbackStore(load_settings().conversation_store_url).all() if vote.reason]
    assert [(v.rating, v.reason, v.question) for v in votes if v.reason == "the shell vote"] == [
        ("down", "the shell vote", "what skills does an MLE need?")
    ]
    assert any(fact.startswith("role:mle:skill:") for fact in votes[-1].fact_ids)
    # "/stop" leaves the shell the documented way.
    wait_for(chat, PROMPT, timeout=30)
    chat.terminal.send("/stop\r")
    chat.assert_ended(started)


@pytest.mark.rasa_model
def test_ctrl_c_at_a_buttons_menu_ends_the_chat(trained_model: Path, chat: PtyChat) -> None:
    # Rasa 3.6 raised AttributeError in payload_from_button_question here and the shell hung.
    wait_for(chat, PROMPT)
    started = chat.processes()
    chat.terminal.sendline(MENU_QUESTION)
    wait_for(chat, MENU_LAST_ENTRY, timeout=60)
    chat.terminal.send(CTRL_C)
    wait_for(chat, "Goodbye", timeout=END_SECONDS)
    chat.assert_ended(started)


@pytest.mark.rasa_model
def test_closing_the_terminal_stops_the_shell_and_the_action_server(trained_model: Path, chat: PtyChat) -> None:
    wait_for(chat, PROMPT)
    started = chat.processes()
    assert len(started) >= 3, "the chat, its action server and the Rasa shell"
    os.kill(chat.terminal.pid, signal.SIGHUP)
    chat.assert_ended(started)


@pytest.mark.rasa_model
def test_closing_the_terminal_while_the_action_server_starts_stops_it(trained_model: Path, chat: PtyChat) -> None:
    # The action server runs in a session of its own: the hangup reaches only the chat, which must stop it.
    wait_for(chat, "Starting the action server")
    deadline = time.monotonic() + 10
    while len(started := chat.processes()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(started) >= 2, "the action server did not start"
    os.kill(chat.terminal.pid, signal.SIGHUP)
    chat.assert_ended(started)
