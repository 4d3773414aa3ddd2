"""Normalising user text and matching it against known names."""
from __future__ import annotations

import re
from difflib import get_close_matches
from typing import Iterable

_SEPARATORS = re.compile(r"[\s_\-/]+")
# Keep '+' and '#' so that "C++" and "C#" stay distinct from "C".
_NOISE = re.compile(r"[^\w\s+#.]")


def normalise(text: str) -> str:
    """Lowercase, unify separators and drop punctuation: 'Machine-Learning  Engineer?' -> 'machine learning engineer'."""
    text = _NOISE.sub(" ", text.lower())
    text = _SEPARATORS.sub(" ", text)
    return text.strip(" .")


def closest(text: str, candidates: Iterable[str], cutoff: float = 0.82) -> str | None:
    """The candidate closest to text, tolerating typos; None when nothing is close enough."""
    matches = get_close_matches(normalise(text), list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def mentions(text: str, names: Iterable[str], min_length: int = 3) -> list[tuple[int, str]]:
    """Known names found in text as whole words, longest match first, without overlaps, in order of position."""
    haystack = f" {normalise(text)} "
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for name in sorted(set(names), key=len, reverse=True):
        if len(name) < min_length:
            continue
        for match in re.finditer(rf"(?<=[\s]){re.escape(name)}(?=[\s])", haystack):
            start, end = match.start(), match.end()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append((start, name))
    return sorted(found)
