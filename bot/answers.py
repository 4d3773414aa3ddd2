"""Turns knowledge records into the replies users read: the one place where answers are worded.

Replies are channel-neutral: text with light Markdown (bold, "- " lists) and suggestions that name
an intent and entities; the Rasa actions turn suggestions into buttons.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.knowledge.records import (
    CareerFacts,
    Evidence,
    RoleComparison,
    RoleOccupations,
    RoleProfile,
    RoleRef,
    RoleSkills,
    SkillVerdict,
    TermEntry,
)

IMPORTANCE_LABELS = {"essential": "Essential", "important": "Important", "useful": "Useful"}
CAREER_TOPIC_TITLES = {
    "path": "How to become {article} {name}",
    "background": "Usual background of {plural}",
    "outlook": "Outlook for {plural}",
}
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Suggestion:
    """A follow-up question offered as a button."""

    title: str
    intent: str
    entities: dict[str, str | list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    text: str
    suggestions: tuple[Suggestion, ...] = ()
    # The knowledge-base facts the text states, so what a reply claims can be traced and tested.
    fact_ids: tuple[str, ...] = ()


def article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


def _sources_line(evidence: Sequence[Evidence]) -> str:
    """Each cited work once, in the order the reply uses them.

    Where in each work a fact was checked stays in the knowledge base (`kb report`, the fact ids the
    reply carries): those notes are written for auditors and would bury a chat reply.
    """
    titles: dict[str, str] = {}
    for citation in (citation for item in evidence for citation in item.citations):
        titles.setdefault(citation.source.id, citation.source.citation())
    label = "Source" if len(titles) == 1 else "Sources"
    return f"{label}: " + "; ".join(titles.values())


def in_sentence(name: str) -> str:
    """A role name as it reads mid-sentence: "Machine Learning Engineers" -> "machine learning engineers",
    while acronyms keep their capitals ("AI engineers", "MLOps engineers")."""
    return " ".join(word if sum(char.isupper() for char in word) > 1 else word.lower() for word in name.split())


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _reply(parts: Sequence[str], evidence: Sequence[Evidence], suggestions: Iterable[Suggestion]) -> Reply:
    text = "\n\n".join(part for part in parts if part) + "\n\n" + _sources_line(evidence)
    fact_ids = tuple(dict.fromkeys(item.fact_id for item in evidence))
    return Reply(text=text, suggestions=tuple(suggestions)[:MAX_SUGGESTIONS], fact_ids=fact_ids)


def _skills_suggestion(role: RoleRef) -> Suggestion:
    return Suggestion(f"Skills of {role.plural}", "ask_role_skills", {"role": role.id})


def _compare_suggestion(role: RoleRef, other_id: str, other_name: str) -> Suggestion:
    return Suggestion(f"{role.name} vs {other_name}", "compare_roles", {"role": [role.id, other_id]})


def _partner(role: RoleRef) -> tuple[str, str]:
    return ("data_scientist", "Data Scientist") if role.id == "mle" else ("mle", "Machine Learning Engineer")


def role_overview(profile: RoleProfile) -> Reply:
    role = profile.role
    partner_id, partner_name = _partner(role)
    return _reply(
        [
            f"{role.name}\n{profile.summary.text}",
            f"What {in_sentence(role.plural)} do:\n" + _bullets(duty.text for duty in profile.duties),
        ],
        [profile.summary.evidence, *(duty.evidence for duty in profile.duties)],
        [
            _skills_suggestion(role),
            _compare_suggestion(role, partner_id, partner_name),
            Suggestion(f"Where {in_sentence(role.plural)} work", "ask_role_workplace", {"role": role.id}),
        ],
    )


def role_workplace(profile: RoleProfile) -> Reply:
    role = profile.role
    return _reply(
        [f"Where {in_sentence(role.plural)} work\n{profile.workplace.text}"],
        [profile.workplace.evidence],
        [
            Suggestion(f"What {in_sentence(role.plural)} do", "ask_role_overview", {"role": role.id}),
            _skills_suggestion(role),
        ],
    )


def role_skills(skills: RoleSkills) -> Reply:
    role = skills.role
    scope = f"{skills.category.name.lower()} skills" if skills.category else "skills"
    if not skills.links:
        return Reply(
            f"I have no sourced {scope} listed for {in_sentence(role.plural)}.",
            (_skills_suggestion(role),),
        )
    # Notes for the essentials only: a full list with notes would bury the answer.
    groups = []
    for level, label in IMPORTANCE_LABELS.items():
        links = [link for link in skills.links if link.importance == level]
        if not links:
            continue
        if level == "essential":
            groups.append(f"{label}:\n" + _bullets(_skill_line(link.skill.name, link.note) for link in links))
        else:
            groups.append(f"{label}: " + ", ".join(link.skill.name for link in links) + ".")
    example = next((link.skill for link in skills.links if link.importance != "essential"), skills.links[0].skill)
    suggestions = [
        Suggestion(
            f"Do {in_sentence(role.plural)} need {example.name}?",
            "ask_skill_importance",
            {"role": role.id, "skill": example.id},
        ),
        Suggestion(f"How to become {article(role.name)} {role.name}", "ask_how_to_become", {"role": role.id}),
    ]
    if skills.category:
        suggestions.insert(0, _skills_suggestion(role))
    return _reply(
        [f"{scope.capitalize()} {in_sentence(role.plural)} need:", *groups],
        [link.evidence for link in skills.links],
        suggestions,
    )


def _skill_line(name: str, note: str | None) -> str:
    return f"{name}: {note}" if note else name


def skill_verdict(verdict: SkillVerdict) -> Reply:
    role, skill, link = verdict.role, verdict.skill, verdict.link
    if link is None:
        others = ", ".join(other.plural for other in verdict.also_needed_by) or "none of the roles I know"
        return Reply(
            f"{skill.name} is not on my sourced list of skills {in_sentence(role.plural)} need. "
            f"It is listed for: {others}.\n\n{skill.name}: {skill.description}",
            (_skills_suggestion(role),),
        )
    opening = {
        "essential": f"Yes: {skill.name} is essential for {in_sentence(role.plural)}.",
        "important": f"Yes: {skill.name} is important for {in_sentence(role.plural)}.",
        "useful": f"It helps: {skill.name} is useful for {in_sentence(role.plural)}, though not a core requirement.",
    }[link.importance]
    details = [opening, link.note or "", f"{skill.name}: {skill.description}"]
    return _reply(details, [link.evidence], [_skills_suggestion(role)])


def category_verdict(skills: RoleSkills) -> Reply:
    """'Is math important?' answered with the role's skills of that category."""
    assert skills.category is not None
    role = skills.role
    if not skills.links:
        return Reply(
            f"None of the {skills.category.name.lower()} skills I know are listed for {in_sentence(role.plural)}.",
            (_skills_suggestion(role),),
        )
    top = skills.links[0].importance
    opening = (
        f"Yes: {skills.category.name.lower()} matters for {in_sentence(role.plural)}."
        if top in ("essential", "important")
        else f"{skills.category.name} helps {in_sentence(role.plural)}, though it is not at the core of the role."
    )
    lines = [
        f"{link.skill.name} ({link.importance})" + (f": {link.note}" if link.note else "") for link in skills.links
    ]
    return _reply([opening, _bullets(lines)], [link.evidence for link in skills.links], [_skills_suggestion(role)])


