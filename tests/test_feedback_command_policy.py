"""A typed `/feedback` runs the feedback action, whatever intent NLU read in it, and then the bot listens."""

from __future__ import annotations

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.feedback_command_policy import next_action
from bot.settings import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


def tracker(*events: Event) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("user", list(events), slots=DOMAIN.slots)


def typed(text: str, intent: str = "ask_capabilities") -> UserUttered:
    # NLU reads "/feedback up" as anything; a live message carries a message id.
    return UserUttered(text, {"name": intent, "confidence": 0.6}, message_id="b1946ac92492d2347c6235b4d2611184")


def test_the_command_runs_the_feedback_action_whatever_nlu_read() -> None:
    for text in ("/feedback", "/feedback up", '/feedback{"rating":"down","reason":"wrong role"}'):
        assert next_action(tracker(ActionExecuted("action_listen"), typed(text))) == "action_record_feedback"


def test_after_the_feedback_reply_the_bot_listens() -> None:
    replied = tracker(
        ActionExecuted("action_listen"),
        typed("/feedback up"),
        ActionExecuted("action_record_feedback", policy="FeedbackCommandPolicy", confidence=1.0),
        BotUttered("Thanks for the feedback."),
    )
    assert next_action(replied) == "action_listen"


def test_a_feedback_action_that_failed_leaves_the_turn_to_the_apology() -> None:
    # The action server was down: nothing was said, so UnansweredTurnPolicy must get to apologise.
    failed = tracker(
        ActionExecuted("action_listen"),
        typed("/feedback up"),
        ActionExecuted("action_record_feedback", policy="FeedbackCommandPolicy", confidence=1.0),
    )
    assert next_action(failed) is None


def test_other_messages_and_actions_are_left_to_the_other_policies() -> None:
    assert next_action(tracker(ActionExecuted("action_listen"), typed("what is feedback?"))) is None
    answered = tracker(
        ActionExecuted("action_listen"),
        typed("what skills does an MLE need?", "ask_role_skills"),
        ActionExecuted("action_list_skills", policy="RulePolicy", confidence=1.0),
        BotUttered("Skills machine learning engineers need: ..."),
    )
    assert next_action(answered) is None
