"""Every custom action, run as Rasa runs it: real Tracker objects, a CollectingDispatcher, a real database."""
from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

from actions.capabilities import ActionCapabilities, ActionOutOfScope
from actions.career import ActionCareerBackground, ActionCareerOutlook, ActionCareerPath, ActionSalary
from actions.comparison import ActionCompareRoles
from actions.follow_up import ActionFollowUp
from actions.glossary import ActionDefineTerm, ActionShowMlExamples
from actions.knowledge_action import KnowledgeAction
from actions.roles import ActionDescribeRole, ActionDescribeWorkplace
from actions.skills import ActionCheckSkill, ActionListSkills
from bot.knowledge.queries import KnowledgeReader
from bot.settings import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
APOLOGY = "Sorry, I can't reach my knowledge base right now"


def make_tracker(text: str, intent: str, entities: list[tuple[str, str]] = (), **slots: Any) -> Tracker:
    return Tracker(
        sender_id="test-user",
        slots=slots,
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.95},
            "entities": [{"entity": entity, "value": value} for entity, value in entities],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: KnowledgeAction, tracker: Tracker) -> tuple[str, list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    assert len(dispatcher.messages) == 1, "every action answers with exactly one message"
    message = dispatcher.messages[0]
    return message["text"], message["buttons"], events


def slots_set(events: list[dict]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


@pytest.fixture(autouse=True)
def shipped_database(use_database, database_url: str) -> None:  # type: ignore[no-untyped-def]
    use_database(database_url)


def test_describe_role_answers_from_the_database(reader: KnowledgeReader) -> None:
    text, buttons, events = run(
        ActionDescribeRole(), make_tracker("what does an ML engineer do?", "ask_role_overview", [("role", "mle")])
    )
    profile = reader.role_profile("mle")
    assert profile.summary.text in text
    assert all(duty.text in text for duty in profile.duties)
    assert "Source" in text and "Machine Learning Engineer: Responsibilities and Skills" in text
    assert 1 <= len(buttons) <= 3
    assert slots_set(events) == {"current_role": "mle", "last_topic": "overview"}


def test_button_payloads_name_domain_intents_and_entities() -> None:
    _, buttons, _ = run(ActionCapabilities(), make_tracker("what can you do?", "ask_capabilities"))
    assert len(buttons) == 3
    for button in buttons:
        match = re.fullmatch(r"/(\w+)(\{.*\})?", button["payload"])
        assert match and match.group(1) in DOMAIN["intents"], button
        for entity in json.loads(match.group(2) or "{}"):
            assert entity in DOMAIN["entities"]


def test_capabilities_name_the_topics() -> None:
    text, _, _ = run(ActionCapabilities(), make_tracker("help", "ask_capabilities"))
    for topic in ("skills", "Data Scientists", "MLOps", "background"):
        assert topic in text


def test_unknown_role_is_admitted_with_the_known_roles() -> None:
    text, buttons, events = run(
        ActionDescribeRole(), make_tracker("what does a nurse do?", "ask_role_overview", [("role", "nurse")])
    )
    assert 'I don\'t know the role "nurse"' in text
    assert "Data Engineers" in text and "Machine Learning Engineers" in text
    assert buttons and slots_set(events) == {}


@pytest.mark.parametrize(
    ("text", "intent", "action", "title"),
    [
        ("what does a plumber do?", "ask_role_overview", ActionDescribeRole(), "plumber"),
        ("what skills does an architect need", "ask_role_skills", ActionListSkills(), "architect"),
        ("how do I become a dentist?", "ask_how_to_become", ActionCareerPath(), "dentist"),
    ],
)
def test_a_role_nlu_did_not_tag_is_still_admitted_unknown(
    text: str, intent: str, action: KnowledgeAction, title: str
) -> None:
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
    text: str, intent: str, action: KnowledgeAction, expected: str
) -> None:
    reply, _, _ = run(action, make_tracker(text, intent, current_role="data_engineer"))
    assert reply.startswith(expected)


def test_role_named_only_in_text_is_still_found() -> None:
    text, _, events = run(ActionDescribeRole(), make_tracker("tell me about data engineers", "ask_role_overview"))
    assert text.startswith("Data Engineer\n")
    assert slots_set(events)["current_role"] == "data_engineer"


def test_workplace(reader: KnowledgeReader) -> None:
    text, _, _ = run(ActionDescribeWorkplace(), make_tracker("where do MLEs work", "ask_role_workplace",
                                                              [("role", "mle")]))
    assert reader.role_profile("mle").workplace.text in text


def test_skills_of_a_role_grouped_by_importance(reader: KnowledgeReader) -> None:
    text, buttons, events = run(
        ActionListSkills(), make_tracker("what skills does a data scientist need", "ask_role_skills",
                                         [("role", "data_scientist")])
    )
    assert text.startswith("Skills data scientists need:")
    assert "Essential:" in text
    for link in reader.role_skills("data_scientist").links:
        assert link.skill.name in text
    assert slots_set(events) == {"current_role": "data_scientist", "last_topic": "skills"}
    assert buttons


def test_skills_of_a_category_only() -> None:
    text, _, _ = run(
        ActionListSkills(), make_tracker("what math does an mle need", "ask_role_skills",
                                         [("role", "mle"), ("skill", "math")])
    )
    assert "Math skills" in text and "Statistics" in text and "Python" not in text


def test_follow_up_and_a_data_scientist_after_skills(reader: KnowledgeReader) -> None:
    text, _, events = run(
        ActionFollowUp(),
        make_tracker("and a data scientist?", "inform_role", [("role", "data_scientist")],
                     current_role="mle", last_topic="skills"),
    )
    assert "data scientists need" in text.lower()
    assert slots_set(events)["current_role"] == "data_scientist"


@pytest.mark.parametrize("text", ["and a plumber?", "what about firefighters", "how about the astronaut?"])
def test_follow_up_about_an_unknown_role_says_so(text: str) -> None:
    reply, _, _ = run(ActionFollowUp(), make_tracker(text, "inform_role", current_role="mle", last_topic="skills"))
    assert reply.startswith("I don't know the role")
    assert "plumber" in reply or "firefighters" in reply or "astronaut" in reply


def test_a_bare_follow_up_repeats_the_last_question() -> None:
    reply, _, _ = run(ActionFollowUp(), make_tracker("and them?", "inform_role", current_role="mle",
                                                    last_topic="skills"))
    assert reply.startswith("Skills machine learning engineers need")


def test_they_refers_to_the_role_last_discussed() -> None:
    text, _, _ = run(
        ActionListSkills(), make_tracker("what skills do they need?", "ask_role_skills",
                                         current_role="data_analyst", last_topic="overview")
    )
    assert "data analysts need" in text.lower()


def test_how_is_that_different_from_an_mle_compares_the_two(reader: KnowledgeReader) -> None:
    text, _, events = run(
        ActionCompareRoles(),
        make_tracker("how is that different from an MLE?", "compare_roles", [("role", "mle")],
                     current_role="data_engineer", last_topic="overview"),
    )
    comparison = reader.compare_roles("data_engineer", "mle")
    assert "Data Engineer vs Machine Learning Engineer" in text
    assert comparison.summary.text in text
    assert all(aspect.first in text and aspect.second in text for aspect in comparison.aspects)
    assert slots_set(events) == {"current_role": "data_engineer", "last_topic": "compare"}


def test_compare_two_named_roles_and_follow_up_with_a_third() -> None:
    text, _, _ = run(ActionCompareRoles(), make_tracker(
        "MLE vs data scientist", "compare_roles", [("role", "mle"), ("role", "data_scientist")]))
    assert "Machine Learning Engineer vs Data Scientist" in text
    text, _, _ = run(ActionFollowUp(), make_tracker(
        "what about data engineers?", "inform_role", [("role", "data_engineer")],
        current_role="mle", last_topic="compare"))
    assert "Machine Learning Engineer vs Data Engineer" in text


def test_compare_with_the_same_role_twice_asks_for_another() -> None:
    text, _, _ = run(ActionCompareRoles(), make_tracker("mle vs mle", "compare_roles", [("role", "mle")],
                                                       current_role="mle"))
    assert "Which other role" in text


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("do I need C++?", [("skill", "cpp")], "C++ is"),
        ("is statistics important?", [("skill", "statistics")], "Statistics is"),
        ("do i need c plus plus", [], "C++ is"),
    ],
)
def test_one_skill_for_the_mle(text: str, entities: list, expected: str) -> None:
    reply, _, events = run(ActionCheckSkill(), make_tracker(text, "ask_skill_importance", entities))
    assert expected in reply
    assert reply.startswith(("Yes", "It helps"))
    assert slots_set(events)["last_topic"] == "skill_check"


