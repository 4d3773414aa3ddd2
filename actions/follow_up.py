"""Terse follow-ups ("and a data scientist?") ask the previous question about another role."""
from __future__ import annotations

from dataclasses import replace

from actions.career import ActionCareerBackground, ActionCareerOutlook, ActionCareerPath, ActionSalary
from actions.comparison import ActionCompareRoles
from actions.conversation import ConversationContext
from actions.knowledge_action import Answer, KnowledgeAction
from actions.roles import ActionDescribeRole, ActionDescribeWorkplace
from actions.skills import ActionCheckSkill, ActionListSkills
from bot.knowledge.queries import KnowledgeReader

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
        previous = PREVIOUS_QUESTION.get(context.last_topic or "", ActionDescribeRole)
        if previous is not ActionCompareRoles:
            # The new role replaces the remembered one; a comparison keeps it as the anchor.
            context = replace(context, current_role=None)
        return previous().answer(reader, context)
