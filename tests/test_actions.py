"""Every custom action, run as Rasa runs it: real Tracker objects, a CollectingDispatcher, a real database.

Expected texts come from the content files read directly with yaml (tests/shipped_content.py), not from
the knowledge reader the actions use, so a query bug cannot produce both the answer and its expectation.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shipped_content as content
from rasa_sdk.interfaces import Action, Tracker
from sqlalchemy.exc import OperationalError

from actions.capabilities import ActionCapabilities, ActionOutOfScope
from actions.career import ActionCareerBackground, ActionCareerOutlook, ActionSalary
from actions.comparison import ActionCompareRoles
from actions.follow_up import ActionFollowUp
from actions.glossary import ActionDefineTerm, ActionShowMlExamples
from actions.learning import ActionCareerPath
from actions.roles import ActionDescribeRole, ActionDescribeWorkplace
from actions.skills import ActionCheckSkill, ActionListSkills
from bot.knowledge.queries import KnowledgeReader
from tests.action_runs import DOMAIN, make_tracker, run_message

# The domain is the contract: actions that cannot answer send this response, worded once in domain.yml.
APOLOGY_RESPONSE = "utter_action_failed"

PointAt = Callable[[str], None]


def run(action: Action, tracker: Tracker) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    message, events = run_message(action, tracker)
    assert message["text"], f"expected a text answer, got {message}"
    return message["text"], message["buttons"], events


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def skill_name(skill_id: str) -> str:
    return str(content.skills()[skill_id]["name"])


def source_title(source_id: str) -> str:
    return str(content.sources()[source_id]["title"])


@pytest.fixture(autouse=True)
def shipped_database(use_database: PointAt, database_url: str) -> None:
    use_database(database_url)


def test_describe_role_answers_from_the_database() -> None:
    text, buttons, events = run(
        ActionDescribeRole(), make_tracker("what does an ML engineer do?", "ask_role_overview", [("role", "mle")])
    )
    shipped = content.role("mle")
    assert text.startswith("Machine Learning Engineer\n" + content.text(shipped["summary"]))
    duties = content.duties("mle")
    assert len(duties) >= 6
    # Every duty as a bullet, in the file's order (most important first).
    positions = [text.index(f"- {duty}") for duty in duties]
    assert positions == sorted(positions)
    cited = {
        *content.cited(shipped["summary"]),
        *(source for duty in shipped["duties"] for source in content.cited(duty)),
    }
    assert len(cited) > 1 and "\n\nSources: " in text
    for source_id in cited:
        assert source_title(source_id) in text
    assert 1 <= len(buttons) <= 3
    assert slots_set(events) == {"current_role": "mle", "last_topic": "overview", "named_things": None}


# Entities are names, or a mapping of one name to its roles ("role" has "from" and "to").
DOMAIN_ENTITIES = {next(iter(entity)) if isinstance(entity, dict) else entity for entity in DOMAIN["entities"]}


def test_button_payloads_name_domain_intents_and_entities() -> None:
    _, buttons, _ = run(ActionCapabilities(), make_tracker("what can you do?", "ask_capabilities"))
    assert len(buttons) == 3
    for button in buttons:
        match = re.fullmatch(r"/(\w+)(\{.*\})?", button["payload"])
        assert match and match.group(1) in DOMAIN["intents"], button
        for entity in json.loads(match.group(2) or "{}"):
            assert entity in DOMAIN_ENTITIES


def test_capabilities_name_the_topics() -> None:
    text, _, _ = run(ActionCapabilities(), make_tracker("help", "ask_capabilities"))
    for topic in ("skills", "Data Scientists", "MLOps", "background"):
        assert topic in text


@pytest.mark.parametrize("text", ["can you set the alarm for noon", "what kind of indian would you recommend"])
def test_a_request_of_another_domain_read_as_a_capabilities_question_is_declined(text: str) -> None:
    declined, _, _ = run(ActionOutOfScope(), make_tracker("what's the weather like?", "out_of_scope"))
    answered, _, _ = run(ActionCapabilities(), make_tracker(text, "ask_capabilities"))
    assert answered == declined


@pytest.mark.parametrize("text", ["", "what can you do?", "help", "what topics do you cover", "can you help me?"])
def test_questions_about_the_assistant_get_its_capabilities(text: str) -> None:
    declined, _, _ = run(ActionOutOfScope(), make_tracker("what's the weather like?", "out_of_scope"))
    answered, _, _ = run(ActionCapabilities(), make_tracker(text, "ask_capabilities"))
    assert answered != declined
    assert "Data Scientists" in answered


def test_unknown_role_is_admitted_with_the_known_roles() -> None:
    text, buttons, events = run(
        ActionDescribeRole(), make_tracker("what does a nurse do?", "ask_role_overview", [("role", "nurse")])
    )
    assert text.startswith('I don\'t know the role "nurse". The roles I know are: ')
    assert len(content.role_ids()) >= 8
    for role_id in content.role_ids():
        assert content.role(role_id)["plural"] in text
    assert buttons and slots_set(events) == {}


@pytest.mark.parametrize(
    ("text", "intent", "action", "title"),
    [
        ("what does a plumber do?", "ask_role_overview", ActionDescribeRole(), "plumber"),
        ("what skills does an architect need", "ask_role_skills", ActionListSkills(), "architect"),
        ("how do I become a dentist?", "ask_how_to_become", ActionCareerPath(), "dentist"),
    ],
)
def test_a_role_nlu_did_not_tag_is_still_admitted_unknown(text: str, intent: str, action: Action, title: str) -> None:
    reply, _, _ = run(action, make_tracker(text, intent, current_role="data_engineer"))
    assert reply.startswith(f'I don\'t know the role "{title}"')


@pytest.mark.parametrize(
    ("text", "intent", "action", "expected"),
    [
        ("what does an ML engineer do?", "ask_role_overview", ActionDescribeRole(), "Machine Learning Engineer\n"),
        ("how do I become one?", "ask_how_to_become", ActionCareerPath(), "How to become a Data Engineer"),
        ("what skills do they need?", "ask_role_skills", ActionListSkills(), "Skills data engineers need"),
    ],
)
def test_known_roles_and_back_references_are_not_mistaken_for_unknown_ones(
    text: str, intent: str, action: Action, expected: str
) -> None:
    reply, _, _ = run(action, make_tracker(text, intent, current_role="data_engineer"))
    assert reply.startswith(expected)


def test_role_named_only_in_text_is_still_found() -> None:
    text, _, events = run(ActionDescribeRole(), make_tracker("tell me about data engineers", "ask_role_overview"))
    assert text.startswith("Data Engineer\n" + content.text(content.role("data_engineer")["summary"]))
    assert slots_set(events)["current_role"] == "data_engineer"


def test_workplace() -> None:
    text, _, events = run(
        ActionDescribeWorkplace(), make_tracker("where do MLEs work", "ask_role_workplace", [("role", "mle")])
    )
    workplace = content.role("mle")["workplace"]
    assert text.startswith("Where machine learning engineers work\n" + content.text(workplace))
    assert all(source_title(source_id) in text for source_id in content.cited(workplace))
    assert slots_set(events) == {"current_role": "mle", "last_topic": "workplace", "named_things": None}


def test_skills_of_a_role_grouped_by_importance() -> None:
    text, buttons, events = run(
        ActionListSkills(),
        make_tracker("what skills does a data scientist need", "ask_role_skills", [("role", "data_scientist")]),
    )
    assert text.startswith("Skills data scientists need:\n\nEssential:\n")
    # Essentials are bullets with the note explaining why, in the file's order.
    essentials = [link for link in content.role_skill_links("data_scientist") if link["importance"] == "essential"]
    assert essentials
    bullets = [f"- {skill_name(link['skill'])}: {link['note']}" for link in essentials]
    assert "Essential:\n" + "\n".join(bullets) + "\n\n" in text
    # The other levels are one line each, naming exactly that level's skills in file order.
    for level, label in (("important", "Important"), ("useful", "Useful")):
        names = [skill_name(skill_id) for skill_id in content.role_skill_ids("data_scientist", level)]
        assert names
        assert f"\n\n{label}: {', '.join(names)}.\n\n" in text
    assert slots_set(events) == {"current_role": "data_scientist", "last_topic": "skills", "named_things": None}
    assert buttons


def test_skills_of_a_category_only() -> None:
    text, _, _ = run(
        ActionListSkills(),
        make_tracker("what math does an mle need", "ask_role_skills", [("role", "mle"), ("skill", "math")]),
    )
    in_math = {skill_id for skill_id, skill in content.skills().items() if skill["category"] == "math"}
    listed = content.role_skill_ids("mle")
    assert text.startswith("Math skills machine learning engineers need:")
    math_skills = [skill_id for skill_id in listed if skill_id in in_math]
    other_skills = [skill_id for skill_id in listed if skill_id not in in_math]
    assert math_skills and other_skills
    for skill_id in math_skills:
        assert skill_name(skill_id) in text
    for skill_id in other_skills:
        assert f"- {skill_name(skill_id)}:" not in text and f" {skill_name(skill_id)}," not in text
    assert "Python" not in text


def essential_bullets(role_id: str) -> list[str]:
    """The essential skills of a role as the skills answer lists them: name and why, in file order."""
    bullets = [
        f"- {skill_name(link['skill'])}: {link['note']}"
        for link in content.role_skill_links(role_id)
        if link["importance"] == "essential"
    ]
    assert bullets, f"{role_id} has no essential skills in its file"
    return bullets


def test_follow_up_and_a_data_scientist_after_skills() -> None:
    text, _, events = run(
        ActionFollowUp(),
        make_tracker(
            "and a data scientist?",
            "inform_role",
            [("role", "data_scientist")],
            current_role="mle",
            last_topic="skills",
        ),
    )
    assert text.startswith("Skills data scientists need:")
    assert all(bullet in text for bullet in essential_bullets("data_scientist"))
    assert slots_set(events) == {"current_role": "data_scientist", "last_topic": "skills", "named_things": None}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("and a plumber?", "plumber"),
        ("what about firefighters", "firefighters"),
        ("how about the astronaut?", "astronaut"),
    ],
)
def test_follow_up_about_an_unknown_role_says_so(text: str, named: str) -> None:
    reply, _, events = run(ActionFollowUp(), make_tracker(text, "inform_role", current_role="mle", last_topic="skills"))
    assert reply.startswith(f'I don\'t know the role "{named}". The roles I know are: ')
    assert slots_set(events) == {}


def test_a_bare_follow_up_repeats_the_last_question() -> None:
    reply, _, _ = run(
        ActionFollowUp(), make_tracker("and them?", "inform_role", current_role="mle", last_topic="skills")
    )
    assert reply.startswith("Skills machine learning engineers need:")
    assert all(bullet in reply for bullet in essential_bullets("mle"))


def test_they_refers_to_the_role_last_discussed() -> None:
    text, _, _ = run(
        ActionListSkills(),
        make_tracker(
            "what skills do they need?", "ask_role_skills", current_role="data_analyst", last_topic="overview"
        ),
    )
    assert text.startswith("Skills data analysts need:")
    assert all(bullet in text for bullet in essential_bullets("data_analyst"))


def assert_comparison(text: str, first_id: str, second_id: str) -> None:
    first, second = content.role(first_id)["name"], content.role(second_id)["name"]
    summary, aspects = content.contrast(first_id, second_id)
    assert len(aspects) >= 3
    assert text.startswith(f"{first} vs {second}\n{summary}\n\n")
    for aspect, first_text, second_text in aspects:
        assert f"{aspect}\n- {first}: {first_text}\n- {second}: {second_text}" in text


def test_how_is_that_different_from_an_mle_compares_the_two() -> None:
    text, _, events = run(
        ActionCompareRoles(),
        make_tracker(
            "how is that different from an MLE?",
            "compare_roles",
            [("role", "mle")],
            current_role="data_engineer",
            last_topic="overview",
        ),
    )
    # contrasts/mle.yml stores [mle, data_engineer]; the answer keeps the order the user implied.
    assert_comparison(text, "data_engineer", "mle")
    assert slots_set(events) == {
        "current_role": "data_engineer",
        "last_topic": "compare",
        "discussed_roles": ["data_engineer", "mle"],
        "named_things": None,
    }


def test_compare_two_named_roles_and_follow_up_with_a_third() -> None:
    text, _, _ = run(
        ActionCompareRoles(),
        make_tracker("MLE vs data scientist", "compare_roles", [("role", "mle"), ("role", "data_scientist")]),
    )
    assert_comparison(text, "mle", "data_scientist")
    text, _, _ = run(
        ActionFollowUp(),
        make_tracker(
            "what about data engineers?",
            "inform_role",
            [("role", "data_engineer")],
            current_role="mle",
            last_topic="compare",
        ),
    )
    assert_comparison(text, "mle", "data_engineer")


def test_compare_with_the_same_role_twice_asks_for_another() -> None:
    text, _, _ = run(
        ActionCompareRoles(), make_tracker("mle vs mle", "compare_roles", [("role", "mle")], current_role="mle")
    )
    assert text.startswith("Those are both Machine Learning Engineers. Which other role")


@pytest.mark.parametrize(
    ("text", "entities", "skill_id", "opening"),
    [
        ("do I need C++?", [("skill", "cpp")], "cpp", "Yes: C++ is important for machine learning engineers."),
        (
            "is statistics important?",
            [("skill", "statistics")],
            "statistics",
            "Yes: Statistics is essential for machine learning engineers.",
        ),
        ("do i need c plus plus", [], "cpp", "Yes: C++ is important for machine learning engineers."),
        (
            "do I need prolog?",
            [("skill", "prolog")],
            "prolog",
            "It helps: Prolog is useful for machine learning engineers, though not a core requirement.",
        ),
    ],
)
def test_one_skill_for_the_mle(text: str, entities: list[tuple[str, str]], skill_id: str, opening: str) -> None:
    reply, _, events = run(ActionCheckSkill(), make_tracker(text, "ask_skill_importance", entities))
    link = next(link for link in content.role_skill_links("mle") if link["skill"] == skill_id)
    assert reply.startswith(opening)
    assert link["note"] in reply
    assert f"{skill_name(skill_id)}: {content.text(content.skills()[skill_id]['description'])}" in reply
    assert slots_set(events) == {
        "current_role": "mle",
        "current_skill": skill_id,
        "last_topic": "skill_check",
        "named_things": None,
    }


def test_a_skill_verdict_cites_the_skill_description_it_states() -> None:
    message, _ = run_message(
        ActionCheckSkill(), make_tracker("do i need c plus plus", "ask_skill_importance", [("skill", "cpp")])
    )
    description = content.skills()["cpp"]["description"]
    assert content.text(description) in message["text"]
    # The description is a fact of its own: its id and the works it cites come with the reply.
    assert {"role:mle:skill:cpp", "skill:cpp"} <= set(message["fact_ids"])
    cited_titles = [source["title"] for source in message["sources"]]
    for source_id in content.cited(description):
        title = content.sources()[source_id]["title"]
        assert any(shown.startswith(title) for shown in cited_titles), (title, cited_titles)


def test_one_skill_follow_up_for_another_role() -> None:
    reply, _, _ = run(
        ActionFollowUp(),
        make_tracker(
            "and for data analysts?",
            "inform_role",
            [("role", "data_analyst")],
            current_role="mle",
            current_skill="cpp",
            last_topic="skill_check",
        ),
    )
    assert "cpp" not in content.role_skill_ids("data_analyst")
    listing = sorted(
        (content.role(role_id)["name"], content.role(role_id)["plural"])
        for role_id in content.role_ids()
        if "cpp" in content.role_skill_ids(role_id)
    )
    assert listing
    assert reply.startswith(
        "C++ is not on my sourced list of skills data analysts need. "
        f"It is listed for: {', '.join(plural for _, plural in listing)}."
    )


def test_unknown_skill_is_admitted() -> None:
    reply, buttons, _ = run(
        ActionCheckSkill(), make_tracker("do I need cobol", "ask_skill_importance", [("skill", "cobol")])
    )
    assert reply.startswith('I have no sourced information about "cobol".') and buttons


def test_define_term() -> None:
    reply, _, _ = run(ActionDefineTerm(), make_tracker("what is MLOps?", "ask_term", [("term", "mlops")]))
    mlops = content.terms()["mlops"]
    assert reply.startswith("MLOps\n" + content.text(mlops["definition"]))
    examples = [content.text(example) for example in mlops["examples"]]
    assert examples and all(f"- {example}" in reply for example in examples)
    assert all(source_title(source_id) in reply for source_id in content.cited(mlops["definition"]))


def test_unknown_term_lists_known_ones() -> None:
    reply, _, _ = run(ActionDefineTerm(), make_tracker("what is quantum yoga", "ask_term", [("term", "quantum yoga")]))
    assert reply.startswith('I don\'t have a definition of "quantum yoga". Terms I can explain: ')
    assert len(content.terms()) >= 20
    for term in content.terms().values():
        assert term["name"] in reply


def test_ml_examples_are_the_glossary_examples() -> None:
    reply, _, _ = run(ActionShowMlExamples(), make_tracker("examples of ml in products", "ask_ml_examples"))
    examples = [content.text(example) for example in content.terms()["machine_learning"]["examples"]]
    assert any("Netflix" in example for example in examples)
    assert reply.startswith("Machine learning in real products\n")
    assert all(f"- {example}" in reply for example in examples)


@pytest.mark.parametrize(
    ("action", "intent", "topic", "title"),
    [
        (ActionCareerPath(), "ask_how_to_become", "path", "How to become a Machine Learning Engineer"),
        (ActionCareerBackground(), "ask_background", "background", "Usual background of machine learning engineers"),
        (ActionCareerOutlook(), "ask_career_outlook", "outlook", "Outlook for machine learning engineers"),
    ],
)
def test_career_facts(action: Action, intent: str, topic: str, title: str) -> None:
    reply, _, events = run(action, make_tracker("tell me about becoming an MLE", intent, [("role", "mle")]))
    facts = content.career("mle", topic)
    assert facts, f"mle.yml has no {topic} facts"
    assert reply.startswith(f"{title}\n" + "\n".join(f"- {fact}" for fact in facts) + "\n\n")
    assert slots_set(events) == {"current_role": "mle", "last_topic": topic, "named_things": None}


def closest_occupation(role_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The role's closest occupation and that occupation, read from the YAML."""
    link = next(
        link
        for link in content.entries("role_occupations")
        if link["role"] == role_id and link["closeness"] == "closest"
    )
    occupation = next(entry for entry in content.entries("occupations") if entry["code"] == link["code"])
    return link, occupation


