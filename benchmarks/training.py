"""The cost of building the assistant: training time from scratch and the model's size on disk."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from bot import servers
from bot.settings import PROJECT_ROOT, load_settings

SERVED_MODEL = servers.MODELS_DIR / "mle-assistant.tar.gz"
TRAIN_TIMEOUT = 1800


def model_size_mib(path: Path = SERVED_MODEL) -> float | None:
    return path.stat().st_size / 2**20 if path.exists() else None


def train_in_fresh_cache(train_args: list[str], rasa_cache: Path, log: Path) -> float:
    """Seconds `rasa train <train_args>` takes when Rasa's component cache starts empty.

    Rasa otherwise restores unchanged components from .rasa/cache, and training would not really
    start from zero.
    """
    env = servers.child_environment(load_settings())
    env["RASA_CACHE_DIRECTORY"] = str(rasa_cache)
    started = time.monotonic()
    with open(log, "ab") as output:
        subprocess.run(
            servers.rasa_command("train", *train_args),
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=TRAIN_TIMEOUT,
            check=True,
        )
    return time.monotonic() - started


def train_from_scratch(scratch: Path, log: Path) -> dict[str, Any]:
    """Times `rasa train --force` of our config, domain and data into a scratch folder.

    The served model in models/ is left alone; the scratch model and its cache are deleted afterwards.
    """
    out = scratch / "from-scratch"
    try:
        seconds = train_in_fresh_cache(
            ["--force", "--out", str(out), "--fixed-model-name", "from-scratch"], out / "rasa-cache", log
        )
        return {"seconds": seconds, "model_size_mib": model_size_mib(out / "from-scratch.tar.gz")}
    finally:
        shutil.rmtree(out, ignore_errors=True)
