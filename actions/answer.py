"""What an answering function returns, and the topics a conversation can remember for follow-ups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from rasa_sdk.events import EventType, SlotSet

from actions.conversation import (
    NAMED_SLOT,
    ROLE_SLOT,
    ROLES_SLOT,
    SKILL_SLOT,
    TOPIC_SLOT,
    USER_ROLE_SLOT,
    ConversationContext,
)
from bot.answers import Reply
from bot.knowledge.queries import KnowledgeReader


class Topic(str, Enum):
    """The kind of question last answered; a terse follow-up ("and a data scientist?") asks it again."""

    OVERVIEW = "overview"
    WORKPLACE = "workplace"
    SKILLS = "skills"
    SKILL_CHECK = "skill_check"
    COMPARE = "compare"
    PATH = "path"
    BACKGROUND = "background"
    OUTLOOK = "outlook"
    SALARY = "salary"
    EDUCATION = "education"
    CERTIFICATIONS = "certifications"
    RESOURCES = "resources"
    PORTFOLIO = "portfolio"
    INTERVIEW = "interview"
    LEVELS = "levels"
    EMPLOYERS = "employers"
    FIT = "fit"
    TRANSITION = "transition"


@dataclass(frozen=True)
class Answer:
    """A reply plus what the conversation should remember for follow-ups."""

    reply: Reply
    role: str | None = None
    skill: str | None = None
    topic: Topic | None = None
    roles: tuple[str, ...] = ()  # every role the answer covered, for "which of them" / "the second one"
    user_role: str | None = None  # the role the user said they have now
    named: tuple[str, ...] = ()  # the certifications, resources or terms answered about, as "kind:id"

    def events(self) -> list[EventType]:
        remembered: list[EventType] = []
        if self.role:
            remembered.append(SlotSet(ROLE_SLOT, self.role))
        if self.roles:
            remembered.append(SlotSet(ROLES_SLOT, list(self.roles)))
        if self.user_role:
            remembered.append(SlotSet(USER_ROLE_SLOT, self.user_role))
        if self.skill:
            remembered.append(SlotSet(SKILL_SLOT, self.skill))
        if self.topic:
            remembered.append(SlotSet(TOPIC_SLOT, self.topic.value))
        if self.named or self.topic or self.role:
            # A new subject replaces what "it" referred to; a decline leaves it for after the detour.
            remembered.append(SlotSet(NAMED_SLOT, list(self.named) or None))
        return remembered


AnswerFunction = Callable[[KnowledgeReader, ConversationContext], Answer]

Found = TypeVar("Found")


class MissingKnowledge(LookupError):
    """The base lacks a record that its own references promise (a content bug, not a user error)."""


def required(found: Found | None, what: str) -> Found:
    """The record, or MissingKnowledge, which the action turns into an apology with the cause logged."""
    if found is None:
        raise MissingKnowledge(f"the knowledge base has no {what}")
    return found
