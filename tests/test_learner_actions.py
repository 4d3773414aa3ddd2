"""What learners ask next, answered by the actions and checked by the fact ids each reply carries.

Expected ids come from the content files (tests/shipped_content.py), never from the code under test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.interfaces import Action

from actions.comparison import ActionCompareRoles
from actions.follow_up import ActionFollowUp
from actions.learning import (
    ActionCertifications,
    ActionEducation,
    ActionEmployers,
    ActionInterview,
    ActionLearningResources,
    ActionLevels,
    ActionPortfolio,
    ActionRoleFit,
    ActionTransition,
)
from actions.roles import ActionDescribeWorkplace
from actions.search import ActionSearchFacts
from actions.skills import ActionCheckSkill
from tests import shipped_content as content
from tests.action_runs import Entity, make_tracker, run_message


@pytest.fixture(autouse=True)
def _knowledge(use_database: Callable[[str], None], database_url: str) -> None:
    """Every test here reads the knowledge database built from the shipped content."""
    use_database(database_url)


def reply(action: Action, tracked: Tracker) -> dict[str, Any]:
    return run_message(action, tracked)[0]


def fact_ids(message: dict[str, Any]) -> set[str]:
    return set(message["fact_ids"])


def test_a_phd_question_gets_the_verdict_for_the_phd_first() -> None:
    entry = next(e for e in content.entries("education") if e["role"] == "data_scientist")
    phd = next(i for i, a in enumerate(entry["advanced"]) if a["degree"] == "phd")
    message = reply(
        ActionEducation(),
        make_tracker("do data scientists need a phd?", "ask_education", (("role", "data_scientist"),)),
    )
    assert f"education:data_scientist:advanced:{phd}" in fact_ids(message)
    first_line = message["text"].split("\n")[0]
    assert content.text(entry["advanced"][phd]) in first_line
    assert message["answer_kind"] == "answer"
    # The content marks a data scientist's PhD as common: the short answer, sent apart for clients
    # to show first, says so and is the line's opening.
    assert entry["advanced"][phd]["expectation"] == "common"
    assert message["verdict"] == "Often, but not always" and first_line.startswith("Often, but not always: ")


def test_certifications_list_each_one_linked_to_the_role_and_what_sources_say() -> None:
    linked = [c["id"] for c in content.entries("certifications") if "data_engineer" in c["roles"]]
    message = reply(
        ActionCertifications(),
        make_tracker("certs for data engineers?", "ask_certifications", (("role", "data_engineer"),)),
    )
    assert {f"certification:{cid}:about" for cid in linked} <= fact_ids(message)
    views = [i for i, v in enumerate(content.entries("certification_value")) if "data_engineer" in v["roles"]]
    assert {f"certification-value:{i}" for i in views} <= fact_ids(message)


def test_resources_portfolio_and_interviews_for_a_role() -> None:
    role = ("role", "mlops_engineer")
    resources = [r["id"] for r in content.entries("resources") if "mlops_engineer" in r["roles"]]
    found = fact_ids(
        reply(ActionLearningResources(), make_tracker("what should i read", "ask_learning_resources", (role,)))
    )
    assert found and found <= {f"resource:{rid}" for rid in resources}
    projects = {f"project:{p['id']}" for p in content.entries("projects") if "mlops_engineer" in p["roles"]}
    assert fact_ids(reply(ActionPortfolio(), make_tracker("portfolio ideas", "ask_portfolio", (role,)))) == projects
    interview = next(e for e in content.entries("interviews") if e["role"] == "mlops_engineer")
    expected = {f"interview:mlops_engineer:stages:{i}" for i in range(len(interview["stages"]))}
    assert expected <= fact_ids(reply(ActionInterview(), make_tracker("interview process?", "ask_interview", (role,))))


def test_levels_and_employers() -> None:
    levels = {f"level:{level['id']}" for level in content.entries("levels")}
    assert fact_ids(reply(ActionLevels(), make_tracker("junior vs senior vs staff?", "ask_levels"))) == levels
    hiring = {f"employer:{e['id']}" for e in content.entries("employers") if "ai_engineer" in e["roles"]}
    found = fact_ids(
        reply(ActionEmployers(), make_tracker("who hires ai engineers", "ask_employers", (("role", "ai_engineer"),)))
    )
    assert hiring <= found


def test_a_career_switcher_gets_what_carries_over_and_what_to_add() -> None:
    entities: tuple[Entity, ...] = (("role", "data_analyst", "from"), ("role", "mle", "to"))
    message = reply(
        ActionTransition(), make_tracker("i'm a data analyst, how do i become an mle?", "ask_transition", entities)
    )
    move = next(t for t in content.entries("transitions") if (t["from"], t["to"]) == ("data_analyst", "mle"))
    expected = {"transition:data_analyst--mle"}
    expected |= {f"transition:data_analyst--mle:carries_over:{i}" for i in range(len(move["carries_over"]))}
    expected |= {f"transition:data_analyst--mle:to_add:{i}" for i in range(len(move["to_add"]))}
    assert expected <= fact_ids(message)
    assert message["text"].startswith("From Data Analyst to Machine Learning Engineer")


def test_the_current_role_is_read_from_the_sentence_when_nlu_tags_no_roles() -> None:
    message = reply(
        ActionTransition(), make_tracker("I'm a data engineer, how do I move into MLOps?", "ask_transition")
    )
    assert message["text"].startswith("From Data Engineer to MLOps Engineer")


def test_a_choice_is_answered_from_role_fit() -> None:
    fits = {(f["role"], f["dimension"]): f["pole"] for f in content.entries("role_fit")}
    message = reply(
        ActionRoleFit(),
        make_tracker("I like experiments more than infrastructure, which role suits me?", "ask_role_fit"),
    )
    suited = {fact.split(":")[1] for fact in fact_ids(message)}
    assert suited and all(fits[(role, "work")] in ("investigating", "both") for role in suited)


def test_two_skills_are_both_answered_in_the_order_named() -> None:
    message = reply(
        ActionCheckSkill(),
        make_tracker("scala or java for data engineers?", "ask_skill_importance", (("role", "data_engineer"),)),
    )
    assert {"role:data_engineer:skill:scala", "role:data_engineer:skill:java"} <= fact_ids(message)
    assert message["text"].index("Scala") < message["text"].index("Java")


def test_a_question_about_two_roles_answers_both() -> None:
    roles = (("role", "business_analyst"), ("role", "data_analyst"))
    message = reply(
        ActionDescribeWorkplace(),
        make_tracker("where do business analysts and data analysts sit?", "ask_role_workplace", roles),
    )
    assert {"role:business_analyst:workplace", "role:data_analyst:workplace"} <= fact_ids(message)


def test_three_roles_get_each_summary() -> None:
    roles = (("role", "data_analyst"), ("role", "data_scientist"), ("role", "data_engineer"))
    message = reply(
        ActionCompareRoles(), make_tracker("data analyst vs data scientist vs data engineer", "compare_roles", roles)
    )
    assert {f"role:{r}:summary" for _, r in roles} <= fact_ids(message)


def test_a_comparison_on_one_aspect_leads_with_that_aspect() -> None:
    pair = next(c for c in content.entries("contrasts") if c["roles"] == ["mle", "ai_engineer"])
    evaluation = next(i for i, a in enumerate(pair["aspects"]) if a["aspect"] == "Evaluation")
    roles = (("role", "mle"), ("role", "ai_engineer"))
    message = reply(
        ActionCompareRoles(), make_tracker("is evaluation harder for an ai engineer or an mle?", "compare_roles", roles)
    )
    assert message["text"].startswith("Machine Learning Engineer vs AI Engineer, on evaluation:")
    assert f"contrast:mle--ai_engineer:aspect:{evaluation}" in fact_ids(message)


def test_after_a_skill_question_a_bare_skill_is_a_skill_question_for_the_same_role() -> None:
    slots = {"current_role": "mle", "current_skill": "python", "last_topic": "skill_check"}
    message = reply(ActionFollowUp(), make_tracker("and SQL?", "inform_role", **slots))
    assert "role:mle:skill:sql" in fact_ids(message)
    unknown = reply(ActionFollowUp(), make_tracker("and Go?", "inform_role", **slots))
    assert unknown["text"].startswith('I have no sourced information about "go"')


def test_the_second_one_refers_to_the_roles_last_compared() -> None:
    slots = {"current_role": "mle", "last_topic": "overview", "discussed_roles": ["data_scientist", "data_engineer"]}
    message = reply(
        ActionDescribeWorkplace(), make_tracker("where does the second one work?", "ask_role_workplace", **slots)
    )
    assert "role:data_engineer:workplace" in fact_ids(message)


def test_an_unsure_message_naming_a_known_role_or_term_is_answered_and_tasks_are_declined() -> None:
    role = reply(
        ActionSearchFacts(),
        make_tracker("debugging pipelines all week, is that a data engineer thing?", "nlu_fallback"),
    )
    assert "role:data_engineer:summary" in fact_ids(role)
    term = reply(ActionSearchFacts(), make_tracker("overfitting??", "nlu_fallback"))
    assert "term:overfitting" in fact_ids(term)
    tasks = (
        "which GPU should I buy for deep learning",
        "cluster the customers in my spreadsheet",
        "send my CV to ML recruiters",
    )
    for task in tasks:
        declined = reply(ActionSearchFacts(), make_tracker(task, "nlu_fallback"))
        assert declined["answer_kind"] == "decline" and not declined["fact_ids"], task


def test_the_search_fallback_marks_its_answers_as_closest_facts() -> None:
    found = reply(
        ActionSearchFacts(),
        make_tracker("what fraction of a production codebase is the model code itself", "nlu_fallback"),
    )
    assert found["answer_kind"] in ("search", "decline")
    if found["answer_kind"] == "search":
        assert found["fact_ids"] and found["text"].startswith("I have no answer made for that question")