@pytest.mark.parametrize("role_id", content.role_ids())
def test_salary_comes_from_the_closest_occupation_dated_or_not_at_all(role_id: str) -> None:
    reply, _, _ = run(ActionSalary(), make_tracker("how much do they earn", "ask_salary", [("role", role_id)]))
    link, occupation = closest_occupation(role_id)
    pay = next((figure for figure in occupation.get("figures", []) if figure["measure"] == "median_pay"), None)
    if pay is None:
        assert "don't have a sourced salary figure" in reply
        assert not re.search(r"\d|\$|€|£", reply)
        return
    assert f"closest to this role is {occupation['title']} (O*NET-SOC {occupation['code']})" in reply
    assert content.text(link) in reply
    assert f"- Median pay: {pay['value']} ({pay['region']}, {pay['period']})" in reply
    assert all(source_title(source_id) in reply for source_id in content.cited(pay))


def test_out_of_scope_says_what_it_can_help_with() -> None:
    reply, buttons, _ = run(ActionOutOfScope(), make_tracker("what's the weather", "out_of_scope"))
    assert "outside what I know" in reply and "Machine Learning Engineer" in reply
    assert len(buttons) == 3


# --- failures: the user gets the domain's apology, the log gets the cause ------------------------


def test_the_apology_response_is_one_apology_in_the_domain() -> None:
    variants = DOMAIN["responses"][APOLOGY_RESPONSE]
    assert len(variants) == 1, "the apology is worded once"
    wording = variants[0]["text"]
    assert wording.startswith("Sorry")
    assert "try again" in wording and "what I can help with" in wording


