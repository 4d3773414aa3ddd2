"""Getting into a role: the path, the usual background, the outlook, and pay."""

from __future__ import annotations

import re

from actions.answer import Answer, AnswerFunction, Topic, required
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction
from actions.role_choice import about_each_role
from bot import answers
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import RoleRef
from bot.question_focus import Focus


def career_facts(topic: Topic) -> AnswerFunction:
    """The answering function for one career topic; the topic names the facts to read."""

    def answer_about(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
        facts = required(reader.career_facts(role.id, topic.value), f"{topic.value} facts of {role.id}")
        return Answer(answers.career(facts), role=role.id, topic=topic)

    return about_each_role(answer_about)


career_path = career_facts(Topic.PATH)
career_background = career_facts(Topic.BACKGROUND)
# A sourced note on a role's pay names a wage, a salary or what it pays.
_ABOUT_PAY = re.compile(r"\b(wage|salar\w*|paid|paying|pay|earn\w*)\b|\$")


@about_each_role
def career_outlook(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    facts = required(reader.career_facts(role.id, Topic.OUTLOOK.value), f"outlook facts of {role.id}")
    return Answer(answers.outlook(facts, reader.role_occupations(role.id)), role=role.id, topic=Topic.OUTLOOK)


@about_each_role
def salary(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    occupations = required(reader.role_occupations(role.id), f"occupations of {role.id}")
    outlook = reader.career_facts(role.id, Topic.OUTLOOK.value)
    notes = [fact for fact in (outlook.facts if outlook else ()) if _ABOUT_PAY.search(fact.text)]
    return Answer(answers.salary(occupations, notes), role=role.id, topic=Topic.SALARY)


class ActionCareerBackground(KnowledgeAction):
    focus = Focus.BACKGROUND

    def name(self) -> str:
        return "action_career_background"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return career_background(reader, context)


class ActionCareerOutlook(KnowledgeAction):
    focus = Focus.OUTLOOK

    def name(self) -> str:
        return "action_career_outlook"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return career_outlook(reader, context)


class ActionSalary(KnowledgeAction):
    focus = Focus.PAY

    def name(self) -> str:
        return "action_salary"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return salary(reader, context)
