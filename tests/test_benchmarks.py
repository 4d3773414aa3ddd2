"""The benchmark code on tiny inputs: no Rasa server, no training (those run in `make bench`)."""

from __future__ import annotations

import json
import math
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from benchmarks import conversation_growth, knowledge_scaling, report
from benchmarks.rest_load import LoadPlan, check_loopback, run_in_subprocess, run_load
from benchmarks.stats import median, percentile, summarise_ms
from bot.knowledge.database import Database, sqlite_path
from bot.knowledge.models import Role, RoleAlias, Skill
from bot.knowledge.queries import KnowledgeBase
from tests import shipped_content as content

APOLOGY = "Sorry, something broke."


def test_percentiles_on_known_lists() -> None:
    values = list(range(1, 101))
    assert median(values) == 50.5
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile([3.0], 99) == 3.0
    assert median([5, 1, 3]) == 3
    assert math.isnan(percentile([], 50)) and math.isnan(median([]))
    assert summarise_ms([0.001, 0.002, 0.003]) == {
        "count": 3,
        "median_ms": 2.0,
        "p95_ms": 3.0,
        "p99_ms": 3.0,
        "max_ms": 3.0,
    }


def test_conversation_growth_windows() -> None:
    assert conversation_growth.windows(200) == [(1, 15), (36, 50), (186, 200)]
    assert conversation_growth.windows(50) == [(1, 15), (36, 50)]
    assert conversation_growth.windows(5) == [(1, 5)]
    summary = conversation_growth.summarise([0.01] * 15 + [0.02] * 35)
    assert [window["median_ms"] for window in summary] == [10.0, 20.0]


# --- knowledge scaling ---------------------------------------------------------------------------


def test_synthetic_copies_double_roles_and_skills_and_stay_consistent(database_url: str, tmp_path: Path) -> None:
    copy = tmp_path / "knowledge.db"
    shutil.copy(sqlite_path(database_url), copy)  # the shared fixture database stays untouched
    url = f"sqlite:///{copy}"
    added = knowledge_scaling.add_synthetic_rows(url, copies=1)
    with Database(url).session() as session:
        assert session.query(Role).count() == 2 * len(content.role_ids())
        assert session.query(Skill).count() == 2 * len(content.skills())
        synthetic_alias = session.execute(
            select(RoleAlias.alias).where(RoleAlias.role_id == "data_engineer_x1").limit(1)
        ).scalar_one()
    assert added > 100
    with KnowledgeBase.from_url(url).reader() as reader:
        assert reader.resolve_role("MLE").id == "mle"  # nonsense names never steal real ones
        assert reader.resolve_role(synthetic_alias).id == "data_engineer_x1"
        assert len(reader.role_skills("mle_x1").links) == len(reader.role_skills("mle").links)
        assert reader.compare_roles("mle_x1", "data_scientist_x1") is not None


def test_scaling_run_measures_each_size_in_a_fresh_process(tmp_path: Path) -> None:
    [scale] = knowledge_scaling.run([2], tmp_path, repeats=2, budget_seconds=0.1)
    assert (scale["factor"], scale["roles"], scale["skills"]) == (
        2,
        2 * len(content.role_ids()),
        2 * len(content.skills()),
    )
    assert set(scale["queries"]) == set(knowledge_scaling.QUERIES)
    assert all(query["count"] == 2 for query in scale["queries"].values())
    assert scale["peak_rss_mib"] > 10
    assert not list(tmp_path.glob("*.db"))  # the temporary database is removed


# --- load generator --------------------------------------------------------------------------------


