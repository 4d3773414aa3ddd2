"""What learners ask once they know what a role is: education, certifications, resources, portfolio,
interviews, levels, moves between roles, employers and which role suits them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from actions.answer import Answer, Topic, required
from actions.career import career_path
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction, mentions_in
from actions.role_choice import about_each_role, about_one_role, remembered_role
from actions.roles import describe_role
from bot import answers
from bot.advice import rank_roles, skill_gaps
from bot.knowledge.fact_search import query_terms
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import CertificationEntry, Fact, RoleRef
from bot.mentions import stated_current_role
from bot.question_focus import Focus


@about_each_role
def education(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    facts = required(reader.learner.education(role.id), f"education of {role.id}")
    return Answer(answers.education(facts, mentions_in(reader, context).degree), role=role.id, topic=Topic.EDUCATION)


@about_each_role
def _role_certifications(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    reply = answers.certifications(
        role, reader.learner.certifications(role.id), reader.learner.certification_views(role.id)
    )
    return Answer(reply, role=role.id, topic=Topic.CERTIFICATIONS)


# At most this many facts about a credential that has no entry of its own.
CREDENTIAL_FACTS = 3


def _certification_of(fact_id: str) -> str | None:
    """The certification entry a fact belongs to ("certification:dp-100:status"), if any."""
    kind, _, rest = fact_id.partition(":")
    return rest.split(":")[0] if kind == "certification" and rest else None


def certifications(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    """A role's certifications; a credential the base knows only from facts that mention it ("the Google
    data analytics certificate") gets those facts, each holding every word of its name."""
    credential = mentions_in(reader, context).credential
    facts = reader.search_facts(f"{credential} certificate", CREDENTIAL_FACTS, 1.0, 2) if credential else []
    entry_id = _certification_of(facts[0].evidence.fact_id) if facts else None
    if entry_id is not None:
        # "is there still an Azure data scientist certification?" names an entry loosely: that entry.
        return _certifications_named(reader, [entry_id])
    if credential and facts:
        return Answer(answers.facts_about(f"the {credential} certificate", facts), topic=Topic.CERTIFICATIONS)
    return _role_certifications(reader, context)


