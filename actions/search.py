"""When NLU is unsure: the closest sourced facts from a full-text search, or an honest decline."""

from __future__ import annotations

from dataclasses import replace

from actions.answer import Answer, AnswerFunction
from actions.career import career_outlook, salary
from actions.conversation import ConversationContext
from actions.follow_up import answer_follow_up
from actions.glossary import define_term
from actions.knowledge_action import KnowledgeAction, mentions_in
from actions.learning import certifications, education, interview, learning_resources, levels, portfolio
from actions.roles import describe_role
from actions.skills import list_skills
from bot import answers
from bot.knowledge.queries import KnowledgeReader
from bot.mentions import about_careers, is_question, task_request, topic_of

# A hit must contain this share of the question's search terms, and the question at least this many
# terms, before it is offered as an answer; below that the honest fallback is better than noise.
MIN_COVERAGE = 0.67
MIN_TERMS = 2
MAX_HITS = 3
# The answer for a message NLU set aside that names a role and a plain kind of question.
RESCUE_BY_TOPIC: dict[str, AnswerFunction] = {
    "salary": salary,
    "education": education,
    "interview": interview,
    "certifications": certifications,
    "portfolio": portfolio,
    "resources": learning_resources,
    "outlook": career_outlook,
    "skills": list_skills,
}


def rescued(reader: KnowledgeReader, context: ConversationContext) -> Answer | None:
    """A message NLU set aside that still names a term or a role the base knows, answered as such."""
    if task_request(context.text):
        return None
    mentions = mentions_in(reader, context)
    roles = mentions.roles  # NLU's entities too: "the BA folks" is too short to look up
    if mentions.names_level and not roles and is_question(context.text):
        # "how many years do people usually stay at the junior level?": the career ladder.
        return levels(reader, context)
    # "are companies actually hiring for that?" asks a plain kind of question about the role just discussed.
    about_a_role = bool(roles) or context.current_role is not None
    if about_a_role and topic_of(context.text) in RESCUE_BY_TOPIC:
        return RESCUE_BY_TOPIC[str(topic_of(context.text))](reader, context)
    # "lisp: dead or alive when it comes to AI work?": a term, or a skill asked about, and no role.
    asks_about_skill = not roles and is_question(context.text) and bool(reader.skills_mentioned(context.text))
    if reader.terms_mentioned(context.text) or asks_about_skill:
        return define_term(reader, context)
    if roles:
        return describe_role(reader, context)
    if context.in_conversation and about_careers(reader, context.text):
        # "what from my current job still counts?": the conversation's subject, asked again.
        return answer_follow_up(reader, replace(context, intent=None))
    return None


def decline_unless_known(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    """The out-of-scope answer, unless the message plainly asks about a known term or role."""
    return rescued(reader, context) or Answer(answers.out_of_scope(reader.all_roles()))


def search_facts(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    if task_request(context.text):
        return Answer(answers.out_of_scope(reader.all_roles()))
    found = rescued(reader, context)
    if found is not None:
        return found
    facts = reader.search_facts(context.text, MAX_HITS, MIN_COVERAGE, MIN_TERMS)
    if not facts:
        return Answer(answers.out_of_scope(reader.all_roles()))
    return Answer(answers.search_results(facts))


class ActionSearchFacts(KnowledgeAction):
    def name(self) -> str:
        return "action_search_facts"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return search_facts(reader, context)
