"""The shape of every content file, declared once: pydantic refuses unknown keys, wrong types and
empty text, and names the place of each problem.

Checks that need more than one entry (references, duplicates, coverage) live in `content_checks`.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import BaseModel, Extra, Field, validator

IDENTIFIER_PATTERN = r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$"
Identifier = Annotated[str, Field(regex=IDENTIFIER_PATTERN)]
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]*$")
Url = Annotated[str, Field(regex=URL_PATTERN.pattern)]
OccupationCode = Annotated[str, Field(regex=r"^\d{2}-\d{4}\.\d{2}$")]

SOURCE_KINDS = ("book", "paper", "web", "article", "survey", "dataset")
# Works a reader can only check with a locator inside them.
PAGED_KINDS = ("book", "paper")
WEB_KINDS = ("web", "survey", "dataset")
IMPORTANCE_LEVELS = ("essential", "important", "useful")
CAREER_TOPICS = ("path", "background", "outlook")
EDUCATION_TOPICS = ("degrees", "advanced", "without_degree")
INTERVIEW_PARTS = ("stages", "topics")
TRANSITION_PARTS = ("carries_over", "to_add")


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True
        min_anystr_length = 1
        allow_mutation = False


class Citation(Strict):
    source: Identifier
    at: str


class Cited(Strict):
    """Anything that states something: it names where that was read, and when."""

    cite: list[Citation] = Field(..., min_items=1)
    checked: datetime.date

    @validator("checked")
    def _not_in_future(cls, value: datetime.date) -> datetime.date:
        if value > datetime.date.today():
            raise ValueError(f"date {value} is in the future")
        return value


class FactEntry(Cited):
    text: str


class SkilledFact(FactEntry):
    """A fact that may point at the skills it is about."""

    skills: list[Identifier] = []


class Source(Strict):
    id: Identifier
    kind: Literal["book", "paper", "web", "article", "survey", "dataset"]
    title: str
    publisher: str | None = None
    url: Url | None = None

    @validator("url", always=True)
    def _url_for_web(cls, value: str | None, values: dict[str, object]) -> str | None:
        # pydantic 1 does not apply an Annotated pattern inside Optional, so the URL is checked here.
        if value is None and values.get("kind") in WEB_KINDS:
            raise ValueError(f"a {values.get('kind')} source needs a url")
        if value is not None and not URL_PATTERN.match(value):
            raise ValueError("is not a valid http(s) URL")
        return value


class Category(Strict):
    id: Identifier
    name: str
    aliases: list[str] = []


class Skill(Strict):
    id: Identifier
    name: str
    category: Identifier
    aliases: list[str] = []
    description: FactEntry


class SkillLink(Cited):
    skill: Identifier
    importance: Literal["essential", "important", "useful"]
    note: str | None = None


class Career(Strict):
    path: list[FactEntry] = []
    background: list[FactEntry] = []
    outlook: list[FactEntry] = []


class Role(Strict):
    id: Identifier
    name: str
    plural: str
    aliases: list[str] = []
    summary: FactEntry
    workplace: FactEntry
    duties: list[FactEntry]
    skills: list[SkillLink]
    career: Career = Career()


class Aspect(Cited):
    aspect: str
    first: str
    second: str


class Contrast(Strict):
    roles: tuple[Identifier, Identifier]
    summary: FactEntry
    aspects: list[Aspect]

    @validator("roles")
    def _two_roles(cls, value: tuple[str, str]) -> tuple[str, str]:
        if value[0] == value[1]:
            raise ValueError("a contrast needs two different roles")
        return value


class Term(Strict):
    id: Identifier
    name: str
    aliases: list[str] = []
    definition: FactEntry
    examples: list[FactEntry] = []


class AdvancedDegree(FactEntry):
    degree: Literal["masters", "phd"]
    expectation: Literal["expected", "common", "uncommon", "not_needed"]


class Education(Strict):
    role: Identifier
    degrees: list[FactEntry] = Field(..., min_items=1)
    advanced: list[AdvancedDegree] = []
    without_degree: list[FactEntry] = []


class Status(Cited):
    value: Literal["active", "retired"]
    text: str


class Certification(Strict):
    id: Identifier
    name: str
    aliases: list[str] = []  # short names people use ("dp-100", "aws ml specialty"), at most four words
    issuer: str
    url: Url
    roles: list[Identifier] = Field(..., min_items=1)
    about: FactEntry
    status: Status


class CertificationValue(FactEntry):
    roles: list[Identifier] = Field(..., min_items=1)


class Resource(Strict):
    id: Identifier
    title: str
    aliases: list[str] = []  # short names people use ("goodfellow", "mlops zoomcamp"), at most four words
    kind: Literal["book", "course", "roadmap", "documentation"]
    level: Literal["beginner", "intermediate", "advanced"]
    url: Url
    roles: list[Identifier] = Field(..., min_items=1)
    skills: list[Identifier] = []
    about: FactEntry


class Project(Strict):
    id: Identifier
    title: str
    roles: list[Identifier] = Field(..., min_items=1)
    skills: list[Identifier] = Field(..., min_items=1)
    demonstrates: FactEntry


class Interview(Strict):
    role: Identifier
    stages: list[FactEntry] = Field(..., min_items=1)
    topics: list[SkilledFact] = []


class Level(Strict):
    id: Identifier
    name: str
    track: Literal["individual", "management"]
    rank: int = Field(..., ge=1)
    changes: FactEntry


class Transition(Strict):
    from_: Annotated[str, Field(alias="from", regex=IDENTIFIER_PATTERN)]
    to: Identifier
    summary: FactEntry
    carries_over: list[SkilledFact] = Field(..., min_items=1)
    to_add: list[SkilledFact] = Field(..., min_items=1)

    @validator("to")
    def _two_roles(cls, value: str, values: dict[str, object]) -> str:
        if value == values.get("from_"):
            raise ValueError("a transition goes between two different roles")
        return value


class Employer(Strict):
    id: Identifier
    name: str
    aliases: list[str] = []  # industry words and companies its examples name ("banks", "stripe")
    kind: Literal["industry", "company_type"]
    roles: list[Identifier] = Field(..., min_items=1)
    about: FactEntry
    examples: list[FactEntry] = []


class FitDimension(Strict):
    id: Identifier
    name: str
    poles: tuple[Identifier, Identifier]


class RoleFit(FactEntry):
    role: Identifier
    dimension: Identifier
    pole: Identifier


class Figure(FactEntry):
    measure: Literal["median_pay", "growth", "typical_education", "employment"]
    value: str
    period: str
    region: str


class Occupation(Strict):
    code: OccupationCode
    title: str
    url: Url
    figures: list[Figure] = []


class RoleOccupation(FactEntry):
    role: Identifier
    code: OccupationCode
    closeness: Literal["closest", "related"]


class ContentFile(Strict):
    """Any content file outside roles/: its top-level keys say what it holds."""

    sources: list[Source] = []
    categories: list[Category] = []
    skills: list[Skill] = []
    contrasts: list[Contrast] = []
    terms: list[Term] = []
    education: list[Education] = []
    certifications: list[Certification] = []
    certification_value: list[CertificationValue] = []
    resources: list[Resource] = []
    projects: list[Project] = []
    interviews: list[Interview] = []
    levels: list[Level] = []
    transitions: list[Transition] = []
    employers: list[Employer] = []
    fit_dimensions: list[FitDimension] = []
    role_fit: list[RoleFit] = []
    occupations: list[Occupation] = []
    role_occupations: list[RoleOccupation] = []
