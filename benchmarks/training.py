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


def train_from_scratch(scratch: Path, log: Path) -> dict[str, Any]:
    """Times `rasa train --force` of our config, domain and data into a scratch folder.

    The served model in models/ is left alone. Rasa would otherwise restore unchanged components
    from .rasa/cache, so this run gets an empty cache of its own; both are deleted afterwards.
    """
    out = scratch / "from-scratch"
    env = servers.child_environment(load_settings())
    env["RASA_CACHE_DIRECTORY"] = str(out / "rasa-cache")
    command = servers.rasa_command("train", "--force", "--out", str(out), "--fixed-model-name", "from-scratch")
    started = time.monotonic()
    try:
        with open(log, "ab") as output:
            subprocess.run(
                command,
                cwd=PROJECT_ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=TRAIN_TIMEOUT,
                check=True,
            )
        seconds = time.monotonic() - started
        return {"seconds": seconds, "model_size_mib": model_size_mib(out / "from-scratch.tar.gz")}
    finally:
        shutil.rmtree(out, ignore_errors=True)