def test_one_skill_follow_up_for_another_role() -> None:
    reply, _, _ = run(ActionFollowUp(), make_tracker(
        "and for data analysts?", "inform_role", [("role", "data_analyst")],
        current_role="mle", current_skill="cpp", last_topic="skill_check"))
    assert "C++" in reply and "data analysts" in reply.lower()


def test_unknown_skill_is_admitted() -> None:
    reply, buttons, _ = run(ActionCheckSkill(), make_tracker("do I need cobol", "ask_skill_importance",
                                                            [("skill", "cobol")]))
    assert 'no sourced information about "cobol"' in reply and buttons


def test_define_term(reader: KnowledgeReader) -> None:
    reply, _, _ = run(ActionDefineTerm(), make_tracker("what is MLOps?", "ask_term", [("term", "mlops")]))
    assert reader.term("mlops").definition.text in reply


def test_unknown_term_lists_known_ones() -> None:
    reply, _, _ = run(ActionDefineTerm(), make_tracker("what is quantum yoga", "ask_term",
                                                      [("term", "quantum yoga")]))
    assert 'I don\'t have a definition of "quantum yoga"' in reply and "MLOps" in reply


def test_ml_examples_mention_netflix() -> None:
    reply, _, _ = run(ActionShowMlExamples(), make_tracker("examples of ml in products", "ask_ml_examples"))
    assert "Netflix" in reply


