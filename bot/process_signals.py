"""How a command that starts servers meets Ctrl-C and a closed terminal: it always stops what it started.

The servers run in sessions of their own (so a Ctrl-C meant for the chat does not kill them half-way),
which means neither signal reaches them: the command that started them must stop them on its way out.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bot import servers


@contextmanager
def signals_held() -> Iterator[list[int]]:
    """Ctrl-C or a hangup that arrives while a server is being spawned waits until we hold its handle.

    Raised inside the spawn, it would leave a child we cannot name running in a session of its own.
    """
    held: list[int] = []
    watched = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {number: signal.getsignal(number) for number in watched}
    for number in watched:
        signal.signal(number, lambda caught, _frame: held.append(caught))
    try:
        yield held
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def spawned(start: Callable[[Path], servers.ServerProcess], what: str, log: Path) -> servers.ServerProcess:
    """Starts a server without waiting for it; SystemExit with the reason when it cannot start.

    A signal held during the spawn is raised once the handle is the caller's, who must stop the server
    on every way out (ExitStack callbacks).
    """
    with signals_held() as held:
        try:
            server = start(log)
        except servers.ServerError as error:
            raise SystemExit(f"Cannot start the {what}: {error}.") from error
    try:
        for number in held:
            signal.raise_signal(number)
    except BaseException:
        server.stop()
        raise
    return server


def exit_on_hangup() -> None:
    """Turn SIGTERM/SIGHUP into a normal exit so the servers we started are stopped on the way out."""

    def leave(number: int, _frame: object) -> None:
        # Once: a second hangup (a closing terminal can send several) must not cut the stopping short.
        for other in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(other, signal.SIG_IGN)
        sys.exit(128 + number)

    for signal_number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signal_number, leave)
