"""The skills a role needs, as a whole, by category, or one skill at a time."""

from __future__ import annotations

from actions.answer import Answer, Topic, required
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction
from actions.role_choice import about_each_role, about_one_role
from bot import answers
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import CategoryRef, RoleRef, SkillRef
from bot.knowledge.text import normalise, phrases
from bot.question_focus import Focus


def _skill_named(reader: KnowledgeReader, context: ConversationContext) -> SkillRef | CategoryRef | str | None:
    """The skill or category asked about; an unknown name comes back as a string."""
    for mention in context.skill_mentions:
        found = reader.resolve_skill(mention)
        return found if found is not None else mention
    return None


def _skills_answer(reader: KnowledgeReader, role: RoleRef, category: CategoryRef | None = None) -> Answer:
    skills = required(reader.role_skills(role.id, category.id if category else None), f"skills of {role.id}")
    return Answer(answers.role_skills(skills), role=role.id, topic=Topic.SKILLS)


def _skill_verdict_answer(reader: KnowledgeReader, role: RoleRef, skill: SkillRef | CategoryRef) -> Answer:
    if isinstance(skill, CategoryRef):
        skills = required(reader.role_skills(role.id, skill.id), f"{skill.id} skills of {role.id}")
        reply = answers.category_verdict(skills)
    else:
        reply = answers.skill_verdict(required(reader.skill_verdict(role.id, skill.id), f"{skill.id} for {role.id}"))
    return Answer(reply, role=role.id, skill=skill.id, topic=Topic.SKILL_CHECK)


@about_one_role
def list_skills(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    skill = _skill_named(reader, context)
    if isinstance(skill, SkillRef):
        return _skill_verdict_answer(reader, role, skill)
    return _skills_answer(reader, role, skill if isinstance(skill, CategoryRef) else None)


def _skills_named(reader: KnowledgeReader, context: ConversationContext) -> list[SkillRef | CategoryRef | str]:
    """Every skill (or category) the question names, in order; unknown names stay strings."""
    named: list[SkillRef | CategoryRef | str] = []
    in_text = reader.skills_mentioned(context.text)
    for mention in context.skill_mentions:
        found = reader.resolve_skill(mention)
        if found is None and _word_of_a_name(reader, mention, context.text, in_text):
            continue  # NLU tagged one word of a longer name ("watching" of "watching models")
        named.append(found if found is not None else mention)
    for skill in in_text:
        if skill not in named:
            named.append(skill)
    return list(dict.fromkeys(named))


def _word_of_a_name(reader: KnowledgeReader, mention: str, text: str, in_text: list[SkillRef]) -> bool:
    """Whether the mention is a word of a longer phrase in the text that names one of the skills found."""
    word = normalise(mention)
    return any(
        found in in_text
        for _, _, phrase in phrases(text)
        if word in phrase.split() and phrase != word
        for found in reader.skills_mentioned(phrase)
    )


@about_each_role
def check_skill(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    named = _skills_named(reader, context)
    if not named and context.current_skill:
        remembered = reader.resolve_skill(context.current_skill)
        named = [remembered] if remembered is not None else []
    if not named:
        return _skills_answer(reader, role)
    parts = [
        Answer(answers.unknown_skill(skill, role), role=role.id)
        if isinstance(skill, str)
        else _skill_verdict_answer(reader, role, skill)
        for skill in named
    ]
    if len(parts) == 1:
        return parts[0]
    # "Scala or Java?": every skill named is answered, in the order named.
    return Answer(
        answers.merged([part.reply for part in parts]), role=role.id, skill=parts[-1].skill, topic=Topic.SKILL_CHECK
    )


class ActionListSkills(KnowledgeAction):
    focus = Focus.SKILLS

    def name(self) -> str:
        return "action_list_skills"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return list_skills(reader, context)


class ActionCheckSkill(KnowledgeAction):
    focus = Focus.SKILL

    def name(self) -> str:
        return "action_check_skill"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return check_skill(reader, context)
