"""Runtime settings, read from environment variables with safe local defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = Path(__file__).resolve().parent / "knowledge" / "content"
DEFAULT_DATABASE_PATH = PROJECT_ROOT / "var" / "knowledge.db"
DEFAULT_CONVERSATIONS_PATH = PROJECT_ROOT / "var" / "conversations.db"
DEFAULT_CHAT_HISTORY_PATH = PROJECT_ROOT / "var" / "chat-history.txt"
LOOPBACK_INTERFACES = ("127.0.0.1", "localhost", "::1")


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
    # Where conversations are kept (a SQLAlchemy URL) and for how many days after their last message
    # (0: forever).
    conversation_store_url: str
    conversation_retention_days: int
    # A Redis URL for the lock store that lets several Rasa processes share conversations; empty: one
    # process, locks in its memory.
    lock_store_url: str
    # Rasa's plain REST channel trusts any sender id: only for local development, on loopback.
    rest_channel: bool
    # `make prod`: nginx's public port and interface, how many Rasa and action servers it balances, and
    # the ports of the PostgreSQL and Redis it starts when no external ones are configured.
    prod_port: int
    public_interface: str
    rasa_servers: int
    action_servers: int
    prod_postgres_port: int
    prod_redis_port: int
    # Action servers answer from a copy of the knowledge in memory and check this often (seconds)
    # whether the database's content changed.
    knowledge_check_seconds: int
    # What the terminal chat remembers of the user's own input (arrow up), across runs.
    chat_history_file: str

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
            "CONVERSATION_STORE_URL": self.conversation_store_url,
            "CONVERSATION_RETENTION_DAYS": str(self.conversation_retention_days),
            "LOCK_STORE_URL": self.lock_store_url,
            "REST_CHANNEL": "on" if self.rest_channel else "off",
            "PROD_PORT": str(self.prod_port),
            "PUBLIC_INTERFACE": self.public_interface,
            "RASA_SERVERS": str(self.rasa_servers),
            "ACTION_SERVERS": str(self.action_servers),
            "PROD_POSTGRES_PORT": str(self.prod_postgres_port),
            "PROD_REDIS_PORT": str(self.prod_redis_port),
            "KNOWLEDGE_CHECK_SECONDS": str(self.knowledge_check_seconds),
            "CHAT_HISTORY_FILE": self.chat_history_file,
        }


def _switch_env(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("", "0", "off", "false", "no"):
        return False
    if raw in ("1", "on", "true", "yes"):
        return True
    raise SystemExit(f"{name} must be on or off, got {raw!r}")


def load_settings() -> Settings:
    """Every setting of the assistant, from the environment: the one place each default is written."""
    web_port = _int_env("WEB_PORT", 8000)
    default_origins = f"http://localhost:{web_port} http://127.0.0.1:{web_port}"
    origins = os.environ.get("CORS_ORIGINS", "").replace(",", " ").split() or default_origins.split()
    interface = os.environ.get("BIND_INTERFACE", "").strip() or "127.0.0.1"
    rest_channel = _switch_env("REST_CHANNEL")
    if rest_channel and interface not in LOOPBACK_INTERFACES:
        raise SystemExit(
            "REST_CHANNEL=on is for local development only: it lets anyone who knows a conversation's id "
            f"continue it, so it needs BIND_INTERFACE on loopback (it is {interface!r})"
        )
    return Settings(
        database_url=os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{DEFAULT_DATABASE_PATH}",
        rasa_port=_int_env("RASA_PORT", 5005),
        action_port=_int_env("ACTION_PORT", 5055),
        web_port=web_port,
        max_message_length=_int_env("MAX_MESSAGE_LENGTH", 1000),
        cors_origins=tuple(origins),
        api_token=os.environ.get("RASA_API_TOKEN", "").strip(),
        interface=interface,
        action_timeout=_int_env("ACTION_TIMEOUT", 10),
        conversation_store_url=os.environ.get("CONVERSATION_STORE_URL", "").strip()
        or f"sqlite:///{DEFAULT_CONVERSATIONS_PATH}",
        conversation_retention_days=_int_env("CONVERSATION_RETENTION_DAYS", 30),
        lock_store_url=os.environ.get("LOCK_STORE_URL", "").strip(),
        rest_channel=rest_channel,
        prod_port=_int_env("PROD_PORT", 8080),
        public_interface=os.environ.get("PUBLIC_INTERFACE", "").strip() or "127.0.0.1",
        rasa_servers=max(1, _int_env("RASA_SERVERS", 2)),
        action_servers=max(1, _int_env("ACTION_SERVERS", 2)),
        prod_postgres_port=_int_env("PROD_POSTGRES_PORT", 5433),
        prod_redis_port=_int_env("PROD_REDIS_PORT", 6380),
        knowledge_check_seconds=_int_env("KNOWLEDGE_CHECK_SECONDS", 30),
        chat_history_file=os.environ.get("CHAT_HISTORY_FILE", "").strip() or str(DEFAULT_CHAT_HISTORY_PATH),
    )
