"""Writes a run's results: results.json, summary.md and PNG charts, in results/bench/<timestamp>/
and again in results/bench/latest/. The summary opens with the ratios measured side by side in
the run; every absolute time is printed next to the machine's core count and the date."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

from benchmarks.charts import write_charts
from benchmarks.stats import ratio


def _clean(value: Any) -> Any:
    """NaN is not JSON: missing figures become null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def _num(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def _ms(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def _mib(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f} MiB"


def _times(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def _share(part: float | None, whole: float | None) -> str:
    value = ratio(part, whole)
    return "n/a" if value is None else f"{value:.0%}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def _layers(results: dict[str, Any]) -> dict[str, float | None]:
    latency = results["latency"]
    single: dict[str, Any] = next((level for level in latency["levels"] if level["concurrency"] == 1), {})
    return {
        "turn": single.get("median_ms"),
        "greeting": latency["greeting"].get("median_ms"),
        "action": latency["action_call"].get("median_ms"),
        "query": latency["knowledge_query"].get("median_ms"),
    }


def _headline(results: dict[str, Any]) -> list[str]:
    meta, nlu = results["meta"], results["nlu"]
    ours, base = nlu["ours"], nlu["baseline"].get("report")
    lines = ["## Headline (ratios measured side by side in this run)", ""]
    if base:
        lines.append(
            f"- **NLU, ours vs `rasa init` baseline** ({nlu['heldout_examples']} held-out messages): intent macro-F1 "
            f"{_num(ours['intent_macro_f1'])} vs {_num(base['intent_macro_f1'])} "
            f"({_times(ratio(ours['intent_macro_f1'], base['intent_macro_f1']))}); out-of-scope recall "
            f"{_num(ours['out_of_scope_recall'])} vs {_num(base['out_of_scope_recall'])}; false out-of-scope rate "
            f"{_num(ours['false_out_of_scope_rate'])} vs {_num(base['false_out_of_scope_rate'])}."
        )
    else:
        lines.append(
            f"- **BASELINE SKIPPED: {nlu['baseline']['skipped']}.** Ours alone: intent macro-F1 "
            f"{_num(ours['intent_macro_f1'])}, out-of-scope recall {_num(ours['out_of_scope_recall'])}."
        )
    layers = _layers(results)
    lines.append(
        f"- **Where a turn's time goes** (medians, 1 conversation at a time): a knowledge turn through Rasa + "
        f"action server + database takes {_ms(layers['turn'])}, {_times(ratio(layers['turn'], layers['greeting']))} "
        f"a greeting turn that runs no custom action ({_ms(layers['greeting'])}, Rasa alone). The action server "
        f"call alone is {_ms(layers['action'])} ({_share(layers['action'], layers['turn'])} of the turn) and the "
        f"knowledge-layer query alone {_ms(layers['query'])} ({_share(layers['query'], layers['turn'])})."
    )
    levels = results["latency"]["levels"]
    if len(levels) > 1:
        first, last = levels[0], levels[-1]
        best = max(levels, key=lambda level: level.get("throughput_tps") or 0)
        lines.append(
            f"- **Under load**: at {last['concurrency']} concurrent conversations p95 is "
            f"{_times(ratio(last['p95_ms'], first['p95_ms']))} that of one conversation; throughput peaks at "
            f"{_num(best['throughput_tps'], 1)} turns/s; {sum(level['errors'] for level in levels)} errors in all."
        )
    scales = results["growth"]["knowledge"]
    windows = results["growth"]["conversation"]["windows"]
    if len(scales) > 1 and windows:
        lines.append(
            f"- **Growth**: with a {scales[-1]['factor']}x knowledge base the per-turn knowledge query takes "
            f"{_times(ratio(scales[-1]['queries']['turn']['median_ms'], scales[0]['queries']['turn']['median_ms']))} "
            f"as long as at 1x; turns {windows[-1]['first_turn']}-{windows[-1]['last_turn']} of one conversation take "
            f"{_times(ratio(windows[-1]['median_ms'], windows[0]['median_ms']))} as long as turns "
            f"{windows[0]['first_turn']}-{windows[0]['last_turn']}."
        )
    lines += ["", f"Absolute figures below: {meta['cpu_count']} CPU cores, {meta['date']}, {meta['mode']} run.", ""]
    return lines


def _bank_section(results: dict[str, Any]) -> list[str]:
    bank = results.get("question_bank")
    if not bank:
        return []
    lines = [
        "",
        "## Question bank (whole assistant, graded by fact ids)",
        "",
        f"In scope answered with an expected fact: {bank['in_scope']:.1%}; out of scope declined: "
        f"{bank['out_of_scope']:.1%}; everyday requests of another domain declined: {bank['everyday']:.1%}; "
        f"full-text search share of answers: {bank['search_share']:.1%}.",
        "",
        "| pattern | passed | total | share |",
        "| --- | --- | --- | --- |",
    ]
    for pattern, (passed, total) in bank["per_pattern"].items():
        lines.append(f"| {pattern} | {passed} | {total} | {passed / total:.0%} |")
    return lines


def _nlu_section(results: dict[str, Any]) -> list[str]:
    nlu = results["nlu"]
    ours, base = nlu["ours"], nlu["baseline"].get("report") or {}
    metrics = [
        ("intent accuracy", "intent_accuracy"),
        ("intent macro-F1", "intent_macro_f1"),
        ("out-of-scope recall", "out_of_scope_recall"),
        ("false out-of-scope rate", "false_out_of_scope_rate"),
    ]
    rows = [[label, _num(ours[key]), _num(base.get(key))] for label, key in metrics]
    rows += [
        [f"entity F1: {name}", _num(value), _num((base.get("entity_f1") or {}).get(name))]
        for name, value in ours["entity_f1"].items()
    ]
    per_intent = [
        [intent, _num(value), _num((base.get("per_intent_f1") or {}).get(intent))]
        for intent, value in ours["per_intent_f1"].items()
    ]
    source = nlu["baseline"].get("source") or "skipped"
    return [
        "## 1. NLU quality on the held-out set",
        "",
        f"{nlu['heldout_examples']} messages written apart from the training data and never trained on. "
        f"Out-of-scope counts `out_of_scope` and `nlu_fallback`. Baseline: {source}.",
        "",
        *_table(["metric", "ours", "baseline"], rows),
        "",
        *_table(["intent", "F1 ours", "F1 baseline"], per_intent),
        "",
    ]


def _latency_section(results: dict[str, Any]) -> list[str]:
    latency, meta = results["latency"], results["meta"]
    rows = [
        [
            str(level["concurrency"]),
            str(level["turns"]),
            str(level["errors"]),
            _ms(level["median_ms"]),
            _ms(level["p95_ms"]),
            _ms(level["p99_ms"]),
            _num(level["throughput_tps"], 1),
        ]
        for level in latency["levels"]
    ]
    layers = [
        ["knowledge turn: Rasa + action server + database", latency["levels"][0]],
        ["greeting turn: Rasa alone", latency["greeting"]],
        ["action server call alone (+ database)", latency["action_call"]],
        ["knowledge-layer query alone", latency["knowledge_query"]],
    ]
    return [
        f"## 2. Latency through the REST channel ({meta['cpu_count']} cores, {meta['date']})",
        "",
        "Each conversation is several turns with follow-ups; load comes from a separate process on 127.0.0.1.",
        "",
        *_table(["concurrent conversations", "turns", "errors", "median", "p95", "p99", "turns/s"], rows),
        "",
        *_table(
            ["layer", "samples", "median", "p95", "p99"],
            [
                [name, str(item["count"]), _ms(item["median_ms"]), _ms(item["p95_ms"]), _ms(item["p99_ms"])]
                for name, item in layers
            ],
        ),
        "",
    ]


def _baseline_training(results: dict[str, Any]) -> str:
    if "skipped" in results["nlu"]["baseline"]:
        return "baseline skipped"
    seconds = results["cost"].get("baseline_training_seconds")
    return f"{seconds:.0f} s" if seconds else "not trained in this run (cached model)"


def _cost_section(results: dict[str, Any]) -> list[str]:
    cost, meta = results["cost"], results["meta"]
    training = cost["training"]
    rss = cost["peak_rss_mib"]
    rows = [
        [
            "training from scratch (`rasa train --force`, empty cache)",
            f"{training['seconds']:.0f} s" if "seconds" in training else training["skipped"],
        ],
        ["baseline NLU training (`rasa train nlu`, empty cache)", _baseline_training(results)],
        ["`make chat`: command to prompt (median of 3)", f"{cost['chat']['median_prompt_seconds']:.1f} s"],
        [
            "`make chat`: command to first answer (asked at the prompt, median of 3)",
            f"{cost['chat']['median_first_answer_seconds']:.1f} s",
        ],
        ["`make chat`: /quit to every server stopped (median of 3)", f"{cost['chat']['median_exit_seconds']:.1f} s"],
        ["Rasa server: start to first reply", f"{cost['rasa_first_reply_seconds']:.1f} s"],
        ["action server: start to first reply", f"{cost['action_first_reply_seconds']:.1f} s"],
        ["Rasa server peak RSS", _mib(rss["rasa"], 0)],
        ["action server peak RSS", _mib(rss["actions"], 0)],
        ["model size on disk", _mib(cost["model_size_mib"])],
        ["baseline model size on disk", _mib(cost.get("baseline_model_size_mib"))],
    ]
    return [
        f"## 3. Cost of running ({meta['cpu_count']} cores, {meta['date']})",
        "",
        *_table(["what", "value"], rows),
        "",
    ]


def _growth_section(results: dict[str, Any]) -> list[str]:
    scales, conversation = results["growth"]["knowledge"], results["growth"]["conversation"]
    names = list(scales[0]["queries"]) if scales else []
    kb_rows = [
        [
            f"{scale['factor']}x",
            str(scale["roles"]),
            str(scale["skills"]),
            _num(scale["db_size_mib"], 1),
            _num(scale["peak_rss_mib"], 0),
            *(_ms(scale["queries"][name]["median_ms"]) for name in names),
        ]
        for scale in scales
    ]
    conv_rows = [
        [f"{w['first_turn']}-{w['last_turn']}", _ms(w["median_ms"]), _ms(w["p95_ms"])] for w in conversation["windows"]
    ]
    return [
        "## 4. How cost grows",
        "",
        "Knowledge layer (medians; synthetic roles and skills generated for the run, never committed):",
        "",
        *_table(["size", "roles", "skills", "DB MiB", "peak RSS MiB", *names], kb_rows),
        "",
        f"One conversation of {conversation['turns']} turns through REST ({conversation['errors']} errors; "
        f"tracker store: {conversation['tracker_store']}):",
        "",
        *_table(["turns", "median", "p95"], conv_rows),
        "",
    ]


def markdown(results: dict[str, Any]) -> str:
    meta = results["meta"]
    lines = [
        f"# MLE assistant benchmark: {meta['mode']} run, {meta['date']}",
        "",
        f"Machine: {meta['cpu_count']} CPU cores, {meta['platform']}, Python {meta['python']}, "
        f"Rasa {meta['rasa']}. Run took {meta['total_seconds']:.0f} s.",
        "",
    ]
    lines += _headline(results) + _nlu_section(results) + _bank_section(results) + _latency_section(results)
    lines += _cost_section(results) + _growth_section(results) + _production_section(results)
    if results["notes"]:
        lines += ["## Notes", "", *(f"- {note}" for note in results["notes"]), ""]
    lines += ["Charts: " + ", ".join(f"`{name}`" for name in results.get("charts", [])), ""]
    return "\n".join(lines)


def _production_section(results: dict[str, Any]) -> list[str]:
    stack = results.get("production")
    if not stack:
        return []
    single = {level["concurrency"]: level for level in results["latency"]["levels"]}
    lines = [
        "## 5. Production stack (`make prod`: nginx, 2 Rasa + 2 action servers, PostgreSQL, Redis)",
        "",
        "| concurrent conversations | seconds | turns/s | median | p95 | errors | one process at the same level |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for level in stack["levels"]:
        alone = single.get(level["concurrency"])
        beside = f"{_num(alone['throughput_tps'], 1)} turns/s, p95 {_ms(alone['p95_ms'])}" if alone else "not measured"
        lines.append(
            f"| {level['concurrency']} | {level['seconds']:.0f} | {_num(level['throughput_tps'], 1)} | "
            f"{_ms(level['median_ms'])} | {_ms(level['p95_ms'])} | {level['errors']} | {beside} |"
        )
    windows = stack["growth"]["windows"]
    if windows:
        lines += [
            "",
            f"One conversation of {stack['growth']['turns']} turns: turns {windows[-1]['first_turn']}-"
            f"{windows[-1]['last_turn']} take {_times(ratio(windows[-1]['median_ms'], windows[0]['median_ms']))} "
            f"as long as turns {windows[0]['first_turn']}-{windows[0]['last_turn']} (medians "
            f"{_ms(windows[-1]['median_ms'])} and {_ms(windows[0]['median_ms'])}).",
        ]
    parts = ", ".join(f"{name} {_num(mib, 0)} MiB" for name, mib in stack["peak_rss_mib"].items())
    lines += [
        "",
        f"Peak memory (VmHWM, each part's processes summed): {parts}; whole stack "
        f"{_num(stack['stack_peak_rss_mib'], 0)} MiB.",
        "",
    ]
    return lines


def write(results: dict[str, Any], run_dir: Path, latest: Path) -> Path:
    """Writes everything into run_dir, then replaces latest/ with a copy; returns the summary's path."""
    run_dir.mkdir(parents=True, exist_ok=True)
    results["charts"] = [path.name for path in write_charts(results, run_dir)]
    (run_dir / "results.json").write_text(json.dumps(_clean(results), indent=2))
    summary = run_dir / "summary.md"
    summary.write_text(markdown(results))
    shutil.rmtree(latest, ignore_errors=True)
    shutil.copytree(run_dir, latest)
    return summary
