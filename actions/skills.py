"""The skills a role needs, as a whole, by category, or one skill at a time."""
from __future__ import annotations

from actions.conversation import ConversationContext
from actions.knowledge_action import Answer, RoleQuestionAction
from bot import answers
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import CategoryRef, RoleRef, SkillRef


def _skill_named(reader: KnowledgeReader, context: ConversationContext) -> SkillRef | CategoryRef | str | None:
    """The skill or category asked about; an unknown name comes back as a string."""
    for mention in context.skill_mentions:
        found = reader.resolve_skill(mention)
        return found if found is not None else mention
    return None


def _skill_verdict_answer(reader: KnowledgeReader, role: RoleRef, skill: SkillRef | CategoryRef) -> Answer:
    if isinstance(skill, CategoryRef):
        reply = answers.category_verdict(reader.role_skills(role.id, skill.id))
    else:
        reply = answers.skill_verdict(reader.skill_verdict(role.id, skill.id))
    return Answer(reply, role=role.id, skill=skill.id, topic="skill_check")


class ActionListSkills(RoleQuestionAction):
    action_name = "action_list_skills"
    topic = "skills"

    def answer_about(self, reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
        skill = _skill_named(reader, context)
        if isinstance(skill, SkillRef):
            return _skill_verdict_answer(reader, role, skill)
        category = skill.id if isinstance(skill, CategoryRef) else None
        return Answer(answers.role_skills(reader.role_skills(role.id, category)), role=role.id, topic=self.topic)


class ActionCheckSkill(RoleQuestionAction):
    action_name = "action_check_skill"
    topic = "skill_check"

    def answer_about(self, reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
        skill = _skill_named(reader, context)
        if skill is None:
            skill = reader.skill_mentioned(context.text)
        if skill is None and context.current_skill:
            skill = reader.resolve_skill(context.current_skill)
        if isinstance(skill, str):
            return Answer(answers.unknown_skill(skill, role), role=role.id)
        if skill is None:
            return Answer(answers.role_skills(reader.role_skills(role.id)), role=role.id, topic="skills")
        return _skill_verdict_answer(reader, role, skill)

