"""How two roles differ."""
from __future__ import annotations

from actions.conversation import ConversationContext
from actions.knowledge_action import Answer, KnowledgeAction, roles_in, unknown_role_answer
from bot import answers
from bot.knowledge.queries import KnowledgeReader


class ActionCompareRoles(KnowledgeAction):
    action_name = "action_compare_roles"
    topic = "compare"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        choice = roles_in(reader, context)
        if choice.unknown and len(choice.known) < 2:
            return unknown_role_answer(reader, choice.unknown[0])
        roles = list(choice.known)
        remembered = reader.role(context.current_role) if context.current_role else None
        if len(roles) == 1 and remembered is not None:
            # "How is that different from an MLE?": compare the role under discussion with the new one.
            roles.insert(0, remembered)
        if len(roles) == 1 and roles[0].id != "mle":
            roles.insert(0, reader.role("mle"))
        if not roles:
            return Answer(answers.compare_needs_two(None, reader.all_roles()))
        if len(roles) == 1 or roles[0].id == roles[1].id:
            return Answer(answers.same_role(roles[0]), role=roles[0].id)
        first, second = roles[0], roles[1]
        result = reader.compare_roles(first.id, second.id)
        reply = answers.comparison(result) if result else answers.no_comparison(first, second)
        return Answer(reply, role=first.id, topic=self.topic)
