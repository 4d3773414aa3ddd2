"""A throwaway PostgreSQL server for the tests that need one (`make test` installs PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot import servers
from bot.production.postgres import PostgresCluster


@contextmanager
def running_postgres(folder: Path) -> Iterator[str]:
    cluster = PostgresCluster(folder, servers.free_port())
    cluster.create()
    cluster.start(fast_unsafe=True)
    try:
        yield cluster.url()
    finally:
        cluster.stop()
