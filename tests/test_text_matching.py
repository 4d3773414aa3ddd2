"""Normalising what users type and finding the names in it: the matching every lookup relies on."""

from __future__ import annotations

import pytest

from bot.knowledge.text import (
    closest,
    coordinated_phrases,
    follow_up_phrase,
    longest_mentions,
    normalise,
    phrases,
    role_phrase,
)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Machine-Learning  Engineer?", "machine learning engineer"),
        ("data_scientist", "data scientist"),
        ("CI/CD", "ci cd"),
        ("C++", "c++"),
        ("C#.", "c#"),
        ("  ...Python!  ", "python"),
        ("scikit-learn", "scikit learn"),
        ("I'm a data analyst. What do MLEs do?", "i m a data analyst what do mles do"),
        ("fast.ai vs. Coursera", "fast.ai vs coursera"),
    ],
)
def test_normalise(typed: str, normalised: str) -> None:
    assert normalise(typed) == normalised


def test_closest_tolerates_typos_but_not_strangers() -> None:
    names = ["data engineer", "data scientist", "machine learning engineer"]
    assert closest("data enginer", names) == "data engineer"
    assert closest("Machine Learnin Engineer", names) == "machine learning engineer"
    assert closest("plumber", names) is None
    assert closest("data", names) is None


def test_phrases_are_every_run_of_up_to_four_words() -> None:
    found = phrases("Do ML engineers use SQL?")
    assert (1, 3, "ml engineers") in found
    assert (4, 5, "sql") in found
    assert (0, 4, "do ml engineers use") in found
    assert all(end - start <= 4 for start, end, _ in found)
    assert (0, 1, "do") not in found  # shorter than three characters
    assert phrases("") == []


def test_longest_mentions_win_and_keep_their_order() -> None:
    spans = [(0, 1, "data"), (0, 2, "data engineer"), (3, 6, "machine learning engineer"), (4, 5, "learning")]
    assert longest_mentions(spans) == [(0, "data engineer"), (3, "machine learning engineer")]
    assert longest_mentions([(2, 3, "later"), (0, 1, "first")]) == [(0, "first"), (2, "later")]
    # The longest wins even when a shorter one starts later and ends later.
    assert longest_mentions([(0, 3, "ml ops engineer"), (2, 4, "engineer role")]) == [(0, "ml ops engineer")]


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("What does a plumber do?", "plumber"),
        ("what skills does an architect need", "architect"),
        ("how much does a pilot earn", "pilot"),
        ("How do I become a dentist?", "dentist"),
        ("how to become an astronaut with no degree", "astronaut"),
        ("what is mlops", None),
    ],
)
def test_role_phrase_finds_a_title_by_its_place(question: str, title: str | None) -> None:
    assert role_phrase(question) == title


@pytest.mark.parametrize(
    ("message", "role"),
    [
        ("and a plumber?", "plumber"),
        ("what about firefighters", "firefighters"),
        ("How about the astronaut?", "astronaut"),
        ("same question for data engineers", "data engineers"),
        ("and them?", None),
        ("ok", None),
        ("and what about a very long role name here", None),
        ("and a machine learning operations engineer?", "machine learning operations engineer"),
        ("what about?", None),
    ],
)
def test_follow_up_phrase(message: str, role: str | None) -> None:
    assert follow_up_phrase(message) == role


def test_coordinated_phrases_complete_what_a_list_leaves_half_said() -> None:
    names = {phrase for _, _, phrase in coordinated_phrases("supervised vs unsupervised learning")}
    assert "supervised learning" in names
    assert "data scientist" in {phrase for _, _, phrase in coordinated_phrases("a data engineer or scientist?")}
    # A one-letter name counts only inside a list.
    assert (2, 3, "r") in coordinated_phrases("python or r for analysts")
    assert coordinated_phrases("learn r") == []
