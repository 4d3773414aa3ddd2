"""NLU quality on the held-out set, for our model and for the `rasa init` baseline, in the same run.

Our model is scored through the Rasa server the benchmark already runs (POST /model/parse calls the
same `Agent.parse_message` that `benchmarks.nlu_evaluation.evaluate` does), which saves loading TensorFlow
a second time. The baseline is `baseline_config.yml` trained NLU-only on the same `data/nlu`, and
scored by `benchmarks.nlu_evaluation.evaluate` in a child process.

Training the baseline takes several minutes, so the model and its scores are cached under
results/bench/cache/, keyed by a hash of everything that decides them (baseline config, NLU data,
held-out set, Rasa version). A model trained with fixed seeds from identical inputs is the same
model, and scoring it again on the same held-out file gives the same figures, so reusing either
changes nothing. The full run trains the baseline when the key is new and always scores it; the
quick run never trains, and says loudly when it has no baseline.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchmarks.nlu_evaluation import NluReport, Prediction, evaluate, read_examples, score
from benchmarks.training import train_in_fresh_cache
from bot import servers
from bot.settings import PROJECT_ROOT, load_settings

HELDOUT = PROJECT_ROOT / "tests" / "nlu" / "heldout.yml"
NLU_DATA = PROJECT_ROOT / "data" / "nlu"
BASELINE_CONFIG = Path(__file__).resolve().parent / "baseline_config.yml"
EVALUATE_TIMEOUT = 600


def score_served(parse: Any, heldout: Path = HELDOUT) -> NluReport:
    """Scores the served model; `parse` maps a text to Rasa's parse result (Servers.parse)."""
    examples = read_examples(heldout)
    started = time.perf_counter()
    predictions = []
    for example in examples:
        parsed = parse(example.text)
        predictions.append(
            Prediction(
                intent=parsed["intent"]["name"],
                confidence=float(parsed["intent"].get("confidence") or 0.0),
                entities=frozenset((e["entity"], str(e["value"])) for e in parsed.get("entities", [])),
            )
        )
    return score(examples, predictions, time.perf_counter() - started)


def _digest(paths: list[Path]) -> str:
    hasher = hashlib.sha256(version("rasa").encode())
    for path in paths:
        hasher.update(str(path.relative_to(PROJECT_ROOT)).encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]


def baseline_key() -> str:
    """Changes whenever anything that shapes the baseline model changes."""
    return _digest([BASELINE_CONFIG, *sorted(NLU_DATA.rglob("*.yml"))])


def train_baseline(cache_dir: Path, scratch: Path, log: Path) -> tuple[Path, float]:
    """Trains the baseline NLU model from scratch (own empty Rasa cache); returns its path and the seconds it took."""
    key = baseline_key()
    name = f"baseline-{key}"
    train_args = ["nlu", "--config", str(BASELINE_CONFIG), "--nlu", str(NLU_DATA)]
    train_args += ["--out", str(cache_dir), "--fixed-model-name", name]
    seconds = train_in_fresh_cache(train_args, scratch / "rasa-cache-baseline", log)
    model = cache_dir / f"{name}.tar.gz"
    if baseline_key() != key:  # the cache name must describe what the model was really trained on
        model.unlink(missing_ok=True)
        raise RuntimeError("the baseline config or NLU data changed during training: run the benchmark again")
    return model, seconds


def evaluate_in_subprocess(model: Path, heldout: Path, out: Path, log: Path) -> dict[str, Any]:
    """`benchmarks.nlu_evaluation.evaluate` in a child, so TensorFlow's memory goes away with it."""
    with open(log, "ab") as output:
        subprocess.run(
            [sys.executable, "-m", "benchmarks.nlu_quality", str(model), str(heldout), str(out)],
            cwd=PROJECT_ROOT,
            env=servers.child_environment(load_settings()),
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=EVALUATE_TIMEOUT,
            check=True,
        )
    scores: dict[str, Any] = json.loads(out.read_text())
    return scores


def baseline(cache_dir: Path, scratch: Path, log_dir: Path, *, may_train: bool) -> dict[str, Any]:
    """The baseline's scores and where they came from; its training time when it was trained now.

    The quick run (may_train False) takes cached scores, else scores a cached model (about a
    minute), else skips; the full run trains when no model matches and always scores.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = baseline_key()
    model = cache_dir / f"baseline-{key}.tar.gz"
    scores = cache_dir / f"baseline-{key}-{_digest([HELDOUT])}.json"
    if not may_train and scores.exists() and model.exists():
        return {
            "report": json.loads(scores.read_text()),
            "model_size_mib": model.stat().st_size / 2**20,
            "source": f"cached model {model.name}, its cached scores on this held-out set",
        }
    if not may_train and not model.exists():
        return {
            "skipped": "no cached baseline model for this config and NLU data: "
            "run `make bench` once to train it (it takes several minutes)"
        }
    trained_seconds = None
    if not model.exists():
        model, trained_seconds = train_baseline(cache_dir, scratch, log_dir / "baseline-training.log")
    report = evaluate_in_subprocess(model, HELDOUT, scores, log_dir / "baseline-evaluation.log")
    return {
        "report": report,
        "model_size_mib": model.stat().st_size / 2**20,
        "training_seconds": trained_seconds,
        "source": "trained and scored in this run"
        if trained_seconds
        else f"cached model {model.name}, scored in this run",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Score one model on a held-out NLU file (child process).")
    parser.add_argument("model", type=Path)
    parser.add_argument("heldout", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.write_text(json.dumps(asdict(evaluate(args.model, args.heldout)), indent=2))


if __name__ == "__main__":
    main()
