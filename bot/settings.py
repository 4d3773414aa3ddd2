"""Runtime settings, read from environment variables with safe local defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = Path(__file__).resolve().parent / "knowledge" / "content"
DEFAULT_DATABASE_PATH = PROJECT_ROOT / "var" / "knowledge.db"


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from error


@dataclass(frozen=True)
class Settings:
    database_url: str
    rasa_port: int
    action_port: int
    web_port: int
    max_message_length: int
    cors_origins: tuple[str, ...]
    api_token: str
    # The network interface the Rasa and action servers listen on: loopback unless an operator opens it.
    interface: str
    # Seconds the Rasa server waits for a custom action before apologising.
    action_timeout: int

    @property
    def action_endpoint(self) -> str:
        return f"http://localhost:{self.action_port}/webhook"

    def as_environment(self) -> dict[str, str]:
        """The variables `load_settings` reads, so a child process sees exactly these settings."""
        return {
            "DATABASE_URL": self.database_url,
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "WEB_PORT": str(self.web_port),
            "MAX_MESSAGE_LENGTH": str(self.max_message_length),
            "CORS_ORIGINS": " ".join(self.cors_origins),
            "RASA_API_TOKEN": self.api_token,
            "BIND_INTERFACE": self.interface,
            "ACTION_TIMEOUT": str(self.action_timeout),
        }


def load_settings() -> Settings:
    """Every setting of the assistant, from the environment: the one place each default is written."""
    web_port = _int_env("WEB_PORT", 8000)
    default_origins = f"http://localhost:{web_port} http://127.0.0.1:{web_port}"
    origins = os.environ.get("CORS_ORIGINS", "").replace(",", " ").split() or default_origins.split()
    return Settings(
        database_url=os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{DEFAULT_DATABASE_PATH}",
        rasa_port=_int_env("RASA_PORT", 5005),
        action_port=_int_env("ACTION_PORT", 5055),
        web_port=web_port,
        max_message_length=_int_env("MAX_MESSAGE_LENGTH", 1000),
        cors_origins=tuple(origins),
        api_token=os.environ.get("RASA_API_TOKEN", "").strip(),
        interface=os.environ.get("BIND_INTERFACE", "").strip() or "127.0.0.1",
        action_timeout=_int_env("ACTION_TIMEOUT", 10),
    )
