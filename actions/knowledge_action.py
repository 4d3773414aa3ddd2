"""The base every knowledge-answering action shares: one session per request, failures become an apology."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ROLE_SLOT, SKILL_SLOT, TOPIC_SLOT, ConversationContext, knowledge_base, send
from bot import answers
from bot.answers import Reply
from bot.knowledge.database import KnowledgeBaseUnavailable
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import RoleRef
from bot.knowledge.text import follow_up_phrase, role_phrase

logger = logging.getLogger(__name__)

DEFAULT_ROLE = "mle"
FOLLOW_UP_INTENT = "inform_role"


@dataclass(frozen=True)
class Answer:
    """A reply plus what the conversation should remember for follow-ups."""

    reply: Reply
    role: str | None = None
    skill: str | None = None
    topic: str | None = None

    def events(self) -> list[EventType]:
        remembered: list[EventType] = []
        if self.role:
            remembered.append(SlotSet(ROLE_SLOT, self.role))
        if self.skill:
            remembered.append(SlotSet(SKILL_SLOT, self.skill))
        if self.topic:
            remembered.append(SlotSet(TOPIC_SLOT, self.topic))
        return remembered


@dataclass(frozen=True)
class RoleChoice:
    """The roles a message is about: known ones resolved, unknown names kept to say so honestly."""

    known: list[RoleRef] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def roles_in(reader: KnowledgeReader, context: ConversationContext) -> RoleChoice:
    known: list[RoleRef] = []
    unknown: list[str] = []
    for mention in context.role_mentions:
        role = reader.resolve_role(mention)
        if role is None:
            unknown.append(mention)
        elif role not in known:
            known.append(role)
    # NLU can miss a role the text names plainly; the knowledge base's aliases catch it.
    for role in reader.roles_mentioned(context.text):
        if role not in known:
            known.append(role)
    if not known and not unknown:
        # A terse follow-up ("and a plumber?") names a role and nothing else.
        phrase = role_phrase(context.text) or (
            follow_up_phrase(context.text) if context.intent == FOLLOW_UP_INTENT else None
        )
        if phrase and reader.resolve_role(phrase) is None:
            unknown.append(phrase)
    return RoleChoice(known, unknown)


def role_in_focus(reader: KnowledgeReader, context: ConversationContext) -> RoleRef | str:
    """The role a question is about; an unknown role name is returned as a string."""
    choice = roles_in(reader, context)
    if choice.known:
        return choice.known[0]
    if choice.unknown:
        return choice.unknown[0]
    remembered = reader.role(context.current_role) if context.current_role else None
    return remembered or reader.role(DEFAULT_ROLE)


class KnowledgeAction(Action):
    """Subclasses implement `answer`; this class owns threading, sessions and failure handling."""

    action_name: str = ""
    topic: str | None = None

    def name(self) -> str:
        return self.action_name

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        raise NotImplementedError

    def answer_in_session(self, context: ConversationContext) -> Answer:
        with knowledge_base().reader() as reader:
            return self.answer(reader, context)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        context = ConversationContext.from_tracker(tracker)
        try:
            # Database calls block; running them in a thread keeps other conversations moving.
            answer = await asyncio.get_running_loop().run_in_executor(None, self.answer_in_session, context)
        except KnowledgeBaseUnavailable as error:
            logger.error("%s could not reach the knowledge base: %s", self.name(), error)
            answer = Answer(answers.unavailable())
        except Exception:  # noqa: BLE001 - the user must get a reply whatever went wrong
            logger.exception("%s failed on message %r", self.name(), context.text[:200])
            answer = Answer(answers.unavailable())
        send(dispatcher, answer.reply)
        return answer.events()


def unknown_role_answer(reader: KnowledgeReader, name: str) -> Answer:
    return Answer(answers.unknown_role(name, reader.all_roles()))


class RoleQuestionAction(KnowledgeAction):
    """A question about one role: resolves which role, and admits it when the role is unknown."""

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        role = role_in_focus(reader, context)
        if isinstance(role, str):
            return unknown_role_answer(reader, role)
        return self.answer_about(reader, role, context)

    def answer_about(self, reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
        raise NotImplementedError
