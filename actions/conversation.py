"""What an action needs from the conversation, read once from the tracker, and how replies go out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker

from bot.answers import Reply, Suggestion
from bot.knowledge.queries import KnowledgeBase
from bot.settings import load_settings

ROLE_SLOT = "current_role"
SKILL_SLOT = "current_skill"
TOPIC_SLOT = "last_topic"
ROLES_SLOT = "discussed_roles"
USER_ROLE_SLOT = "user_role"  # the role the user says they have now ("I'm a data analyst")
NAMED_SLOT = "named_things"  # what the last answer was about, as "certification:dp-100" or "term:model_drift"


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """One engine per action-server process; every request still gets its own session."""
    return KnowledgeBase.from_url(load_settings().database_url)


@dataclass(frozen=True)
class ConversationContext:
    text: str
    intent: str | None
    role_mentions: tuple[str, ...] = ()
    start_mentions: tuple[str, ...] = ()  # roles tagged as where the user is now ("I'm a data analyst")
    target_mentions: tuple[str, ...] = ()  # roles tagged as where they want to go
    skill_mentions: tuple[str, ...] = ()
    term_mentions: tuple[str, ...] = ()
    current_role: str | None = None
    current_skill: str | None = None
    last_topic: str | None = None
    discussed_roles: tuple[str, ...] = ()
    user_role: str | None = None
    named_things: tuple[str, ...] = ()

    @property
    def in_conversation(self) -> bool:
        """Whether earlier turns left something to refer back to ("how do I become one?")."""
        return bool(self.current_role or self.last_topic or self.user_role)

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> ConversationContext:
        message = tracker.latest_message or {}

        def values(entity: str, role: str | None = None) -> tuple[str, ...]:
            found = [
                str(item.get("value"))
                for item in message.get("entities", [])
                if item.get("entity") == entity and (role is None or item.get("role") == role)
            ]
            return tuple(dict.fromkeys(value for value in found if value and value != "None"))

        return cls(
            text=message.get("text") or "",
            intent=(message.get("intent") or {}).get("name"),
            role_mentions=values("role"),
            start_mentions=values("role", "from"),
            target_mentions=values("role", "to"),
            skill_mentions=values("skill"),
            term_mentions=values("term"),
            current_role=tracker.get_slot(ROLE_SLOT),
            current_skill=tracker.get_slot(SKILL_SLOT),
            last_topic=tracker.get_slot(TOPIC_SLOT),
            discussed_roles=tuple(tracker.get_slot(ROLES_SLOT) or ()),
            user_role=tracker.get_slot(USER_ROLE_SLOT),
            named_things=tuple(tracker.get_slot(NAMED_SLOT) or ()),
        )


def payload(suggestion: Suggestion) -> str:
    """Intent payloads skip NLU, so a button always asks exactly what its title says."""
    entities = json.dumps(suggestion.entities, separators=(",", ":")) if suggestion.entities else ""
    return f"/{suggestion.intent}{entities}"


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """The reply's text and buttons, and beside them what it claims: the fact ids and the kind of reply.

    Those two travel as message metadata: Rasa keeps them on the bot event, the web channel passes them
    to the widget, and the REST channel (which `rasa shell` reads) leaves them out.
    """
    buttons = [{"title": suggestion.title, "payload": payload(suggestion)} for suggestion in reply.suggestions]
    dispatcher.utter_message(
        text=reply.text, buttons=buttons, fact_ids=list(reply.fact_ids), answer_kind=reply.kind.value
    )
