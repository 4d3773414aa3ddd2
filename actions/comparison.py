"""How two roles differ."""

from __future__ import annotations

from actions.answer import Answer, Topic, required
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction
from actions.role_choice import DEFAULT_ROLE, remembered_role, roles_in, unknown_role_answer
from bot import answers
from bot.knowledge.queries import KnowledgeReader


def compare_roles(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    choice = roles_in(reader, context)
    if choice.unknown and len(choice.known) < 2:
        return unknown_role_answer(reader, choice.unknown[0])
    roles = list(choice.known)
    remembered = remembered_role(reader, context)
    if len(roles) == 1 and remembered is not None:
        # "How is that different from an MLE?": compare the role under discussion with the new one.
        roles.insert(0, remembered)
    if len(roles) == 1 and roles[0].id != DEFAULT_ROLE:
        roles.insert(0, required(reader.role(DEFAULT_ROLE), f"default role {DEFAULT_ROLE!r}"))
    if not roles:
        return Answer(answers.compare_needs_two(None, reader.all_roles()))
    if len(roles) == 1 or roles[0].id == roles[1].id:
        return Answer(answers.same_role(roles[0]), role=roles[0].id)
    first, second = roles[0], roles[1]
    result = reader.compare_roles(first.id, second.id)
    reply = answers.comparison(result) if result else answers.no_comparison(first, second)
    return Answer(reply, role=first.id, topic=Topic.COMPARE)


class ActionCompareRoles(KnowledgeAction):
    def name(self) -> str:
        return "action_compare_roles"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return compare_roles(reader, context)