def named_certifications(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    return _certifications_named(reader, list(mentions_in(reader, context).certifications))


def _certifications_named(reader: KnowledgeReader, asked: list[str]) -> Answer:
    """The certifications asked about; a retired one is followed by those its retirement note names as
    taking its place. Only the ones asked about are remembered for "what's on it?"."""

    def entry(cert_id: str) -> CertificationEntry:
        return required(reader.learner.certification(cert_id), f"certification {cert_id}")

    entries = [entry(cert_id) for cert_id in asked]
    shown = list(asked)
    for retired in [found for found in entries if found.status != "active"]:
        for successor in reader.certifications_mentioned(retired.status_note.text):
            if successor not in shown:
                shown.append(successor)
                entries.append(entry(successor))
    named = tuple(f"certification:{cert_id}" for cert_id in asked)
    return Answer(answers.named_certifications(entries), topic=Topic.CERTIFICATIONS, named=named)


def named_resources(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    ids = mentions_in(reader, context).resources
    entries = [required(reader.learner.resource(resource_id), f"resource {resource_id}") for resource_id in ids]
    named = tuple(f"resource:{resource_id}" for resource_id in ids)
    return Answer(answers.named_resources(entries), topic=Topic.RESOURCES, named=named)


def named_employers(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    ids = mentions_in(reader, context).employers
    # "how does Amazon Music rank search results?": the example the question is about comes first.
    entries = [
        replace(entry, examples=tuple(sorted(entry.examples, key=lambda fact: -words_shared(context.text, fact.text))))
        for entry in reader.learner.employers(None, ids)
    ]
    return Answer(answers.named_employers(entries), topic=Topic.EMPLOYERS)


def words_shared(question: str, text: str) -> int:
    """How many of the question's words (by their first five letters) a text uses."""
    asked = {term[:5] for term in query_terms(question) if len(term) > 3}
    return len(asked & {word[:5] for word in query_terms(text)})


@about_one_role
def learning_resources(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    mentions = mentions_in(reader, context)
    entries = reader.learner.resources(role.id, tuple(skill.id for skill in mentions.skills))
    # "a book on building ML systems that hold up in production": what the question says comes first.
    entries.sort(key=lambda entry: -words_shared(context.text, f"{entry.title} {entry.about.text}"))
    # With no resources on file, the sourced steps into the role are the next best thing to study from.
    path = reader.career_facts(role.id, "path") if mentions.start_here or not entries else None
    reply = answers.resources(role, entries, mentions.start_here, path.facts if path else ())
    return Answer(reply, role=role.id, topic=Topic.RESOURCES)


@about_each_role
def portfolio(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    # "do open source contributions count?": the project the question names comes first.
    projects = sorted(
        reader.learner.projects(role.id),
        key=lambda project: -words_shared(context.text, f"{project.title} {project.demonstrates.text}"),
    )
    return Answer(answers.portfolio(role, projects), role=role.id, topic=Topic.PORTFOLIO)


@about_each_role
def interview(reader: KnowledgeReader, role: RoleRef, context: ConversationContext) -> Answer:
    facts = required(reader.learner.interview(role.id), f"interview facts of {role.id}")
    return Answer(answers.interview(facts), role=role.id, topic=Topic.INTERVIEW)


# A step into a role speaks to the question when it uses at least this many of the question's words.
FITTING_STEP_WORDS = 3


def steps_fitting(reader: KnowledgeReader, roles: Iterable[RoleRef], question: str) -> list[Fact]:
    """The sourced steps into these roles (their path facts) that speak to the question, in role order."""
    paths = (reader.career_facts(role.id, Topic.PATH.value) for role in roles)
    return [
        fact for path in paths if path for fact in path.facts if words_shared(question, fact.text) >= FITTING_STEP_WORDS
    ]


def levels(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    mentions = mentions_in(reader, context)
    track = "management" if mentions.management else None
    # "is there a management track for applied scientists?": what the sources say of that role's ladder.
    own = steps_fitting(reader, mentions.roles, context.text)
    return Answer(answers.levels(reader.learner.levels(), track, own), topic=Topic.LEVELS)


def employers(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    mentions = mentions_in(reader, context)
    role = mentions.roles[0] if mentions.roles else remembered_role(reader, context)
    entries = reader.learner.employers(role.id if role else None)
    # "what does a data engineer at a bank work on?": the kinds of employer named come first.
    named = (
        {entry.name for entry in reader.learner.employers(None, mentions.employers)} if mentions.employers else set()
    )
    entries.sort(key=lambda entry: entry.name not in named)
    # Where the role works comes first: for some roles it is the official list of largest employers.
    profile = reader.role_profile(role.id) if role else None
    reply = answers.employers(role, entries, profile.workplace if profile else None)
    return Answer(reply, role=role.id if role else None, topic=Topic.EMPLOYERS)


def role_fit(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    mentions = mentions_in(reader, context)
    if len(mentions.roles) == 1 and not mentions.asks_choice:
        # "saw 'applied scientist' everywhere, what is that role?", "do research scientists publish
        # papers?": one role and no "would it suit me" is a question about that role, not a choice.
        return describe_role(reader, context)
    ranked = rank_roles(reader, mentions.preferences, mentions.roles if len(mentions.roles) > 1 else (), context.text)
    reply = answers.role_fit(ranked, mentions.preferences.liked)
    return Answer(reply, role=ranked[0][0].id if ranked else None, topic=Topic.FIT)


def transition(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    """From where the user is to where they want to be; a missing end falls back to what is known."""
    mentions = mentions_in(reader, context)
    start = mentions.start or (reader.role(context.user_role) if context.user_role else None)
    # "what from my SWE experience carries over?" names only where the user is: the aim is remembered.
    target = mentions.target or next((role for role in reversed(mentions.roles) if role != start), None)
    target = target or remembered_role(reader, context) or (mentions.roles[-1] if mentions.roles else None)
    start = start if start != target else None
    if target is None:
        return Answer(answers.compare_needs_two(start, reader.all_roles()))
    if start is None and mentions.skills and mentions.asks_gap:
        # "I know SQL and Python, what else do I need to become a data scientist?"
        gaps = skill_gaps(reader, None, target, tuple(skill.id for skill in mentions.skills))
        return Answer(answers.skills_to_add(target, mentions.skills, gaps), role=target.id, topic=Topic.SKILLS)
    if start is None:
        return career_path(reader, context)
    record = reader.learner.transition(start.id, target.id)
    gaps = skill_gaps(reader, start, target, tuple(skill.id for skill in mentions.skills))
    # A step into either role that speaks to this very move ("software engineers can switch over...").
    fitting = steps_fitting(reader, (start, target), context.text)
    reply = answers.transition(record, start, target, gaps, mentions.gap_part, fitting)
    return Answer(reply, role=target.id, topic=Topic.TRANSITION, user_role=start.id, roles=(start.id, target.id))


def how_to_become(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    """ "How do I become X?" from someone who said what they are now is a move between two roles."""
    if context.user_role or context.start_mentions or stated_current_role(reader, context.text):
        answer = transition(reader, context)
        if answer.topic is Topic.TRANSITION:
            return answer
    return career_path(reader, context)


class ActionEducation(KnowledgeAction):
    focus = Focus.EDUCATION

    def name(self) -> str:
        return "action_education"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return education(reader, context)


class ActionCertifications(KnowledgeAction):
    focus = Focus.CERTIFICATIONS

    def name(self) -> str:
        return "action_certifications"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return certifications(reader, context)


class ActionLearningResources(KnowledgeAction):
    focus = Focus.START

    def name(self) -> str:
        return "action_learning_resources"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return learning_resources(reader, context)


class ActionPortfolio(KnowledgeAction):
    focus = Focus.PORTFOLIO

    def name(self) -> str:
        return "action_portfolio"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return portfolio(reader, context)


class ActionInterview(KnowledgeAction):
    focus = Focus.INTERVIEW

    def name(self) -> str:
        return "action_interview"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return interview(reader, context)


class ActionLevels(KnowledgeAction):
    focus = Focus.LEVELS

    def name(self) -> str:
        return "action_levels"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return levels(reader, context)


class ActionEmployers(KnowledgeAction):
    def name(self) -> str:
        return "action_employers"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return employers(reader, context)


class ActionRoleFit(KnowledgeAction):
    focus = Focus.FIT

    def name(self) -> str:
        return "action_role_fit"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return role_fit(reader, context)


class ActionTransition(KnowledgeAction):
    focus = Focus.MOVE

    def name(self) -> str:
        return "action_transition"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return transition(reader, context)


class ActionCareerPath(KnowledgeAction):
    def name(self) -> str:
        return "action_career_path"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return how_to_become(reader, context)
