"""The production stack on one machine (`make prod`), started and stopped as one thing.

PostgreSQL keeps the knowledge and the conversations, Redis the conversation locks that let several
Rasa processes share conversations, nginx spreads the chat over the Rasa servers and their action
calls over the action servers. Everything but nginx listens on 127.0.0.1.

Across machines the parts are the same: point DATABASE_URL and CONVERSATION_STORE_URL at a shared
PostgreSQL and LOCK_STORE_URL at a shared Redis, and the stack starts neither of them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from dataclasses import dataclass, replace
from pathlib import Path

from bot import servers
from bot.knowledge.database import Database
from bot.knowledge.loader import load_knowledge
from bot.production.nginx import BalancerPorts, nginx_command, write_config
from bot.production.postgres import PostgresCluster
from bot.settings import CONTENT_DIR, PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

LOOPBACK = servers.LOOPBACK
STACK_DIR = PROJECT_ROOT / "var" / "prod"
SERVICE_START_TIMEOUT = 60.0


@dataclass(frozen=True)
class StackLayout:
    """Where each part of the stack lives: its folder and every port."""

    folder: Path
    balancer: BalancerPorts
    postgres_port: int
    redis_port: int

    @classmethod
    def from_settings(cls, settings: Settings, folder: Path = STACK_DIR) -> StackLayout:
        """Rasa servers from RASA_PORT up, action servers from ACTION_PORT up, nginx's action port next to PROD_PORT."""
        return cls(
            folder=folder,
            balancer=BalancerPorts(
                public_interface=settings.public_interface,
                public_port=settings.prod_port,
                actions_port=settings.prod_port + 1,
                rasa_ports=tuple(settings.rasa_port + i for i in range(settings.rasa_servers)),
                action_ports=tuple(settings.action_port + i for i in range(settings.action_servers)),
            ),
            postgres_port=settings.prod_postgres_port,
            redis_port=settings.prod_redis_port,
        )

    @classmethod
    def on_free_ports(cls, folder: Path) -> StackLayout:
        """Two Rasa and two action servers on ports the system just handed out (tests, benchmarks)."""
        port = servers.free_port
        balancer = BalancerPorts(LOOPBACK, port(), port(), (port(), port()), (port(), port()))
        return cls(folder=folder, balancer=balancer, postgres_port=port(), redis_port=port())


def _is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


