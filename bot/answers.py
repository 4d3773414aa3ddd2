"""Turns knowledge records into the replies users read: the one place where answers are worded.

Replies are channel-neutral: text with light Markdown (bold, "- " lists) and suggestions that name
an intent and entities; the Rasa actions turn suggestions into buttons.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from bot.knowledge.records import (
    CareerFacts,
    CertificationEntry,
    EducationFacts,
    EmployerEntry,
    Evidence,
    Fact,
    FitEntry,
    InterviewFacts,
    LevelEntry,
    ProjectEntry,
    ResourceEntry,
    RoleComparison,
    RoleOccupations,
    RoleProfile,
    RoleRef,
    RoleSkills,
    SkillLink,
    SkillRef,
    SkillVerdict,
    SourceRef,
    TermEntry,
    TransitionRecord,
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


class ReplyKind(str, Enum):
    """What a reply does, sent beside its text so clients and tests need not guess from wording."""

    ANSWER = "answer"  # states sourced facts
    NO_DATA = "no_data"  # in scope, but the base holds no sourced fact for it
    DECLINE = "decline"  # outside what the assistant does
    CLARIFY = "clarify"  # needs one more piece from the user
    CHAT = "chat"  # capabilities, greetings and the like
    SEARCH = "search"  # the closest facts a full-text search found, when no specific answer fits


@dataclass(frozen=True)
class Reply:
    text: str
    suggestions: tuple[Suggestion, ...] = ()
    # The knowledge-base facts the text states, so what a reply claims can be traced and tested.
    fact_ids: tuple[str, ...] = ()
    kind: ReplyKind = ReplyKind.NO_DATA
    # The works the text cites, each once, in the order cited; `body` is the text without its
    # "Sources:" lines, for clients that show `sources` as a list of their own (the web widget).
    sources: tuple[SourceRef, ...] = ()
    body: str | None = None
    # A yes/no question's short answer ("Yes", "Usually, yes"), which the text opens with: clients set it
    # apart so the verdict is read first.
    verdict: str | None = None

    @property
    def text_without_sources(self) -> str:
        return self.text if self.body is None else self.body


def article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


def _cited(evidence: Sequence[Evidence]) -> tuple[SourceRef, ...]:
    """Each cited work once, in the order the reply uses them.

    Where in each work a fact was checked stays in the knowledge base (`kb report`, the fact ids the
    reply carries): those notes are written for auditors and would bury a chat reply.
    """
    works: dict[str, SourceRef] = {}
    for citation in (citation for item in evidence for citation in item.citations):
        works.setdefault(citation.source.id, citation.source)
    return tuple(works.values())


def _sources_line(sources: Sequence[SourceRef]) -> str:
    label = "Source" if len(sources) == 1 else "Sources"
    return f"{label}: " + "; ".join(source.citation() for source in sources)


def in_sentence(name: str) -> str:
    """A role name as it reads mid-sentence: "Machine Learning Engineers" -> "machine learning engineers",
    while acronyms keep their capitals ("AI engineers", "MLOps engineers")."""
    return " ".join(word if sum(char.isupper() for char in word) > 1 else word.lower() for word in name.split())


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _reply(parts: Sequence[str], evidence: Sequence[Evidence], suggestions: Iterable[Suggestion]) -> Reply:
    body = "\n\n".join(part for part in parts if part)
    sources = _cited(evidence)
    fact_ids = tuple(dict.fromkeys(item.fact_id for item in evidence))
    return Reply(
        text=body + "\n\n" + _sources_line(sources),
        suggestions=tuple(suggestions)[:MAX_SUGGESTIONS],
        fact_ids=fact_ids,
        kind=ReplyKind.ANSWER,
        sources=sources,
        body=body,
    )


def merged(replies: Sequence[Reply]) -> Reply:
    """Several answers in one reply, in order (a question about several roles or skills)."""
    kinds = {reply.kind for reply in replies}
    kind = ReplyKind.ANSWER if ReplyKind.ANSWER in kinds else replies[0].kind
    return Reply(
        "\n\n".join(reply.text for reply in replies),
        tuple({s.title: s for reply in replies for s in reply.suggestions}.values())[:MAX_SUGGESTIONS],
        tuple(dict.fromkeys(fact for reply in replies for fact in reply.fact_ids)),
        kind,
        tuple({source.id: source for reply in replies for source in reply.sources}.values()),
        "\n\n".join(reply.text_without_sources for reply in replies),
    )


def _with_kind(kind: ReplyKind, text: str, suggestions: tuple[Suggestion, ...] = ()) -> Reply:
    return Reply(text, suggestions, kind=kind)


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


def who_does(thing: str, duties: Sequence[tuple[RoleRef, Fact]]) -> Reply:
    """The roles whose duties name a thing, each with the duty that says so."""
    return _reply(
        [
            f"Roles whose sourced duties mention {in_sentence(thing)}:",
            _bullets(f"{role.name}: {duty.text}" for role, duty in duties),
        ],
        [duty.evidence for _, duty in duties],
        [Suggestion(f"What {in_sentence(duties[0][0].plural)} do", "ask_role_overview", {"role": duties[0][0].id})],
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
    short, statement = {
        "essential": ("Yes", f"{skill.name} is essential for {in_sentence(role.plural)}."),
        "important": ("Yes", f"{skill.name} is important for {in_sentence(role.plural)}."),
        "useful": (
            "It helps",
            f"{skill.name} is useful for {in_sentence(role.plural)}, though not a core requirement.",
        ),
    }[link.importance]
    details = [f"{short}: {statement}", link.note or "", f"{skill.name}: {skill.description}"]
    # The description is a sourced fact of its own: the reply cites it beside the role's link.
    evidence = [link.evidence] + ([skill.description_evidence] if skill.description_evidence else [])
    return replace(_reply(details, evidence, [_skills_suggestion(role)]), verdict=short)


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
    verdict, statement = (
        ("Yes", f"{skills.category.name.lower()} matters for {in_sentence(role.plural)}.")
        if top in ("essential", "important")
        else (
            "It helps",
            f"{skills.category.name.lower()} is useful for {in_sentence(role.plural)}, "
            "though it is not at the core of the role.",
        )
    )
    lines = [
        f"{link.skill.name} ({link.importance})" + (f": {link.note}" if link.note else "") for link in skills.links
    ]
    reply = _reply(
        [f"{verdict}: {statement}", _bullets(lines)],
        [link.evidence for link in skills.links],
        [_skills_suggestion(role)],
    )
    return replace(reply, verdict=verdict)


def comparison(result: RoleComparison, focus: int | None = None, missing: Sequence[str] = ()) -> Reply:
    """Two roles side by side; with a focus (the aspect the question asked about), that aspect leads;
    `missing` names an aspect asked about that the sources do not compare, which the reply admits first."""
    first, second = result.first, result.second
    ordered = list(result.aspects)
    if focus is not None and 0 <= focus < len(ordered):
        ordered.insert(0, ordered.pop(focus))
    aspects = [
        f"{aspect.aspect}\n- {first.name}: {aspect.first}\n- {second.name}: {aspect.second}" for aspect in ordered
    ]
    lead = [f"{first.name} vs {second.name}\n{result.summary.text}"]
    if missing and focus is None:
        admitted = " and ".join(missing[:2])
        lead = [
            f"My sources don't compare {first.plural} and {second.plural} on {admitted}. "
            f"Here is how they differ in what the sources do cover.",
            *lead,
        ]
    if focus is not None and ordered:
        lead = [f"{first.name} vs {second.name}, on {ordered[0].aspect.lower()}:"]
        aspects.append(f"In short: {result.summary.text}")
    return _reply(
        [*lead, *aspects],
        [result.summary.evidence, *(aspect.evidence for aspect in ordered)],
        [
            _skills_suggestion(second),
            Suggestion(f"What {in_sentence(second.plural)} do", "ask_role_overview", {"role": second.id}),
        ],
    )


def roles_side_by_side(
    profiles: Sequence[RoleProfile], contrasts: Sequence[RoleComparison], duties: Sequence[Fact | None] = ()
) -> Reply:
    """Three or more roles in one question: the duty of each that matches what was asked (where one does),
    what each is, then how each pair differs where the base says."""
    paired = zip(profiles, duties, strict=True) if duties else ()
    matched = [(profile, duty) for profile, duty in paired if duty is not None]
    parts = ["\n".join(f"{profile.role.name}: {profile.summary.text}" for profile in profiles)]
    if matched:
        parts.insert(
            0,
            "What the sources say each does on that:\n"
            + _bullets(f"{profile.role.name}: {duty.text}" for profile, duty in matched),
        )
    if contrasts:
        parts.append(
            "How they differ:\n" + _bullets(f"{c.first.name} vs {c.second.name}: {c.summary.text}" for c in contrasts)
        )
    return _reply(
        parts,
        [
            *(duty.evidence for _, duty in matched),
            *(profile.summary.evidence for profile in profiles),
            *(c.summary.evidence for c in contrasts),
        ],
        [_compare_suggestion(profiles[0].role, profiles[1].role.id, profiles[1].role.name)],
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
    return _with_kind(
        ReplyKind.CLARIFY,
        f"Those are both {role.plural}. Which other role should I compare them with?",
        (_compare_suggestion(role, partner_id, partner_name),),
    )


def compare_needs_two(role: RoleRef | None, roles: Sequence[RoleRef]) -> Reply:
    subject = role.plural if role else "which roles"
    return _with_kind(
        ReplyKind.CLARIFY,
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


def _career_text(facts: CareerFacts) -> str:
    role = facts.role
    title = CAREER_TOPIC_TITLES[facts.topic].format(
        article=article(role.name), name=role.name, plural=in_sentence(role.plural)
    )
    return f"{title}\n" + _bullets(fact.text for fact in facts.facts)


def career(facts: CareerFacts) -> Reply:
    role = facts.role
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
        [_career_text(facts)],
        [fact.evidence for fact in facts.facts],
        [follow_ups[facts.topic], _skills_suggestion(role)],
    )


def salary(occupations: RoleOccupations, pay_notes: Sequence[Fact] = ()) -> Reply:
    """Pay from the closest official occupation, named as such and dated; never a guess. Sourced notes
    on the role's pay (a dated wage, "paid more than ordinary software engineers") come after it."""
    role = occupations.role
    follow_ups = (
        Suggestion(f"Outlook for {in_sentence(role.plural)}", "ask_career_outlook", {"role": role.id}),
        _skills_suggestion(role),
    )
    closest = next((match for match in occupations.matches if match.closeness == "closest"), None)
    pay = closest.figure("median_pay") if closest else None
    notes = [f"What sources say about their pay:\n{_bullets(note.text for note in pay_notes)}"] if pay_notes else []
    if (closest is None or pay is None) and pay_notes:
        return _reply([f"Pay of {in_sentence(role.plural)}", *notes], [n.evidence for n in pay_notes], follow_ups)
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
            *notes,
            "Pay varies a lot by country, industry and seniority; these figures are for the region and period shown.",
        ],
        [*evidence, *(note.evidence for note in pay_notes)],
        follow_ups,
    )


