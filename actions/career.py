"""Getting into a role: the path, the usual background, the outlook, and pay."""
from __future__ import annotations

from actions.conversation import ConversationContext
from actions.knowledge_action import Answer, KnowledgeAction, role_in_focus, unknown_role_answer
from bot import answers
from bot.knowledge.queries import KnowledgeReader


class CareerFactsAction(KnowledgeAction):
    """One action per career topic; the topic names the facts to read."""

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        role = role_in_focus(reader, context)
        if isinstance(role, str):
            return unknown_role_answer(reader, role)
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


class ActionSalary(KnowledgeAction):
    action_name = "action_salary"
    topic = "salary"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        role = role_in_focus(reader, context)
        if isinstance(role, str):
            return unknown_role_answer(reader, role)
        return Answer(answers.salary(role), role=role.id, topic=self.topic)
