"""Terse follow-ups ("and a data scientist?") ask the previous question about another role."""
from __future__ import annotations

from actions.career import ActionCareerBackground, ActionCareerOutlook, ActionCareerPath, ActionSalary
from actions.comparison import ActionCompareRoles
from actions.conversation import ConversationContext
from actions.knowledge_action import Answer, KnowledgeAction, roles_in, unknown_role_answer
from actions.roles import ActionDescribeRole, ActionDescribeWorkplace
from actions.skills import ActionCheckSkill, ActionListSkills
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.text import follow_up_phrase

PREVIOUS_QUESTION = {
    action.topic: action
    for action in (
        ActionDescribeRole,
        ActionDescribeWorkplace,
        ActionListSkills,
        ActionCheckSkill,
        ActionCompareRoles,
        ActionCareerPath,
        ActionCareerBackground,
        ActionCareerOutlook,
        ActionSalary,
    )
}


class ActionFollowUp(KnowledgeAction):
    action_name = "action_follow_up"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        choice = roles_in(reader, context)
        if not choice.known and not choice.unknown:
            # "and a plumber?": a follow-up names a role and nothing else; if it is not one we
            # know, say so instead of repeating the last answer.
            phrase = follow_up_phrase(context.text)
            if phrase:
                return unknown_role_answer(reader, phrase)
        previous = PREVIOUS_QUESTION.get(context.last_topic or "", ActionDescribeRole)
        if previous is not ActionCompareRoles:
            # The new role replaces the remembered one; a comparison keeps it as the anchor.
            context = ConversationContext(**{**context.__dict__, "current_role": None})
        return previous().answer(reader, context)
