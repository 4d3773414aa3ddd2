"""What a line typed at the terminal chat's prompt means: a command, a numbered choice or a question."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Command(str, Enum):
    HELP = "help"
    RESTART = "restart"
    SOURCES = "sources"
    FEEDBACK = "feedback"
    QUIT = "quit"


# Other names people reach for: `rasa shell` users know /stop, and /exit is a habit from other shells.
ALIASES = {"exit": Command.QUIT, "stop": Command.QUIT, "bye": Command.QUIT, "?": Command.HELP}


@dataclass(frozen=True)
class Typed:
    """A slash command with what follows it (`/feedback down it missed the point`)."""

    command: Command | None  # None: a slash word that names no command
    word: str
    rest: str


@dataclass(frozen=True)
class Choice:
    number: int


@dataclass(frozen=True)
class Question:
    text: str


Input = Typed | Choice | Question


def read_input(line: str) -> Input | None:
    """None for a blank line (nothing to send)."""
    text = line.strip()
    if not text:
        return None
    if text.isdigit() and len(text) <= 2:
        return Choice(int(text))
    if text.startswith("/") and len(text) > 1 and not text[1].isspace():
        word, _, rest = text[1:].partition(" ")
        name = word.lower()
        command = ALIASES.get(name) or next((c for c in Command if c.value == name), None)
        if command is not None or name.replace("_", "").isalpha():
            return Typed(command, word, rest.strip())
    return Question(text)


@dataclass(frozen=True)
class Vote:
    rating: str  # "up" or "down"
    reason: str | None


UP_WORDS = {"up", "+", "+1", "yes", "y", "good", "helpful", "👍"}
DOWN_WORDS = {"down", "-", "-1", "no", "n", "bad", "unhelpful", "👎"}


def read_vote(text: str) -> Vote | None:
    """`up`, or `down` and a reason; None when it names neither."""
    word, _, rest = text.strip().partition(" ")
    if word.lower() in UP_WORDS:
        return Vote("up", rest.strip() or None)
    if word.lower() in DOWN_WORDS:
        return Vote("down", rest.strip() or None)
    return None
