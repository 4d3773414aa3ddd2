"""What the assistant can do, and the reply to questions outside it."""

from __future__ import annotations

from actions.answer import Answer
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction
from actions.search import decline_unless_known
from bot import answers
from bot.knowledge.queries import KnowledgeReader


class ActionCapabilities(KnowledgeAction):
    answers_tasks = True  # "can you help me?" asks what the assistant does

    def name(self) -> str:
        return "action_capabilities"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return Answer(answers.capabilities(reader.all_roles()))


class ActionOutOfScope(KnowledgeAction):
    def name(self) -> str:
        return "action_out_of_scope"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return decline_unless_known(reader, context)
