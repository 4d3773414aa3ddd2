"""What a role is and does, and where it sits in an organisation."""
from __future__ import annotations

from actions.conversation import ConversationContext
from actions.knowledge_action import Answer, KnowledgeAction, role_in_focus, unknown_role_answer
from bot import answers
from bot.knowledge.queries import KnowledgeReader


class ActionDescribeRole(KnowledgeAction):
    action_name = "action_describe_role"
    topic = "overview"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        role = role_in_focus(reader, context)
        if isinstance(role, str):
            return unknown_role_answer(reader, role)
        return Answer(answers.role_overview(reader.role_profile(role.id)), role=role.id, topic=self.topic)


class ActionDescribeWorkplace(KnowledgeAction):
    action_name = "action_describe_workplace"
    topic = "workplace"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        role = role_in_focus(reader, context)
        if isinstance(role, str):
            return unknown_role_answer(reader, role)
        return Answer(answers.role_workplace(reader.role_profile(role.id)), role=role.id, topic=self.topic)
