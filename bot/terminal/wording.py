"""Every sentence the terminal chat says itself; what the assistant answers comes from the server."""

from __future__ import annotations

TITLE = "MLE career assistant"
# The angle quote is meant: it reads as a prompt, where ">" looks like a shell redirect.
PROMPT = "You › "  # noqa: RUF001
# Shown under the banner's greeting (the domain's `utter_welcome`, the widget's too).
TRY = "Try one (type its number) or ask your own question:"
LEAVE = "/help lists the commands; /quit or Ctrl-D leaves."

HELP = (
    ("/help", "this list"),
    ("/restart", "start the conversation over (the assistant forgets the context)"),
    ("/sources", "every source of the last answer, with links where they have one"),
    ("/feedback", "rate the last answer: /feedback up, or /feedback down and a reason"),
    ("/quit", "leave (also Ctrl-D or Ctrl-C)"),
)
HELP_CHOICES = "A number picks one of the suggestions under the last answer; anything else is a question."

CHOOSE = "Type a number to ask one, or ask your own question."
NO_SUCH_CHOICE = "There is no suggestion {number}: choose 1 to {count}, or type a question."
MORE_SOURCES = "… {count} more: /sources lists them all"
SOURCES_HEADING = "Sources"
NO_SOURCES = "The last answer cites no sources."
NO_ANSWER_YET = "There is no answer yet: ask a question first."
UNKNOWN_COMMAND = "Unknown command {command}: /help lists the commands."

FEEDBACK_ASK = "Was the last answer helpful? Type up or down: "
FEEDBACK_REASON = "What was wrong with it? (optional, Enter to skip): "
FEEDBACK_USAGE = "No feedback recorded: type /feedback up, or /feedback down and your reason."

LOADING = "Loading the assistant's model (about 30 s) …"
SERVER_GONE = "The assistant's server stopped: see {log}."
SERVER_FAILED = "The assistant could not start: {error}"
DATABASE_MISSING = "The knowledge database is missing: run `make db` first."
NO_REPLY = "No answer from the assistant ({error}). Please ask again."
GOODBYE = "Goodbye 👋"
