"""Getting into a role: the path, the usual background, the outlook, and pay."""
from __future__ import annotations

from actions.conversation import ConversationContext
from actions.knowledge_action import Answer, RoleQuestionAction
from bot import answers
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import RoleRef


class CareerFactsAction(RoleQuestionAction):
    """One action per career topic; the topic names the facts to read."""

    def answer_about(self, reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
        return Answer(answers.career(reader.career_facts(role.id, self.topic)), role=role.id, topic=self.topic)


class ActionCareerPath(CareerFactsAction):
    action_name = "action_career_path"
    topic = "path"


class ActionCareerBackground(CareerFactsAction):
    action_name = "action_career_background"
    topic = "background"


class ActionCareerOutlook(CareerFactsAction):
    action_name = "action_career_outlook"
    topic = "outlook"


class ActionSalary(RoleQuestionAction):
    action_name = "action_salary"
    topic = "salary"

    def answer_about(self, reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
        return Answer(answers.salary(role), role=role.id, topic=self.topic)
