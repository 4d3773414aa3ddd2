"""Rasa's per-turn latency as one conversation grows long (50 or 200 turns) through REST.

The Rasa server keeps conversations in its default InMemoryTrackerStore and sends the whole
tracker, every event so far, to the action server on each custom action, so a long conversation
costs more per turn even though the policies only look at the last few turns.
"""

from __future__ import annotations

from typing import Any

from benchmarks import scripts
from benchmarks.rest_load import LoadPlan, run_in_subprocess
from benchmarks.stats import summarise_ms

# Windows as long as one pass through the scripted messages, so each window asks the same questions.
WINDOW = sum(len(conversation) for conversation in scripts.CONVERSATIONS)


def windows(turns: int) -> list[tuple[int, int]]:
    """1-based inclusive turn ranges: the first window, one ending at turn 50, one at the last turn."""
    ends = sorted({WINDOW, *(end for end in (50, 200) if end <= turns), turns})
    return [(max(end - WINDOW + 1, 1), end) for end in ends if end <= turns]


def summarise(per_turn_seconds: list[float]) -> list[dict[str, Any]]:
    return [
        {"first_turn": first, "last_turn": last, **summarise_ms(per_turn_seconds[first - 1 : last])}
        for first, last in windows(len(per_turn_seconds))
    ]


def run(chat_url: str, turns: int, max_seconds: float, request_timeout: float) -> dict[str, Any]:
    result = run_in_subprocess(
        LoadPlan(
            url=chat_url,
            scripts=[scripts.long_conversation(turns)],
            concurrency=1,
            max_turns=turns,
            max_seconds=max_seconds,
            request_timeout=request_timeout,
            failure_texts=scripts.failure_texts(),
        )
    )
    ordered = sorted(result.turns, key=lambda turn: turn.turn)
    per_turn = [turn.seconds for turn in ordered]
    return {
        "turns": len(ordered),
        "errors": result.errors,
        "stopped_by": result.stopped_by,
        "tracker_store": "InMemoryTrackerStore (Rasa's default)",
        "per_turn_ms": [seconds * 1000 for seconds in per_turn],
        "windows": summarise(per_turn),
    }
