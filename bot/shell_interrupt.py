"""Ctrl-C (or Ctrl-D) at any prompt of `rasa shell` ends the chat instead of hanging it.

`rasa shell` reads the terminal in one task (`rasa.core.channels.console.record_messages`) beside its
Sanic server, and stops the server only when that task returns. questionary answers Ctrl-C at a prompt
by printing "Cancelled by user" and returning None. At the text prompt Rasa 3.6 takes None as the end
of the chat; at a buttons menu `rasa.cli.utils.payload_from_button_question` calls `None.rfind` and
raises AttributeError. Any exception ends the task without stopping the server, so the shell sits there
with no prompt, and `python -m bot chat` waits for it with the action server running. Ctrl-D at the
text prompt (prompt_toolkit raises EOFError, which questionary does not catch) hung it the same way.

`install()` (called from bot/unanswered_turn_policy.py, which `rasa shell` imports with the model):
- a cancelled buttons menu ends the chat the way a cancelled text prompt does;
- the terminal loop always returns, so the server always stops: end of input ends the chat, and an
  unexpected error is logged first (say the Rasa server failed to answer);
- the shell says goodbye when the chat ends.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import rasa.cli.utils as cli_utils
import rasa.core.channels.console as console

logger = logging.getLogger(__name__)

GOODBYE = "Goodbye 👋"


async def payload_from_button_question(button_question: Any) -> str | None:
    """Rasa's own, except that a cancelled menu (None) is returned as None: the end of the chat."""
    answer: str | None = await button_question.ask_async()
    if answer is None or answer == cli_utils.FREE_TEXT_INPUT_PROMPT:
        return answer
    # A button: the payload is the text between the last parentheses, as Rasa shows it.
    return answer[answer.rfind("(") + 1 : answer.rfind(")")]


def ending_cleanly(record_messages: Callable[..., Awaitable[int]]) -> Callable[..., Awaitable[int]]:
    """The terminal loop, returning whatever ends it (the caller then stops the server), with a goodbye."""

    @functools.wraps(record_messages)
    async def record_until_the_end(*args: Any, **kwargs: Any) -> int:
        try:
            return await record_messages(*args, **kwargs)
        except EOFError:  # Ctrl-D at the text prompt
            return 0
        except Exception:
            # The caller stops the server only when this returns: an error must not leave it running.
            logger.exception("The terminal chat stopped on an error")
            return 0
        finally:
            print(GOODBYE, flush=True)

    return record_until_the_end


def install() -> None:
    """Patch the shell's terminal loop in this process (idempotent)."""
    # Both are read as module attributes at each call (console._get_user_input, rasa.core.run).
    vars(cli_utils)["payload_from_button_question"] = payload_from_button_question
    if not hasattr(console.record_messages, "__wrapped__"):
        vars(console)["record_messages"] = ending_cleanly(console.record_messages)
