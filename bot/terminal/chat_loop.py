"""The terminal chat's turns: read a line, act on it, show what came back; and what it remembers between
turns (the suggestions on screen and the last answer, for /sources and /feedback)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.terminal import wording
from bot.terminal.commands import Choice, Command, Typed, Vote, read_input, read_vote
from bot.terminal.line_input import LineSource
from bot.terminal.rendering import TerminalRenderer
from bot.terminal.web_client import BotMessage, ChatServerError, RequestRefused, Suggestion, WebChannelClient


class ChatEnded(Exception):
    """The user asked to leave (/quit)."""


@dataclass
class TerminalChat:
    client: WebChannelClient
    renderer: TerminalRenderer
    lines: LineSource
    # Blocks until the servers answer (the model may still be loading when the first question comes).
    wait_until_ready: Callable[[], None] = lambda: None
    # After a request failed: raises when a server the chat started has stopped, so the user learns why.
    after_failure: Callable[[], None] = lambda: None
    # The banner's starter questions, offered again after /restart.
    starters: Sequence[Suggestion] = ()
    suggestions: Sequence[Suggestion] = ()
    last_answer: BotMessage | None = None
    _hinted: bool = field(default=False, repr=False)

    def run(self) -> None:
        """Until /quit; EOFError (Ctrl-D, end of a pipe) and KeyboardInterrupt (Ctrl-C) reach the caller."""
        while True:
            line = self.lines.read(wording.PROMPT)
            if not self.lines.interactive:
                self.renderer.echo(line)
            try:
                self.take(line)
            except ChatEnded:
                return

    def offer(self, suggestions: Sequence[Suggestion]) -> None:
        """Numbered choices, until the next line is read: a number picks one."""
        self.suggestions = suggestions
        if suggestions:
            self.renderer.suggestions(suggestions, hint=not self._hinted)
            self._hinted = True

    def take(self, line: str) -> None:
        typed = read_input(line)
        if typed is None:
            return
        if isinstance(typed, Choice):
            self._choose(typed.number)
        elif isinstance(typed, Typed):
            self._command(typed)
        else:
            self.ask(typed.text)

    def ask(self, text: str) -> None:
        self.wait_until_ready()
        try:
            messages = self.client.send(text)
        except RequestRefused as refusal:
            self.renderer.problem(str(refusal))
            return
        except ChatServerError as error:
            self.after_failure()
            self.renderer.problem(wording.NO_REPLY.format(error=error))
            return
        suggestions: Sequence[Suggestion] = ()
        for message in messages:
            self.renderer.reply(message)
            if message.answer_id:
                self.last_answer = message
            suggestions = message.suggestions or suggestions
        # Only the latest reply's suggestions can be picked: older numbers would mean something else now.
        self.suggestions = ()
        self.offer(suggestions)

    def _choose(self, number: int) -> None:
        if not self.suggestions:
            self.ask(str(number))  # no choices on screen: the number is the question
            return
        if not 1 <= number <= len(self.suggestions):
            self.renderer.notice(wording.NO_SUCH_CHOICE.format(number=number, count=len(self.suggestions)))
            return
        chosen = self.suggestions[number - 1]
        self.renderer.chosen(chosen)
        self.ask(chosen.payload)

    def _command(self, typed: Typed) -> None:
        if typed.command is Command.QUIT:
            raise ChatEnded
        if typed.command is Command.HELP:
            self.renderer.help()
        elif typed.command is Command.RESTART:
            self.last_answer = None
            # Rasa's own restart: the server forgets the conversation's context and says so.
            self.ask("/restart")
            if not self.suggestions:
                self.offer(self.starters)
        elif typed.command is Command.SOURCES:
            if self.last_answer is None:
                self.renderer.notice(wording.NO_ANSWER_YET)
            elif not self.last_answer.sources:
                self.renderer.notice(wording.NO_SOURCES)
            else:
                self.renderer.sources(self.last_answer.sources)
        elif typed.command is Command.FEEDBACK:
            self._feedback(typed.rest)
        else:
            self.renderer.notice(wording.UNKNOWN_COMMAND.format(command="/" + typed.word))

    def _feedback(self, said: str) -> None:
        answer = self.last_answer
        if answer is None or answer.answer_id is None:
            self.renderer.notice(wording.NO_ANSWER_YET)
            return
        vote = read_vote(said) if said else self._ask_for_vote()
        if vote is None:
            self.renderer.notice(wording.FEEDBACK_USAGE)
            return
        try:
            thanks = self.client.feedback(answer.answer_id, vote.rating, vote.reason)
        except ChatServerError as error:
            self.renderer.problem(str(error))
            return
        self.renderer.notice(thanks)

    def _ask_for_vote(self) -> Vote | None:
        # Answers to these two prompts are not questions: arrow up should not bring them back.
        rating = self.lines.read(wording.FEEDBACK_ASK, remember=False).strip()
        vote = read_vote(rating)
        if vote is None or vote.rating == "up" or vote.reason:
            return vote
        reason = self.lines.read(wording.FEEDBACK_REASON, remember=False).strip()
        return Vote("down", reason or None)
