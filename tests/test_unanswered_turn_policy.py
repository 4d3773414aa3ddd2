"""When the action server is down Rasa would say nothing; the policy makes it apologise instead."""

from __future__ import annotations

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import RuleStep

from bot.settings import PROJECT_ROOT
from bot.unanswered_turn_policy import custom_action_failed_silently

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


def tracker(*events: Event) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("user", list(events), slots=DOMAIN.slots)


def live_message(text: str) -> UserUttered:
    return UserUttered(
        text, {"name": "ask_role_skills", "confidence": 1.0}, message_id="b1946ac92492d2347c6235b4d2611184"
    )


def test_a_custom_action_that_said_nothing_after_a_live_message_is_caught() -> None:
    failed = tracker(
        ActionExecuted("action_listen"),
        live_message("mle skills"),
        ActionExecuted("action_list_skills", policy="RulePolicy", confidence=1.0),
    )
    assert custom_action_failed_silently(failed)


def test_an_answered_turn_is_left_alone() -> None:
    answered = tracker(
        ActionExecuted("action_listen"),
        live_message("mle skills"),
        ActionExecuted("action_list_skills", policy="RulePolicy", confidence=1.0),
        BotUttered("Skills machine learning engineers need: ..."),
    )
    assert not custom_action_failed_silently(answered)


def test_after_the_apology_the_bot_listens_again() -> None:
    apologised = tracker(
        ActionExecuted("action_listen"),
        live_message("mle skills"),
        ActionExecuted("action_list_skills", policy="RulePolicy", confidence=1.0),
        ActionExecuted("utter_action_failed", policy="UnansweredTurnPolicy", confidence=1.0),
    )
    assert not custom_action_failed_silently(apologised)


def test_story_replays_without_message_ids_are_left_alone() -> None:
    # `rasa test` replays stories without recording bot replies; that must not look like a failure.
    replay = tracker(
        ActionExecuted("action_listen"),
        UserUttered("mle skills", {"name": "ask_role_skills", "confidence": 1.0}),
        ActionExecuted("action_list_skills", policy="RulePolicy", confidence=1.0),
    )
    assert not custom_action_failed_silently(replay)


def actions_of(step: RuleStep) -> list[str]:
    return [event.action_name for event in step.events if isinstance(event, ActionExecuted) and event.action_name]


def listens_after_apologising(rule: RuleStep) -> bool:
    actions = actions_of(rule)
    return any(
        action == "utter_action_failed" and actions[index + 1 : index + 2] == ["action_listen"]
        for index, action in enumerate(actions)
    )


def test_the_apology_is_a_domain_response_used_by_a_rule() -> None:
    assert DOMAIN.responses["utter_action_failed"][0]["text"].startswith("Sorry")
    reader = YAMLStoryReader(DOMAIN)
    rules = [
        step
        for path in sorted((PROJECT_ROOT / "data").rglob("*.yml"))
        if YAMLStoryReader.is_stories_file(path)
        for step in reader.read_from_file(path)
        if isinstance(step, RuleStep)
    ]
    assert rules, "no rules found under data/"
    # After the apology the bot waits for the user: a real rule step (not a comment) must say so.
    assert any(listens_after_apologising(rule) for rule in rules), "no rule listens after utter_action_failed"
