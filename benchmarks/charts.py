"""PNG charts of one run (matplotlib's Agg backend: no display needed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value


def _nlu(results: dict[str, Any], axes: plt.Axes) -> None:
    ours, base = results["nlu"]["ours"], results["nlu"]["baseline"].get("report") or {}
    keys = ["intent_accuracy", "intent_macro_f1", "out_of_scope_recall", "false_out_of_scope_rate"]
    labels = ["accuracy", "macro-F1", "OOS recall", "false OOS"] + [f"F1 {e}" for e in ours["entity_f1"]]
    ours_values = [ours[key] for key in keys] + list(ours["entity_f1"].values())
    base_values = [base.get(key) for key in keys] + [(base.get("entity_f1") or {}).get(e) for e in ours["entity_f1"]]
    positions = range(len(labels))
    axes.bar([p - 0.2 for p in positions], ours_values, 0.4, label="ours")
    axes.bar(
        [p + 0.2 for p in positions],
        [_nan(v) for v in base_values],
        0.4,
        label="rasa init baseline" if base else "baseline (skipped)",
    )
    axes.set_xticks(list(positions), labels, rotation=30, ha="right")
    axes.set_ylim(0, 1.05)
    axes.set_title("NLU quality on the held-out set")
    axes.legend()


def _latency(results: dict[str, Any], axes: plt.Axes) -> None:
    levels = results["latency"]["levels"]
    concurrency = [level["concurrency"] for level in levels]
    for key in ("median_ms", "p95_ms", "p99_ms"):
        axes.plot(concurrency, [level[key] for level in levels], marker="o", label=key.replace("_ms", ""))
    axes.set_xscale("log", base=2)
    axes.set_xticks(concurrency, [str(c) for c in concurrency])
    axes.set_xlabel("concurrent conversations")
    axes.set_ylabel("ms per turn")
    throughput = axes.twinx()
    throughput.bar(
        concurrency,
        [level["throughput_tps"] or 0 for level in levels],
        alpha=0.2,
        width=[c * 0.3 for c in concurrency],
        color="grey",
    )
    throughput.set_ylabel("turns/s (bars)")
    axes.set_title(f"REST latency ({results['meta']['cpu_count']} cores)")
    axes.legend(loc="upper left")


def _layers(results: dict[str, Any], axes: plt.Axes) -> None:
    latency = results["latency"]
    items = {
        "knowledge turn\n(REST)": latency["levels"][0],
        "greeting\n(Rasa only)": latency["greeting"],
        "action call\n(+ database)": latency["action_call"],
        "knowledge\nquery alone": latency["knowledge_query"],
    }
    axes.bar(list(items), [_nan(item["median_ms"]) for item in items.values()])
    axes.set_ylabel("median ms")
    axes.set_title("What each layer costs per turn")


def _knowledge(results: dict[str, Any], axes: plt.Axes) -> None:
    scales = results["growth"]["knowledge"]
    factors = [scale["factor"] for scale in scales]
    for name in scales[0]["queries"]:
        axes.plot(factors, [scale["queries"][name]["median_ms"] for scale in scales], marker="o", label=name)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xticks(factors, [f"{f}x" for f in factors])
    axes.set_xlabel("knowledge base size")
    axes.set_ylabel("median ms per call")
    axes.set_title("Knowledge layer as the knowledge base grows")
    axes.legend(fontsize="x-small")


def _conversation(results: dict[str, Any], axes: plt.Axes) -> None:
    per_turn = results["growth"]["conversation"]["per_turn_ms"]
    axes.plot(range(1, len(per_turn) + 1), per_turn, linewidth=0.8)
    axes.set_xlabel("turn in one conversation")
    axes.set_ylabel("ms")
    axes.set_title("Per-turn latency as a conversation grows")


CHARTS: dict[str, Callable[[dict[str, Any], plt.Axes], None]] = {
    "nlu_quality.png": _nlu,
    "latency_by_concurrency.png": _latency,
    "latency_by_layer.png": _layers,
    "knowledge_scaling.png": _knowledge,
    "conversation_growth.png": _conversation,
}


def write_charts(results: dict[str, Any], folder: Path) -> list[Path]:
    written = []
    for name, draw in CHARTS.items():
        figure, axes = plt.subplots(figsize=(7, 4.5))
        draw(results, axes)
        figure.tight_layout()
        figure.savefig(folder / name, dpi=110)
        plt.close(figure)
        written.append(folder / name)
    return written
