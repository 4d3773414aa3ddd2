"""Plain data objects the knowledge layer returns: no database or Rasa types leak out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    publisher: str | None = None
    url: str | None = None

    def citation(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title


@dataclass(frozen=True)
class Citation:
    """Where in one source a statement was checked ("Chapter 8", "section 'What MLEs Do'")."""

    source: SourceRef
    locator: str


@dataclass(frozen=True)
class Evidence:
    """What backs one statement: its fact id, its citations and when it was last checked."""

    fact_id: str
    citations: tuple[Citation, ...]
    checked: datetime.date

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        return tuple(citation.source for citation in self.citations)


@dataclass(frozen=True)
class Fact:
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class RoleRef:
    id: str
    name: str
    plural: str


@dataclass(frozen=True)
class SkillRef:
    id: str
    name: str
    category_id: str
    category_name: str
    description: str
    # What backs the description (fact `skill:<id>`), so a reply that states it cites it too.
    description_evidence: Evidence | None = None


@dataclass(frozen=True)
class CategoryRef:
    id: str
    name: str


@dataclass(frozen=True)
class SkillLink:
    """One skill as one role needs it."""

    skill: SkillRef
    importance: str
    note: str | None
    evidence: Evidence


@dataclass(frozen=True)
class RoleProfile:
    role: RoleRef
    summary: Fact
    workplace: Fact
    duties: tuple[Fact, ...]


@dataclass(frozen=True)
class RoleSkills:
    role: RoleRef
    links: tuple[SkillLink, ...]
    category: CategoryRef | None = None


@dataclass(frozen=True)
class SkillVerdict:
    """How much a role needs a skill; link is None when the role does not list it."""

    role: RoleRef
    skill: SkillRef
    link: SkillLink | None
    also_needed_by: tuple[RoleRef, ...] = ()


@dataclass(frozen=True)
class ContrastAspect:
    aspect: str
    first: str
    second: str
    evidence: Evidence


@dataclass(frozen=True)
class RoleComparison:
    first: RoleRef
    second: RoleRef
    summary: Fact
    aspects: tuple[ContrastAspect, ...]


@dataclass(frozen=True)
class TermEntry:
    id: str
    name: str
    definition: Fact
    examples: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class CareerFacts:
    role: RoleRef
    topic: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class OccupationFigure:
    """A dated statistic about an official occupation, such as its median pay."""

    measure: str
    value: str
    period: str
    region: str
    fact: Fact


@dataclass(frozen=True)
class OccupationMatch:
    """An official occupation that fits a role, why it fits, and its figures."""

    code: str
    title: str
    url: str
    closeness: str
    why: Fact
    figures: tuple[OccupationFigure, ...]

    def figure(self, measure: str) -> OccupationFigure | None:
        return next((figure for figure in self.figures if figure.measure == measure), None)


@dataclass(frozen=True)
class RoleOccupations:
    role: RoleRef
    matches: tuple[OccupationMatch, ...]  # closest first


@dataclass(frozen=True)
class EducationFacts:
    role: RoleRef
    degrees: tuple[Fact, ...]
    advanced: tuple[tuple[Fact, str, str], ...]  # (fact, degree, expectation)
    without_degree: tuple[Fact, ...]


@dataclass(frozen=True)
class CertificationEntry:
    name: str
    issuer: str
    url: str
    status: str
    about: Fact
    status_note: Fact


@dataclass(frozen=True)
class ResourceEntry:
    title: str
    kind: str
    level: str
    url: str
    about: Fact
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProjectEntry:
    title: str
    demonstrates: Fact


@dataclass(frozen=True)
class InterviewFacts:
    role: RoleRef
    stages: tuple[Fact, ...]
    topics: tuple[Fact, ...]


@dataclass(frozen=True)
class LevelEntry:
    name: str
    track: str
    rank: int
    changes: Fact


@dataclass(frozen=True)
class TransitionRecord:
    start: RoleRef
    target: RoleRef
    summary: Fact
    carries_over: tuple[Fact, ...]
    to_add: tuple[Fact, ...]


@dataclass(frozen=True)
class EmployerEntry:
    name: str
    kind: str
    about: Fact
    examples: tuple[Fact, ...]


@dataclass(frozen=True)
class FitEntry:
    role: RoleRef
    dimension: str
    dimension_name: str
    pole: str
    fact: Fact
