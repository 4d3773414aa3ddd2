"""What an action needs from the conversation, read once from the tracker, and how replies go out."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
    """One copy of the knowledge in memory per action-server process; every request gets its own session."""
    settings = load_settings()
    return KnowledgeBase.in_memory(settings.database_url, settings.knowledge_check_seconds)


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
        """Read defensively: a tracker from a client may carry a number as text, a list in a text slot
        or entities that are not objects, and each of those must read as "nothing said" here rather
        than fail later as if the knowledge base were down."""
        message = tracker.latest_message if isinstance(tracker.latest_message, dict) else {}
        entities = [item for item in message.get("entities") or [] if isinstance(item, dict)]
        intent = message.get("intent")

        def values(entity: str, role: str | None = None) -> tuple[str, ...]:
            found = [
                str(item.get("value"))
                for item in entities
                if item.get("entity") == entity and (role is None or item.get("role") == role)
            ]
            return tuple(dict.fromkeys(value for value in found if value and value != "None"))

        def text_slot(name: str) -> str | None:
            value = tracker.get_slot(name)
            return value if isinstance(value, str) and value else None

        def list_slot(name: str) -> tuple[str, ...]:
            value = tracker.get_slot(name)
            return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()

        text = message.get("text")
        return cls(
            text=text if isinstance(text, str) else "",
            intent=intent.get("name") if isinstance(intent, dict) and isinstance(intent.get("name"), str) else None,
            role_mentions=values("role"),
            start_mentions=values("role", "from"),
            target_mentions=values("role", "to"),
            skill_mentions=values("skill"),
            term_mentions=values("term"),
            current_role=text_slot(ROLE_SLOT),
            current_skill=text_slot(SKILL_SLOT),
            last_topic=text_slot(TOPIC_SLOT),
            discussed_roles=list_slot(ROLES_SLOT),
            user_role=text_slot(USER_ROLE_SLOT),
            named_things=list_slot(NAMED_SLOT),
        )


def payload(suggestion: Suggestion) -> str:
    """Intent payloads skip NLU, so a button always asks exactly what its title says."""
    entities = json.dumps(suggestion.entities, separators=(",", ":")) if suggestion.entities else ""
    return f"/{suggestion.intent}{entities}"


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """The reply's text and buttons, and beside them what it claims: the fact ids and the kind of reply.

    Those two travel as message metadata: Rasa keeps them on the bot event, the web channel passes them
    to the widget, and the REST channel (which `rasa shell` reads) leaves them out. So do the answer's id
    (what feedback names), its sources as a numbered list with the text that goes without them, and a
    yes/no answer's verdict (which a client shows first).
    """
    buttons = [{"title": suggestion.title, "payload": payload(suggestion)} for suggestion in reply.suggestions]
    cited: dict[str, Any] = {}
    if reply.fact_ids:
        # Feedback names the answer by this id; the server looks the answer up in the conversation.
        cited["answer_id"] = uuid.uuid4().hex
    if reply.sources:
        cited["sources"] = [
            {"number": number, "title": source.citation(), "url": web_link(source.url)}
            for number, source in enumerate(reply.sources, start=1)
        ]
        cited["text_without_sources"] = reply.text_without_sources
    if reply.verdict:
        cited["verdict"] = reply.verdict
    dispatcher.utter_message(
        text=reply.text, buttons=buttons, fact_ids=list(reply.fact_ids), answer_kind=reply.kind.value, **cited
    )


def web_link(url: str | None) -> str | None:
    """Only http(s) addresses become links in a client."""
    return url if url and url.lower().startswith(("https://", "http://")) else None
