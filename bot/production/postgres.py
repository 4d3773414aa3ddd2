"""A private PostgreSQL cluster in a folder of this project, for `make prod` and the tests.

It uses the distribution's PostgreSQL binaries (`make prod` and `make test` install the package) and
listens on loopback only, with its socket in the cluster's folder, so it never touches a system
PostgreSQL that may already run on the machine.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

POSTGRES_USER = "postgres"


class PostgresError(RuntimeError):
    """PostgreSQL is missing, or its cluster could not be created, started or stopped."""


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None:
        raise PostgresError("PostgreSQL is not installed: `make prod` and `make test` install it (package postgresql)")
    return found


def _as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root: as root, run the server as the postgres system user.
    return ["runuser", "-u", POSTGRES_USER, "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str]) -> None:
    finished = subprocess.run(_as_postgres(command), capture_output=True, text=True)
    if finished.returncode != 0:
        raise PostgresError(f"{Path(command[0]).name} failed: {(finished.stderr or finished.stdout).strip()[-500:]}")


@dataclass
class PostgresCluster:
    """A cluster whose data lives in `folder`/data, served on `port` of 127.0.0.1 while started."""

    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{POSTGRES_USER}@127.0.0.1:{self.port}/{database}"

    def create(self) -> None:
        """Creates the cluster unless it exists (its data survives restarts of the stack)."""
        if (self.data / "PG_VERSION").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            account = pwd.getpwnam(POSTGRES_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        # Trust on loopback: the cluster is reachable only from this machine, by the stack's processes.
        _run([_binary("initdb"), "-D", str(self.data), "-A", "trust", "-U", POSTGRES_USER, "--no-sync"])

    def start(self, fast_unsafe: bool = False) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        if fast_unsafe:
            options += " -c fsync=off"  # tests only: a crash may lose data, a test does not care
        log = self.folder / "postgres.log"
        _run([_binary("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start"])

    def stop(self) -> None:
        _run([_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def running(self) -> bool:
        status = subprocess.run(_as_postgres([_binary("pg_ctl"), "-D", str(self.data), "status"]), capture_output=True)
        return status.returncode == 0

    def ensure_database(self, name: str) -> str:
        """The URL of database `name`, created if missing."""
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                exists = connection.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                ).first()
                if exists is None:
                    connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return self.url(name)