class ProductionStack:
    """Starts the parts in order (each one ready before the next needs it) and stops them in reverse."""

    def __init__(self, settings: Settings, layout: StackLayout) -> None:
        self.settings = settings
        self.layout = layout
        needs_postgres = not (_is_postgres(settings.database_url) and _is_postgres(settings.conversation_store_url))
        self.postgres = PostgresCluster(layout.folder / "postgres", layout.postgres_port) if needs_postgres else None
        self.redis: servers.ServerProcess | None = None
        self.action_servers: list[servers.ServerProcess] = []
        self.rasa_servers: list[servers.ServerProcess] = []
        self.balancer: servers.ServerProcess | None = None
        self.knowledge_url = settings.database_url
        self.conversations_url = settings.conversation_store_url
        self.lock_url = settings.lock_store_url or f"redis://{LOOPBACK}:{layout.redis_port}/1"

    @property
    def chat_url(self) -> str:
        ports = self.layout.balancer
        host = LOOPBACK if ports.public_interface in ("0.0.0.0", "::") else ports.public_interface
        return f"http://{host}:{ports.public_port}/webhooks/web/webhook"

    def log(self, name: str) -> Path:
        return self.layout.folder / "log" / name

    # --- the parts ------------------------------------------------------------------------------

    def start_postgres(self) -> None:
        if self.postgres is None:
            return
        self.postgres.create()
        if not self.postgres.running():
            self.postgres.start()
        if not _is_postgres(self.knowledge_url):
            self.knowledge_url = self.postgres.ensure_database("knowledge")
        if not _is_postgres(self.conversations_url):
            self.conversations_url = self.postgres.ensure_database("conversations")

    def stop_postgres(self) -> None:
        if self.postgres is not None and self.postgres.running():
            self.postgres.stop()

    def start_redis(self) -> None:
        if self.settings.lock_store_url:
            return  # an external Redis
        port = self.layout.redis_port
        # Locks live only as long as a turn: nothing to persist.
        command = ["redis-server", "--port", str(port), "--bind", LOOPBACK, "--save", "", "--appendonly", "no"]
        self.redis = servers.spawn(
            "Redis", port, command, self.settings, self.log(f"redis-{port}.log"), lambda: servers.port_open(port)
        )
        self.redis.wait_until_ready(SERVICE_START_TIMEOUT)

    def stop_redis(self) -> None:
        if self.redis is not None:
            self.redis.stop()

    def action_settings(self, port: int) -> Settings:
        return replace(self.settings, action_port=port, database_url=self.knowledge_url, interface=LOOPBACK)

    def rasa_settings(self, port: int) -> Settings:
        return replace(
            self.settings,
            rasa_port=port,
            # Rasa reaches the action servers through nginx's internal balancer.
            action_port=self.layout.balancer.actions_port,
            database_url=self.knowledge_url,
            conversation_store_url=self.conversations_url,
            lock_store_url=self.lock_url,
            interface=LOOPBACK,
            rest_channel=False,
        )

    def start_action_servers(self) -> None:
        started = [
            servers.start_action_server(self.action_settings(port), self.log(f"action-server-{port}.log"))
            for port in self.layout.balancer.action_ports
        ]
        self.action_servers = started
        for server in started:
            server.wait_until_ready(servers.ACTION_SERVER_START_TIMEOUT)

    def start_rasa_server(self, index: int) -> servers.ServerProcess:
        """(Re)starts Rasa server number index and waits until it answers."""
        port = self.layout.balancer.rasa_ports[index]
        server = servers.start_rasa_server(self.rasa_settings(port), self.log(f"rasa-server-{port}.log"))
        if index < len(self.rasa_servers):
            self.rasa_servers[index] = server
        else:
            self.rasa_servers.append(server)
        server.wait_until_ready(servers.RASA_SERVER_START_TIMEOUT)
        return server

    def start_rasa_servers(self) -> None:
        # Loading a model is mostly one core's work: start them together, then wait for each.
        self.rasa_servers = [
            servers.start_rasa_server(self.rasa_settings(port), self.log(f"rasa-server-{port}.log"))
            for port in self.layout.balancer.rasa_ports
        ]
        for server in self.rasa_servers:
            server.wait_until_ready(servers.RASA_SERVER_START_TIMEOUT)

    def kill_rasa_server(self, index: int) -> None:
        """Kills Rasa server number index at once, as a crash would (no clean shutdown)."""
        server = self.rasa_servers[index]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()

    def start_balancer(self) -> None:
        ports = self.layout.balancer
        for port in (ports.public_port, ports.actions_port):
            servers.ensure_port_free(port, "nginx (PROD_PORT and the port after it)")
        # nginx gives up on a stuck action server in time to try another before Rasa stops waiting.
        read_timeout = max(1, self.settings.action_timeout // 2 - 1)
        config = write_config(self.layout.folder / "nginx", ports, read_timeout, self.settings.max_message_length)
        # The web channel's health route, through nginx: ready means a Rasa server is reachable.
        health = servers.answers_ok(self.chat_url.removesuffix("webhook"))
        self.balancer = servers.spawn(
            "nginx", ports.public_port, nginx_command(config), self.settings, self.log("nginx.log"), health
        )
        self.balancer.wait_until_ready(SERVICE_START_TIMEOUT)

    # --- the whole ------------------------------------------------------------------------------

    def start(self) -> None:
        try:
            self.start_postgres()
            self.start_redis()
            report = load_knowledge(Database(self.knowledge_url), CONTENT_DIR)
            logger.info("knowledge: %s", report.summary())
            self.start_action_servers()
            self.start_rasa_servers()
            self.start_balancer()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for server in [self.balancer, *self.rasa_servers, *self.action_servers, self.redis]:
            if server is not None:
                server.stop()
        self.stop_postgres()

    def processes(self) -> dict[str, int]:
        """Process ids of the running parts, by name (for memory figures)."""
        named = {"nginx": self.balancer, "redis": self.redis}
        named |= {f"rasa-{s.port}": s for s in self.rasa_servers}
        named |= {f"actions-{s.port}": s for s in self.action_servers}
        return {name: server.process.pid for name, server in named.items() if server is not None and server.running()}
