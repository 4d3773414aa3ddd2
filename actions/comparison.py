"""How two roles differ."""

from __future__ import annotations

import re
from collections.abc import Iterable

from actions.answer import Answer, Topic, required
from actions.conversation import ConversationContext
from actions.knowledge_action import KnowledgeAction
from actions.role_choice import DEFAULT_ROLE, remembered_role, roles_in, unknown_role_answer
from bot import answers
from bot.knowledge.fact_search import query_terms
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import Fact, RoleComparison, RoleProfile, RoleRef
from bot.knowledge.text import normalise
from bot.question_focus import Focus

# Words that name roles say nothing about which aspect a comparison asks about.
NAMES_OF_ROLES = frozenset(
    [
        "engineer",
        "engineers",
        "scientist",
        "scientists",
        "analyst",
        "analysts",
        "data",
        "ml",
        "mle",
        "mles",
        "ai",
        "business",
        "software",
        "mlops",
        "research",
        "applied",
        "machine",
        "learning",
        "role",
        "roles",
        "job",
        "jobs",
        "two",
        "which",
        "who",
        "vs",
        "versus",
    ]
)
MIN_ASPECT_SCORE = 2
# Words of a comparison question that say how to compare, not on what.
COMPARING_WORDS = frozenset(
    [
        "differ",
        "different",
        "difference",
        "differences",
        "compare",
        "compared",
        "comparison",
        "between",
        "same",
        "similar",
        "each",
        "both",
        "them",
        "they",
        "their",
        "does",
        "do",
        "use",
        "uses",
        "work",
        "works",
        "one",
        "ones",
        "kind",
        "kinds",
        "more",
        "less",
        "better",
        "most",
        "main",
        "really",
        "actually",
        "exactly",
        "thing",
        "things",
        "sound",
        "sounds",
        "like",
        "plain",
        "simple",
        "terms",
        "words",
        "short",
        "nutshell",
        "general",
        "tell",
        "explain",
        "care",
        "cares",
        "need",
        "needs",
        "have",
        "has",
        "get",
        "gets",
        "spend",
        "spends",
        "write",
        "writes",
        "ship",
        "ships",
        "deal",
        "deals",
        "end",
        "ends",
        "up",
    ]
)
# "on what", "which of them ... more", "what tools does each use": the question names an aspect.
_ASPECT_CUE = re.compile(
    r"\b(each (one|of them)|which of (them|the two)|who (\w+ ){0,3}(more|less|better)|in terms of|when it comes to"
    r"|what (tools|languages|data|kind of data|skills))\b"
)


def compare_roles(reader: KnowledgeReader, context: ConversationContext) -> Answer:
    choice = roles_in(reader, context)
    if choice.unknown and len(choice.known) < 2:
        return unknown_role_answer(reader, choice.unknown[0])
    roles = list(choice.known)
    if not roles and not choice.unknown and len(context.discussed_roles) >= 2:
        # "how does evaluating their work differ?" about the roles just set side by side.
        roles = [role for role in (reader.role(r) for r in context.discussed_roles) if role is not None]
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
    if len(roles) > 2:
        return _several_roles(reader, roles, context.text)
    first, second = roles[0], roles[1]
    result = reader.compare_roles(first.id, second.id)
    if result is None:
        # Still the two roles under discussion: "which of them gets paid more?" is about them.
        reply = answers.no_comparison(first, second)
        return Answer(reply, role=first.id, topic=Topic.COMPARE, roles=(first.id, second.id))
    scores = aspect_scores(context.text, result, bool(choice.known))
    focus = best_aspect(scores)
    # Admitted only when no aspect shares a word with the question: a near miss is shown, not denied.
    asks_an_aspect = focus is None and not any(scores) and _ASPECT_CUE.search(context.text.lower())
    missing = aspect_words(context.text, bool(choice.known)) if asks_an_aspect else ()
    reply = answers.comparison(result, focus, missing)
    return Answer(reply, role=first.id, topic=Topic.COMPARE, roles=(first.id, second.id))


def aspect_words(question: str, names_roles: bool) -> tuple[str, ...]:
    """The words that name what a comparison question asks about ("tools" in "what tools does each use?");
    when the question names no role, words such as "data" are about the aspect, not a role's name."""
    ignored = COMPARING_WORDS | (NAMES_OF_ROLES if names_roles else frozenset())
    return tuple(term for term in query_terms(question) if term not in ignored)


def aspect_scores(question: str, result: RoleComparison, names_roles: bool = True) -> list[int]:
    """How well each aspect of a comparison matches the question's words (the aspect's name counts double)."""
    terms = [term for term in query_terms(question) if not (names_roles and term in NAMES_OF_ROLES)]
    return [
        _terms_in(terms, f"{aspect.aspect} {aspect.first} {aspect.second}")
        + 2 * sum(term[:5] in normalise(aspect.aspect) for term in terms)
        for aspect in result.aspects
    ]


def best_aspect(scores: list[int]) -> int | None:
    """The aspect a comparison question is about ("who writes more code?"), when it scores high enough."""
    best = max(range(len(scores)), key=lambda index: scores[index], default=None)
    return best if best is not None and scores[best] >= MIN_ASPECT_SCORE else None


def _terms_in(terms: Iterable[str], text: str) -> int:
    """How many of the terms begin a word of the text, compared by their first five letters."""
    words = set(normalise(text).split())
    return sum(any(word.startswith(term[:5]) for word in words) for term in terms)


def _matching_duty(profile: RoleProfile, asked: tuple[str, ...]) -> Fact | None:
    """The duty of a role that shares most words with what was asked ("which of them publish papers?")."""
    scored = [(_terms_in(asked, duty.text), duty) for duty in profile.duties]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] else None


def _several_roles(reader: KnowledgeReader, roles: list[RoleRef], question: str) -> Answer:
    profiles = [required(reader.role_profile(role.id), f"profile of {role.id}") for role in roles]
    asked = aspect_words(question, names_roles=True)
    duties = [_matching_duty(profile, asked) for profile in profiles] if asked else []
    pairs = [(roles[i], roles[j]) for i in range(len(roles)) for j in range(i + 1, len(roles))]
    contrasts = [found for found in (reader.compare_roles(a.id, b.id) for a, b in pairs) if found is not None]
    return Answer(
        answers.roles_side_by_side(profiles, contrasts, duties),
        role=roles[0].id,
        topic=Topic.COMPARE,
        roles=tuple(role.id for role in roles),
    )


class ActionCompareRoles(KnowledgeAction):
    focus = Focus.COMPARE

    def name(self) -> str:
        return "action_compare_roles"

    def answer(self, reader: KnowledgeReader, context: ConversationContext) -> Answer:
        return compare_roles(reader, context)
