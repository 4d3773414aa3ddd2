"""A bounded load generator for the Rasa REST channel (and the action server), run in its own process.

The parent builds a `LoadPlan`, `run_in_subprocess` hands it to `python -m benchmarks.rest_load` as
JSON on stdin and reads a `LoadResult` back from stdout. Running the client in a separate process
keeps its CPU use and event loop apart from the process that measures the servers. Every run is
bounded: loopback targets only, a timeout on every request, a maximum turn count and a maximum wall
time, after which the child stops by itself (the parent kills it if it ever overstays).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import subprocess
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from benchmarks.stats import ratio, summarise_ms
from bot.settings import PROJECT_ROOT

# Grace the parent allows beyond the plan's own bounds before it kills the child.
KILL_GRACE_SECONDS = 30


@dataclass
class LoadPlan:
    """N conversations at a time; conversation k follows scripts[k % len(scripts)].

    mode "rest": each message is text, sent as {"sender", "message"} with one random UUID4 per
    conversation. mode "raw": each message is a ready JSON body (e.g. an action-server call).
    """

    url: str
    scripts: list[list[Any]]
    concurrency: int
    max_turns: int
    max_seconds: float
    request_timeout: float = 30.0
    mode: str = "rest"
    # A reply that is one of these texts is an apology for a failure, so the turn counts as an error.
    failure_texts: list[str] = field(default_factory=list)


@dataclass
class Turn:
    conversation: int
    turn: int
    seconds: float
    ok: bool
    error: str | None = None


@dataclass
class LoadResult:
    turns: list[Turn]
    wall_seconds: float
    stopped_by: str  # "max_turns" or "max_seconds": which bound ended the run

    @property
    def errors(self) -> int:
        return sum(not turn.ok for turn in self.turns)

    def summary(self) -> dict[str, Any]:
        ok = [turn.seconds for turn in self.turns if turn.ok]
        error_kinds: dict[str, int] = {}
        for turn in self.turns:
            if turn.error:
                error_kinds[turn.error] = error_kinds.get(turn.error, 0) + 1
        return {
            **summarise_ms(ok),
            "turns": len(self.turns),
            "errors": self.errors,
            "error_kinds": error_kinds,
            "conversations": len({turn.conversation for turn in self.turns}),
            "wall_seconds": self.wall_seconds,
            "throughput_tps": ratio(len(ok), self.wall_seconds),
            "stopped_by": self.stopped_by,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "turns": [asdict(turn) for turn in self.turns],
            "wall_seconds": self.wall_seconds,
            "stopped_by": self.stopped_by,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoadResult:
        return cls([Turn(**turn) for turn in data["turns"]], data["wall_seconds"], data["stopped_by"])


def check_loopback(url: str) -> None:
    """Refuses any target that is not this machine: the benchmark never loads anyone else's server."""
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"load generator only targets loopback addresses, not {url!r}")


def _reply_error(status: int, text: str, failure_texts: list[str]) -> str | None:
    """Why a reply failed the user, or None: an error status, no usable reply, or an apology."""
    if status != 200:
        return f"http {status}"
    try:
        body = json.loads(text)
    except ValueError:
        return "invalid json"
    messages = body.get("responses") if isinstance(body, dict) else body
    if not isinstance(messages, list) or not messages:
        return "empty reply"
    if any(isinstance(m, dict) and m.get("text") in failure_texts for m in messages):
        return "apology"
    return None


async def _run(plan: LoadPlan) -> LoadResult:
    import aiohttp  # only the child needs it

    check_loopback(plan.url)
    turns: list[Turn] = []
    started = time.monotonic()
    deadline = started + plan.max_seconds
    counters = {"conversations": 0, "turns": 0}

    def budget_left() -> bool:
        return counters["turns"] < plan.max_turns and time.monotonic() < deadline

    async def converse(session: aiohttp.ClientSession, index: int) -> None:
        script = plan.scripts[index % len(plan.scripts)]
        sender = str(uuid.uuid4())
        for position, message in enumerate(script):
            if not budget_left():
                return
            counters["turns"] += 1
            body = message if plan.mode == "raw" else {"sender": sender, "message": message}
            sent = time.perf_counter()
            try:
                async with session.post(plan.url, json=body) as response:
                    error = _reply_error(response.status, await response.text(), plan.failure_texts)
            except asyncio.TimeoutError:
                error = "timeout"
            except aiohttp.ClientError as problem:
                error = type(problem).__name__
            turns.append(Turn(index, position, time.perf_counter() - sent, error is None, error))

    async def worker(session: aiohttp.ClientSession) -> None:
        # Conversations repeat the scripts until the turn or time budget runs out.
        while budget_left():
            index = counters["conversations"]
            counters["conversations"] += 1
            await converse(session, index)

    timeout = aiohttp.ClientTimeout(total=plan.request_timeout)
    connector = aiohttp.TCPConnector(limit=plan.concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(plan.concurrency)))
    stopped_by = "max_turns" if counters["turns"] >= plan.max_turns else "max_seconds"
    return LoadResult(turns, time.monotonic() - started, stopped_by)


def run_load(plan: LoadPlan) -> LoadResult:
    """Runs the plan in this process (the child side; tests call it directly)."""
    return asyncio.run(_run(plan))


def run_in_subprocess(plan: LoadPlan) -> LoadResult:
    """Runs the plan in a fresh Python process and returns its result."""
    check_loopback(plan.url)
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.rest_load"],
        input=json.dumps(asdict(plan)),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=plan.max_seconds + plan.request_timeout + KILL_GRACE_SECONDS,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"load generator failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return LoadResult.from_dict(json.loads(completed.stdout))


def main() -> None:
    plan = LoadPlan(**json.load(sys.stdin))
    print(json.dumps(run_load(plan).to_dict()))


if __name__ == "__main__":
    main()