FIGURE_LABELS = {"growth": "Employment growth", "employment": "Jobs", "median_pay": "Median pay"}


def outlook(facts: CareerFacts, occupations: RoleOccupations | None) -> Reply:
    """What sources say about demand for the role, then the official figures of its closest occupation."""
    reply = career(facts)
    closest = next((m for m in occupations.matches if m.closeness == "closest"), None) if occupations else None
    figures = [figure for figure in (closest.figures if closest else ()) if figure.measure in FIGURE_LABELS]
    if closest is None or not figures or not facts.facts:
        return reply
    return _reply(
        [
            _career_text(facts),
            f"Official figures for {closest.title} (O*NET-SOC {closest.code}), the closest occupation:\n"
            + _bullets(f"{FIGURE_LABELS[f.measure]}: {f.value} ({f.region}, {f.period})" for f in figures),
        ],
        [*(fact.evidence for fact in facts.facts), closest.why.evidence, *(f.fact.evidence for f in figures)],
        reply.suggestions,
    )


def _role_list(roles: Sequence[RoleRef]) -> str:
    return ", ".join(role.plural for role in roles)


def capabilities(roles: Sequence[RoleRef]) -> Reply:
    return _with_kind(
        ReplyKind.CHAT,
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
    return _with_kind(
        ReplyKind.DECLINE,
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


def unknown_request_value(roles: Sequence[RoleRef]) -> Reply:
    """A request ("/intent{...}") naming a role, skill or term the base lacks; the value is not repeated,
    since it came from the client rather than from words a person typed."""
    return Reply(
        f"That request names something I have no knowledge of. The roles I know are: {_role_list(roles)}.",
        tuple(
            Suggestion(f"What {in_sentence(role.plural)} do", "ask_role_overview", {"role": role.id})
            for role in roles[:MAX_SUGGESTIONS]
        ),
        kind=ReplyKind.NO_DATA,
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
# The domain response the web channel sends when the conversation store or lock store fails.
CONVERSATION_UNAVAILABLE_RESPONSE = "utter_conversation_unavailable"
# What the web channel says for a turn that would otherwise say nothing.
GREETING_RESPONSE = "utter_greet"


# --- what learners ask next ------------------------------------------------------------------------

EXPECTATION_VERDICTS = {
    "expected": "Usually, yes",
    "common": "Often, but not always",
    "uncommon": "Not usually",
    "not_needed": "No, it is not needed",
}
DEGREE_NAMES = {"masters": "a master's degree", "phd": "a PhD"}


def _no_data(text: str, role: RoleRef | None = None) -> Reply:
    suggestions = (_skills_suggestion(role),) if role else ()
    return Reply(text, suggestions, kind=ReplyKind.NO_DATA)


def education(facts: EducationFacts, degree_focus: str | None = None) -> Reply:
    """Degrees and fields; with "do I need a PhD?", the verdict for that degree comes first."""
    role = facts.role
    parts = []
    evidence: list[Evidence] = []
    focused = [item for item in facts.advanced if item[1] == degree_focus]
    verdict = None
    if degree_focus in DEGREE_NAMES and focused:
        fact, _, expectation = focused[0]
        verdict = EXPECTATION_VERDICTS[expectation]
        parts.append(f"{verdict}: {fact.text}")
        evidence.append(fact.evidence)
    elif degree_focus in DEGREE_NAMES:
        # Asked about a degree the sources say nothing about: say so first, then what they do say.
        parts.append(
            f"I have no sourced statement on whether {in_sentence(role.plural)} need {DEGREE_NAMES[degree_focus]}; "
            "here is what the sources say about their education."
        )
    elif degree_focus == "without_degree" and facts.without_degree:
        parts.append("Routes in without a degree:\n" + _bullets(fact.text for fact in facts.without_degree))
        evidence += [fact.evidence for fact in facts.without_degree]
    if facts.degrees:
        parts.append(f"Usual education of {in_sentence(role.plural)}:\n" + _bullets(f.text for f in facts.degrees))
        evidence += [fact.evidence for fact in facts.degrees]
    others = [item for item in facts.advanced if item not in focused]
    if others:
        parts.append("Master's or PhD:\n" + _bullets(fact.text for fact, _, _ in others))
        evidence += [fact.evidence for fact, _, _ in others]
    if facts.without_degree and degree_focus != "without_degree":
        parts.append("Without a degree:\n" + _bullets(fact.text for fact in facts.without_degree))
        evidence += [fact.evidence for fact in facts.without_degree]
    elif degree_focus == "without_degree" and not facts.without_degree:
        parts.insert(0, f"I have no sourced route into the {role.name} role without a degree.")
    reply = _reply(
        parts,
        evidence,
        [
            Suggestion(f"Certifications for {in_sentence(role.plural)}", "ask_certifications", {"role": role.id}),
            _skills_suggestion(role),
        ],
    )
    return replace(reply, verdict=verdict)


def certifications(role: RoleRef, entries: Sequence[CertificationEntry], views: Sequence[Fact]) -> Reply:
    if not entries and not views:
        return _no_data(f"I have no sourced certifications for {in_sentence(role.plural)}.", role)
    lines = [
        f"{entry.name} ({entry.issuer}): {entry.about.text}"
        + ("" if entry.status == "active" else f" Retired: {entry.status_note.text}")
        for entry in entries
    ]
    parts = [f"Certifications for {in_sentence(role.plural)}:\n" + _bullets(lines)] if lines else []
    if views:
        parts.append("How much they count in hiring:\n" + _bullets(view.text for view in views))
    evidence = [entry.about.evidence for entry in entries]
    evidence += [entry.status_note.evidence for entry in entries if entry.status != "active"]
    evidence += [view.evidence for view in views]
    return _reply(
        parts,
        evidence,
        [Suggestion("Learning resources", "ask_learning_resources", {"role": role.id}), _skills_suggestion(role)],
    )


def named_certifications(entries: Sequence[CertificationEntry]) -> Reply:
    """The certifications the user named, each with whether it can still be earned, first."""
    parts = []
    for entry in entries:
        verdict = "Still offered" if entry.status == "active" else "Retired"
        parts.append(f"{entry.name} ({entry.issuer})\n{verdict}: {entry.status_note.text}")
        parts.append(f"{entry.about.text}\n{entry.url}")
    evidence = [fact.evidence for entry in entries for fact in (entry.status_note, entry.about)]
    return _reply(parts, evidence, [Suggestion("Learning resources", "ask_learning_resources", {"role": "mle"})])


def named_resources(entries: Sequence[ResourceEntry]) -> Reply:
    """The learning resources the user named: what each is, for which level, and where to find it."""
    return _reply(
        [
            f"{entry.title}\n{article(entry.level).capitalize()} {entry.level} {entry.kind}: "
            f"{entry.about.text}\n{entry.url}"
            for entry in entries
        ],
        [entry.about.evidence for entry in entries],
        [Suggestion("Where to start", "ask_learning_resources", {"role": "mle"})],
    )


def _resource_line(entry: ResourceEntry) -> str:
    return f"{entry.title} ({entry.kind}, {entry.level}): {entry.about.text} {entry.url}"


def resources(
    role: RoleRef, entries: Sequence[ResourceEntry], start_here: bool = False, path: Sequence[Fact] = ()
) -> Reply:
    """Resources, easiest first; "where do I start?" leads with the steps in order, then the resources."""
    if not entries and not path:
        return _no_data(f"I have no sourced learning resources for {in_sentence(role.plural)} yet.", role)
    shown = list(entries)[:6]
    parts = []
    if path:
        parts.append(f"Where to start as a future {role.name}, step by step:\n" + _bullets(f.text for f in path))
    if shown:
        label = (
            "Then learn with these, easiest first:"
            if path
            else f"Learning resources for {in_sentence(role.plural)}, easiest first:"
        )
        parts += [label, _bullets(_resource_line(entry) for entry in shown)]
    return _reply(
        parts,
        [*(fact.evidence for fact in path), *(entry.about.evidence for entry in shown)],
        [
            Suggestion(f"Portfolio projects for {in_sentence(role.plural)}", "ask_portfolio", {"role": role.id}),
            _skills_suggestion(role),
        ],
    )


def portfolio(role: RoleRef, projects: Sequence[ProjectEntry]) -> Reply:
    if not projects:
        return _no_data(f"I have no sourced portfolio projects for {in_sentence(role.plural)}.", role)
    return _reply(
        [
            f"Portfolio projects that show what {in_sentence(role.plural)} do:",
            _bullets(f"{p.title}: {p.demonstrates.text}" for p in projects),
        ],
        [project.demonstrates.evidence for project in projects],
        [
            Suggestion(f"Interviews for {in_sentence(role.plural)}", "ask_interview", {"role": role.id}),
            _skills_suggestion(role),
        ],
    )


def interview(facts: InterviewFacts) -> Reply:
    role = facts.role
    if not facts.stages and not facts.topics:
        return _no_data(f"I have no sourced interview information for {in_sentence(role.plural)}.", role)
    parts = [f"Interviews for {in_sentence(role.plural)}"]
    if facts.stages:
        parts.append("Usual stages:\n" + _bullets(fact.text for fact in facts.stages))
    if facts.topics:
        parts.append("What gets asked:\n" + _bullets(fact.text for fact in facts.topics))
    return _reply(
        parts,
        [fact.evidence for fact in (*facts.stages, *facts.topics)],
        [
            Suggestion(f"Portfolio projects for {in_sentence(role.plural)}", "ask_portfolio", {"role": role.id}),
            _skills_suggestion(role),
        ],
    )


def levels(entries: Sequence[LevelEntry], track: str | None = None, role_facts: Sequence[Fact] = ()) -> Reply:
    """The rungs of the ladder (one track when asked); `role_facts` say first what holds for a role named."""
    chosen = [entry for entry in entries if track is None or entry.track == track]
    if not chosen and not role_facts:
        return _no_data("I have no sourced career levels.")
    individual = [entry for entry in chosen if entry.track == "individual"]
    management = [entry for entry in chosen if entry.track == "management"]
    parts = ["Career levels, and what changes at each", *(fact.text for fact in role_facts)]
    if individual:
        parts.append("Individual contributor track:\n" + _bullets(f"{e.name}: {e.changes.text}" for e in individual))
    if management:
        parts.append("Management track:\n" + _bullets(f"{e.name}: {e.changes.text}" for e in management))
    evidence = [fact.evidence for fact in role_facts] + [entry.changes.evidence for entry in chosen]
    return _reply(parts, evidence, ())


def transition(
    record: TransitionRecord | None,
    start: RoleRef,
    target: RoleRef,
    gaps: Sequence[tuple[SkillLink, ResourceEntry | None]],
    part: str | None = None,
    steps: Sequence[Fact] = (),
) -> Reply:
    """From one role to another: what carries over, what to add (with a resource each), by importance;
    `part` ("carries_over" or "to_add") answers only that side when only that side was asked; `steps`
    are sourced steps into either role that speak to this move, said first."""
    parts = [f"From {start.name} to {target.name}", *(fact.text for fact in steps)]
    evidence: list[Evidence] = [fact.evidence for fact in steps]
    if record:
        parts[0] += f"\n{record.summary.text}"
        evidence.append(record.summary.evidence)
        carries = record.carries_over if part != "to_add" else ()
        adds = record.to_add if part != "carries_over" else ()
        if carries:
            parts.append("What carries over:\n" + _bullets(fact.text for fact in carries))
        if adds:
            parts.append("What to add:\n" + _bullets(fact.text for fact in adds))
        evidence += [fact.evidence for fact in (*carries, *adds)]
    if gaps and part != "carries_over":
        lines, gap_evidence = _gap_lines(gaps)
        evidence += gap_evidence
        parts.append(
            f"Skills {in_sentence(target.plural)} need that {in_sentence(start.plural)} are not listed with:\n"
            + _bullets(lines)
        )
    if not evidence:
        return _no_data(f"I have no sourced facts about moving from {start.name} to {target.name}.", target)
    return _reply(
        parts,
        evidence,
        [
            _skills_suggestion(target),
            Suggestion(
                f"Learning resources for {in_sentence(target.plural)}", "ask_learning_resources", {"role": target.id}
            ),
        ],
    )


def _gap_lines(gaps: Sequence[tuple[SkillLink, ResourceEntry | None]]) -> tuple[list[str], list[Evidence]]:
    """One line per missing skill, by importance, with the easiest resource that teaches it."""
    lines: list[str] = []
    evidence: list[Evidence] = []
    for link, resource in gaps:
        line = f"{link.skill.name} ({link.importance})"
        if resource:
            line += f": learn it with {resource.title} ({resource.level})"
            evidence.append(resource.about.evidence)
        lines.append(line)
        evidence.append(link.evidence)
    return lines, evidence


def skills_to_add(
    target: RoleRef, known: Sequence[SkillRef], gaps: Sequence[tuple[SkillLink, ResourceEntry | None]]
) -> Reply:
    """ "I know SQL and Python, what am I missing for data science?": the target's key skills not named."""
    names = [skill.name for skill in known]
    named = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    if not gaps:
        return _no_data(
            f"{named} already covers the essential and important skills I have on file for "
            f"{in_sentence(target.plural)}.",
            target,
        )
    lines, evidence = _gap_lines(gaps)
    return _reply(
        [f"What {in_sentence(target.plural)} need beyond {named}, most important first:", _bullets(lines)],
        evidence,
        [_skills_suggestion(target)],
    )


def employers(role: RoleRef | None, entries: Sequence[EmployerEntry], workplace: Fact | None = None) -> Reply:
    if not entries and workplace is None:
        return _no_data("I have no sourced employers for that role.", role)
    who = in_sentence(role.plural) if role else "these roles"
    lines = [
        f"{entry.name}: {entry.about.text}" + (f" Example: {entry.examples[0].text}" if entry.examples else "")
        for entry in entries
    ]
    evidence = ([workplace.evidence] if workplace else []) + [entry.about.evidence for entry in entries]
    evidence += [entry.examples[0].evidence for entry in entries if entry.examples]
    return _reply(
        [f"Who hires {who}:", workplace.text if workplace else "", _bullets(lines)],
        evidence,
        [Suggestion("Pay and outlook", "ask_salary", {"role": role.id})] if role else [],
    )


def named_employers(entries: Sequence[EmployerEntry]) -> Reply:
    """The kinds of employer the user named, each with every sourced example of ML work there."""
    parts = [
        f"{entry.name}\n{entry.about.text}"
        + ("\nExamples:\n" + _bullets(e.text for e in entry.examples) if entry.examples else "")
        for entry in entries
    ]
    evidence = [fact.evidence for entry in entries for fact in (entry.about, *entry.examples)]
    return _reply(parts, evidence, [Suggestion("Who hires MLEs", "ask_employers", {"role": "mle"})])


def role_fit(ranked: Sequence[tuple[RoleRef, Sequence[FitEntry]]], liked: Sequence[str]) -> Reply:
    """Roles that suit stated preferences, best first, each with the fit facts that match."""
    if not ranked:
        return Reply(
            "Tell me what you enjoy, for example experiments and analysis, building systems, or working with people, "
            "and I will say which roles suit it.",
            kind=ReplyKind.CLARIFY,
        )
    parts = ["Roles that suit " + (", ".join(liked) if liked else "what you describe") + ":"]
    evidence: list[Evidence] = []
    for role, fits in ranked:
        parts.append(f"{role.name}:\n" + _bullets(fit.fact.text for fit in fits))
        evidence += [fit.fact.evidence for fit in fits]
    first = ranked[0][0]
    return _reply(
        parts,
        evidence,
        [
            Suggestion(f"What {in_sentence(first.plural)} do", "ask_role_overview", {"role": first.id}),
            _skills_suggestion(first),
        ],
    )


def closest_role(name: str, role: RoleRef, profile: RoleProfile) -> Reply:
    """A role the base does not know, answered with the known role closest to it."""
    return _reply(
        [
            f'I don\'t have "{name}" as a role of its own; the closest role I know is '
            f"{article(role.name)} {role.name}.\n{profile.summary.text}"
        ],
        [profile.summary.evidence],
        [
            _skills_suggestion(role),
            Suggestion(f"What {in_sentence(role.plural)} do", "ask_role_overview", {"role": role.id}),
        ],
    )


def facts_about(name: str, facts: Sequence[Fact]) -> Reply:
    """What the sources say about something the base has no entry for, from the facts that name it."""
    return _reply(
        [f"What my sources say about {name}:", _bullets(fact.text for fact in facts)],
        [fact.evidence for fact in facts],
        [],
    )


def search_results(hits: Sequence[Fact]) -> Reply:
    """The closest facts a full-text search found, marked as such."""
    return replace(_search_reply(hits), kind=ReplyKind.SEARCH)


def _search_reply(hits: Sequence[Fact]) -> Reply:
    return _reply(
        [
            "I have no answer made for that question; these are the closest sourced facts I found:",
            _bullets(f.text for f in hits),
        ],
        [fact.evidence for fact in hits],
        [],
    )
