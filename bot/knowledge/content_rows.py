"""Turns validated content into the rows of every table.

Each fact gets an id that says where it lives ("role:mle:duty:2", "contrast:mle--data_scientist"),
so answers can carry the ids of the facts they state and tests can check them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.knowledge import content_schema as schema
from bot.knowledge import models
from bot.knowledge.parsed_content import ParsedContent
from bot.knowledge.text import normalise

Row = dict[str, Any]


@dataclass
class ContentRows:
    """The desired rows of every table, keyed by model."""

    rows: dict[type[models.Base], list[Row]] = field(
        default_factory=lambda: {model: [] for model in models.MODELS_IN_DEPENDENCY_ORDER}
    )

    def add(self, model: type[models.Base], **values: Any) -> None:
        self.rows[model].append(values)

    def fact(self, fact_id: str, cited: schema.Cited) -> str:
        """Records one fact with its citations and returns its id."""
        self.add(models.Fact, id=fact_id, checked_on=cited.checked, text=_statement(cited), context="")
        for position, citation in enumerate(cited.cite):
            self.add(
                models.Citation, fact_id=fact_id, position=position, source_id=citation.source, locator=citation.at
            )
        return fact_id


def _statement(cited: schema.Cited) -> str:
    """What a fact says, as one text: searched when no specific answer fits a question."""
    if isinstance(cited, schema.Aspect):
        return f"{cited.aspect}: {cited.first} {cited.second}"
    return str(getattr(cited, "text", None) or getattr(cited, "note", None) or "")


def _name_subjects(rows: ContentRows) -> None:
    """Adds the names of what each fact is about (roles, skills, terms...) to its searchable context."""
    names: dict[str, list[str]] = {}
    for model, label_keys in (
        (models.Role, ("name", "plural")),
        (models.Skill, ("name",)),
        (models.Term, ("name",)),
        (models.Certification, ("name", "issuer")),
        (models.LearningResource, ("title", "kind")),
        (models.PortfolioProject, ("title",)),
        (models.CareerLevel, ("name",)),
        (models.Employer, ("name",)),
        (models.Occupation, ("title",)),
    ):
        for row in rows.rows[model]:
            key = str(row.get("id") or row.get("code"))
            names.setdefault(key, []).extend(str(row[label]) for label in label_keys)
    for row in rows.rows[models.Fact]:
        parts = row["id"].replace("--", ":").split(":")
        kind = parts[0].replace("-", " ")
        subjects = [name for part in parts[1:] for name in names.get(part, [])]
        row["context"] = " ".join(dict.fromkeys([kind, *subjects]))


def contrast_id(first: str, second: str) -> str:
    return f"{first}--{second}"


def _aliases(name: str, *spellings: str) -> list[str]:
    return list(dict.fromkeys(normalise(spelling) for spelling in (name, *spellings)))


def _sources_and_skills(content: ParsedContent, rows: ContentRows) -> None:
    for source in (located.item for located in content.of("sources")):
        rows.add(
            models.Source,
            id=source.id,
            kind=source.kind,
            title=source.title,
            publisher=source.publisher,
            url=source.url,
        )
    for position, category in enumerate(located.item for located in content.of("categories")):
        rows.add(models.SkillCategory, id=category.id, name=category.name, position=position)
        for alias in _aliases(category.name, category.id.replace("_", " "), *category.aliases):
            rows.add(models.SkillCategoryAlias, alias=alias, category_id=category.id)
    for skill in (located.item for located in content.of("skills")):
        rows.add(
            models.Skill,
            id=skill.id,
            name=skill.name,
            category_id=skill.category,
            description=skill.description.text,
            fact_id=rows.fact(f"skill:{skill.id}", skill.description),
        )
        for alias in _aliases(skill.name, *skill.aliases):
            rows.add(models.SkillAlias, alias=alias, skill_id=skill.id)


def _roles(content: ParsedContent, rows: ContentRows) -> None:
    for role in (located.item for located in content.roles):
        key = f"role:{role.id}"
        rows.add(
            models.Role,
            id=role.id,
            name=role.name,
            plural=role.plural,
            summary=role.summary.text,
            summary_fact_id=rows.fact(f"{key}:summary", role.summary),
            workplace=role.workplace.text,
            workplace_fact_id=rows.fact(f"{key}:workplace", role.workplace),
        )
        for alias in _aliases(role.name, role.plural, *role.aliases):
            rows.add(models.RoleAlias, alias=alias, role_id=role.id)
        for position, duty in enumerate(role.duties):
            fact_id = rows.fact(f"{key}:duty:{position}", duty)
            rows.add(models.Duty, role_id=role.id, position=position, text=duty.text, fact_id=fact_id)
        for position, link in enumerate(role.skills):
            rows.add(
                models.RoleSkill,
                role_id=role.id,
                skill_id=link.skill,
                importance=link.importance,
                position=position,
                note=link.note,
                fact_id=rows.fact(f"{key}:skill:{link.skill}", link),
            )
        for topic in schema.CAREER_TOPICS:
            for position, fact in enumerate(getattr(role.career, topic)):
                rows.add(
                    models.CareerFact,
                    role_id=role.id,
                    topic=topic,
                    position=position,
                    text=fact.text,
                    fact_id=rows.fact(f"{key}:{topic}:{position}", fact),
                )


def _contrasts_and_terms(content: ParsedContent, rows: ContentRows) -> None:
    for contrast in (located.item for located in content.of("contrasts")):
        first, second = contrast.roles
        key = contrast_id(first, second)
        rows.add(
            models.Contrast,
            id=key,
            first_role_id=first,
            second_role_id=second,
            summary=contrast.summary.text,
            fact_id=rows.fact(f"contrast:{key}", contrast.summary),
        )
        for position, aspect in enumerate(contrast.aspects):
            rows.add(
                models.ContrastAspect,
                contrast_id=key,
                position=position,
                aspect=aspect.aspect,
                first=aspect.first,
                second=aspect.second,
                fact_id=rows.fact(f"contrast:{key}:aspect:{position}", aspect),
            )
    for term in (located.item for located in content.of("terms")):
        rows.add(
            models.Term,
            id=term.id,
            name=term.name,
            definition=term.definition.text,
            fact_id=rows.fact(f"term:{term.id}", term.definition),
        )
        for alias in _aliases(term.name, *term.aliases):
            rows.add(models.TermAlias, alias=alias, term_id=term.id)
        for position, example in enumerate(term.examples):
            fact_id = rows.fact(f"term:{term.id}:example:{position}", example)
            rows.add(models.TermExample, term_id=term.id, position=position, text=example.text, fact_id=fact_id)


def _education_and_interviews(content: ParsedContent, rows: ContentRows) -> None:
    for entry in (located.item for located in content.of("education")):
        for topic in schema.EDUCATION_TOPICS:
            for position, fact in enumerate(getattr(entry, topic)):
                rows.add(
                    models.EducationFact,
                    role_id=entry.role,
                    topic=topic,
                    position=position,
                    text=fact.text,
                    degree=getattr(fact, "degree", None),
                    expectation=getattr(fact, "expectation", None),
                    fact_id=rows.fact(f"education:{entry.role}:{topic}:{position}", fact),
                )
    for interview in (located.item for located in content.of("interviews")):
        for part in schema.INTERVIEW_PARTS:
            for position, fact in enumerate(getattr(interview, part)):
                rows.add(
                    models.InterviewFact,
                    role_id=interview.role,
                    part=part,
                    position=position,
                    text=fact.text,
                    fact_id=rows.fact(f"interview:{interview.role}:{part}:{position}", fact),
                )
                for skill in dict.fromkeys(getattr(fact, "skills", [])):
                    rows.add(models.InterviewTopicSkill, role_id=interview.role, position=position, skill_id=skill)


def _certifications(content: ParsedContent, rows: ContentRows) -> None:
    for cert in (located.item for located in content.of("certifications")):
        rows.add(
            models.Certification,
            id=cert.id,
            name=cert.name,
            issuer=cert.issuer,
            url=cert.url,
            about=cert.about.text,
            about_fact_id=rows.fact(f"certification:{cert.id}:about", cert.about),
            status=cert.status.value,
            status_text=cert.status.text,
            status_fact_id=rows.fact(f"certification:{cert.id}:status", cert.status),
        )
        for alias in _aliases(cert.id, *cert.aliases):
            rows.add(models.CertificationAlias, alias=alias, certification_id=cert.id)
        for role in dict.fromkeys(cert.roles):
            rows.add(models.CertificationRole, certification_id=cert.id, role_id=role)
    for position, value in enumerate(located.item for located in content.of("certification_value")):
        fact_id = rows.fact(f"certification-value:{position}", value)
        rows.add(models.CertificationValue, position=position, text=value.text, fact_id=fact_id)
        for role in dict.fromkeys(value.roles):
            rows.add(models.CertificationValueRole, position=position, role_id=role)


def _resources_and_projects(content: ParsedContent, rows: ContentRows) -> None:
    for resource in (located.item for located in content.of("resources")):
        rows.add(
            models.LearningResource,
            id=resource.id,
            title=resource.title,
            kind=resource.kind,
            level=resource.level,
            url=resource.url,
            about=resource.about.text,
            fact_id=rows.fact(f"resource:{resource.id}", resource.about),
        )
        for alias in _aliases(resource.id, *resource.aliases):
            rows.add(models.ResourceAlias, alias=alias, resource_id=resource.id)
        for role in dict.fromkeys(resource.roles):
            rows.add(models.ResourceRole, resource_id=resource.id, role_id=role)
        for skill in dict.fromkeys(resource.skills):
            rows.add(models.ResourceSkill, resource_id=resource.id, skill_id=skill)
    for project in (located.item for located in content.of("projects")):
        rows.add(
            models.PortfolioProject,
            id=project.id,
            title=project.title,
            demonstrates=project.demonstrates.text,
            fact_id=rows.fact(f"project:{project.id}", project.demonstrates),
        )
        for role in dict.fromkeys(project.roles):
            rows.add(models.ProjectRole, project_id=project.id, role_id=role)
        for skill in dict.fromkeys(project.skills):
            rows.add(models.ProjectSkill, project_id=project.id, skill_id=skill)


def _levels_and_transitions(content: ParsedContent, rows: ContentRows) -> None:
    for level in (located.item for located in content.of("levels")):
        rows.add(
            models.CareerLevel,
            id=level.id,
            name=level.name,
            track=level.track,
            rank=level.rank,
            changes=level.changes.text,
            fact_id=rows.fact(f"level:{level.id}", level.changes),
        )
    for move in (located.item for located in content.of("transitions")):
        pair = {"from_role_id": move.from_, "to_role_id": move.to}
        key = f"transition:{move.from_}--{move.to}"
        rows.add(models.Transition, **pair, summary=move.summary.text, fact_id=rows.fact(key, move.summary))
        for part in schema.TRANSITION_PARTS:
            for position, step in enumerate(getattr(move, part)):
                fact_id = rows.fact(f"{key}:{part}:{position}", step)
                rows.add(models.TransitionStep, **pair, part=part, position=position, text=step.text, fact_id=fact_id)
                for skill in dict.fromkeys(step.skills):
                    rows.add(models.TransitionStepSkill, **pair, part=part, position=position, skill_id=skill)


def _employers_fit_and_occupations(content: ParsedContent, rows: ContentRows) -> None:
    for employer in (located.item for located in content.of("employers")):
        rows.add(
            models.Employer,
            id=employer.id,
            name=employer.name,
            kind=employer.kind,
            about=employer.about.text,
            fact_id=rows.fact(f"employer:{employer.id}", employer.about),
        )
        for alias in _aliases(employer.id, *employer.aliases):
            rows.add(models.EmployerAlias, alias=alias, employer_id=employer.id)
        for role in dict.fromkeys(employer.roles):
            rows.add(models.EmployerRole, employer_id=employer.id, role_id=role)
        for position, example in enumerate(employer.examples):
            fact_id = rows.fact(f"employer:{employer.id}:example:{position}", example)
            rows.add(
                models.EmployerExample, employer_id=employer.id, position=position, text=example.text, fact_id=fact_id
            )
    for position, dimension in enumerate(located.item for located in content.of("fit_dimensions")):
        first, second = dimension.poles
        rows.add(
            models.FitDimension,
            id=dimension.id,
            name=dimension.name,
            first_pole=first,
            second_pole=second,
            position=position,
        )
    for fit in (located.item for located in content.of("role_fit")):
        rows.add(
            models.RoleFit,
            role_id=fit.role,
            dimension_id=fit.dimension,
            pole=fit.pole,
            text=fit.text,
            fact_id=rows.fact(f"fit:{fit.role}:{fit.dimension}", fit),
        )
    for occupation in (located.item for located in content.of("occupations")):
        rows.add(models.Occupation, code=occupation.code, title=occupation.title, url=occupation.url)
        for figure in occupation.figures:
            rows.add(
                models.OccupationFigure,
                code=occupation.code,
                measure=figure.measure,
                value=figure.value,
                period=figure.period,
                region=figure.region,
                text=figure.text,
                fact_id=rows.fact(f"occupation:{occupation.code}:{figure.measure}", figure),
            )
    for link in (located.item for located in content.of("role_occupations")):
        rows.add(
            models.RoleOccupation,
            role_id=link.role,
            code=link.code,
            closeness=link.closeness,
            text=link.text,
            fact_id=rows.fact(f"role-occupation:{link.role}:{link.code}", link),
        )


def build_rows(content: ParsedContent) -> ContentRows:
    rows = ContentRows()
    _sources_and_skills(content, rows)
    _roles(content, rows)
    _contrasts_and_terms(content, rows)
    _education_and_interviews(content, rows)
    _certifications(content, rows)
    _resources_and_projects(content, rows)
    _levels_and_transitions(content, rows)
    _employers_fit_and_occupations(content, rows)
    _name_subjects(rows)
    return rows
