"""What the benchmark says to the assistant: multi-turn conversations with follow-ups, greetings,
one long conversation, and the direct action-server call that matches a knowledge turn."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import yaml

from bot import answers
from bot.settings import PROJECT_ROOT

# Every turn here runs a custom action that reads the knowledge base; the follow-ups ("and a data
# scientist?", "how is that different ...") depend on slots the previous turn set.
CONVERSATIONS: list[list[str]] = [
    [
        "what skills does an MLE need?",
        "and a data scientist?",
        "how is that different from a data engineer?",
        "what does a data engineer do?",
        "do they need docker?",
    ],
    [
        "what does a machine learning engineer do?",
        "where do they work?",
        "how is an ML engineer different from a software engineer?",
        "and from an MLOps engineer?",
        "how do I become one?",
    ],
    [
        "which skills does a research scientist need?",
        "and a data analyst?",
        "what is feature engineering?",
        "what does a data analyst do?",
        "how is that different from a data scientist?",
    ],
]

# Turns Rasa answers from the domain alone: no action server, no database.
GREETINGS: list[list[str]] = [["hello", "hi there", "hey", "good morning", "hi"]]

# The knowledge turn that the direct action-server call and the knowledge-layer "turn" query mirror.
KNOWLEDGE_TURN = {"text": "what skills does an MLE need?", "intent": "ask_role_skills", "role": "mle"}


def long_conversation(turns: int) -> list[str]:
    """One conversation of `turns` turns cycling through the scripted conversations."""
    return list(itertools.islice(itertools.cycle(itertools.chain(*CONVERSATIONS)), turns))


def action_call(action: str = "action_list_skills", turn: dict[str, str] = KNOWLEDGE_TURN) -> dict[str, Any]:
    """The JSON body Rasa posts to the action server for one knowledge turn."""
    sender = str(uuid.uuid4())
    return {
        "next_action": action,
        "sender_id": sender,
        "tracker": {
            "sender_id": sender,
            "slots": {},
            "latest_message": {
                "text": turn["text"],
                "intent": {"name": turn["intent"], "confidence": 1.0},
                "entities": [{"entity": "role", "value": turn["role"]}],
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": {},
        "version": "3.6.2",
    }


def failure_texts() -> list[str]:
    """Replies that apologise for a failure (action server, database or conversation store down): errors."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    apologies = (answers.UNAVAILABLE_RESPONSE, answers.CONVERSATION_UNAVAILABLE_RESPONSE)
    return [str(item["text"]) for name in apologies for item in domain["responses"][name]]
