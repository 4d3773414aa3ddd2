"""Where the terminal chat's lines come from: a prompt with history at a terminal, plain lines from a pipe.

Both end the same way: end of input raises EOFError and Ctrl-C raises KeyboardInterrupt.
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory


class LineSource(ABC):
    interactive: bool

    @abstractmethod
    def read(self, prompt: str, remember: bool = True) -> str:
        """The next line, without its newline; remember=False keeps it out of the history."""


class TerminalLines(LineSource):
    """prompt_toolkit's prompt: editing keys, and arrow up through the questions of this and earlier runs."""

    interactive = True

    def __init__(self, history_file: Path) -> None:
        history_file.parent.mkdir(parents=True, exist_ok=True)
        self.session: PromptSession[str] = PromptSession(history=FileHistory(str(history_file)))
        self.unremembered: PromptSession[str] = PromptSession()

    def read(self, prompt: str, remember: bool = True) -> str:
        return (self.session if remember else self.unremembered).prompt(prompt)


class PipedLines(LineSource):
    """Standard input that is not a terminal (`echo question | python -m bot chat`)."""

    interactive = False

    def read(self, prompt: str, remember: bool = True) -> str:
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")


def line_source(history_file: Path) -> LineSource:
    return TerminalLines(history_file) if sys.stdin.isatty() and sys.stdout.isatty() else PipedLines()