def assert_apologised(message: dict[str, Any], events: list[dict[str, Any]]) -> None:
    assert message["response"] == APOLOGY_RESPONSE
    assert message["text"] is None and message["buttons"] == []
    assert events == []


def test_missing_database_gives_an_apology_and_logs_the_cause(
    use_database: PointAt, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    use_database(f"sqlite:///{tmp_path / 'gone.db'}")
    with caplog.at_level(logging.ERROR):
        message, events = run_message(
            ActionDescribeRole(), make_tracker("what is an mle", "ask_role_overview", [("role", "mle")])
        )
    assert_apologised(message, events)
    assert "gone.db does not exist" in caplog.text


def test_query_error_gives_an_apology_and_logs_the_cause(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: KnowledgeReader, role_id: str, category_id: str | None = None) -> None:
        raise OperationalError("SELECT ...", {}, Exception("disk I/O error"))

    monkeypatch.setattr(KnowledgeReader, "role_skills", broken)
    with caplog.at_level(logging.ERROR):
        message, events = run_message(
            ActionListSkills(), make_tracker("mle skills", "ask_role_skills", [("role", "mle")])
        )
    assert_apologised(message, events)
    assert "disk I/O error" in caplog.text


def test_a_bug_in_an_action_still_gets_a_reply(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: KnowledgeReader, term_id: str) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(KnowledgeReader, "term", broken)
    with caplog.at_level(logging.ERROR):
        message, events = run_message(ActionShowMlExamples(), make_tracker("ml examples", "ask_ml_examples"))
    assert_apologised(message, events)
    assert "ZeroDivisionError" in caplog.text


def test_a_malformed_tracker_reads_as_nothing_said_not_as_a_broken_knowledge_base() -> None:
    """A client can send a number as the text, a list in a text slot, junk entities: the user gets an
    answer (here, about the role the slots still name), never the "knowledge base unreachable" apology."""
    tracker = make_tracker("placeholder", "ask_role_overview")
    tracker.latest_message["text"] = 42
    tracker.latest_message["entities"] = ["junk", {"entity": "role", "value": "data_engineer"}]
    tracker.slots.update(
        {"current_role": ["mle"], "discussed_roles": "not a list", "last_topic": 7, "named_things": {"a": 1}}
    )
    message, _ = run_message(ActionDescribeRole(), tracker)
    assert message.get("response") != "utter_action_failed"
    assert message["fact_ids"][0] == "role:data_engineer:summary"


def test_a_request_payload_naming_something_unknown_is_refused_without_echoing_it() -> None:
    value = "<script>alert(1)</script>"
    tracker = make_tracker(f'/ask_role_overview{{"role":"{value}"}}', "ask_role_overview", [("role", value)])
    message, _ = run_message(ActionDescribeRole(), tracker)
    assert "script" not in message["text"]
    assert message["answer_kind"] == "no_data"
    assert "no knowledge of" in message["text"]
    # A payload the buttons really send is answered.
    known, _ = run_message(
        ActionDescribeRole(), make_tracker('/ask_role_overview{"role":"mle"}', "ask_role_overview", [("role", "mle")])
    )
    assert known["fact_ids"][0] == "role:mle:summary"
