"""Reasoning over the knowledge base that goes beyond one lookup: which roles suit someone, what a
career switcher lacks, which known role is closest to an unknown one. Free of Rasa and of wording."""

from __future__ import annotations

from bot.knowledge.fact_search import query_terms
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import FitEntry, ResourceEntry, RoleRef, SkillLink
from bot.mentions import Preferences

GAP_LEVELS = ("essential", "important")
MAX_GAPS = 6
MAX_SUITED = 3
CLOSEST_ROLE_HITS = 10
GENERIC_JOB_WORDS = frozenset({"engineer", "developer", "dev", "specialist", "consultant", "person"})


def rank_roles(
    reader: KnowledgeReader, preferences: Preferences, among: tuple[RoleRef, ...] = (), said: str = ""
) -> list[tuple[RoleRef, list[FitEntry]]]:
    """Roles whose fit matches what the user likes (and avoids what they dislike), best first; the
    user's own words, where a role's fit text uses them too ("research", "LLMs"), break ties."""
    fits = reader.learner.role_fit(tuple(role.id for role in among))
    words = [word[:5] for word in query_terms(said) if len(word) > 3]
    scores: dict[str, float] = {}
    matching: dict[str, list[FitEntry]] = {}
    roles: dict[str, RoleRef] = {}
    for fit in fits:
        roles[fit.role.id] = fit.role
        score = scores.setdefault(fit.role.id, 0.0)
        poles = _poles_of(reader, fit.dimension)
        if fit.pole == "both" and all(pole in preferences.liked for pole in poles):
            # "research and building, I don't want to pick": a role that has both beats either end,
            # however often the user's words recur in the other roles' fit texts.
            score += 4.0
            matching.setdefault(fit.role.id, []).append(fit)
        elif fit.pole in preferences.liked:
            # What the user names first is what they care about most.
            score += 1.0 + 0.5 * (preferences.liked[0] == fit.pole)
            matching.setdefault(fit.role.id, []).append(fit)
        elif fit.pole == "both" and any(pole in preferences.liked for pole in poles):
            score += 0.5
            matching.setdefault(fit.role.id, []).append(fit)
        if fit.pole in preferences.disliked:
            score -= 1.0
        spoken = f"{fit.role.name} {fit.fact.text}".lower()
        score += 0.25 * sum(word in spoken for word in words)
        scores[fit.role.id] = score
    if among:
        # A choice between named roles: answer for each of them, best first.
        ordered = sorted(scores, key=lambda role_id: -scores[role_id])
        return [(roles[role_id], matching.get(role_id) or _all_fits(fits, role_id)) for role_id in ordered]
    ranked = sorted((role_id for role_id in scores if scores[role_id] > 0), key=lambda role_id: -scores[role_id])
    # The best match is shown whole (work, audience and horizon), so the reader sees the entire fit;
    # the runners-up show what matched (or everything, when they ranked on the user's words alone).
    return [
        (roles[role_id], _all_fits(fits, role_id) if rank == 0 else matching.get(role_id) or _all_fits(fits, role_id))
        for rank, role_id in enumerate(ranked[:MAX_SUITED])
    ]


def _poles_of(reader: KnowledgeReader, dimension: str) -> tuple[str, ...]:
    _, first, second = reader.learner.fit_poles().get(dimension, ("", "", ""))
    return (first, second)


def _all_fits(fits: list[FitEntry], role_id: str) -> list[FitEntry]:
    return [fit for fit in fits if fit.role.id == role_id]


def skill_gaps(
    reader: KnowledgeReader, start: RoleRef | None, target: RoleRef, known_skills: tuple[str, ...] = ()
) -> list[tuple[SkillLink, ResourceEntry | None]]:
    """The target's essential and important skills the starting role (if any) and the user lack, by
    importance, each with the easiest resource that teaches it."""
    target_skills = reader.role_skills(target.id)
    start_skills = reader.role_skills(start.id) if start else None
    if target_skills is None or (start is not None and start_skills is None):
        return []
    has = {link.skill.id for link in start_skills.links} if start_skills else set()
    has |= set(known_skills)
    gaps = [link for link in target_skills.links if link.importance in GAP_LEVELS and link.skill.id not in has]
    return [(link, next(iter(reader.learner.resources_for_skill(link.skill.id)), None)) for link in gaps[:MAX_GAPS]]


def closest_known_role(reader: KnowledgeReader, phrase: str) -> RoleRef | None:
    """The known role closest to an unknown title ("prompt engineer"): the role the best-matching facts
    of a full-text search are about, better ranks weighing more; else the one whose name and summary
    share the most words."""
    known = {role.id: role for role in reader.all_roles()}
    # "engineer" or "developer" matches half the base; the words before it say what the job is about.
    topic = " ".join(word for word in phrase.lower().split() if word.rstrip("s") not in GENERIC_JOB_WORDS)
    votes = _role_votes(reader, topic, known) if topic else {}
    votes = votes or _role_votes(reader, phrase, known)
    if votes:
        return known[max(votes, key=lambda role_id: votes[role_id])]
    return _closest_by_words(reader, phrase)


def _role_votes(reader: KnowledgeReader, phrase: str, known: dict[str, RoleRef]) -> dict[str, float]:
    votes: dict[str, float] = {}
    for rank, fact_id in enumerate(reader.search_fact_ids(phrase, limit=CLOSEST_ROLE_HITS)):
        # Fact ids name their roles: "role:mle:duty:2", "role-occupation:data_engineer:15-1243.00",
        # "contrast:mle--data_engineer" (a contrast counts half for each side).
        named = [part for field in fact_id.split(":") for part in field.split("--") if part in known]
        for role_id in dict.fromkeys(named):
            votes[role_id] = votes.get(role_id, 0.0) + 1.0 / (rank + 1) / len(set(named))
    return votes


def _closest_by_words(reader: KnowledgeReader, phrase: str) -> RoleRef | None:
    words = {word for word in phrase.lower().split() if len(word) > 2}
    if not words:
        return None
    best: tuple[int, RoleRef] | None = None
    for role, summary in reader.role_summaries():
        names = f"{role.name} {summary}".lower()
        score = sum(word.rstrip("s") in names for word in words)
        if score and (best is None or score > best[0]):
            best = (score, role)
    return best[1] if best else None
