"""The base every knowledge-answering action shares: one session per request, failures become an apology."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from dataclasses import replace
from weakref import WeakKeyDictionary

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.answer import Answer, AnswerFunction
from actions.conversation import ConversationContext, knowledge_base, send
from bot import answers
from bot.answers import UNAVAILABLE_RESPONSE
from bot.knowledge.database import KnowledgeBaseUnavailable
from bot.knowledge.queries import KnowledgeReader
from bot.mentions import (
    Mentions,
    about_careers,
    read_mentions,
    stated_current_role,
    task_request,
    with_things_discussed,
)
from bot.question_focus import Focus, focus_of

logger = logging.getLogger(__name__)


# Mentions read once per request: choosing the focus and answering both need them. The reader lives
# for one request (one session), so the entry goes with it.
_READ: WeakKeyDictionary[KnowledgeReader, dict[ConversationContext, Mentions]] = WeakKeyDictionary()


def mentions_in(reader: KnowledgeReader, context: ConversationContext) -> Mentions:
    """What the message names, NLU's entities first."""
    read = _READ.setdefault(reader, {})
    if context not in read:
        named = read_mentions(
            reader,
            context.text,
            role_values=context.role_mentions,
            start_values=context.start_mentions,
            target_values=context.target_mentions,
            skill_values=context.skill_mentions,
        )
        read[context] = with_things_discussed(named, context.text, context.named_things)
    return read[context]


# Foci that only a message about this assistant's subject has (a role, a skill, a term, a credential);
# a kind of employer ("factory") or "what do I do next" can come from any everyday request.
SUBJECT_FOCUS = frozenset(
    {
        Focus.MOVE,
        Focus.SKILL,
        Focus.FIT,
        Focus.DEFINITION,
        Focus.COMPARE,
        Focus.PAY,
        Focus.OUTLOOK,
        Focus.EDUCATION,
        Focus.CERTIFICATION,
        Focus.RESOURCE,
        Focus.OVERVIEW,
        Focus.WORKPLACE,
        Focus.SKILLS,
        Focus.BACKGROUND,
        Focus.OWNER,
    }
)


def focused_answer(focus: Focus) -> AnswerFunction:
    """The answer for a focus the message's words demand."""
    # Imported here: these modules define actions, so they build on this one.
    from actions.career import career_background, career_outlook, salary
    from actions.comparison import compare_roles
    from actions.follow_up import answer_follow_up
    from actions.glossary import define_term
    from actions.learning import (
        certifications,
        education,
        interview,
        learning_resources,
        levels,
        named_certifications,
        named_employers,
        named_resources,
        portfolio,
        role_fit,
        transition,
    )
    from actions.roles import describe_role, describe_workplace, who_does
    from actions.skills import check_skill, list_skills

    return {
        Focus.MOVE: transition,
        Focus.SKILL: check_skill,
        Focus.FIT: role_fit,
        Focus.CERTIFICATION: named_certifications,
        Focus.RESOURCE: named_resources,
        Focus.DEFINITION: define_term,
        Focus.LEVELS: levels,
        Focus.EMPLOYER: named_employers,
        Focus.START: learning_resources,
        Focus.EDUCATION: education,
        Focus.COMPARE: compare_roles,
        Focus.PAY: salary,
        Focus.OUTLOOK: career_outlook,
        Focus.OVERVIEW: describe_role,
        Focus.WORKPLACE: describe_workplace,
        Focus.SKILLS: list_skills,
        Focus.BACKGROUND: career_background,
        Focus.READING: learning_resources,
        Focus.PORTFOLIO: portfolio,
        Focus.FOLLOW_UP: answer_follow_up,
        Focus.CERTIFICATIONS: certifications,
        Focus.INTERVIEW: interview,
        Focus.OWNER: who_does,
    }[focus]


def _payload_values_known(reader: KnowledgeReader, context: ConversationContext) -> bool:
    """Whether every role, skill and term a request payload names is in the knowledge base."""
    return (
        all(reader.resolve_role(value) is not None for value in context.role_mentions)
        and all(reader.resolve_skill(value) is not None for value in context.skill_mentions)
        and all(reader.resolve_term(value) is not None for value in context.term_mentions)
    )


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
    # The focus this action answers itself; a message whose words demand another focus goes there.
    focus: Focus | None = None

    def answer_in_session(self, context: ConversationContext) -> Answer:
        with knowledge_base().reader() as reader:
            if context.text.startswith("/") and not _payload_values_known(reader, context):
                # "/ask_role_overview{"role": "<script>"}": buttons only send values the base knows.
                return Answer(answers.unknown_request_value(reader.all_roles()))
            if not self.answers_tasks and task_request(context.text):
                # "Write me the SQL...", "find me data engineer jobs": a task, not a career question.
                return Answer(answers.out_of_scope(reader.all_roles()))
            mentions = mentions_in(reader, context)
            focus = focus_of(
                mentions,
                context.text,
                context.intent,
                context.user_role,
                len(context.discussed_roles),
                context.last_topic,
                context.current_role,
            )
            named = bool(context.role_mentions or context.skill_mentions or context.term_mentions)
            tagged = named or focus in SUBJECT_FOCUS or mentions.employer_example
            if not (self.answers_tasks or context.in_conversation or tagged or about_careers(reader, context.text)):
                # A first message with no word of the subject ("when is my next payday") is not ours.
                return Answer(answers.out_of_scope(reader.all_roles()))
            # An action that answers whatever is asked ("can you help me?") still yields to a question
            # plainly about the subject ("what do I need to add?" after a move was discussed).
            yields = not self.answers_tasks or focus in SUBJECT_FOCUS
            if focus is not None and focus is not self.focus and yields:
                # "Been a data engineer for years and eyeing ML engineering": a move, whatever NLU read.
                # NLU's intent was the wrong kind of question, so its reading of the words goes too
                # ("would a certification help?" read as naming a role).
                answer = focused_answer(focus)(reader, replace(context, intent=None))
            else:
                answer = self.answer(reader, context)
            stated = stated_current_role(reader, context.text, context.start_mentions)
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