@pytest.mark.parametrize(
    ("action", "topic"),
    [(ActionCareerPath(), "path"), (ActionCareerBackground(), "background"), (ActionCareerOutlook(), "outlook")],
)
def test_career_facts(reader: KnowledgeReader, action: KnowledgeAction, topic: str) -> None:
    reply, _, _ = run(action, make_tracker("how do I become an MLE", "ask_how_to_become", [("role", "mle")]))
    assert all(fact.text in reply for fact in reader.career_facts("mle", topic).facts)


def test_salary_gets_an_honest_answer_without_figures() -> None:
    reply, _, _ = run(ActionSalary(), make_tracker("how much does an mle earn", "ask_salary", [("role", "mle")]))
    assert "don't have a sourced salary figure" in reply
    assert not re.search(r"\d|\$|€|£", reply)


def test_out_of_scope_says_what_it_can_help_with() -> None:
    reply, buttons, _ = run(ActionOutOfScope(), make_tracker("what's the weather", "out_of_scope"))
    assert "outside what I know" in reply and "Machine Learning Engineer" in reply
    assert len(buttons) == 3


def test_missing_database_gives_an_apology_and_logs_the_cause(
    use_database, tmp_path: Path, caplog: pytest.LogCaptureFixture  # type: ignore[no-untyped-def]
) -> None:
    use_database(f"sqlite:///{tmp_path / 'gone.db'}")
    with caplog.at_level(logging.ERROR):
        reply, _, events = run(ActionDescribeRole(), make_tracker("what is an mle", "ask_role_overview",
                                                                 [("role", "mle")]))
    assert reply.startswith(APOLOGY) and "what I can help with" in reply
    assert "Traceback" not in reply and events == []
    assert "gone.db does not exist" in caplog.text


def test_query_error_gives_an_apology_and_logs_the_cause(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self, role_id, category_id=None):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT ...", {}, Exception("disk I/O error"))

    monkeypatch.setattr(KnowledgeReader, "role_skills", broken)
    with caplog.at_level(logging.ERROR):
        reply, _, _ = run(ActionListSkills(), make_tracker("mle skills", "ask_role_skills", [("role", "mle")]))
    assert reply.startswith(APOLOGY)
    assert "disk I/O error" in caplog.text


def test_a_bug_in_an_action_still_gets_a_reply(monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(KnowledgeReader, "term", lambda self, term_id: 1 / 0)
    with caplog.at_level(logging.ERROR):
        reply, _, _ = run(ActionShowMlExamples(), make_tracker("ml examples", "ask_ml_examples"))
    assert reply.startswith(APOLOGY)
    assert "ZeroDivisionError" in caplog.text


def test_every_action_in_the_domain_is_implemented() -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(DOMAIN["actions"]) <= set(executor.actions)
