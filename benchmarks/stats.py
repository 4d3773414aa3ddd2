"""Small statistics and process helpers shared by the measurements."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..100): always one of the measured values, never interpolated."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(math.ceil(share / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def summarise_ms(seconds: Sequence[float]) -> dict[str, float | int]:
    """Median, p95 and p99 of durations given in seconds, reported in milliseconds."""
    in_ms = [value * 1000 for value in seconds]
    return {
        "count": len(in_ms),
        "median_ms": median(in_ms),
        "p95_ms": percentile(in_ms, 95),
        "p99_ms": percentile(in_ms, 99),
        "max_ms": max(in_ms) if in_ms else math.nan,
    }


def peak_rss_mib(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of a live process, from /proc; None when it cannot be read.

    Unlike getrusage's ru_maxrss, VmHWM starts afresh at exec, so a child does not inherit the
    peak of the parent it was forked from.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # reported in kB
    except (OSError, ValueError, IndexError):
        return None
    return None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0 or math.isnan(numerator) or math.isnan(denominator):
        return None
    return numerator / denominator
