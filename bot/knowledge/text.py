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


def phrases(text: str, max_words: int = 4, min_length: int = 3) -> list[tuple[int, int, str]]:
    """Every run of 1 to max_words words in text, as (first word, end word, phrase).

    Looking these few phrases up in an indexed alias table finds mentions in time that does not
    grow with the size of the knowledge base.
    """
    words = normalise(text).split()
    found = []
    for start in range(len(words)):
        for end in range(start + 1, min(start + max_words, len(words)) + 1):
            phrase = " ".join(words[start:end])
            if len(phrase) >= min_length:
                found.append((start, end, phrase))
    return found


def longest_mentions(spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """The longest non-overlapping phrases, in the order they appear in the text."""
    taken: list[tuple[int, int, str]] = []
    for start, end, phrase in sorted(spans, key=lambda span: span[1] - span[0], reverse=True):
        if all(end <= t_start or t_end <= start for t_start, t_end, _ in taken):
            taken.append((start, end, phrase))
    return [phrase for _, _, phrase in sorted(taken)]
