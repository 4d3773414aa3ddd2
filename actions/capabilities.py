"""What the assistant can do, and the reply to questions outside it."""
from __future__ import annotations

from actions.conversation import ConversationContext
from actions.knowledge_action import Answer, KnowledgeAction
from bot import answers
from bot.knowledge.queries import KnowledgeReader


class ActionCapabilities(KnowledgeAction):
    action_name = "action_capabilities"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return Answer(answers.capabilities(reader.all_roles()))


class ActionOutOfScope(KnowledgeAction):
    action_name = "action_out_of_scope"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return Answer(answers.out_of_scope(reader.all_roles()))