def comparison(result: RoleComparison) -> Reply:
    first, second = result.first, result.second
    aspects = [
        f"{aspect.aspect}\n- {first.name}: {aspect.first}\n- {second.name}: {aspect.second}"
        for aspect in result.aspects
    ]
    return _reply(
        [f"{first.name} vs {second.name}\n{result.summary.text}", *aspects],
        [result.summary.evidence, *(aspect.evidence for aspect in result.aspects)],
        [
            _skills_suggestion(second),
            Suggestion(f"What {in_sentence(second.plural)} do", "ask_role_overview", {"role": second.id}),
        ],
    )


def no_comparison(first: RoleRef, second: RoleRef) -> Reply:
    return Reply(
        f"I don't have a sourced comparison of {first.plural} and {second.plural}. "
        "I can describe each of them on its own.",
        (
            Suggestion(f"What {in_sentence(first.plural)} do", "ask_role_overview", {"role": first.id}),
            Suggestion(f"What {in_sentence(second.plural)} do", "ask_role_overview", {"role": second.id}),
        ),
    )


def same_role(role: RoleRef) -> Reply:
    partner_id, partner_name = _partner(role)
    return Reply(
        f"Those are both {role.plural}. Which other role should I compare them with?",
        (_compare_suggestion(role, partner_id, partner_name),),
    )


def compare_needs_two(role: RoleRef | None, roles: Sequence[RoleRef]) -> Reply:
    subject = role.plural if role else "which roles"
    return Reply(
        f'To compare, name two roles, for example "MLE vs data scientist". ({subject} and ...?)',
        tuple(
            _compare_suggestion(role or roles[0], other.id, other.name)
            for other in roles
            if other.id != (role or roles[0]).id
        )[:MAX_SUGGESTIONS],
    )


def term(entry: TermEntry) -> Reply:
    parts = [f"{entry.name}\n{entry.definition.text}"]
    if entry.examples:
        parts.append("Example:\n" + _bullets(example.text for example in entry.examples))
    return _reply(
        parts,
        [entry.definition.evidence, *(example.evidence for example in entry.examples)],
        [Suggestion("What an MLE does", "ask_role_overview", {"role": "mle"})],
    )


def ml_examples(entry: TermEntry) -> Reply:
    if not entry.examples:
        return term(entry)
    return _reply(
        [
            "Machine learning in real products\n" + _bullets(example.text for example in entry.examples),
            entry.definition.text,
        ],
        [*(example.evidence for example in entry.examples), entry.definition.evidence],
        [
            Suggestion("What is MLOps?", "ask_term", {"term": "mlops"}),
            Suggestion("What an MLE does", "ask_role_overview", {"role": "mle"}),
        ],
    )


