"""A message whose words name a move, a skill, a choice, a certification or a book gets that answer,
even when NLU read a neighbouring intent. Checked by the fact ids of the reply; expected ids come from
the content files, never from the code under test."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rasa_sdk.interfaces import Action

from actions.capabilities import ActionCapabilities, ActionOutOfScope
from actions.career import ActionCareerOutlook
from actions.comparison import ActionCompareRoles
from actions.glossary import ActionDefineTerm
from actions.learning import (
    ActionCareerPath,
    ActionCertifications,
    ActionEducation,
    ActionEmployers,
    ActionInterview,
    ActionLearningResources,
    ActionLevels,
    ActionPortfolio,
    ActionRoleFit,
)
from actions.roles import ActionDescribeRole
from actions.search import ActionSearchFacts
from actions.skills import ActionCheckSkill
from tests import shipped_content as content
from tests.action_runs import make_tracker, run_message


@pytest.fixture(autouse=True)
def _knowledge(use_database: Callable[[str], None], database_url: str) -> None:
    use_database(database_url)


def ids_for(action: Action, text: str, intent: str, **slots: object) -> set[str]:
    message, _ = run_message(action, make_tracker(text, intent, **slots))
    return set(message["fact_ids"])


def transition_ids(start: str, target: str) -> set[str]:
    move = next(t for t in content.entries("transitions") if (t["from"], t["to"]) == (start, target))
    return {f"transition:{start}--{target}:to_add:{i}" for i in range(len(move["to_add"]))}


@pytest.mark.parametrize(
    ("text", "start", "target"),
    [
        ("can a data engineer realistically become an ml engineer?", "data_engineer", "mle"),
        ("ml engineer considering the jump to mlops. what would i have to pick up?", "mle", "mlops_engineer"),
        (
            "backend dev here. what do i need to add on top to become an ai engineer?",
            "software_engineer",
            "ai_engineer",
        ),
    ],
)
def test_a_move_named_in_passing_is_answered_as_a_move(text: str, start: str, target: str) -> None:
    assert transition_ids(start, target) <= ids_for(ActionCareerPath(), text, "ask_how_to_become")


def test_a_choice_between_two_roles_is_not_a_move() -> None:
    found = ids_for(ActionCareerPath(), "should i become a data scientist or an ml engineer?", "ask_how_to_become")
    assert not any(fact.startswith("transition:") for fact in found)


def test_a_comparison_from_someone_who_said_their_role_stays_a_comparison() -> None:
    found = ids_for(ActionCompareRoles(), "i'm a data analyst. what do mles do that i don't?", "compare_roles")
    assert "contrast:mle--data_analyst" in found
    assert not any(fact.startswith("transition:") for fact in found)


def test_the_gap_after_a_move_was_discussed_is_the_move() -> None:
    found = ids_for(
        ActionOutOfScope(),
        "what would i still need to pick up",
        "out_of_scope",
        user_role="data_engineer",
        current_role="mle",
        last_topic="transition",
    )
    assert transition_ids("data_engineer", "mle") <= found
    # Only what to add was asked: what carries over stays out.
    assert not any(":carries_over:" in fact for fact in found)


def test_what_carries_over_is_answered_alone_when_asked_alone() -> None:
    found = ids_for(
        ActionCareerPath(), "ml engineer wanting to move to mlops, which of my skills still count", "ask_how_to_become"
    )
    assert "transition:mle--mlops_engineer:carries_over:0" in found
    assert not any(":to_add:" in fact for fact in found)


def test_a_yes_no_question_about_one_skill_gets_that_skill_not_the_overview() -> None:
    found = ids_for(
        ActionDescribeRole(), "do data engineers need to be comfy with the linux terminal", "ask_role_overview"
    )
    # The role's link to the skill, and the skill's description the verdict states.
    assert found == {"role:data_engineer:skill:linux_shell", "skill:linux_shell"}


def test_likes_and_dislikes_without_a_role_are_a_choice_even_when_nlu_set_them_aside() -> None:
    fits = {(f["role"], f["dimension"]): f["pole"] for f in content.entries("role_fit")}
    text = "i like working out why a number moved and then telling managers about it. building systems isn't my thing"
    found = ids_for(ActionSearchFacts(), text, "nlu_fallback")
    suited = {fact.split(":")[1] for fact in found if fact.startswith("fit:")}
    assert suited, "a choice gets roles, not a decline"
    assert all(fits[(role, "work")] != "building" for role in suited)


def test_a_certification_named_by_its_exam_code_gets_its_status_first() -> None:
    cert = next(c for c in content.entries("certifications") if c["id"] == "azure-data-scientist-associate")
    message, _ = run_message(ActionCareerOutlook(), make_tracker("is DP-100 still around?", "ask_career_outlook"))
    assert {"certification:azure-data-scientist-associate:status"} <= set(message["fact_ids"])
    verdict = "Still offered" if cert["status"]["value"] == "active" else "Retired"
    assert message["text"].splitlines()[1].startswith(verdict)


def test_a_resource_named_by_its_common_name_is_described() -> None:
    found = ids_for(ActionLearningResources(), "how many weeks is the mlops zoomcamp?", "ask_learning_resources")
    assert found == {"resource:mlops-zoomcamp"}
    found = ids_for(ActionCertifications(), "is the goodfellow book too heavy for a beginner?", "ask_certifications")
    assert found == {"resource:deep-learning-book"}


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("what's drift, and why do deployed models get worse over time?", "out_of_scope", {"term:model_drift"}),
        ("etl vs elt, what's the difference?", "compare_roles", {"term:etl"}),
        (
            "what is retrieval augmented generation and why do people use it?",
            "ask_role_overview",
            {"skill:retrieval_augmented_generation"},
        ),
    ],
)
def test_a_term_or_skill_asked_about_without_a_role_is_defined(text: str, intent: str, expected: set[str]) -> None:
    assert expected <= ids_for(ActionSearchFacts(), text, intent)


def test_a_rung_of_the_ladder_named_as_a_title_gets_the_levels() -> None:
    found = ids_for(
        ActionDescribeRole(), "staff engineer or engineering manager: how are the two paths different?", "compare_roles"
    )
    assert {"level:staff", "level:engineering_manager"} <= found


def test_help_with_the_users_own_broken_model_is_declined() -> None:
    message, _ = run_message(
        ActionSearchFacts(),
        make_tracker("my keras model's accuracy is stuck at 0.5, can you tell me what's wrong?", "ask_term"),
    )
    assert message["answer_kind"] == "decline" and not message["fact_ids"]


def test_an_aspect_of_two_roles_gets_their_contrast_whatever_nlu_read() -> None:
    found = ids_for(
        ActionDescribeRole(), "main output of a data engineer vs a research scientist?", "ask_role_overview"
    )
    assert "contrast:data_engineer--research_scientist" in found


def test_a_pay_question_nlu_read_as_an_overview_gets_the_dated_figures() -> None:
    message, _ = run_message(
        ActionDescribeRole(),
        make_tracker("median wage for data scientists in the us, latest figure?", "ask_role_overview"),
    )
    assert {"occupation:15-2051.00:median_pay"} <= set(message["fact_ids"])
    assert message["text"].startswith("Pay of data scientists")


def test_the_outlook_carries_the_official_figures_of_the_closest_occupation() -> None:
    figures = {f["measure"] for o in content.entries("occupations") if o["code"] == "15-1252.00" for f in o["figures"]}
    found = ids_for(ActionDescribeRole(), "how fast are software developer jobs expected to grow?", "ask_role_overview")
    assert "role:software_engineer:outlook:0" in found
    assert {f"occupation:15-1252.00:{m}" for m in figures & {"growth", "employment", "median_pay"}} <= found
    assert "median_pay" in figures  # pay beside demand, as the official handbook shows them


def test_a_kind_of_employer_named_gets_its_examples() -> None:
    employer = next(e for e in content.entries("employers") if e["id"] == "healthcare")
    found = ids_for(ActionSearchFacts(), "is ml used much in healthcare, like on medical images?", "out_of_scope")
    assert {"employer:healthcare"} | {
        f"employer:healthcare:example:{i}" for i in range(len(employer["examples"]))
    } <= found


def test_where_to_start_gets_the_steps_in_order_for_the_role_named() -> None:
    found = ids_for(
        ActionCareerPath(), "what should i learn first if i want to get into data engineering?", "ask_how_to_become"
    )
    assert "role:data_engineer:path:0" in found


def test_one_role_and_no_would_it_suit_me_is_a_question_about_that_role() -> None:
    found = ids_for(ActionRoleFit(), "do research scientists publish papers as part of the job?", "ask_role_fit")
    assert "role:research_scientist:summary" in found
    assert not any(fact.startswith("fit:") for fact in found)
    found = ids_for(
        ActionRoleFit(), "i enjoy building platforms other engineers use. would mlops be right for me?", "ask_role_fit"
    )
    assert any(fact.startswith("fit:mlops_engineer:") for fact in found)


def test_a_word_nlu_split_off_a_role_name_does_not_become_another_role() -> None:
    # NLU tagged "data" and "engineering" apart; "engineering" alone is no misspelling of "ml engineering".
    tracker = make_tracker(
        "what should i learn first if i want to get into data engineering?",
        "ask_how_to_become",
        [("role", "data", "to"), ("role", "engineering")],
    )
    message, _ = run_message(ActionCareerPath(), tracker)
    assert "role:data_engineer:path:0" in message["fact_ids"]
    assert not any(fact.startswith("role:mle:") for fact in message["fact_ids"])


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        # What one role does, asked in words NLU reads as pay, a path or a comparison.
        ("what is an ml research scientist actually paid to produce?", "ask_salary", "role:research_scientist:summary"),
        ("in plain terms what does a data engineer do?", "compare_roles", "role:data_engineer:summary"),
        ("what does an mlops engineer actually own?", "compare_roles", "role:mlops_engineer:summary"),
        # Who a role works with, asked as an overview.
        ("which colleagues does a data engineer deal with", "ask_role_overview", "role:data_engineer:workplace"),
        # The skills of one role, asked as a path.
        ("which skills are non negotiable if i want an ml engineer job?", "ask_how_to_become", "role:mle:skill:python"),
        # Where people in a role come from, asked as a path.
        ("where do mlops engineers come from?", "ask_how_to_become", "role:mlops_engineer:background:0"),
        # A book asked for, whatever the book is about.
        ("any good book to prep for ml interviews?", "ask_interview", "resource:ml-interviews-book"),
    ],
)  # fmt: skip
def test_a_question_about_one_role_gets_what_its_words_ask(text: str, intent: str, expected: str) -> None:
    assert expected in ids_for(ActionCareerPath(), text, intent)


def test_a_skill_named_keeps_the_skill_answer_not_the_overview() -> None:
    found = ids_for(ActionCheckSkill(), "does a data engineer actually do much with spark?", "ask_skill_importance")
    assert "role:data_engineer:skill:spark" in found
    assert "role:data_engineer:summary" not in found


def test_how_the_two_roles_just_compared_differ_on_an_aspect_is_answered_for_both() -> None:
    _, aspects = content.contrast("mle", "ai_engineer")
    evaluation = next(i for i, (name, _, _) in enumerate(aspects) if name.lower().startswith("evaluat"))
    found = ids_for(
        ActionCompareRoles(),
        "and how does evaluating their work differ",
        "compare_roles",
        discussed_roles=["mle", "ai_engineer"],
    )
    assert f"contrast:mle--ai_engineer:aspect:{evaluation}" in found


def test_two_roles_that_sound_like_the_same_job_are_compared() -> None:
    found = ids_for(ActionDescribeRole(), "mle and mlops engineer sound like the same job to me", "inform_role")
    assert "contrast:mle--mlops_engineer" in found


def test_the_second_of_two_roles_just_compared_is_described_when_asked_about() -> None:
    found = ids_for(
        ActionSearchFacts(),
        "tell me more about the second one",
        "out_of_scope",
        discussed_roles=["data_engineer", "data_analyst"],
    )
    assert "role:data_analyst:summary" in found


def test_another_role_aimed_for_by_someone_who_said_their_role_is_a_move() -> None:
    found = ids_for(
        ActionDescribeRole(), "what if i aim for ml engineering instead", "ask_role_overview", user_role="data_analyst"
    )
    assert transition_ids("data_analyst", "mle") <= found


def test_a_portfolio_question_nlu_set_aside_gets_the_projects() -> None:
    text = "do open source contributions count for much when applying to ml jobs?"
    message, _ = run_message(ActionSearchFacts(), make_tracker(text, "out_of_scope"))
    # The project the question names leads the list.
    assert message["fact_ids"][0] == "project:open-source-ml-contribution"


def test_an_analyst_is_a_data_analyst() -> None:
    found = ids_for(ActionPortfolio(), "how do i make a dashboard project stand out as an analyst", "ask_portfolio")
    assert "project:decision-dashboard-metric-spec" in found


def test_a_word_nlu_tagged_from_an_unknown_title_stands_for_the_title() -> None:
    tracker = make_tracker(
        "is data architect a different job from data engineer?",
        "compare_roles",
        [("role", "data"), ("role", "data_engineer")],
    )
    message, _ = run_message(ActionCompareRoles(), tracker)
    assert "role:data_engineer:summary" in message["fact_ids"]
    assert "data architect" in message["text"]


def test_whether_a_certification_helps_is_answered_with_what_sources_say_of_certifications() -> None:
    found = ids_for(
        ActionCareerPath(), "would a certification help me make the jump?", "inform_role", current_role="mle"
    )
    assert any(fact.startswith("certification-value:") for fact in found)


def test_an_interview_question_nlu_read_as_an_overview_gets_the_interviews() -> None:
    found = ids_for(
        ActionDescribeRole(),
        "will research scientist hiring loops still throw coding puzzles at me?",
        "ask_role_overview",
    )
    assert any(fact.startswith("interview:research_scientist:") for fact in found)


def test_which_of_the_two_just_compared_does_something_is_a_comparison_not_a_choice() -> None:
    found = ids_for(
        ActionRoleFit(),
        "which of them delivers code rather than reports",
        "ask_role_fit",
        discussed_roles=["data_scientist", "applied_scientist"],
    )
    assert "contrast:data_scientist--applied_scientist" in found
    assert not any(fact.startswith("fit:") for fact in found)


def test_it_after_a_certification_was_named_is_that_certification() -> None:
    cert = next(c for c in content.entries("certifications") if "dp-100" in c.get("aliases", []))
    _, events = run_message(ActionCertifications(), make_tracker("is dp-100 still around?", "ask_certifications"))
    assert {"event": "slot", "name": "named_things", "value": [f"certification:{cert['id']}"]} in [
        {key: event.get(key) for key in ("event", "name", "value")} for event in events
    ]
    found = ids_for(
        ActionSearchFacts(),
        "what replaced it",
        "out_of_scope",
        last_topic="certifications",
        named_things=[f"certification:{cert['id']}"],
    )
    assert f"certification:{cert['id']}:status" in found


def test_that_after_a_term_was_defined_is_that_term() -> None:
    found = ids_for(
        ActionSearchFacts(), "got a concrete case of that happening?", "out_of_scope", named_things=["term:model_drift"]
    )
    assert "term:model_drift:example:0" in found


@pytest.mark.parametrize(
    ("text", "intent", "closest"),
    [
        ("is 'prompt engineer' a real job? what would that even be", "out_of_scope", "ai_engineer"),
        ("job ad says etl developer. what's that role about", "ask_term", "data_engineer"),
    ],
)
def test_a_title_the_base_lacks_gets_the_closest_known_role(text: str, intent: str, closest: str) -> None:
    message, _ = run_message(ActionSearchFacts(), make_tracker(text, intent))
    assert f"role:{closest}:summary" in message["fact_ids"]
    assert "as a role of its own" in message["text"]


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        # A skill asked about roles NLU read as a comparison.
        ("pandas - useful for ml engineers or more of an analyst thing", "compare_roles", "role:mle:skill:pandas"),
        ("for business analyst roles is sql actually used?", "compare_roles", "role:business_analyst:skill:sql"),
        # Who a role works with, and what it needs to be good at.
        ("someone told me data engineers sit 'in between' - in between what?", "ask_role_overview",
         "role:data_engineer:workplace"),
        ("on a real project who does an ai engineer team up with", "ask_portfolio", "role:ai_engineer:workplace"),
        ("what does someone need to be really good at to work as an ai engineer", "ask_role_overview",
         "role:ai_engineer:skill:prompt_engineering"),
    ],
)  # fmt: skip
def test_what_the_words_ask_about_a_role_wins_over_the_intent(text: str, intent: str, expected: str) -> None:
    assert expected in ids_for(ActionCareerPath(), text, intent)


def test_a_role_only_nlu_caught_is_enough_to_rescue_a_set_aside_message() -> None:
    tracker = make_tracker("the BA folks, what's their deal", "nlu_fallback", [("role", "business_analyst")])
    message, _ = run_message(ActionSearchFacts(), tracker)
    assert "role:business_analyst:summary" in message["fact_ids"]


def test_a_bare_skill_after_a_skill_question_is_the_same_question_about_it() -> None:
    found = ids_for(
        ActionSearchFacts(), "pandas as well i guess?", "ask_salary", current_role="mle", last_topic="skill_check"
    )
    assert "role:mle:skill:pandas" in found
    defined = ids_for(
        ActionSearchFacts(), "wait what even is a vector database", "ask_term", current_role="ai_engineer",
        last_topic="skill_check",
    )  # fmt: skip
    assert "skill:vector_databases" in defined


def test_asking_for_a_book_recommendation_is_not_a_task() -> None:
    found = ids_for(ActionSearchFacts(), "book recommendation on designing ml systems for production", "out_of_scope")
    assert "resource:designing-ml-systems" in found


def test_what_to_add_after_a_move_was_discussed_yields_even_from_the_capabilities_answer() -> None:
    slots = {"current_role": "mlops_engineer", "user_role": "mle", "last_topic": "transition"}
    found = ids_for(ActionCapabilities(), "what do i need to add", "ask_capabilities", **slots)
    assert transition_ids("mle", "mlops_engineer") <= found


def test_which_to_tackle_first_after_a_move_is_about_the_move_not_the_two_roles() -> None:
    slots = {"current_role": "mle", "user_role": "data_scientist", "last_topic": "transition"}
    found = ids_for(
        ActionLearningResources(),
        "which of those should i tackle first",
        "ask_learning_resources",
        discussed_roles=["data_scientist", "mle"],
        **slots,
    )
    assert "transition:data_scientist--mle:to_add:0" in found
    assert not any(fact.startswith("contrast:") for fact in found)
    # Only what to add: what carries over was not asked again.
    assert not any(":carries_over:" in fact for fact in found)


def test_the_same_question_about_another_role_keeps_the_kind_of_question() -> None:
    found = ids_for(
        ActionSearchFacts(),
        "and if i'm going for data engineering roles?",
        "ask_role_overview",
        current_role="mle",
        last_topic="portfolio",
    )
    projects = {f"project:{p['id']}" for p in content.entries("projects") if "data_engineer" in p["roles"]}
    assert projects and projects <= found


def test_wanting_both_ends_of_a_dimension_gets_the_role_that_has_both() -> None:
    both = {f["role"] for f in content.entries("role_fit") if f["dimension"] == "work" and f["pole"] == "both"}
    message, _ = run_message(
        ActionRoleFit(),
        make_tracker(
            "is there a job where i get research AND building in the same role? i dont want to pick", "ask_role_fit"
        ),
    )
    best = message["fact_ids"][0].split(":")[1]
    assert best in both


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        # The field names the role that works in it.
        ("in which order should i learn the mlops pieces?", "ask_how_to_become", "role:mlops_engineer:path:0"),
        # "study first" asks for the steps, not for degrees.
        ("future business analyst here, what should i study first", "ask_education", "role:business_analyst:path:0"),
        ("grad student wanting to be an applied scientist, how do i get a foot in the door", "ask_education",
         "role:applied_scientist:path:0"),
        ("for ai engineering do i start with linear algebra or with prompts?", "ask_skill_importance",
         "role:ai_engineer:path:0"),
    ],
)  # fmt: skip
def test_where_to_start_is_answered_with_the_steps(text: str, intent: str, expected: str) -> None:
    assert expected in ids_for(ActionCareerPath(), text, intent)


def test_a_move_said_in_full_with_a_degree_question_is_the_move() -> None:
    found = ids_for(
        ActionEducation(),
        "im an ml engineer, could i become a research scientist, and would i need a phd for that",
        "ask_education",
    )
    assert transition_ids("mle", "research_scientist") <= found


def test_an_aspect_the_sources_do_not_compare_is_admitted_before_the_general_comparison() -> None:
    _, aspects = content.contrast("data_engineer", "research_scientist")
    assert not any("tool" in name.lower() for name, _, _ in aspects)  # the premise: no tools aspect stored
    message, _ = run_message(
        ActionCompareRoles(),
        make_tracker(
            "what tools does each one use", "compare_roles", discussed_roles=["data_engineer", "research_scientist"]
        ),
    )
    assert message["text"].startswith("My sources don't compare Data Engineers and Research Scientists on tools.")
    assert "contrast:data_engineer--research_scientist" in message["fact_ids"]


def test_an_aspect_the_sources_do_compare_is_not_denied() -> None:
    message, _ = run_message(
        ActionCompareRoles(),
        make_tracker(
            "and what kind of data does each one work with",
            "compare_roles",
            discussed_roles=["data_engineer", "research_scientist"],
        ),
    )
    assert "don't compare" not in message["text"]
    assert message["text"].startswith("Data Engineer vs Research Scientist, on data:")


def test_whether_another_role_falls_under_the_same_figures_is_that_roles_figures() -> None:
    occupations = content.entries("role_occupations")
    closest = next(o["code"] for o in occupations if o["role"] == "mlops_engineer" and o["closeness"] == "closest")
    found = ids_for(
        ActionCompareRoles(),
        "do mlops engineers fall under those same figures?",
        "compare_roles",
        current_role="software_engineer",
        last_topic="outlook",
    )
    assert f"role-occupation:mlops_engineer:{closest}" in found


def test_three_roles_and_an_aspect_get_the_matching_duty_of_each() -> None:
    papers = {
        role: next(i for i, duty in enumerate(content.duties(role)) if "publi" in duty.lower())
        for role in ("applied_scientist", "research_scientist")
    }
    message, _ = run_message(
        ActionCompareRoles(),
        make_tracker(
            "applied scientist, research scientist, data scientist: which of them publish papers?", "compare_roles"
        ),
    )
    assert {f"role:{role}:duty:{index}" for role, index in papers.items()} <= set(message["fact_ids"])
    assert message["text"].startswith("What the sources say each does on that:")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("does an ai engineer train their own models the way a data scientist does?", "ai_engineer--data_scientist"),
        ("what gets tested in ml engineering that a normal software engineer wouldnt test", "mle--software_engineer"),
        (
            "who actually sets up the docker and airflow stuff, the mle or the applied scientist",
            "mle--applied_scientist",
        ),
        (
            "what tasks does an ml engineer do that a software engineer doesnt, and vice versa?",
            "mle--software_engineer",
        ),
    ],
)
def test_two_roles_set_against_each_other_in_passing_are_compared(text: str, pair: str) -> None:
    found = ids_for(ActionDescribeRole(), text, "ask_role_overview")
    assert any(fact.startswith(f"contrast:{pair}") for fact in found)


def test_that_title_points_at_the_role_just_discussed_not_at_a_choice() -> None:
    # "people" is a stakeholder word, yet nobody is asking which role suits them here.
    found = ids_for(
        ActionRoleFit(), "where do people with that title work?", "ask_role_fit", current_role="applied_scientist"
    )
    assert found == {"role:applied_scientist:workplace"}


def test_a_plain_question_set_aside_is_about_the_role_just_discussed() -> None:
    found = ids_for(
        ActionSearchFacts(),
        "are companies actually hiring for that?",
        "nlu_fallback",
        current_role="business_analyst",
        last_topic="certifications",
    )
    assert any(fact.startswith("role:business_analyst:outlook:") for fact in found)
    assert not any(fact.startswith("certification") for fact in found)


def test_what_carries_over_from_the_users_role_keeps_the_aim_already_discussed() -> None:
    found = ids_for(
        ActionOutOfScope(),
        "ok. so what from my swe experience carries over?",
        "out_of_scope",
        user_role="software_engineer",
        current_role="mle",
        last_topic="transition",
    )
    assert "transition:software_engineer--mle:carries_over:0" in found
    assert not any(":to_add:" in fact for fact in found)


def test_a_field_named_as_the_aim_is_the_role_that_works_in_it() -> None:
    text = "i work as an ml engineer but i'd love to do actual research. is that realistic?"
    found = ids_for(ActionRoleFit(), text, "ask_role_fit")
    assert "transition:mle--research_scientist" in found


def test_both_halves_of_a_list_that_shares_its_last_word_are_answered() -> None:
    message, _ = run_message(
        ActionCompareRoles(),
        make_tracker(
            "supervised vs unsupervised learning - difference?",
            "compare_roles",
            entities=[("term", "unsupervised_learning")],  # NLU tags the one it knows; the order is the text's
        ),
    )
    terms = [fact for fact in message["fact_ids"] if fact.count(":") == 1]
    assert terms == ["term:supervised_learning", "term:unsupervised_learning"]
    text = "python vs r for a data scientist, do i have to learn both?"
    found = ids_for(ActionCheckSkill(), text, "ask_skill_importance")
    assert {"role:data_scientist:skill:python", "role:data_scientist:skill:r"} <= found


def test_a_credential_without_an_entry_gets_the_facts_that_name_it() -> None:
    text = "how long does the google data analytics certificate take to finish?"
    message, _ = run_message(ActionCertifications(), make_tracker(text, "ask_certifications"))
    assert {"education:data_analyst:without_degree:0", "certification-value:4"} <= set(message["fact_ids"])
    assert message["text"].startswith("What my sources say about the google data analytics certificate")
    # A lone issuer could mean any of its credentials: the role's list, not a guess.
    found = ids_for(ActionCertifications(), "how long does that google certificate take?", "ask_certifications")
    assert "certification-value:4" not in found


def test_a_question_an_employers_example_answers_gets_that_example_even_as_a_first_message() -> None:
    employer = next(e for e in content.entries("employers") if e["id"] == "streaming-media")
    index = next(i for i, example in enumerate(employer["examples"]) if "Amazon Music" in example["text"])
    message, _ = run_message(
        ActionOutOfScope(), make_tracker("how does amazon music rank search results", "out_of_scope")
    )
    examples = [fact for fact in message["fact_ids"] if ":example:" in fact]
    assert examples[0] == f"employer:streaming-media:example:{index}", "the example asked about comes first"
    # Naming the company in an everyday request is not enough.
    assert ids_for(ActionOutOfScope(), "play something on netflix", "out_of_scope") == set()


def test_who_employs_a_role_starts_with_where_it_works() -> None:
    message, _ = run_message(
        ActionEmployers(), make_tracker("who employs them mostly?", "ask_employers", current_role="research_scientist")
    )
    assert message["fact_ids"][0] == "role:research_scientist:workplace"
    assert any(fact.startswith("employer:") for fact in message["fact_ids"])


def test_a_roles_own_ladder_comes_with_the_levels() -> None:
    index = next(i for i, text in enumerate(content.career("applied_scientist", "path")) if "management track" in text)
    found = ids_for(ActionLevels(), "is there a management track for applied scientists", "ask_levels")
    assert f"role:applied_scientist:path:{index}" in found
    assert any(fact.startswith("level:") for fact in found)


def test_who_runs_a_thing_is_answered_with_the_duties_that_name_it() -> None:
    owners = {
        f"role:{role_id}:duty:{i}"
        for role_id in content.role_ids()
        for i, duty in enumerate(content.duties(role_id))
        if "feature store" in duty.lower()
    }
    assert owners, "the content names who runs a feature store"
    found = ids_for(
        ActionDefineTerm(), "who usually runs one of those", "ask_term", named_things=["term:feature_store"]
    )
    assert found == owners


def test_a_kind_of_question_in_the_shape_of_a_title_is_not_an_unknown_role() -> None:
    message, _ = run_message(
        ActionCertifications(),
        make_tracker("would a certification make up for not having one?", "ask_certifications", current_role="mle"),
    )
    assert "know the role" not in message["text"]
    assert any(fact.startswith("certification") for fact in message["fact_ids"])


def test_a_skill_named_without_a_role_is_described_even_when_nlu_set_the_message_aside() -> None:
    assert ids_for(ActionOutOfScope(), "lisp: dead or alive when it comes to ai work?", "out_of_scope") == {
        "skill:lisp"
    }


def test_a_term_inside_a_skills_name_gives_way_to_the_skill() -> None:
    found = ids_for(ActionDefineTerm(), "what is inference optimization, like quantization and caching", "ask_term")
    assert found == {"skill:inference_optimization"}


def test_where_to_learn_a_skill_leads_with_a_resource_for_that_skill() -> None:
    teaching = {entry["id"] for entry in content.entries("resources") if "pytorch" in entry["skills"]}
    message, _ = run_message(
        ActionCheckSkill(), make_tracker("ok, so where should i learn pytorch instead", "ask_skill_importance")
    )
    assert message["fact_ids"][0].removeprefix("resource:") in teaching


def test_a_role_without_resources_on_file_gets_its_first_steps() -> None:
    assert not [entry for entry in content.entries("resources") if "business_analyst" in entry["roles"]]
    steps = content.career("business_analyst", "path")
    text = "any learning resources for business analysts?"
    found = ids_for(ActionLearningResources(), text, "ask_learning_resources")
    assert {f"role:business_analyst:path:{i}" for i in range(len(steps))} <= found


def test_what_is_missing_beyond_the_skills_the_user_knows_is_the_targets_key_skills() -> None:
    text = "i know python and pandas, what am i missing for ml engineering?"
    message, _ = run_message(ActionCheckSkill(), make_tracker(text, "ask_skill_importance"))
    links = [fact.split(":")[3] for fact in message["fact_ids"] if fact.startswith("role:mle:skill:")]
    key = set(content.role_skill_ids("mle", "essential")) | set(content.role_skill_ids("mle", "important"))
    assert links, "the answer lists what to add"
    assert set(links) <= key - {"python", "pandas"}
    assert links[0] in content.role_skill_ids("mle", "essential")
    assert message["text"].startswith("What machine learning engineers need beyond Python and pandas")


def test_two_fields_side_by_side_get_the_figures_of_both_roles() -> None:
    text = "software engineering or ml - which has the better growth outlook over the next decade?"
    found = ids_for(ActionCareerOutlook(), text, "ask_career_outlook")
    assert any(fact.startswith("role:software_engineer:outlook:") for fact in found)
    assert any(fact.startswith("role:mle:outlook:") for fact in found)


def test_a_degree_for_the_move_just_discussed_is_answered_with_what_the_move_adds() -> None:
    found = ids_for(
        ActionEducation(),
        "would i need a phd for that",
        "ask_education",
        user_role="mle",
        current_role="research_scientist",
        last_topic="transition",
    )
    assert transition_ids("mle", "research_scientist") <= found


def test_a_degree_named_without_a_role_is_an_education_question() -> None:
    found = ids_for(
        ActionCareerPath(),
        "if i want to work in machine learning, is going for a phd the right move?",
        "ask_how_to_become",
    )
    assert found and all(fact.startswith("education:mle:") for fact in found)


def test_whether_employers_insist_on_a_degree_right_after_one_was_discussed_is_about_education() -> None:
    found = ids_for(
        ActionEmployers(),
        "do big companies still insist on one?",
        "ask_employers",
        current_role="software_engineer",
        last_topic="education",
    )
    assert found and all(fact.startswith("education:software_engineer:") for fact in found)


def test_a_retired_certification_comes_with_the_ones_that_took_its_place() -> None:
    cert = next(c for c in content.entries("certifications") if c["id"] == "aws-ml-specialty")
    assert cert["status"]["value"] == "retired"
    found = ids_for(
        ActionCertifications(), "is the aws ml specialty still the aws one to aim for?", "ask_certifications"
    )
    assert {"certification:aws-ml-specialty:status", "certification:aws-ml-engineer-associate:status"} <= found


def test_a_certification_named_loosely_is_that_certification_and_it_can_be_referred_back_to() -> None:
    text = "is there still an azure data scientist certification?"
    message, events = run_message(ActionCertifications(), make_tracker(text, "ask_certifications"))
    assert message["fact_ids"][:2] == [
        "certification:azure-data-scientist-associate:status",
        "certification:azure-data-scientist-associate:about",
    ]
    named = next(event["value"] for event in events if event.get("name") == "named_things")
    found = ids_for(ActionDefineTerm(), "what replaced it", "ask_term", named_things=named)
    assert "certification:azure-mlops-engineer-associate:about" in found


def test_which_field_pays_better_gets_the_pay_of_both() -> None:
    found = ids_for(ActionCompareRoles(), "data engineering or data science, which one pays better?", "compare_roles")
    assert {"occupation:15-1243.00:median_pay", "occupation:15-2051.00:median_pay"} <= found


def test_a_kind_of_employer_named_with_a_role_comes_first_among_those_hiring_it() -> None:
    message, _ = run_message(
        ActionEmployers(), make_tracker("what does a data engineer at a bank work on?", "ask_employers")
    )
    hiring = [fact.split(":")[1] for fact in message["fact_ids"] if fact.startswith("employer:")]
    assert hiring[0] == "finance-payments"
    assert len(set(hiring)) > 1, "the other employers stay"


def test_two_roles_without_a_sourced_comparison_are_still_the_two_under_discussion() -> None:
    text = "how do research scientists and applied scientists differ in what they ship?"
    _, events = run_message(ActionCompareRoles(), make_tracker(text, "compare_roles"))
    discussed = next(event["value"] for event in events if event.get("name") == "discussed_roles")
    assert discussed == ["research_scientist", "applied_scientist"]


def test_a_skill_asked_about_on_the_job_is_that_skill_even_when_interviews_are_mentioned() -> None:
    found = ids_for(
        ActionInterview(),
        "is probability something data scientists use on the job or only an interview topic?",
        "ask_interview",
    )
    assert "role:data_scientist:skill:probability" in found
    assert not any(fact.startswith("interview:") for fact in found)


def test_an_analogy_between_two_roles_is_answered_by_setting_them_side_by_side() -> None:
    found = ids_for(
        ActionDescribeRole(),
        "a data engineer builds the roads and a data scientist drives on them, does that analogy work?",
        "ask_role_overview",
    )
    assert any(fact.startswith("contrast:data_scientist--data_engineer") for fact in found), found


@pytest.mark.parametrize(
    ("text", "role_id"),
    [
        ("so what's a data engineer, is it just writing sql all day?", "data_engineer"),
        ("is a data analyst basically just an excel person who makes charts", "data_analyst"),
    ],
)
def test_a_caricature_of_a_role_is_answered_with_what_the_role_does(text: str, role_id: str) -> None:
    # NLU reads the skill the caricature names; the question is what the role is.
    found = ids_for(ActionCheckSkill(), text, "ask_skill_importance")
    assert f"role:{role_id}:summary" in found, found
    assert not any(":skill:" in fact for fact in found)


def test_a_question_about_a_rung_of_the_ladder_set_aside_by_nlu_gets_the_career_levels() -> None:
    found = ids_for(ActionOutOfScope(), "how long do most people stay at the senior level?", "out_of_scope")
    assert {"level:junior", "level:senior"} <= found, found
    # A level named outside a question is still not a career question.
    assert ids_for(ActionOutOfScope(), "book me a table at a senior level restaurant", "out_of_scope") == set()


def test_whats_their_deal_about_one_role_asks_what_the_role_does() -> None:
    found = ids_for(ActionLevels(), "the data analyst folks, what's their deal", "ask_levels")
    assert "role:data_analyst:summary" in found, found
    assert not any(fact.startswith("level:") for fact in found)
