"""How long `python -m bot chat` takes from the command to its prompt, and to its first answer.

The chat runs in a pseudo-terminal, as in a user's terminal, on ports of its own and with a history
file of its own. Each run times the prompt, then asks one question at once (the model is still loading)
and times the answer, then leaves with /quit and times the exit (every server stopped).

    .venv/bin/python -m benchmarks.chat_startup [RUNS]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pexpect

from bot import servers
from bot.settings import PROJECT_ROOT

PROMPT = "You ›"  # noqa: RUF001 (the chat's prompt)
QUESTION = "what skills does an MLE need?"
ANSWER_TITLE = "Skills machine learning engineers need"


def one_run(history_file: Path) -> dict[str, float]:
    env = {
        **os.environ,
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "RASA_PORT": str(servers.free_port()),
        "ACTION_PORT": str(servers.free_port()),
        "CHAT_HISTORY_FILE": str(history_file),
    }
    started = time.monotonic()
    chat = pexpect.spawn(
        sys.executable, ["-m", "bot", "chat"], cwd=str(PROJECT_ROOT), env=env, encoding="utf-8", timeout=300
    )
    try:
        chat.expect(PROMPT)
        prompt = time.monotonic() - started
        chat.sendline(QUESTION)
        chat.expect(ANSWER_TITLE)
        answer = time.monotonic() - started
        chat.expect(PROMPT)
        chat.sendline("/quit")
        leaving = time.monotonic()
        chat.expect(pexpect.EOF, timeout=60)
        exit_seconds = time.monotonic() - leaving
    finally:
        if chat.isalive():
            chat.terminate(force=True)
    return {"prompt_seconds": prompt, "first_answer_seconds": answer, "exit_seconds": exit_seconds}


def run(runs: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mle-bench-chat-") as scratch:
        samples = [one_run(Path(scratch) / "history.txt") for _ in range(runs)]
    summary: dict[str, Any] = {"runs": samples}
    for key in ("prompt_seconds", "first_answer_seconds", "exit_seconds"):
        summary[f"median_{key}"] = statistics.median(sample[key] for sample in samples)
    return summary


if __name__ == "__main__":
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 3), indent=2))
