"""`python -m benchmarks [--quick]`: run every measurement in order and write the report.

Steps run one after another, never overlapping, so no measurement competes with another for the
machine's cores. Training and the baseline come first, then the knowledge layer alone, then the
servers (started last so their peak memory covers exactly the benchmark's own traffic).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchmarks import (
    chat_startup,
    conversation_growth,
    knowledge_scaling,
    latency,
    nlu_quality,
    production,
    question_bank,
    report,
    training,
)
from benchmarks.plan import FULL, QUICK, Plan
from benchmarks.servers import running_servers
from bot.settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "results" / "bench"


@contextmanager
def stage(name: str, timings: dict[str, float]) -> Iterator[None]:
    print(f"[bench] {name} ...", flush=True)
    started = time.monotonic()
    yield
    timings[name] = time.monotonic() - started
    print(f"[bench] {name}: {timings[name]:.0f} s", flush=True)


def run(plan: Plan, out: Path) -> Path:
    began = time.monotonic()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    run_dir, scratch = out / stamp, out / stamp / "tmp"
    logs = run_dir / "logs"
    logs.mkdir(parents=True)
    timings: dict[str, float] = {}
    notes: list[str] = []
    cost: dict[str, Any] = {}
    try:
        if plan.train_from_scratch:
            with stage("training from scratch", timings):
                cost["training"] = training.train_from_scratch(scratch, logs / "training.log")
        else:
            cost["training"] = {"skipped": "not measured in the quick run (it reuses models/)"}
            notes.append("Quick run: training time not measured; the served model is models/mle-assistant.tar.gz.")
        with stage("baseline", timings):
            baseline = nlu_quality.baseline(out / "cache", scratch, logs, may_train=plan.train_baseline)
        if "skipped" in baseline:
            notes.append(f"BASELINE SKIPPED: {baseline['skipped']}.")
            print(f"[bench] WARNING: BASELINE SKIPPED: {baseline['skipped']}", flush=True)
        else:
            notes.append(f"Baseline: {baseline['source']}.")
        cost["baseline_training_seconds"] = baseline.get("training_seconds")
        cost["baseline_model_size_mib"] = baseline.get("model_size_mib")
        with stage("knowledge scaling", timings):
            scales = knowledge_scaling.run(
                list(plan.kb_factors), scratch, plan.kb_repeats, plan.kb_query_budget_seconds
            )
        with stage("terminal chat start", timings):
            cost["chat"] = chat_startup.run(runs=3)
        with stage("servers", timings), running_servers(logs) as servers:
            cost["rasa_first_reply_seconds"] = servers.rasa_first_reply_seconds
            cost["action_first_reply_seconds"] = servers.action_first_reply_seconds
            print(
                f"  first reply: action server {servers.action_first_reply_seconds:.1f} s, "
                f"Rasa {servers.rasa_first_reply_seconds:.1f} s",
                flush=True,
            )
            ours = asdict(nlu_quality.score_served(servers.parse))
            conversations = question_bank.load_bank()
            if question_bank.OOD_FILE.exists():
                conversations += question_bank.load_everyday()
            bank = question_bank.run_bank(f"{servers.rasa.url}/webhooks/web/webhook", conversations)
            latencies = latency.run(servers, plan)
            conversation = conversation_growth.run(
                servers.chat_url, plan.growth_turns, plan.growth_max_seconds, plan.request_timeout
            )
            cost["peak_rss_mib"] = servers.peak_rss_mib()
        with stage("production stack", timings):
            production_plan = production.ProductionPlan() if plan.name == "full" else production.QUICK_PRODUCTION
            stack = production.run(production_plan, scratch / "production", log=lambda line: print(line, flush=True))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    cost["model_size_mib"] = training.model_size_mib()
    latencies["knowledge_query"] = scales[0]["queries"]["turn"]
    results: dict[str, Any] = {
        "meta": {
            "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
            "mode": plan.name,
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "rasa": version("rasa"),
            "stage_seconds": timings,
            "total_seconds": time.monotonic() - began,
        },
        "nlu": {"heldout_examples": ours["examples"], "ours": ours, "baseline": baseline},
        "question_bank": {
            "in_scope": bank.in_scope(),
            "out_of_scope": bank.out_of_scope(),
            "everyday": bank.everyday(),
            "search_share": bank.search_share(),
            "per_pattern": bank.per_pattern(),
        },
        "latency": latencies,
        "cost": cost,
        "growth": {"knowledge": scales, "conversation": conversation},
        "production": stack,
        "notes": notes,
    }
    summary = report.write(results, run_dir, out / "latest")
    print(f"[bench] done in {results['meta']['total_seconds']:.0f} s: {summary} (also {out / 'latest'})")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller counts, no training: under 3 minutes")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"results folder (default: {RESULTS})")
    args = parser.parse_args(argv)
    run(QUICK if args.quick else FULL, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
