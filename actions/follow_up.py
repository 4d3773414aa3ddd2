"""Terse follow-ups ("and a data scientist?") ask the previous question about another role."""

from __future__ import annotations

import re
from dataclasses import replace

from actions.answer import Answer, AnswerFunction, Topic
from actions.career import career_background, career_outlook, career_path, salary
from actions.comparison import compare_roles
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction
from actions.learning import (
    certifications,
    education,
    employers,
    interview,
    learning_resources,
    levels,
    portfolio,
    role_fit,
    transition,
)
from actions.roles import describe_role, describe_workplace
from actions.skills import check_skill, list_skills
from bot import answers
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.text import follow_up_phrase
from bot.question_focus import Focus

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
    Topic.EDUCATION: education,
    Topic.CERTIFICATIONS: certifications,
    Topic.RESOURCES: learning_resources,
    Topic.PORTFOLIO: portfolio,
    Topic.INTERVIEW: interview,
    Topic.LEVELS: levels,
    Topic.EMPLOYERS: employers,
    Topic.FIT: role_fit,
    Topic.TRANSITION: transition,
}


def previous_topic(context: ConversationContext) -> Topic:
    """The remembered topic; with none (or one from an older version), the role overview."""
    try:
        return Topic(context.last_topic)
    except ValueError:
        return Topic.OVERVIEW


SKILL_TOPICS = (Topic.SKILL_CHECK, Topic.SKILLS)
SKILL_QUESTION = "ask_skill_importance"
# "and a plumber?", "what about firefighters": an article or a job-title ending says a role is meant.
_ROLE_LIKE = re.compile(r"\b(a|an|the)\s|(er|or|ist|ian|ant|ent|naut|man|men|ers|ors|ists|ians|ants|ents|nauts)$")


def looks_like_a_role(text: str, phrase: str) -> bool:
    return bool(_ROLE_LIKE.search(text.lower()) or _ROLE_LIKE.search(phrase))


def answer_follow_up(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    topic = previous_topic(context)
    names_role = bool(context.role_mentions or reader.roles_mentioned(context.text))
    if topic in SKILL_TOPICS and not names_role:
        # After a skill question, "and Go?" asks about another skill for the same role.
        phrase = follow_up_phrase(context.text)
        if context.skill_mentions or reader.skills_mentioned(context.text):
            return check_skill(reader, replace(context, intent=SKILL_QUESTION))
        if phrase and not looks_like_a_role(context.text, phrase) and context.current_role:
            role = reader.role(context.current_role)
            if role is not None:
                return Answer(answers.unknown_skill(phrase, role), role=role.id, topic=topic)
    if topic is not Topic.COMPARE and names_role:
        # The new role replaces the remembered one; a comparison keeps it as the anchor.
        context = replace(context, current_role=None)
    return ANSWER_FOR_TOPIC[topic](reader, context)


class ActionFollowUp(KnowledgeAction):
    focus = Focus.FOLLOW_UP

    def name(self) -> str:
        return "action_follow_up"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return answer_follow_up(reader, context)