def career(facts: CareerFacts) -> Reply:
    role = facts.role
    title = CAREER_TOPIC_TITLES[facts.topic].format(
        article=article(role.name), name=role.name, plural=in_sentence(role.plural)
    )
    if not facts.facts:
        return Reply(
            f"I have no sourced facts yet about that for {in_sentence(role.plural)}. "
            "I can tell you what they do and which skills they need.",
            (
                Suggestion(f"What {in_sentence(role.plural)} do", "ask_role_overview", {"role": role.id}),
                _skills_suggestion(role),
            ),
        )
    follow_ups = {
        "path": Suggestion("Usual background", "ask_background", {"role": role.id}),
        "background": Suggestion(
            f"How to become {article(role.name)} {role.name}", "ask_how_to_become", {"role": role.id}
        ),
        "outlook": Suggestion(
            f"How to become {article(role.name)} {role.name}", "ask_how_to_become", {"role": role.id}
        ),
    }
    return _reply(
        [f"{title}\n" + _bullets(fact.text for fact in facts.facts)],
        [fact.evidence for fact in facts.facts],
        [follow_ups[facts.topic], _skills_suggestion(role)],
    )


def salary(occupations: RoleOccupations) -> Reply:
    """Pay from the closest official occupation, named as such and dated; never a guess."""
    role = occupations.role
    follow_ups = (
        Suggestion(f"Outlook for {in_sentence(role.plural)}", "ask_career_outlook", {"role": role.id}),
        _skills_suggestion(role),
    )
    closest = next((match for match in occupations.matches if match.closeness == "closest"), None)
    pay = closest.figure("median_pay") if closest else None
    if closest is None or pay is None:
        return Reply(
            f"I don't have a sourced salary figure for {in_sentence(role.plural)}, so I won't guess one. "
            "Pay varies a lot by country, industry and seniority; a current salary survey for your region "
            "is the reliable place to look.",
            follow_ups,
        )
    lines = [f"Median pay: {pay.value} ({pay.region}, {pay.period})"]
    growth = closest.figure("growth")
    if growth:
        lines.append(f"Employment growth: {growth.value} ({growth.region}, {growth.period})")
    evidence = [closest.why.evidence, pay.fact.evidence, *([growth.fact.evidence] if growth else [])]
    return _reply(
        [
            f"Pay of {in_sentence(role.plural)}\nThe official occupation closest to this role is {closest.title} "
            f"(O*NET-SOC {closest.code}). {closest.why.text}",
            _bullets(lines),
            "Pay varies a lot by country, industry and seniority; these figures are for the region and period shown.",
        ],
        evidence,
        follow_ups,
    )


def _role_list(roles: Sequence[RoleRef]) -> str:
    return ", ".join(role.plural for role in roles)


def capabilities(roles: Sequence[RoleRef]) -> Reply:
    return Reply(
        "I answer questions about the Machine Learning Engineer career, from a sourced knowledge base:\n"
        + _bullets(
            [
                "what MLEs do day to day, and where they sit in a company",
                "the skills they need (math, programming, tools, soft skills), and whether one skill matters",
                f"how MLEs differ from other roles: {_role_list(roles[1:])}",
                "terms like MLOps or ML pipeline",
                "how to get into the role, usual background, and the outlook",
            ]
        ),
        (
            Suggestion("What does an MLE do?", "ask_role_overview", {"role": "mle"}),
            Suggestion("What skills does an MLE need?", "ask_role_skills", {"role": "mle"}),
            Suggestion("MLE vs data scientist", "compare_roles", {"role": ["mle", "data_scientist"]}),
        ),
    )


def out_of_scope(roles: Sequence[RoleRef]) -> Reply:
    others = ", ".join(in_sentence(role.plural) for role in roles[1:4])
    return Reply(
        "Sorry, that's outside what I know. I answer questions about the Machine Learning Engineer "
        f"career: what the role involves, its skills, and how it compares with {others} and others.",
        capabilities(roles).suggestions,
    )


def unknown_role(name: str, roles: Sequence[RoleRef]) -> Reply:
    return Reply(
        f'I don\'t know the role "{name}". The roles I know are: {_role_list(roles)}.',
        tuple(
            Suggestion(f"What {in_sentence(role.plural)} do", "ask_role_overview", {"role": role.id})
            for role in roles[:MAX_SUGGESTIONS]
        ),
    )


def unknown_skill(name: str, role: RoleRef) -> Reply:
    return Reply(
        f'I have no sourced information about "{name}". Here is what I can tell you about '
        f"the skills {in_sentence(role.plural)} need.",
        (_skills_suggestion(role),),
    )


def unknown_term(name: str, known: Sequence[str]) -> Reply:
    subject = f'"{name}"' if name else "that term"
    return Reply(
        f"I don't have a definition of {subject}. Terms I can explain: {', '.join(known)}.",
        (Suggestion("What is MLOps?", "ask_term", {"term": "mlops"}),),
    )


# The apology for a knowledge base or action server that fails is worded once, in domain.yml.
UNAVAILABLE_RESPONSE = "utter_action_failed"
