"""When NLU is unsure: the closest sourced facts from a full-text search, or an honest decline."""

from __future__ import annotations

from actions.answer import Answer
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction
from bot import answers
from bot.knowledge.queries import KnowledgeReader
from bot.mentions import task_request

# A hit must contain this share of the question's search terms, and the question at least this many
# terms, before it is offered as an answer; below that the honest fallback is better than noise.
MIN_COVERAGE = 0.67
MIN_TERMS = 2
MAX_HITS = 3


def search_facts(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    if task_request(context.text):
        return Answer(answers.out_of_scope(reader.all_roles()))
    facts = reader.search_facts(context.text, MAX_HITS, MIN_COVERAGE, MIN_TERMS)
    if not facts:
        return Answer(answers.out_of_scope(reader.all_roles()))
    return Answer(answers.search_results(facts))


class ActionSearchFacts(KnowledgeAction):
    def name(self) -> str:
        return "action_search_facts"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return search_facts(reader, context)
