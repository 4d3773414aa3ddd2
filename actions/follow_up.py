"""Terse follow-ups ("and a data scientist?") ask the previous question about another role."""

from __future__ import annotations

from dataclasses import replace

from actions.answer import Answer, AnswerFunction, Topic
from actions.career import career_background, career_outlook, career_path, salary
from actions.comparison import compare_roles
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction
from actions.roles import describe_role, describe_workplace
from actions.skills import check_skill, list_skills
from bot.knowledge.queries import KnowledgeReader

# The one map from the question last answered to the function that answers it again.
ANSWER_FOR_TOPIC: dict[Topic, AnswerFunction] = {
    Topic.OVERVIEW: describe_role,
    Topic.WORKPLACE: describe_workplace,
    Topic.SKILLS: list_skills,
    Topic.SKILL_CHECK: check_skill,
    Topic.COMPARE: compare_roles,
    Topic.PATH: career_path,
    Topic.BACKGROUND: career_background,
    Topic.OUTLOOK: career_outlook,
    Topic.SALARY: salary,
}


def previous_topic(context: ConversationContext) -> Topic:
    """The remembered topic; with none (or one from an older version), the role overview."""
    try:
        return Topic(context.last_topic)
    except ValueError:
        return Topic.OVERVIEW


def answer_follow_up(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    topic = previous_topic(context)
    if topic is not Topic.COMPARE:
        # The new role replaces the remembered one; a comparison keeps it as the anchor.
        context = replace(context, current_role=None)
    return ANSWER_FOR_TOPIC[topic](reader, context)


class ActionFollowUp(KnowledgeAction):
    def name(self) -> str:
        return "action_follow_up"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return answer_follow_up(reader, context)
