"""Checks that span entries: references, duplicates, shared aliases, unused sources and coverage.

The coverage rules are the ones the content README states; they live here so the loader, not
only the tests, refuses content that falls short of them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.knowledge import content_schema as schema
from bot.knowledge.content_problems import ContentProblem
from bot.knowledge.parsed_content import CITED_BY_UNPARSED, Located, ParsedContent
from bot.knowledge.text import MAX_MENTION_WORDS, normalise

MIN_ROLES = 10
MIN_DUTIES = 6
MIN_ROLE_SKILLS = 10
MIN_ROLE_ALIASES = 2
MIN_ASPECTS = 3
MIN_TERMS = 20
# Every pair of roles that includes one of these is contrasted ...
CORE_ROLES = ("mle", "data_scientist", "data_engineer", "ai_engineer")
# ... and so are these pairs.
EXTRA_CONTRASTS = (("data_analyst", "business_analyst"),)
LOCATOR_IN_PAGED_WORK = re.compile(r"\b(chapters?|sections?|parts?|appendix|appendices)\b", re.IGNORECASE)
BOTH_POLES = "both"
UNPARSED_KIND = {
    "role": "roles",
    "skill": "skills",
    "category": "categories",
    "occupation": "occupations",
    "source": "sources",
}


@dataclass(frozen=True)
class Statement:
    """A piece of text that claims something, and where it was written."""

    file: str
    entry: str
    where: str
    text: str
    cited: schema.Cited


class _Checks:
    def __init__(self, content: ParsedContent, problems: list[ContentProblem]) -> None:
        self.content = content
        self.problems = problems

    def fail(self, located: Located[Any], message: str) -> None:
        self.problems.append(ContentProblem(located.file, located.entry, message))

    def ids(self, kind: str, key: str = "id") -> dict[str, Located[Any]]:
        """The ids of one kind; a second entry with the same id is a problem.

        Entries whose shape was wrong are absent; references to them are then not reported again (see
        `refer`), since their own problem says what to fix.
        """
        known: dict[str, Located[Any]] = {}
        entries = self.content.roles if kind == "roles" else self.content.of(kind)
        for located in entries:
            value = getattr(located.item, key)
            if value in known:
                self.fail(located, f"duplicate {key} {value!r}: also in {known[value].file} ({known[value].entry})")
            else:
                known[value] = located
        return known

    def refer(self, located: Located[Any], value: str, known: dict[str, Any], what: str, where: str) -> None:
        if value not in known and value not in self.content.unparsed.get(UNPARSED_KIND[what], set()):
            self.fail(located, f"'{where}' names unknown {what} {value!r}")


def _role_statements(located: Located[schema.Role]) -> Iterator[Statement]:
    role = located.item
    yield Statement(located.file, located.entry, "summary", role.summary.text, role.summary)
    yield Statement(located.file, located.entry, "workplace", role.workplace.text, role.workplace)
    for index, duty in enumerate(role.duties):
        yield Statement(located.file, located.entry, f"duties[{index}]", duty.text, duty)
    for index, link in enumerate(role.skills):
        yield Statement(located.file, located.entry, f"skills[{index}]", link.note or "", link)
    for topic in schema.CAREER_TOPICS:
        for index, fact in enumerate(getattr(role.career, topic)):
            yield Statement(located.file, located.entry, f"career.{topic}[{index}]", fact.text, fact)


def _nested(located: Located[Any], value: Any, where: str) -> Iterator[Statement]:
    """Every cited thing inside one entry, found by walking its fields."""
    if isinstance(value, schema.Cited):
        yield Statement(located.file, located.entry, where, str(getattr(value, "text", "")), value)
    if isinstance(value, schema.Strict):
        for name in value.__fields__:
            label = "from" if name == "from_" else name
            yield from _nested(located, getattr(value, name), f"{where}.{label}" if where else label)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _nested(located, item, f"{where}[{index}]")


def statements(content: ParsedContent) -> Iterator[Statement]:
    for role in content.roles:
        yield from _role_statements(role)
    for kind, entries in content.kinds.items():
        if kind == "sources":
            continue
        for located in entries:
            yield from _nested(located, located.item, "")


def _check_citations(checks: _Checks, sources: dict[str, Located[schema.Source]]) -> None:
    used: set[str] = set()
    texts: dict[str, Statement] = {}
    for statement in statements(checks.content):
        for index, citation in enumerate(statement.cited.cite):
            where = f"{statement.where}.cite[{index}]" if statement.where else f"cite[{index}]"
            source = sources.get(citation.source)
            if source is None and citation.source in checks.content.unparsed.get("sources", set()):
                continue
            if source is None:
                checks.problems.append(
                    ContentProblem(
                        statement.file, statement.entry, f"'{where}' names unknown source {citation.source!r}"
                    )
                )
                continue
            used.add(citation.source)
            if source.item.kind in schema.PAGED_KINDS and not LOCATOR_IN_PAGED_WORK.search(citation.at):
                checks.problems.append(
                    ContentProblem(
                        statement.file,
                        statement.entry,
                        f"'{where}.at' must name the chapter, section, part or appendix of the {source.item.kind}",
                    )
                )
        key = normalise(statement.text)
        if not key:
            continue
        if key in texts:
            first = texts[key]
            checks.problems.append(
                ContentProblem(
                    statement.file,
                    statement.entry,
                    f"'{statement.where}' repeats a fact already stated in {first.file} ({first.entry} {first.where})",
                )
            )
        else:
            texts[key] = statement
    used |= checks.content.unparsed.get(CITED_BY_UNPARSED, set())
    for source_id, located in sources.items():
        if source_id not in used:
            checks.fail(located, f"source {source_id!r} is not cited by any fact")


def _check_findable(checks: _Checks, entries: Iterable[Located[Any]]) -> None:
    """Mentions are looked up by runs of at most MAX_MENTION_WORDS words: a longer alias is never found."""
    for located in entries:
        for alias in located.item.aliases:
            if len(normalise(alias).split()) > MAX_MENTION_WORDS:
                checks.fail(located, f"alias {alias!r} has over {MAX_MENTION_WORDS} words and would never be found")


# Everyday words that an alias must not be: as a mention they would catch ordinary questions ("is the
# training free?", "what are the requirements?") and answer them about one role, skill or term.
GENERIC_ALIASES = frozenset(
    {"training", "requirements", "research", "deployment", "data", "learning", "engineering", "analysis",
     "model", "models", "work", "job", "jobs", "role", "roles", "science", "testing", "development", "design",
     "experience", "career", "skills", "tools", "team", "business", "software", "production"}
)  # fmt: skip


def _check_specific(checks: _Checks, entries: Iterable[Located[Any]]) -> None:
    for located in entries:
        for alias in located.item.aliases:
            if normalise(alias) in GENERIC_ALIASES:
                checks.fail(located, f"alias {alias!r} is an everyday word that would catch ordinary questions")


def _check_aliases(checks: _Checks, entries: Iterable[Located[Any]], names: Iterable[str], what: str) -> None:
    owners: dict[str, str] = {}
    for located in entries:
        item = located.item
        spellings = [getattr(item, name) for name in names] + list(item.aliases)
        for alias in dict.fromkeys(normalise(spelling) for spelling in spellings):
            if not alias:
                checks.fail(located, f"an alias of {item.id!r} is empty once normalised")
            elif alias in owners and owners[alias] != item.id:
                checks.fail(located, f"alias {alias!r} is already used by {what} {owners[alias]!r}")
            else:
                owners[alias] = item.id


def _check_roles(checks: _Checks, roles: dict[str, Located[schema.Role]], skills: dict[str, Any]) -> None:
    for located in roles.values():
        role = located.item
        if len(role.duties) < MIN_DUTIES:
            checks.fail(located, f"needs at least {MIN_DUTIES} duties, has {len(role.duties)}")
        if len(role.skills) < MIN_ROLE_SKILLS:
            checks.fail(located, f"needs at least {MIN_ROLE_SKILLS} skills, has {len(role.skills)}")
        spellings = {normalise(spelling) for spelling in [role.name, role.plural, *role.aliases]}
        if len(spellings) < MIN_ROLE_ALIASES:
            checks.fail(located, f"needs at least {MIN_ROLE_ALIASES} different names or aliases")
        linked: set[str] = set()
        for index, link in enumerate(role.skills):
            checks.refer(located, link.skill, skills, "skill", f"skills[{index}].skill")
            if link.skill in linked:
                checks.fail(located, f"skill {link.skill!r} is linked twice")
            linked.add(link.skill)
    if len(roles) < MIN_ROLES:
        checks.problems.append(
            ContentProblem("roles/", "folder", f"needs at least {MIN_ROLES} roles, has {len(roles)}")
        )


def _check_contrasts(checks: _Checks, roles: dict[str, Any]) -> None:
    pairs: dict[frozenset[str], Located[schema.Contrast]] = {}
    for located in checks.content.of("contrasts"):
        contrast = located.item
        for index, role in enumerate(contrast.roles):
            checks.refer(located, role, roles, "role", f"roles[{index}]")
        pair = frozenset(contrast.roles)
        if pair in pairs:
            checks.fail(located, f"this pair of roles is contrasted twice (also in {pairs[pair].file})")
        pairs[pair] = located
        if len(contrast.aspects) < MIN_ASPECTS:
            checks.fail(located, f"needs at least {MIN_ASPECTS} aspects, has {len(contrast.aspects)}")
    wanted = {frozenset(pair) for pair in itertools.combinations(sorted(roles), 2) if set(pair) & set(CORE_ROLES)}
    wanted |= {frozenset(pair) for pair in EXTRA_CONTRASTS if set(pair) <= set(roles)}
    for pair in sorted(wanted - set(pairs), key=sorted):
        checks.problems.append(ContentProblem("contrasts/", " vs ".join(sorted(pair)), "this pair needs a contrast"))


def _check_per_role(checks: _Checks, kind: str, roles: dict[str, Any], *, every_role: bool) -> None:
    """Kinds that hold one entry per role (education, interviews)."""
    seen: dict[str, Located[Any]] = {}
    for located in checks.content.of(kind):
        role = located.item.role
        checks.refer(located, role, roles, "role", "role")
        if role in seen:
            checks.fail(located, f"role {role!r} already has an entry in {seen[role].file}")
        seen[role] = located
    if every_role:
        for role in sorted(set(roles) - set(seen)):
            checks.problems.append(ContentProblem(kind, f"role {role}", f"every role needs {kind}"))


def _check_links(checks: _Checks, kind: str, roles: dict[str, Any], skills: dict[str, Any]) -> None:
    """Role and skill lists of certifications, resources, projects, employers and their facts."""
    for located in checks.content.of(kind):
        for index, role in enumerate(getattr(located.item, "roles", [])):
            checks.refer(located, role, roles, "role", f"roles[{index}]")
        for statement in _nested(located, located.item, ""):
            for index, skill in enumerate(getattr(statement.cited, "skills", [])):
                checks.refer(located, skill, skills, "skill", f"{statement.where}.skills[{index}]")
        for index, skill in enumerate(getattr(located.item, "skills", [])):
            checks.refer(located, skill, skills, "skill", f"skills[{index}]")


def _check_levels(checks: _Checks) -> None:
    ranks: dict[tuple[str, int], str] = {}
    for located in checks.content.of("levels"):
        key = (located.item.track, located.item.rank)
        if key in ranks:
            checks.fail(located, f"rank {key[1]} of the {key[0]} track is already {ranks[key]!r}")
        ranks[key] = located.item.id


def _check_transitions(checks: _Checks, roles: dict[str, Any]) -> None:
    pairs: set[tuple[str, str]] = set()
    for located in checks.content.of("transitions"):
        item = located.item
        checks.refer(located, item.from_, roles, "role", "from")
        checks.refer(located, item.to, roles, "role", "to")
        if (item.from_, item.to) in pairs:
            checks.fail(located, f"the move from {item.from_} to {item.to} is described twice")
        pairs.add((item.from_, item.to))


def _check_fit(checks: _Checks, roles: dict[str, Any]) -> None:
    dimensions = checks.ids("fit_dimensions")
    placed: set[tuple[str, str]] = set()
    for located in checks.content.of("role_fit"):
        fit = located.item
        checks.refer(located, fit.role, roles, "role", "role")
        dimension = dimensions.get(fit.dimension)
        if dimension is None:
            checks.fail(located, f"'dimension' names unknown fit dimension {fit.dimension!r}")
        elif fit.pole not in (*dimension.item.poles, BOTH_POLES):
            poles = ", ".join((*dimension.item.poles, BOTH_POLES))
            checks.fail(located, f"'pole' must be one of {poles}, got {fit.pole!r}")
        if (fit.role, fit.dimension) in placed:
            checks.fail(located, f"{fit.role} is already placed on {fit.dimension}")
        placed.add((fit.role, fit.dimension))
    for role in sorted(set(roles) - {role for role, _ in placed}):
        checks.problems.append(ContentProblem("role_fit", f"role {role}", "every role needs its role fit"))


def _check_occupations(checks: _Checks, roles: dict[str, Any]) -> None:
    occupations = checks.ids("occupations", "code")
    for located in occupations.values():
        measures = [figure.measure for figure in located.item.figures]
        for measure in sorted({measure for measure in measures if measures.count(measure) > 1}):
            checks.fail(located, f"the {measure} figure is given twice")
    closest: set[str] = set()
    linked: set[tuple[str, str]] = set()
    for located in checks.content.of("role_occupations"):
        link = located.item
        checks.refer(located, link.role, roles, "role", "role")
        checks.refer(located, link.code, occupations, "occupation", "code")
        if (link.role, link.code) in linked:
            checks.fail(located, f"{link.role} is linked to {link.code} twice")
        linked.add((link.role, link.code))
        if link.closeness == "closest":
            closest.add(link.role)
    for role in sorted(set(roles) - closest):
        checks.problems.append(
            ContentProblem("role_occupations", f"role {role}", "every role needs a closest occupation")
        )


def _check_source_urls(checks: _Checks, sources: dict[str, Located[schema.Source]]) -> None:
    """One work, one source: the same page under two ids would split its citations."""
    seen: dict[str, str] = {}
    for source_id, located in sources.items():
        url = located.item.url
        if url is None:
            continue
        key = url.rstrip("/").removeprefix("https://").removeprefix("http://").removeprefix("www.")
        if key in seen:
            checks.fail(located, f"has the same url as source {seen[key]!r}")
        else:
            seen[key] = source_id


def check_content(content: ParsedContent, problems: list[ContentProblem]) -> None:
    """Adds a problem for everything that is wrong across entries."""
    checks = _Checks(content, problems)
    sources = checks.ids("sources")
    _check_source_urls(checks, sources)
    categories = checks.ids("categories")
    skills = checks.ids("skills")
    roles = checks.ids("roles")
    terms = checks.ids("terms")
    listed = {kind: checks.ids(kind) for kind in ("certifications", "resources", "projects", "levels", "employers")}
    for located in skills.values():
        checks.refer(located, located.item.category, categories, "category", "category")
    _check_aliases(checks, skills.values(), ("name",), "skill")
    _check_aliases(checks, categories.values(), ("name",), "skill category")
    _check_aliases(checks, roles.values(), ("name", "plural"), "role")
    _check_aliases(checks, terms.values(), ("name",), "term")
    for entries in (skills, categories, roles, terms):
        _check_specific(checks, entries.values())
    for kind, what in (("certifications", "certification"), ("resources", "resource"), ("employers", "employer")):
        named = listed[kind]
        _check_aliases(checks, named.values(), ("id",), what)
        _check_findable(checks, named.values())
        _check_specific(checks, named.values())
    if len(terms) < MIN_TERMS:
        problems.append(ContentProblem("terms", "glossary", f"needs at least {MIN_TERMS} terms, has {len(terms)}"))
    _check_roles(checks, roles, skills)
    _check_contrasts(checks, roles)
    _check_per_role(checks, "education", roles, every_role=True)
    _check_per_role(checks, "interviews", roles, every_role=True)
    for kind in ("certifications", "certification_value", "resources", "projects", "employers", "interviews"):
        _check_links(checks, kind, roles, skills)
    _check_levels(checks)
    _check_transitions(checks, roles)
    _check_links(checks, "transitions", roles, skills)
    _check_fit(checks, roles)
    _check_occupations(checks, roles)
    _check_citations(checks, sources)
