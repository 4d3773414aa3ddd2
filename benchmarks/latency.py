"""Answer latency through the REST channel at several concurrency levels, and what each layer costs.

A knowledge turn passes through Rasa (NLU + policies), the action server and the database. Beside
the load levels, the same run times a greeting (Rasa alone: answered from the domain), a direct
action-server call for a knowledge turn (action server + database, no Rasa), and, from the
knowledge-scaling step, the knowledge-layer query alone. Every load runs in a separate process.
"""

from __future__ import annotations

from typing import Any

from benchmarks import scripts
from benchmarks.plan import Plan
from benchmarks.rest_load import LoadPlan, run_in_subprocess
from benchmarks.servers import Servers


def _load(
    url: str, script: list[list[Any]], concurrency: int, turns: int, plan: Plan, mode: str = "rest"
) -> dict[str, Any]:
    result = run_in_subprocess(
        LoadPlan(
            url=url,
            scripts=script,
            concurrency=concurrency,
            max_turns=turns,
            max_seconds=plan.level_max_seconds,
            request_timeout=plan.request_timeout,
            mode=mode,
            failure_texts=scripts.failure_texts(),
        )
    )
    return {"concurrency": concurrency, **result.summary()}


def run(servers: Servers, plan: Plan) -> dict[str, Any]:
    levels = []
    for concurrency in plan.concurrency_levels:
        level = _load(servers.chat_url, scripts.CONVERSATIONS, concurrency, plan.turns_at(concurrency), plan)
        print(
            f"  {concurrency:>2} concurrent: median {level['median_ms']:.0f} ms, p95 {level['p95_ms']:.0f} ms, "
            f"{level['throughput_tps']:.1f} turns/s, {level['errors']} errors",
            flush=True,
        )
        levels.append(level)
    greeting = _load(servers.chat_url, scripts.GREETINGS, 1, plan.single_turn_samples, plan)
    action_call = _load(servers.action_url, [[scripts.action_call()]], 1, plan.single_turn_samples, plan, mode="raw")
    return {"levels": levels, "greeting": greeting, "action_call": action_call}
