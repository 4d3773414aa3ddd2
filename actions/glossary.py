"""Glossary terms and examples of machine learning in real products."""

from __future__ import annotations

from actions.answer import Answer
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction, mentions_in
from bot import answers
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.text import normalise
from bot.question_focus import Focus

ML_TERM = "machine_learning"


def define_term(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    named_skills = reader.skills_mentioned(context.text)
    named_terms = reader.terms_mentioned(context.text)
    # The terms in the order the text names them ("supervised vs unsupervised learning"), then any
    # only NLU caught (a typo, say).
    entries = [
        entry
        for entry in named_terms
        # "inference optimization" names a skill, not the term "inference" inside it.
        if not any(_inside(entry.name, skill.name) for skill in named_skills)
    ]
    for entry in (reader.resolve_term(mention) for mention in context.term_mentions):
        if entry is not None and entry.id not in {known.id for known in entries}:
            entries.append(entry)
    for skill in named_skills:
        longer = any(_inside(term.name, skill.name) for term in named_terms)
        as_term = reader.skill_as_term(skill.id) if longer else None
        if as_term is not None and as_term.id not in {known.id for known in entries}:
            entries.append(as_term)
    if not entries:
        # "got a concrete case of that happening?" about the term just defined.
        entries = [entry for entry in (reader.term(t) for t in mentions_in(reader, context).terms) if entry is not None]
    if not entries:
        # "What is RAG?", "what do vector DBs store?": a skill, described the way a term is.
        skills = (reader.skill_as_term(skill.id) for skill in reader.skills_mentioned(context.text))
        entries = [entry for entry in skills if entry is not None]
    named = tuple(f"term:{entry.id}" for entry in entries)
    if len(entries) > 1:
        # "Data lake vs data warehouse?": every term named, in order.
        return Answer(answers.merged([answers.term(entry) for entry in entries]), named=named)
    if entries:
        return Answer(answers.term(entries[0]), named=named)
    name = context.term_mentions[0] if context.term_mentions else ""
    return Answer(answers.unknown_term(name, reader.all_terms()))


def _inside(shorter: str, longer: str) -> bool:
    """Whether one name is a proper part of another ("inference" of "inference optimization")."""
    short, long = normalise(shorter), normalise(longer)
    return short != long and f" {short} " in f" {long} "


def show_ml_examples(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    entry = reader.term(ML_TERM)
    if entry is None:
        return Answer(answers.unknown_term("machine learning", reader.all_terms()))
    return Answer(answers.ml_examples(entry))


class ActionDefineTerm(KnowledgeAction):
    focus = Focus.DEFINITION

    def name(self) -> str:
        return "action_define_term"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return define_term(reader, context)


class ActionShowMlExamples(KnowledgeAction):
    def name(self) -> str:
        return "action_show_ml_examples"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return show_ml_examples(reader, context)
