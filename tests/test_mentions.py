"""Reading what a message names, apart from Rasa: tasks to decline, degrees, likes and dislikes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from actions.conversation import knowledge_base
from bot.advice import closest_known_role
from bot.mentions import (
    Preferences,
    degree_focus,
    preferences,
    read_mentions,
    roles_outside_titles,
    stated_current_role,
    task_request,
    topic_of,
    unknown_titles,
)


@pytest.mark.parametrize(
    "text",
    [
        "which GPU should I buy for deep learning",
        "cluster the customers in my spreadsheet",
        "send my CV to ML recruiters",
        "find me data engineering openings in amsterdam",
        "write me the sql that returns the second highest salary per department",
        "can you find me open ml engineer positions and refer me to one?",
        "rewrite my ml engineer resume so it gets me interviews",
        "tune the hyperparameters of my xgboost model",
        "use machine learning to predict if bitcoin goes up tomorrow",
        "negotiate my ml engineer offer with the recruiter on my behalf",
        "please install pytorch for me",
        "also can you fix this pandas error i keep getting, KeyError 'date'",
        "set up a kubernetes cluster for my ml team",
        "fine-tune llama on my company's internal documents",
        "my docker container keeps exiting with code 137, debug it",
        # The user's own pay is for their employer to tell them.
        "how much do i earn a year",
        "when do i get paid next",
        "what's my yearly salary",
    ],
)
def test_requests_to_do_a_task_are_recognised(text: str) -> None:
    assert task_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "what does a data engineer do",
        "do mles write production code?",
        "how do i write a good resume for ml jobs",
        "which certifications should i get",
        "find me good books on mlops",
        "can you help me choose between data science and ml engineering",
        "should i learn spark or kafka",
        "how much would i earn as a data scientist",
        "how much do mles get paid",
        "how do mlops engineers set up kubernetes?",
        "should i learn to fine-tune llms",
    ],
)
def test_career_questions_are_not_tasks(text: str) -> None:
    assert not task_request(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alexa, book a rental car to los angeles county in 2 hours", None),
        ("i wanna book a place to stay in phoenix", None),
        ("any good book on deep learning?", "resources"),
        ("book recommendation on designing ml systems", "resources"),
        # "deep learning" names a subject, not a wish to learn.
        ("how deep into deep learning does a research scientist go?", None),
    ],
)
def test_booking_something_is_not_asking_for_a_book(text: str, expected: str | None) -> None:
    assert topic_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "future data engineers" are people on their way into the role ...
        ("which maths should future data engineers learn", "resources"),
        ("a plan for future ml engineers please", None),
        # ... while the role's future is its outlook.
        ("is there a future for data engineers", "outlook"),
        ("what does the future hold for MLEs", "outlook"),
        ("the future of ml engineers", "outlook"),
    ],
)
def test_future_people_are_not_the_roles_future(text: str, expected: str | None) -> None:
    assert topic_of(text) == expected


def test_degrees_named() -> None:
    assert degree_focus("do I need a PhD for research?") == "phd"
    assert degree_focus("is a master's worth it") == "masters"
    assert degree_focus("can I get in without a degree") == "without_degree"
    assert degree_focus("what should I study") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I like experiments more than infrastructure", Preferences(("investigating",), ("building",))),
        ("i enjoy talking to customers but hate coding", Preferences(("stakeholders",), ("building",))),
        ("i want to build products but i don't want to train models", Preferences(("building",), ("predicting",))),
        ("no idea what i like", Preferences((), ())),
        ("i'd rather engineer things than invent new algorithms", Preferences(("building",), ("investigating",))),
    ],
)
def test_likes_and_dislikes(text: str, expected: Preferences) -> None:
    assert preferences(text) == expected


def test_the_kind_of_question_by_its_words() -> None:
    assert topic_of("what's the going rate for data scientists") == "salary"
    assert topic_of("any interview tips for mles") == "interview"
    assert topic_of("what does a data engineer do") is None


@pytest.mark.parametrize(
    ("title", "closest"),
    [
        ("data architect", "data_engineer"),
        ("etl developer", "data_engineer"),
        ("prompt engineer", "ai_engineer"),
        ("requirements engineer", "business_analyst"),
        ("bi developer", "data_analyst"),
    ],
)
def test_an_unknown_title_gets_the_known_role_its_words_are_about(
    title: str, closest: str, use_database: Callable[[str], None], database_url: str
) -> None:
    use_database(database_url)
    with knowledge_base().reader() as reader:
        found = closest_known_role(reader, title)
    assert found is not None and found.id == closest


@pytest.mark.parametrize(
    ("text", "titles", "roles"),
    [
        # A generic word at the end of a title the base lacks does not make it that role.
        ("bi developer, is that a job you know about?", ["bi developer"], []),
        ("job ad says etl developer. what's that role about", ["etl developer"], []),
        ("is data architect a different job from data engineer?", ["data architect"], ["data_engineer"]),
        # A known role with a word in front is still that role.
        ("what does a senior data scientist do", [], ["data_scientist"]),
        ("what does a machine learning engineer do", [], ["mle"]),
    ],
)
def test_unknown_titles_and_the_roles_named_outside_them(
    text: str, titles: list[str], roles: list[str], use_database: Callable[[str], None], database_url: str
) -> None:
    use_database(database_url)
    with knowledge_base().reader() as reader:
        found = unknown_titles(reader, text)
        assert found == titles
        assert [role.id for role in roles_outside_titles(reader, text, found)] == roles


def test_a_title_the_base_lacks_is_not_the_role_it_is_spelt_like(
    use_database: Callable[[str], None], database_url: str
) -> None:
    use_database(database_url)
    with knowledge_base().reader() as reader:
        text = "i'm a devops engineer. is mlops a natural next step for someone like me?"
        assert read_mentions(reader, text).start is None
        assert stated_current_role(reader, text) is None
        # A typo in a known title is still that title.
        typo = read_mentions(reader, "i'm a data enginer and want to become an ml engineer")
        assert typo.start is not None and typo.start.id == "data_engineer"


def test_a_master_card_is_not_a_masters_degree() -> None:
    assert degree_focus("how can i get my rewards for my master card") is None
    assert topic_of("where would i get my rewards for my master card") is None
    assert degree_focus("do i need a master's for data science") == "masters"
