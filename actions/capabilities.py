"""What the assistant can do, and the reply to questions outside it."""

from __future__ import annotations

from actions.answer import Answer
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction
from actions.search import decline_unless_known
from bot import answers
from bot.knowledge.queries import KnowledgeReader
from bot.mentions import about_careers, asks_about_assistant


class ActionCapabilities(KnowledgeAction):
    answers_tasks = True  # "can you help me?" asks what the assistant does

    def name(self) -> str:
        return "action_capabilities"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        text = context.text
        if not text.strip() or asks_about_assistant(text) or about_careers(reader, text):
            return Answer(answers.capabilities(reader.all_roles()))
        # "can you set the alarm for noon?": a request of another domain, worded like one to this assistant.
        return Answer(answers.out_of_scope(reader.all_roles()))


class ActionOutOfScope(KnowledgeAction):
    def name(self) -> str:
        return "action_out_of_scope"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return decline_unless_known(reader, context)
