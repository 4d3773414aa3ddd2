"""The production stack (`make prod`) under load: throughput, latency, conversation growth and memory.

The stack (PostgreSQL, Redis, two Rasa and two action servers behind nginx) starts on free ports
in the run's folder. A short warm-up comes first (the first turns of a fresh Rasa server are slow),
then 32 concurrent conversations, then 50 for a minute, then one conversation of 200 turns, all
through nginx and the web channel. `python -m benchmarks.production` runs this step alone.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks import conversation_growth, scripts
from benchmarks.rest_load import LoadPlan, run_in_subprocess
from benchmarks.stats import peak_rss_mib
from bot.production.stack import ProductionStack, StackLayout
from bot.settings import load_settings


@dataclass(frozen=True)
class ProductionPlan:
    warmup_seconds: float = 20
    steady_seconds: float = 40  # 32 concurrent
    long_seconds: float = 60  # 50 concurrent
    growth_turns: int = 200
    request_timeout: float = 30


QUICK_PRODUCTION = ProductionPlan(warmup_seconds=5, steady_seconds=10, long_seconds=10, growth_turns=50)


def _load(url: str, concurrency: int, seconds: float, plan: ProductionPlan) -> dict[str, Any]:
    result = run_in_subprocess(
        LoadPlan(
            url=url,
            scripts=scripts.CONVERSATIONS,
            concurrency=concurrency,
            max_turns=1_000_000,
            max_seconds=seconds,
            request_timeout=plan.request_timeout,
            failure_texts=scripts.failure_texts(),
        )
    )
    return {"concurrency": concurrency, "seconds": seconds, **result.summary()}


def _descendants(root: int) -> list[int]:
    """root and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def memory(stack: ProductionStack) -> dict[str, Any]:
    """Peak resident memory (VmHWM) of each part, its processes summed, and of the whole stack."""
    roots = dict(stack.processes())
    if stack.postgres is not None:
        pid_file = stack.postgres.data / "postmaster.pid"
        if pid_file.exists():
            roots["postgres"] = int(pid_file.read_text().split()[0])
    parts = {
        name: round(sum(peak_rss_mib(pid) or 0.0 for pid in _descendants(root)), 1) for name, root in roots.items()
    }
    return {"peak_rss_mib": parts, "stack_peak_rss_mib": round(sum(parts.values()), 1)}


def run(plan: ProductionPlan, folder: Path, log: Any = print) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)  # PostgreSQL and nginx's workers run as other users
    settings = replace(load_settings(), database_url="sqlite://", conversation_store_url="sqlite://", lock_store_url="")
    stack = ProductionStack(settings, StackLayout.on_free_ports(folder))
    stack.start()
    try:
        url = stack.chat_url
        log(f"  production stack up: {len(stack.rasa_servers)} Rasa and {len(stack.action_servers)} action servers")
        _load(url, 8, plan.warmup_seconds, plan)
        levels = []
        for concurrency, seconds in ((32, plan.steady_seconds), (50, plan.long_seconds)):
            level = _load(url, concurrency, seconds, plan)
            levels.append(level)
            log(
                f"  production, {concurrency} concurrent for {seconds:.0f} s: {level['throughput_tps']:.1f} turns/s, "
                f"median {level['median_ms']:.0f} ms, p95 {level['p95_ms']:.0f} ms, {level['errors']} errors"
            )
        growth = conversation_growth.run(url, plan.growth_turns, 300, plan.request_timeout)
        growth["tracker_store"] = "ConversationStore on PostgreSQL (bot/conversation_store.py)"
        return {"levels": levels, "growth": growth, **memory(stack)}
    finally:
        stack.stop()


def main() -> int:
    quick = "--quick" in sys.argv
    scratch = Path(tempfile.mkdtemp(prefix="mle-bench-prod-"))
    scratch.chmod(0o755)
    try:
        results = run(QUICK_PRODUCTION if quick else ProductionPlan(), scratch / "stack")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    windows = results["growth"]["windows"]
    results["growth"] = {key: value for key, value in results["growth"].items() if key != "per_turn_ms"}
    results["growth"]["windows"] = windows
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    sys.exit(main())