class _StubRasa(BaseHTTPRequestHandler):
    """Answers like the REST channel, except for a few messages that fail in known ways."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        message = body.get("message")
        if message == "slow":
            time.sleep(1)
        status, reply = {
            "boom": (500, {"error": "boom"}),
            "empty": (200, []),
            "sorry": (200, [{"text": APOLOGY}]),
        }.get(message, (200, [{"text": "ok"}] if message else {"responses": [{"text": "action ok"}]}))
        payload = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stub_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StubRasa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/webhooks/rest/webhook"
    server.shutdown()
    server.server_close()


def test_load_generator_counts_turns_and_errors_in_a_separate_process(stub_url: str) -> None:
    plan = LoadPlan(
        url=stub_url,
        scripts=[["hi", "boom", "empty", "sorry", "slow"]],
        concurrency=2,
        max_turns=10,
        max_seconds=20,
        request_timeout=0.3,
        failure_texts=[APOLOGY],
    )
    result = run_in_subprocess(plan)
    summary = result.summary()
    assert summary["turns"] == 10 and summary["conversations"] == 2
    assert summary["errors"] == 8
    assert summary["error_kinds"] == {"http 500": 2, "empty reply": 2, "apology": 2, "timeout": 2}
    assert summary["count"] == 2 and summary["stopped_by"] == "max_turns"
    assert summary["throughput_tps"] > 0


def test_load_generator_stops_at_its_time_bound_and_sends_raw_bodies(stub_url: str) -> None:
    plan = LoadPlan(
        url=stub_url,
        scripts=[[{"next_action": "action_x"}]],
        concurrency=1,
        max_turns=100_000,
        max_seconds=0.5,
        request_timeout=1,
        mode="raw",
    )
    result = run_load(plan)
    assert result.stopped_by == "max_seconds"
    assert result.errors == 0 and 0 < len(result.turns) < 100_000
    assert result.wall_seconds < 0.5 + plan.request_timeout


def test_load_generator_refuses_other_machines() -> None:
    with pytest.raises(ValueError, match="loopback"):
        check_loopback("http://example.com/webhooks/rest/webhook")
    check_loopback("http://127.0.0.1:5005/webhooks/rest/webhook")


# --- report ----------------------------------------------------------------------------------------


def _nlu(f1: float) -> dict[str, Any]:
    return {
        "examples": 4,
        "intent_accuracy": f1,
        "intent_macro_f1": f1,
        "per_intent_f1": {"greet": f1, "out_of_scope": 1.0},
        "out_of_scope_recall": 0.9,
        "false_out_of_scope_rate": 0.02,
        "entity_f1": {"role": 0.9, "skill": 0.8},
        "seconds_per_message": 0.01,
        "errors": [],
    }


def _latency(median_ms: float, concurrency: int = 1) -> dict[str, Any]:
    return {
        "concurrency": concurrency,
        "count": 10,
        "median_ms": median_ms,
        "p95_ms": 2 * median_ms,
        "p99_ms": 3 * median_ms,
        "max_ms": 3 * median_ms,
        "turns": 10,
        "errors": 0,
        "error_kinds": {},
        "conversations": 2,
        "wall_seconds": 1.0,
        "throughput_tps": 10.0,
        "stopped_by": "max_turns",
    }


def fake_results(baseline: dict[str, Any]) -> dict[str, Any]:
    queries = {
        name: {"count": 3, "median_ms": 1.0, "p95_ms": 2.0, "p99_ms": 2.0, "max_ms": 2.0}
        for name in knowledge_scaling.QUERIES
    }
    return {
        "meta": {
            "date": "2026-01-01 12:00",
            "mode": "quick",
            "cpu_count": 2,
            "platform": "Linux",
            "python": "3.10",
            "rasa": "3.6.21",
            "stage_seconds": {},
            "total_seconds": 100.0,
        },
        "nlu": {"heldout_examples": 4, "ours": _nlu(0.95), "baseline": baseline},
        "latency": {
            "levels": [_latency(100), _latency(800, 8)],
            "greeting": _latency(30),
            "action_call": _latency(50),
            "knowledge_query": queries["turn"],
        },
        "cost": {
            "training": {"skipped": "quick run"},
            "baseline_training_seconds": None,
            "baseline_model_size_mib": None,
            "chat": {"median_prompt_seconds": 1.2, "median_first_answer_seconds": 31.0, "median_exit_seconds": 2.5},
            "rasa_first_reply_seconds": 30.0,
            "action_first_reply_seconds": 4.0,
            "peak_rss_mib": {"rasa": 700.0, "actions": None},
            "model_size_mib": 18.0,
        },
        "growth": {
            "knowledge": [
                {
                    "factor": f,
                    "roles": 8 * f,
                    "skills": 45 * f,
                    "synthetic_rows": 0,
                    "db_size_mib": 0.2 * f,
                    "build_seconds": 1.0,
                    "peak_rss_mib": 40.0,
                    "queries": queries,
                }
                for f in (1, 10)
            ],
            "conversation": {
                "turns": 30,
                "errors": 0,
                "stopped_by": "max_turns",
                "tracker_store": "InMemoryTrackerStore",
                "per_turn_ms": [100.0] * 30,
                "windows": conversation_growth.summarise([0.1] * 30),
            },
        },
        "notes": ["a note"],
    }


def test_report_writes_json_markdown_and_charts(tmp_path: Path) -> None:
    results = fake_results({"report": _nlu(0.90), "source": "cached"})
    results["latency"]["greeting"]["p99_ms"] = math.nan  # a missing figure must not break JSON
    summary = report.write(results, tmp_path / "run", tmp_path / "latest")
    text = summary.read_text()
    assert text.startswith("# MLE assistant benchmark")
    assert text.index("## Headline") < text.index("## 1. NLU quality")
    assert "0.950 vs 0.900 (1.06x)" in text and "2 CPU cores" in text
    assert "| `make chat`: command to prompt (median of 3) | 1.2 s |" in text
    saved = json.loads((tmp_path / "run" / "results.json").read_text())
    assert saved["latency"]["greeting"]["p99_ms"] is None
    for folder in (tmp_path / "run", tmp_path / "latest"):
        charts = sorted(folder.glob("*.png"))
        assert len(charts) == 5
        assert all(chart.read_bytes().startswith(b"\x89PNG") for chart in charts)
        assert (folder / "summary.md").exists() and (folder / "results.json").exists()


def test_report_says_loudly_when_the_baseline_was_skipped() -> None:
    text = report.markdown(fake_results({"skipped": "no cached baseline"}))
    assert "**BASELINE SKIPPED: no cached baseline.**" in text
