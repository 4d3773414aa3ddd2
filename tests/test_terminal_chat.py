"""`make chat` (`python -m bot chat`): the project's own terminal chat, driven as a user drives it.

Most tests run the chat in a pseudo-terminal against one Rasa and action server pair of this module
(`--server`), and check what it shows against what the web channel answers the same question: the
terminal must say what the widget says, drawn for a terminal. The tests of how the chat starts and ends
run the command on its own, servers and all, and check that nothing is left running or listening.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from bot import servers
from bot.feedback_store import FeedbackStore
from bot.settings import PROJECT_ROOT, load_settings
from bot.terminal import wording
from bot.terminal.commands import Choice, Command, Question, Typed, Vote, read_input, read_vote
from bot.terminal.rendering import TerminalRenderer
from bot.terminal.reply_layout import ItemList, Label, Paragraph, Title, reply_blocks
from bot.terminal.web_client import BotMessage, SourceLink, WebChannelClient, bot_message
from tests.pty_chat import CTRL_C, CTRL_D, PtyChat, pty_chat, screen_text

PROMPT = "You ›"  # noqa: RUF001 (the chat's prompt)
SKILLS_QUESTION = "what skills does an MLE need?"
SKILLS_TITLE = "Skills machine learning engineers need"
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
WELCOME = DOMAIN["responses"]["utter_welcome"][0]
# What a library prints when it warns or logs: none of it may reach the chat's screen.
LIBRARY_NOISE = re.compile(r"\w*Warning\b|WARNING|\bINFO\b|\bDEBUG\b|Traceback|tensorflow|\bsanic\b|pkg_resources")
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[0-9;]+)m")


def normalised(text: str) -> str:
    """Words only: no list markers, bold marks or line breaks (the terminal wraps, the widget does not)."""
    text = re.sub(r"^\s*(?:[-•]|\d{1,3}\.)\s+", "", text, flags=re.MULTILINE)
    return " ".join(text.replace("**", "").split())


def shows(screen: str, message: BotMessage) -> list[str]:
    """The lines of a web reply that the terminal screen does not show (empty: all are shown)."""
    seen = normalised(screen.replace("•", ""))
    return [line for line in message.text.splitlines() if line.strip() and normalised(line) not in seen]


# --- reading and drawing a reply (no servers) --------------------------------------------------------

SKILLS_REPLY = (
    "Skills machine learning engineers need:\n\n"
    "Essential:\n- Python: First on the list.\n- SQL\n\n"
    "Important: Java, C++.\n\n"
    "See https://example.org/skills."
)


def test_a_reply_reads_as_title_labelled_lists_and_paragraphs() -> None:
    blocks = reply_blocks(SKILLS_REPLY)
    assert [type(block) for block in blocks] == [Title, Label, ItemList, Paragraph, Paragraph]
    assert blocks[0] == Title("Skills machine learning engineers need:")
    items = blocks[2]
    assert isinstance(items, ItemList)
    assert [(item.marker, item.term, item.text) for item in items.items] == [
        ("•", "Python:", "First on the list."),
        ("•", None, "SQL"),
    ]
    numbered = reply_blocks("Steps:\n1. Learn Python\n2. Ship a model")
    assert isinstance(numbered[1], ItemList) and [item.marker for item in numbered[1].items] == ["1.", "2."]
    # A reply that joins two answers heads the second with its own title.
    joined = reply_blocks("Pay of data scientists\nThe median is one figure.\n\nPay of MLEs\nThe median is another.")
    assert joined[0] == Title("Pay of data scientists") and joined[2] == Label("Pay of MLEs")
    # A one-line reply is a paragraph, not a title over nothing.
    assert reply_blocks("Hello! What would you like to know?") == [Paragraph(("Hello! What would you like to know?",))]


def drawn(message: BotMessage, width: int = 60, terminal: bool = False, no_color: bool = False) -> str:
    out = StringIO()
    colours = "standard" if terminal else "auto"  # auto: what the chat uses, none for a file or pipe
    console = Console(file=out, width=width, force_terminal=terminal, color_system=colours, no_color=no_color)
    TerminalRenderer(console).reply(message)
    return out.getvalue()


SOURCES = tuple(SourceLink(n, f"Work number {n}", f"https://example.org/{n}") for n in range(1, 6))


def test_plain_output_has_no_escape_codes_and_a_short_numbered_source_list() -> None:
    text = drawn(BotMessage(SKILLS_REPLY, sources=SOURCES))
    assert "\x1b" not in text
    assert "• Python: First on the list." in text
    lines = text.splitlines()
    sources_at = lines.index("Sources")
    assert [line.split()[0] for line in lines[sources_at + 1 :] if line[:3].strip().endswith(".")] == [
        "1.",
        "2.",
        "3.",
    ]
    assert "https://example.org/3" in text and "https://example.org/4" not in text
    assert "… 2 more: /sources lists them all" in text
    assert max(len(line) for line in lines) <= 60


def test_a_terminal_gets_bold_titles_a_coloured_verdict_first_and_links_it_can_open() -> None:
    message = BotMessage(
        "Yes: Python is essential for machine learning engineers.\n\nPython: A language.",
        sources=SOURCES[:1],
        verdict="Yes",
    )
    text = drawn(message, terminal=True)
    assert screen_text(text).lstrip().startswith("Yes: Python is essential")
    assert "\x1b[1;32mYes\x1b[0m" in text, "the verdict in bold green, ahead of the rest of the line"
    assert "\x1b]8;" in text and ";https://example.org/1\x1b\\" in text, "an OSC 8 link a terminal can open"
    assert "\x1b[1;4mSkills machine learning engineers need:" in drawn(BotMessage(SKILLS_REPLY), terminal=True)
    # Where a text would not open with its verdict, the verdict is still said first.
    late = drawn(BotMessage("Python matters a lot.", verdict="Yes"))
    assert late.split()[:4] == ["Yes.", "Python", "matters", "a"]


def test_no_color_keeps_bold_but_drops_every_colour() -> None:
    text = drawn(BotMessage("Yes: Python is essential.\n\nMore.", verdict="Yes"), terminal=True, no_color=True)
    assert not COLOUR.search(text) and "\x1b[1m" in text


def test_what_a_typed_line_means() -> None:
    assert read_input("  ") is None
    assert read_input("2") == Choice(2)
    assert read_input("what is mlops?") == Question("what is mlops?")
    assert read_input("/feedback down it missed the point") == Typed(
        Command.FEEDBACK, "feedback", "down it missed the point"
    )
    assert read_input("/QUIT") == Typed(Command.QUIT, "QUIT", "")
    assert read_input("/stop") == Typed(Command.QUIT, "stop", "")
    assert read_input("/hlep") == Typed(None, "hlep", "")
    # Rasa's own message syntax still reaches the assistant.
    assert read_input('/ask_role_skills{"role":"mle"}') == Question('/ask_role_skills{"role":"mle"}')
    assert read_vote("down too long") == Vote("down", "too long")
    assert read_vote("up") == Vote("up", None)
    assert read_vote("maybe") is None


def test_a_channel_reply_that_is_not_a_message_is_left_out() -> None:
    assert bot_message({"text": "  "}) is None and bot_message("text") is None
    message = bot_message(
        {
            "text": "An answer.",
            "buttons": [{"title": "Next", "payload": "/next"}, {"title": "no payload"}],
            "sources": [{"number": 1, "title": "Work", "url": None}, {"number": "x", "title": "bad"}],
            "answer_id": "a" * 32,
            "verdict": "Yes",
        }
    )
    assert message is not None
    assert [s.title for s in message.suggestions] == ["Next"]
    assert message.sources == (SourceLink(1, "Work", None),)
    assert (message.answer_id, message.verdict) == ("a" * 32, "Yes")


# --- the chat on a running server (--server) ----------------------------------------------------------


@pytest.fixture(scope="module")
def server_url(trained_model: Path, database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from benchmarks.servers import running_servers

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database_url)
        with running_servers(tmp_path_factory.mktemp("terminal-chat-logs")) as running:
            yield running.rasa.url


@pytest.fixture
def history_file(tmp_path: Path) -> Path:
    return tmp_path / "chat-history.txt"


@pytest.fixture
def chat(server_url: str, history_file: Path) -> Iterator[PtyChat]:
    with pty_chat(["chat", "--server", server_url], {"CHAT_HISTORY_FILE": str(history_file)}) as running:
        running.wait_for(PROMPT, timeout=30)
        yield running


def web_reply(server_url: str, text: str) -> BotMessage:
    """What the web channel (the widget's) answers, in a conversation of its own."""
    messages = WebChannelClient(server_url).send(text)
    assert len(messages) == 1, messages
    return messages[0]


def ask(chat: PtyChat, text: str, expect: str) -> str:
    """Types a line and returns what the screen showed from then until the next prompt."""
    start = len(chat.raw())
    chat.terminal.sendline(text)
    chat.wait_for(re.escape(expect), timeout=60)
    chat.wait_for(PROMPT, timeout=60)
    return chat.raw()[start:]


@pytest.mark.rasa_model
def test_a_question_gets_the_widgets_answer_drawn_for_the_terminal_with_its_sources(
    server_url: str, chat: PtyChat, reader
) -> None:
    expected = web_reply(server_url, SKILLS_QUESTION)
    # The answer is the one the knowledge base gives: the role's skills, by their fact ids.
    skill_facts = {link.evidence.fact_id for link in reader.role_skills("mle").links}
    assert skill_facts and skill_facts <= set(expected_fact_ids(server_url, SKILLS_QUESTION))
    shown = ask(chat, SKILLS_QUESTION, SKILLS_TITLE)
    assert shows(screen_text(shown), expected) == []
    # Title in bold; sources: the first three of the answer's works, numbered, links included.
    assert f"\x1b[1;4m{SKILLS_TITLE}" in shown
    screen = screen_text(shown)
    for source in expected.sources[:3]:
        assert normalised(f"{source.number}. {source.title}") in normalised(screen)
        if source.url:
            assert f";{source.url}\x1b\\" in shown
    assert f"… {len(expected.sources) - 3} more: /sources lists them all" in screen
    # /sources lists every one of them.
    listed = screen_text(ask(chat, "/sources", expected.sources[-1].title))
    assert all(normalised(source.title) in normalised(listed) for source in expected.sources)
    # The suggestions are numbered, and no payload is ever shown.
    for number, suggestion in enumerate(expected.suggestions, start=1):
        assert re.search(rf"^\s*{number} {re.escape(suggestion.title)}", screen, re.MULTILINE), screen
    assert "/ask_" not in chat.text() and '{"role"' not in chat.text()


def expected_fact_ids(server_url: str, text: str) -> list[str]:
    """The fact ids the web channel's reply carries (the terminal does not show them)."""
    reply = servers.post_json(
        server_url + "/webhooks/web/webhook", {"sender": uuid.uuid4().hex, "message": text}, timeout=60
    )
    return [fact for message in reply for fact in message.get("fact_ids", [])]


@pytest.mark.rasa_model
def test_a_number_picks_a_suggestion_and_anything_else_is_a_new_question(server_url: str, chat: PtyChat) -> None:
    first = web_reply(server_url, SKILLS_QUESTION)
    ask(chat, SKILLS_QUESTION, SKILLS_TITLE)
    suggestion = first.suggestions[0]
    followed = web_reply(server_url, suggestion.payload)
    shown = screen_text(ask(chat, "1", f"→ {suggestion.title}"))
    assert shows(shown, followed) == [], shown
    # At a suggestion list, free text is a question of its own.
    mlops = web_reply(server_url, "what is mlops?")
    shown = screen_text(ask(chat, "what is mlops?", mlops.text.splitlines()[0]))
    assert shows(shown, mlops) == [] and "→" not in shown
    # A number with no such suggestion says so instead of sending it.
    ask(chat, "9", f"There is no suggestion 9: choose 1 to {len(mlops.suggestions)}")


@pytest.mark.rasa_model
def test_the_banner_starters_are_numbered_choices_too(server_url: str, chat: PtyChat) -> None:
    starter = WELCOME["buttons"][0]
    answer = web_reply(server_url, starter["payload"])
    shown = screen_text(ask(chat, "1", f"→ {starter['title']}"))
    assert shows(shown, answer) == []


@pytest.mark.rasa_model
def test_restart_forgets_the_conversation(chat: PtyChat) -> None:
    ask(chat, "what skills does a data scientist need?", "Skills data scientists need")
    # Without a restart, "they" are still data scientists ...
    ask(chat, "how much do they earn?", "Pay of data scientists")
    ask(chat, "/restart", "forgotten this conversation")
    # ... after it, the assistant no longer knows whom "they" meant and speaks of its own role.
    ask(chat, "how much do they earn?", "Pay of machine learning engineers")
    # The starters are offered again after a restart, as numbered choices.
    ask(chat, "/restart", "forgotten this conversation")
    ask(chat, "/sources", wording.NO_ANSWER_YET)
    ask(chat, "1", f"→ {WELCOME['buttons'][0]['title']}")


@pytest.mark.rasa_model
def test_feedback_is_stored_like_the_widgets_with_the_question_and_the_terminal_as_channel(chat: PtyChat) -> None:
    ask(chat, "/feedback up", wording.NO_ANSWER_YET)
    ask(chat, SKILLS_QUESTION, SKILLS_TITLE)
    ask(chat, "/feedback down the terminal vote", "Thanks for the feedback.")
    # Asked step by step: /feedback, then the rating, then the reason.
    ask(chat, "what does a data engineer do?", "Data Engineer")
    chat.terminal.sendline("/feedback")
    chat.wait_for(re.escape(wording.FEEDBACK_ASK.strip()), timeout=30)
    chat.terminal.sendline("down")
    chat.wait_for(re.escape(wording.FEEDBACK_REASON.strip()), timeout=30)
    chat.terminal.sendline("wrong role")
    chat.wait_for("Thanks for the feedback.", timeout=30)
    votes = {vote.reason: vote for vote in FeedbackStore(load_settings().conversation_store_url).all()}
    skills_vote, role_vote = votes["the terminal vote"], votes["wrong role"]
    assert (skills_vote.rating, skills_vote.question, skills_vote.channel) == ("down", SKILLS_QUESTION, "terminal")
    assert any(fact.startswith("role:mle:skill:") for fact in skills_vote.fact_ids)
    assert (role_vote.question, role_vote.channel) == ("what does a data engineer do?", "terminal")
    assert role_vote.conversation_id == skills_vote.conversation_id


@pytest.mark.rasa_model
def test_help_lists_every_command_and_an_unknown_one_is_named(chat: PtyChat) -> None:
    shown = screen_text(ask(chat, "/help", wording.HELP_CHOICES[:40]))
    for command, _ in wording.HELP:
        assert re.search(rf"^{command}\s", shown, re.MULTILINE), shown
    ask(chat, "/hlep", "Unknown command /hlep")


@pytest.mark.rasa_model
def test_arrow_up_brings_back_a_question_from_an_earlier_run(server_url: str, history_file: Path) -> None:
    with pty_chat(["chat", "--server", server_url], {"CHAT_HISTORY_FILE": str(history_file)}) as first:
        first.wait_for(PROMPT, timeout=30)
        ask(first, SKILLS_QUESTION, SKILLS_TITLE)
        first.terminal.sendline("/feedback")
        first.wait_for(re.escape(wording.FEEDBACK_ASK.strip()), timeout=30)
        ask(first, "up", "Thanks for the feedback.")  # an answer to a prompt, not a line to recall
        first.terminal.sendline("/quit")
        first.wait_for("Goodbye", timeout=30)
    with pty_chat(["chat", "--server", server_url], {"CHAT_HISTORY_FILE": str(history_file)}) as second:
        second.wait_for(PROMPT, timeout=30)
        # Arrow up: /quit, then /feedback, then the question ("up" was not kept).
        second.terminal.send("\x1b[A" * 3 + "\r")
        second.wait_for(SKILLS_TITLE, timeout=60)


@pytest.mark.rasa_model
def test_sixty_columns_without_colour(server_url: str, history_file: Path) -> None:
    env = {"CHAT_HISTORY_FILE": str(history_file), "NO_COLOR": "1"}
    with pty_chat(["chat", "--server", server_url], env, columns=60) as narrow:
        narrow.wait_for(PROMPT, timeout=30)
        ask(narrow, SKILLS_QUESTION, SKILLS_TITLE)
        ask(narrow, "/sources", "Sources")
        raw = narrow.raw()
    assert not COLOUR.search(raw), "NO_COLOR: no colour codes"
    assert "\x1b[1m" in raw, "bold still marks titles and labels"
    screen = screen_text(raw).split("\n")
    # Addresses are never broken (the terminal wraps them, and copying one gives it whole) ...
    addresses = {source.url for source in web_reply(server_url, SKILLS_QUESTION).sources if source.url}
    assert addresses and addresses <= {line.strip() for line in screen}
    # ... and nothing else is drawn past the 60th column (the prompt line holds what was typed).
    drawn_lines = [line for line in screen if PROMPT not in line and line.strip() not in addresses]
    assert max(len(line) for line in drawn_lines) <= 60, max(drawn_lines, key=len)


@pytest.mark.rasa_model
def test_piped_input_gives_plain_output(server_url: str, history_file: Path) -> None:
    answer = web_reply(server_url, SKILLS_QUESTION)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--server", server_url],
        input=f"{SKILLS_QUESTION}\n1\n",
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "CHAT_HISTORY_FILE": str(history_file)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout, "no escape codes in a pipe"
    assert shows(result.stdout, answer) == []
    assert f"{PROMPT} {SKILLS_QUESTION}" in result.stdout, "the transcript shows what was asked"
    assert f"→ {answer.suggestions[0].title}" in result.stdout, "a number works in a pipe too"
    assert result.stdout.rstrip().endswith("Goodbye 👋") and not LIBRARY_NOISE.search(result.stderr)


@pytest.mark.rasa_model
def test_a_message_over_the_limit_gets_the_servers_reason(chat: PtyChat) -> None:
    limit = load_settings().max_message_length
    ask(chat, "why " * (limit // 4 + 1), f"Your message is too long: please keep it under {limit} characters.")
    ask(chat, "what is mlops?", "MLOps")  # and the chat goes on


def test_a_server_that_does_not_answer_is_said_plainly_and_the_chat_goes_on(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{servers.free_port()}"
    with pty_chat(["chat", "--server", closed], {"CHAT_HISTORY_FILE": str(tmp_path / "history.txt")}) as lonely:
        lonely.wait_for(PROMPT, timeout=30)
        ask(lonely, "what is mlops?", "No answer from the assistant")
        assert "Please ask again." in lonely.text()
        lonely.terminal.sendline("/quit")
        lonely.wait_for("Goodbye", timeout=20)


# --- starting and ending, servers and all --------------------------------------------------------------


@pytest.fixture
def own_chat(database_url: str, tmp_path: Path) -> Iterator[PtyChat]:
    rasa_port, action_port = servers.free_port(), servers.free_port()
    env = {
        "DATABASE_URL": database_url,
        "ACTION_PORT": str(action_port),
        "RASA_PORT": str(rasa_port),
        "CHAT_HISTORY_FILE": str(tmp_path / "history.txt"),
    }
    with pty_chat(["chat"], env, ports=(rasa_port, action_port)) as running:
        yield running


@pytest.mark.rasa_model
def test_banner_then_prompt_without_library_noise_and_ctrl_d_stops_every_server(
    trained_model: Path, own_chat: PtyChat
) -> None:
    started_at = time.monotonic()
    own_chat.wait_for(PROMPT, timeout=60)
    to_prompt = time.monotonic() - started_at
    before_prompt = own_chat.text()
    assert wording.TITLE in before_prompt and normalised(WELCOME["text"]) in normalised(before_prompt)
    assert all(button["title"] in before_prompt for button in WELCOME["buttons"][:2])
    assert "/quit" in before_prompt
    assert not LIBRARY_NOISE.search(before_prompt), before_prompt
    # The prompt does not wait for the model: it comes in seconds, while the servers load.
    assert to_prompt < 15, f"{to_prompt:.1f} s to the prompt"
    started = own_chat.processes()
    assert len(started) >= 3, "the chat, its action server and its Rasa server"
    ask(own_chat, SKILLS_QUESTION, SKILLS_TITLE)
    assert not LIBRARY_NOISE.search(own_chat.text()), own_chat.tail()
    own_chat.terminal.send(CTRL_D)
    own_chat.wait_for("Goodbye", timeout=20)
    own_chat.assert_ended(started)


@pytest.mark.rasa_model
def test_ctrl_c_after_an_answer_stops_every_server(trained_model: Path, own_chat: PtyChat) -> None:
    own_chat.wait_for(PROMPT, timeout=60)
    started = own_chat.processes()
    ask(own_chat, "1", WELCOME["buttons"][0]["title"])
    own_chat.terminal.send(CTRL_C)
    own_chat.wait_for("Goodbye", timeout=20)
    own_chat.assert_ended(started)


@pytest.mark.rasa_model
def test_closing_the_terminal_after_an_answer_stops_every_server(trained_model: Path, own_chat: PtyChat) -> None:
    own_chat.wait_for(PROMPT, timeout=60)
    started = own_chat.processes()
    ask(own_chat, "what is mlops?", "MLOps")
    os.kill(own_chat.terminal.pid, signal.SIGHUP)
    own_chat.assert_ended(started)


@pytest.mark.rasa_model
def test_ctrl_c_while_the_model_loads_stops_every_server(trained_model: Path, own_chat: PtyChat) -> None:
    own_chat.wait_for(PROMPT, timeout=60)
    started = own_chat.processes()
    own_chat.terminal.sendline(SKILLS_QUESTION)
    own_chat.wait_for("Loading", timeout=30)
    own_chat.terminal.send(CTRL_C)
    own_chat.wait_for("Goodbye", timeout=20)
    own_chat.assert_ended(started)


@pytest.mark.rasa_model
def test_closing_the_terminal_at_the_first_prompt_stops_every_server(trained_model: Path, own_chat: PtyChat) -> None:
    own_chat.wait_for(PROMPT, timeout=60)
    started = own_chat.processes()
    os.kill(own_chat.terminal.pid, signal.SIGHUP)
    own_chat.assert_ended(started)


@pytest.mark.rasa_model
def test_a_server_that_dies_is_named_with_its_log_and_the_rest_is_stopped(
    trained_model: Path, own_chat: PtyChat
) -> None:
    own_chat.wait_for(PROMPT, timeout=60)
    ask(own_chat, "what is mlops?", "MLOps")
    started = own_chat.processes()
    rasa_server = next(pid for pid in started if "rasa run --model" in command_line(pid))
    os.killpg(rasa_server, signal.SIGKILL)
    own_chat.terminal.sendline("what does a data engineer do?")
    own_chat.wait_for("The assistant's server stopped: see ", timeout=30)
    assert "rasa-server-" in own_chat.text()
    own_chat.assert_ended(started)


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
