"""What a role is and does, and where it sits in an organisation."""
from __future__ import annotations

from actions.conversation import ConversationContext
from actions.knowledge_action import Answer, RoleQuestionAction
from bot import answers
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import RoleRef


class ActionDescribeRole(RoleQuestionAction):
    action_name = "action_describe_role"
    topic = "overview"

    def answer_about(self, reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
        return Answer(answers.role_overview(reader.role_profile(role.id)), role=role.id, topic=self.topic)


class ActionDescribeWorkplace(RoleQuestionAction):
    action_name = "action_describe_workplace"
    topic = "workplace"

    def answer_about(self, reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
        return Answer(answers.role_workplace(reader.role_profile(role.id)), role=role.id, topic=self.topic)
