"""Which roles a message is about: named, tagged by NLU, remembered from earlier, or unknown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from actions.answer import Answer, required
from actions.conversation import ConversationContext
from bot import answers
from bot.advice import closest_known_role
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import RoleRef
from bot.knowledge.text import follow_up_phrase, normalise, role_phrase
from bot.mentions import field_choice, field_roles, roles_outside_titles, topic_of, unknown_titles

DEFAULT_ROLE = "mle"
FOLLOW_UP_INTENT = "inform_role"

RoleAnswerFunction = Callable[[KnowledgeReader, RoleRef, ConversationContext], Answer]


@dataclass(frozen=True)
class RoleChoice:
    """The roles a message is about: known ones resolved, unknown names kept to say so honestly."""

    known: list[RoleRef] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def roles_in(reader: KnowledgeReader, context: ConversationContext) -> RoleChoice:
    known: list[RoleRef] = []
    unknown: list[str] = []
    titles = unknown_titles(reader, context.text)
    for mention in context.role_mentions:
        # NLU may tag one word of a longer title ("data" of "data architect", "developer" of "BI
        # developer"): the title is what was asked.
        title = next((title for title in titles if normalise(mention) in title.split()), None)
        role = None if title else reader.resolve_role(mention)
        if role is None and not title and topic_of(mention) is not None:
            continue  # "would a certification make up for it?": NLU took a kind of question for a role
        if role is None:
            unknown.append(title or mention)
        elif role not in known:
            known.append(role)
    # NLU can miss a role the text names plainly; the knowledge base's aliases catch it.
    for role in roles_outside_titles(reader, context.text, titles):
        if role not in known:
            known.append(role)
    unknown = list(dict.fromkeys(unknown))
    for role in field_roles(reader, context.text) if not known and not unknown else field_choice(reader, context.text):
        if role not in known:
            known.append(role)
    if not known:
        # "prompt engineer - what is that job about?": a title no role answers to.
        unknown.extend(title for title in titles if title not in unknown)
    if not known and not unknown and context.discussed_roles:
        known.extend(role for role in (reader.role(r) for r in referred_roles(context)) if role is not None)
    if not known and not unknown:
        # A terse follow-up ("and a plumber?") names a role and nothing else.
        phrase = role_phrase(context.text) or (
            follow_up_phrase(context.text) if context.intent == FOLLOW_UP_INTENT else None
        )
        # "would a certification make up for it?" has the shape of "would a plumber make...", not its sense.
        if phrase and reader.resolve_role(phrase) is None and topic_of(phrase) is None:
            unknown.append(phrase)
    return RoleChoice(known, unknown)


_ORDINALS = {"first": 0, "former": 0, "second": 1, "latter": -1, "last": -1, "third": 2}
_BOTH = re.compile(r"\b(both|either|each of them|all of them|which of (them|the two|those)|the two|them)\b")
_ORDINAL = re.compile(r"\bthe (first|second|third|former|latter|last)( one)?\b")


def referred_roles(context: ConversationContext) -> tuple[str, ...]:
    """Roles a message points back to: "the second one", "both", "which of them"."""
    lowered = context.text.lower()
    match = _ORDINAL.search(lowered)
    if match and context.discussed_roles:
        index = _ORDINALS[match.group(1)]
        if -len(context.discussed_roles) <= index < len(context.discussed_roles):
            return (context.discussed_roles[index],)
    if _BOTH.search(lowered):
        return context.discussed_roles
    return ()


def remembered_role(reader: KnowledgeReader, context: ConversationContext) -> RoleRef | None:
    return reader.role(context.current_role) if context.current_role else None


def role_in_focus(reader: KnowledgeReader, context: ConversationContext) -> RoleRef | str:
    """The role a question is about; an unknown role name is returned as a string."""
    choice = roles_in(reader, context)
    if choice.known:
        return choice.known[0]
    if choice.unknown:
        return choice.unknown[0]
    return remembered_role(reader, context) or required(reader.role(DEFAULT_ROLE), f"default role {DEFAULT_ROLE!r}")


def unknown_role_answer(reader: KnowledgeReader, name: str) -> Answer:
    """A role the base lacks: the closest known role when one shares its words, else the list of roles."""
    # A two-word title ("prompt engineer") says enough to find a close role; "plumber" does not.
    closest = closest_known_role(reader, name) if len(name.split()) > 1 else None
    profile = reader.role_profile(closest.id) if closest else None
    if closest and profile:
        return Answer(answers.closest_role(name, closest, profile), role=closest.id)
    return Answer(answers.unknown_role(name, reader.all_roles()))


def about_each_role(answer_about: RoleAnswerFunction) -> Callable[[KnowledgeReader, ConversationContext], Answer]:
    """Like about_one_role, but a question naming several roles is answered for each, in the order named."""
    single = about_one_role(answer_about)

    def answer(reader: KnowledgeReader, context: ConversationContext) -> Answer:
        choice = roles_in(reader, context)
        if len(choice.known) < 2:
            return single(reader, context)
        parts = [answer_about(reader, role, context) for role in choice.known]
        return Answer(
            answers.merged([part.reply for part in parts]),
            role=parts[-1].role,
            skill=parts[-1].skill,
            topic=parts[-1].topic,
            roles=tuple(role.id for role in choice.known),
        )

    return answer


def about_one_role(answer_about: RoleAnswerFunction) -> Callable[[KnowledgeReader, ConversationContext], Answer]:
    """An answering function for a question about one role; an unknown role is admitted, not guessed."""

    def answer(reader: KnowledgeReader, context: ConversationContext) -> Answer:
        role = role_in_focus(reader, context)
        if isinstance(role, str):
            return unknown_role_answer(reader, role)
        return answer_about(reader, role, context)

    return answer
