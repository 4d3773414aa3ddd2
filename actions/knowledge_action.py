"""The base every knowledge-answering action shares: one session per request, failures become an apology."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from dataclasses import replace

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.answer import Answer
from actions.conversation import ConversationContext, knowledge_base, send
from bot import answers
from bot.answers import UNAVAILABLE_RESPONSE
from bot.knowledge.database import KnowledgeBaseUnavailable
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import RoleRef
from bot.mentions import about_careers, stated_current_role, task_request

logger = logging.getLogger(__name__)


def moving_on(reader: KnowledgeReader, context: ConversationContext, stated: RoleRef) -> bool:
    """Whether a message that says where the user is now also names another role to go to."""
    named = [role for role in reader.roles_mentioned(context.text) if role != stated]
    return bool(named or [value for value in context.target_mentions if value != stated.id])


class KnowledgeAction(Action, ABC):
    """Subclasses name themselves and answer; this class owns threading, sessions and failure handling.

    Abstract, so rasa_sdk's registry skips it and lists only the concrete actions.
    """

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer: ...

    # Actions that answer whatever the message asks: a request to do a task is declined before them.
    answers_tasks = False
    # The action that answers a move between roles; every other one hands such a message to it.
    answers_moves = False

    def answer_in_session(self, context: ConversationContext) -> Answer:
        with knowledge_base().reader() as reader:
            if not self.answers_tasks and task_request(context.text):
                # "Write me the SQL...", "find me data engineer jobs": a task, not a career question.
                return Answer(answers.out_of_scope(reader.all_roles()))
            tagged = context.role_mentions or context.skill_mentions or context.term_mentions
            if not (self.answers_tasks or context.in_conversation or tagged or about_careers(reader, context.text)):
                # A first message with no word of the subject ("when is my next payday") is not ours.
                return Answer(answers.out_of_scope(reader.all_roles()))
            stated = stated_current_role(reader, context.text, context.start_mentions)
            if stated is not None and not self.answers_moves and moving_on(reader, context, stated):
                # "Been a data engineer for years and eyeing ML engineering": a move, whatever NLU read.
                from actions.learning import transition  # here: actions.learning builds on this module

                answer = transition(reader, context)
            else:
                answer = self.answer(reader, context)
            if stated is not None and answer.user_role is None:
                answer = replace(answer, user_role=stated.id)
            return answer

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        context = ConversationContext.from_tracker(tracker)
        try:
            # Database calls block; running them in a thread keeps other conversations moving.
            answer = await asyncio.get_running_loop().run_in_executor(None, self.answer_in_session, context)
        except KnowledgeBaseUnavailable as error:
            logger.error("%s could not reach the knowledge base: %s", self.name(), error)
        except Exception:  # the user must get a reply whatever went wrong
            logger.exception("%s failed on message %r", self.name(), context.text[:200])
        else:
            send(dispatcher, answer.reply)
            return answer.events()
        # The apology is a domain response, worded once, shared with the policy for a dead action server.
        dispatcher.utter_message(response=UNAVAILABLE_RESPONSE)
        return []
