"""What a role is and does, and where it sits in an organisation."""

from __future__ import annotations

from actions.answer import Answer, Topic, required
from actions.conversation import ConversationContext
from actions.glossary import define_term
from actions.knowledge_action import KnowledgeAction, mentions_in
from actions.role_choice import about_each_role
from bot import answers
from bot.knowledge.fact_search import coverage, query_terms
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import RoleRef
from bot.question_focus import Focus


@about_each_role
def _describe_role(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    profile = required(reader.role_profile(role.id), f"profile of {role.id}")
    return Answer(answers.role_overview(profile), role=role.id, topic=Topic.OVERVIEW)


def describe_role(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    """What a role is; "what exactly is MLOps?" names a term and no role, so it gets the definition."""
    mentions = mentions_in(reader, context)
    if not mentions.roles and not mentions.unknown_titles and reader.terms_mentioned(context.text):
        return define_term(reader, context)
    return _describe_role(reader, context)


@about_each_role
def describe_workplace(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    profile = required(reader.role_profile(role.id), f"profile of {role.id}")
    return Answer(answers.role_workplace(profile), role=role.id, topic=Topic.WORKPLACE)


def who_does(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    """The roles whose sourced duties name the thing asked about ("who usually runs a feature store?")."""
    entries = (reader.term(term_id) for term_id in mentions_in(reader, context).terms)
    for entry in (entry for entry in entries if entry is not None):
        words = query_terms(entry.name)
        duties = [
            (profile.role, duty)
            for profile in (reader.role_profile(role.id) for role in reader.all_roles())
            if profile is not None
            for duty in profile.duties
            if coverage(words, duty.text) == 1.0
        ]
        if duties:
            return Answer(answers.who_does(entry.name, duties), role=duties[0][0].id, topic=Topic.OVERVIEW)
    return define_term(reader, context)


class ActionDescribeRole(KnowledgeAction):
    focus = Focus.OVERVIEW

    def name(self) -> str:
        return "action_describe_role"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return describe_role(reader, context)


class ActionDescribeWorkplace(KnowledgeAction):
    focus = Focus.WORKPLACE

    def name(self) -> str:
        return "action_describe_workplace"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return describe_workplace(reader, context)
