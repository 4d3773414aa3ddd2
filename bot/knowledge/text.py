"""Normalising user text and matching it against known names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import get_close_matches

_SEPARATORS = re.compile(r"[\s_\-/]+")
# Keep '+' and '#' so that "C++" and "C#" stay distinct from "C".
_NOISE = re.compile(r"[^\w\s+#.]")
# A full stop ends a sentence or an abbreviation ("analyst. what", "vs."); one inside a word stays ("fast.ai").
_FULL_STOP = re.compile(r"\.+(?=\s|$)")


def normalise(text: str) -> str:
    """Lowercase, unify separators, drop punctuation: 'Machine-Learning  Engineer?' -> 'machine learning engineer'."""
    text = _FULL_STOP.sub(" ", _NOISE.sub(" ", text.lower()))
    text = _SEPARATORS.sub(" ", text)
    return text.strip(" .")


def closest(text: str, candidates: Iterable[str], cutoff: float = 0.82) -> str | None:
    """The candidate closest to text, tolerating typos; None when nothing is close enough."""
    matches = get_close_matches(normalise(text), list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


MAX_MENTION_WORDS = 4


def phrases(text: str, max_words: int = MAX_MENTION_WORDS, min_length: int = 3) -> list[tuple[int, int, str]]:
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


# Words that join two names in a list: "supervised vs unsupervised learning", "Python or R".
_JOINERS = frozenset({"vs", "versus", "or", "and", "nor"})


def coordinated_phrases(text: str) -> list[tuple[int, int, str]]:
    """Names a list leaves half said, as (first word, end word, phrase) spans of the words said.

    "supervised vs unsupervised learning" names supervised learning; "data engineer or scientist" names a
    data scientist; in "Python or R" the one-letter R is a name, where alone it would be too short to look up.
    """
    words = normalise(text).split()
    found = []
    for at, word in enumerate(words):
        if word not in _JOINERS or at == 0 or at + 1 >= len(words):
            continue
        left, right = words[at - 1], words[at + 1]
        for tail in (1, 2):
            if at + 1 + tail < len(words):
                found.append((at - 1, at, " ".join([left, *words[at + 2 : at + 2 + tail]])))
        for head in (1, 2):
            if at - 1 - head >= 0:
                found.append((at + 1, at + 2, " ".join([*words[at - 1 - head : at - 1], right])))
        found.extend((start, start + 1, name) for start, name in ((at - 1, left), (at + 1, right)) if len(name) < 3)
    return found


def longest_mentions(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """The longest non-overlapping phrases, in the order they appear in the text, with their first word."""
    taken: list[tuple[int, int, str]] = []
    for start, end, phrase in sorted(spans, key=lambda span: span[1] - span[0], reverse=True):
        if all(end <= t_start or t_end <= start for t_start, t_end, _ in taken):
            taken.append((start, end, phrase))
    return [(start, phrase) for start, _, phrase in sorted(taken)]


# "what does a plumber do", "skills an architect needs", "how do I become a dentist": NLU tags
# only the job titles it has seen, so unknown ones are caught by their place in the sentence.
# "would a certification help me make the jump": pronouns and verbs of help are never part of a title.
_NOT_IN_A_TITLE = re.compile(r"\b(me|my|you|your|it|i|them|us|help|helps|that|which|who|how)\b")
_ROLE_PHRASES = (
    re.compile(r"\b(?:a|an)\s+([a-z][a-z\- ]{1,40}?)\s+(?:do|does|need|needs|earn|earns|make|makes|work|works)\b"),
    re.compile(r"\bbecome\s+(?:a|an)\s+([a-z][a-z\- ]{1,40}?)\s*(?:$|[?.!,]|\s(?:in|with|without|if|when)\b)"),
)


def role_phrase(text: str) -> str | None:
    """The job title a question names by its grammar, whether or not the title is known."""
    lowered = text.lower().strip()
    for pattern in _ROLE_PHRASES:
        match = pattern.search(lowered)
        if match and not _NOT_IN_A_TITLE.search(match.group(1)):
            return match.group(1).strip()
    return None


_FOLLOW_UP_LEAD = re.compile(
    r"^(?:(?:and what about|same question for|what about|how about|same for|and for|and|for|about)\s+)?"
    r"(?:(?:the|a|an)\s+)?(.+?)\s*[?.!]*$"
)


_NOT_A_ROLE = {
    "and",
    "what about",
    "how about",
    "them",
    "they",
    "that",
    "this",
    "it",
    "one",
    "those",
    "you",
    "that role",
    "this role",
    "same",
    "ok",
    "okay",
    "yes",
    "no",
}


def follow_up_phrase(text: str) -> str | None:
    """The role a terse follow-up names: "and a plumber?" -> "plumber" (at most four words)."""
    match = _FOLLOW_UP_LEAD.match(normalise(text))
    phrase = match.group(1).strip() if match else ""
    if not phrase or phrase in _NOT_A_ROLE or len(phrase.split()) > 4:
        return None
    return phrase
