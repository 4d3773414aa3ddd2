"""Query results kept for as long as the knowledge they were read from stays the same.

The knowledge does not change while a copy of it serves (`memory_copy`), yet every request used to
rebuild the same records from ORM rows: about half of an action server's time went to loading rows
for a role's skills or profile that it had built a moment before. A copy therefore owns one
`KeptResults`, handed to readers through the session (`Session.info`), and a reader method marked
`@kept` answers from it. A reader on the database itself gets a store of its own, so it keeps
results only for its request, and a reload of the copy starts a fresh store.

Only records (frozen dataclasses of tuples) and lists or dicts of them are kept; those are copied
on the way out, so a caller that sorts its answer changes nothing for the next request.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy.orm import Session

P = ParamSpec("P")
R = TypeVar("R")

SESSION_KEY = "kept_results"
# Keys come from ids and from normalised words of messages; past this many the store starts over
# rather than grow with every new message (a full store of records is a few MB).
MAX_ENTRIES = 20_000


class KeptResults:
    """A bounded map from (method, arguments) to the result, shared by the threads of one process."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._results: dict[Hashable, Any] = {}
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._results)

    def get(self, key: Hashable) -> tuple[bool, Any]:
        try:
            return True, self._results[key]
        except KeyError:
            return False, None

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            if len(self._results) >= self._max_entries:
                self._results.clear()
            self._results[key] = value


def results_for(session: Session) -> KeptResults:
    """The store the session's source shares, or a new one that lives as long as the caller keeps it."""
    shared = session.info.get(SESSION_KEY)
    return shared if isinstance(shared, KeptResults) else KeptResults()


class HasKeptResults(Protocol):
    @property
    def kept_results(self) -> KeptResults: ...


S = TypeVar("S", bound=HasKeptResults)


def kept(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Answer a reader method from the kept results when it was asked the same before."""
    name = method.__qualname__

    def answer(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        key = (name, args, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:  # a list argument: answered, not kept
            return method(self, *args, **kwargs)
        found, value = self.kept_results.get(key)
        if not found:
            value = method(self, *args, **kwargs)
            self.kept_results.put(key, value)
        if isinstance(value, list | dict):
            return type(value)(value)  # type: ignore[return-value]
        return value  # type: ignore[no-any-return]

    functools.update_wrapper(answer, method)
    return answer
