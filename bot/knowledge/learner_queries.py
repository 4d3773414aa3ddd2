"""Queries for what learners ask once they know what a role is: education, certifications,
resources, portfolio, interviews, levels, moves between roles, employers and role fit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.knowledge import models
from bot.knowledge.fact_records import fact_record
from bot.knowledge.kept_results import KeptResults, kept
from bot.knowledge.records import (
    CertificationEntry,
    EducationFacts,
    EmployerEntry,
    Fact,
    FitEntry,
    InterviewFacts,
    LevelEntry,
    ProjectEntry,
    ResourceEntry,
    RoleRef,
    TransitionRecord,
)

LEVEL_ORDER = {"beginner": 0, "intermediate": 1, "advanced": 2}


class LearnerReader:
    """Reads through the session of the KnowledgeReader that made it; turns rows into records."""

    def __init__(self, session: Session, kept_results: KeptResults) -> None:
        self._session = session
        self.kept_results = kept_results

    def _fact(self, text: str, row: models.Fact) -> Fact:
        return fact_record(text, row)

    @kept
    def _role(self, role_id: str) -> RoleRef | None:
        row = self._session.get(models.Role, role_id)
        return RoleRef(row.id, row.name, row.plural) if row else None

    @kept
    def education(self, role_id: str) -> EducationFacts | None:
        role = self._role(role_id)
        if role is None:
            return None
        rows = self._session.execute(
            select(models.EducationFact)
            .where(models.EducationFact.role_id == role_id)
            .order_by(models.EducationFact.topic, models.EducationFact.position)
        ).scalars()
        degrees, advanced, without = [], [], []
        for row in rows:
            fact = self._fact(row.text, row.fact)
            if row.topic == "degrees":
                degrees.append(fact)
            elif row.topic == "advanced":
                advanced.append((fact, str(row.degree), str(row.expectation)))
            else:
                without.append(fact)
        return EducationFacts(role, tuple(degrees), tuple(advanced), tuple(without))

    @kept
    def certifications(self, role_id: str) -> list[CertificationEntry]:
        rows = self._session.execute(
            select(models.Certification)
            .join(models.CertificationRole, models.CertificationRole.certification_id == models.Certification.id)
            .where(models.CertificationRole.role_id == role_id)
            .order_by(models.Certification.status, models.Certification.issuer, models.Certification.name)
        ).scalars()
        return [self._certification_entry(row) for row in rows]

    @kept
    def certification(self, certification_id: str) -> CertificationEntry | None:
        row = self._session.get(models.Certification, certification_id)
        return self._certification_entry(row) if row is not None else None

    def _certification_entry(self, row: models.Certification) -> CertificationEntry:
        return CertificationEntry(
            row.name,
            row.issuer,
            row.url,
            row.status,
            self._fact(row.about, row.about_fact),
            self._fact(row.status_text, row.status_fact),
        )

    @kept
    def resource(self, resource_id: str) -> ResourceEntry | None:
        row = self._session.get(models.LearningResource, resource_id)
        if row is None:
            return None
        return ResourceEntry(row.title, row.kind, row.level, row.url, self._fact(row.about, row.fact))

    @kept
    def certification_views(self, role_id: str) -> list[Fact]:
        rows = self._session.execute(
            select(models.CertificationValue)
            .join(
                models.CertificationValueRole,
                models.CertificationValueRole.position == models.CertificationValue.position,
            )
            .where(models.CertificationValueRole.role_id == role_id)
            .order_by(models.CertificationValue.position)
        ).scalars()
        return [self._fact(row.text, row.fact) for row in rows]

    @kept
    def resources(self, role_id: str, skill_ids: tuple[str, ...] = ()) -> list[ResourceEntry]:
        """Resources for the role, beginner first; with skills, those teaching them come first."""
        rows = list(
            self._session.execute(
                select(models.LearningResource)
                .join(models.ResourceRole, models.ResourceRole.resource_id == models.LearningResource.id)
                .where(models.ResourceRole.role_id == role_id)
            ).scalars()
        )
        taught = {
            resource_id: skill_id
            for resource_id, skill_id in self._session.execute(
                select(models.ResourceSkill.resource_id, models.ResourceSkill.skill_id)
            ).all()
            if skill_id in skill_ids
        }
        rows.sort(key=lambda row: (row.id not in taught, LEVEL_ORDER.get(row.level, 9), row.title))
        return [ResourceEntry(row.title, row.kind, row.level, row.url, self._fact(row.about, row.fact)) for row in rows]

    @kept
    def resources_for_skill(self, skill_id: str) -> list[ResourceEntry]:
        rows = self._session.execute(
            select(models.LearningResource)
            .join(models.ResourceSkill, models.ResourceSkill.resource_id == models.LearningResource.id)
            .where(models.ResourceSkill.skill_id == skill_id)
        ).scalars()
        found = sorted(rows, key=lambda row: (LEVEL_ORDER.get(row.level, 9), row.title))
        return [
            ResourceEntry(row.title, row.kind, row.level, row.url, self._fact(row.about, row.fact)) for row in found
        ]

    @kept
    def projects(self, role_id: str) -> list[ProjectEntry]:
        rows = self._session.execute(
            select(models.PortfolioProject)
            .join(models.ProjectRole, models.ProjectRole.project_id == models.PortfolioProject.id)
            .where(models.ProjectRole.role_id == role_id)
            .order_by(models.PortfolioProject.id)
        ).scalars()
        return [ProjectEntry(row.title, self._fact(row.demonstrates, row.fact)) for row in rows]

    @kept
    def interview(self, role_id: str) -> InterviewFacts | None:
        role = self._role(role_id)
        if role is None:
            return None
        rows = self._session.execute(
            select(models.InterviewFact)
            .where(models.InterviewFact.role_id == role_id)
            .order_by(models.InterviewFact.part, models.InterviewFact.position)
        ).scalars()
        stages: list[Fact] = []
        topics: list[Fact] = []
        for row in rows:
            (stages if row.part == "stages" else topics).append(self._fact(row.text, row.fact))
        return InterviewFacts(role, tuple(stages), tuple(topics))

    @kept
    def levels(self) -> list[LevelEntry]:
        rows = self._session.execute(
            select(models.CareerLevel).order_by(models.CareerLevel.track, models.CareerLevel.rank)
        ).scalars()
        return [LevelEntry(row.name, row.track, row.rank, self._fact(row.changes, row.fact)) for row in rows]

    @kept
    def transition(self, start_id: str, target_id: str) -> TransitionRecord | None:
        row = self._session.get(models.Transition, (start_id, target_id))
        start, target = self._role(start_id), self._role(target_id)
        if row is None or start is None or target is None:
            return None
        steps = self._session.execute(
            select(models.TransitionStep)
            .where(models.TransitionStep.from_role_id == start_id, models.TransitionStep.to_role_id == target_id)
            .order_by(models.TransitionStep.part, models.TransitionStep.position)
        ).scalars()
        carries: list[Fact] = []
        adds: list[Fact] = []
        for step in steps:
            (carries if step.part == "carries_over" else adds).append(self._fact(step.text, step.fact))
        return TransitionRecord(start, target, self._fact(row.summary, row.fact), tuple(carries), tuple(adds))

    @kept
    def employers(self, role_id: str | None, employer_ids: tuple[str, ...] = ()) -> list[EmployerEntry]:
        """Kinds of employer, all of them, those hiring one role, or those named."""
        query = select(models.Employer).order_by(models.Employer.id)
        if role_id:
            query = query.join(models.EmployerRole, models.EmployerRole.employer_id == models.Employer.id).where(
                models.EmployerRole.role_id == role_id
            )
        if employer_ids:
            query = query.where(models.Employer.id.in_(employer_ids))
        entries = []
        for row in self._session.execute(query).scalars():
            examples = self._session.execute(
                select(models.EmployerExample)
                .where(models.EmployerExample.employer_id == row.id)
                .order_by(models.EmployerExample.position)
            ).scalars()
            entries.append(
                EmployerEntry(
                    row.name,
                    row.kind,
                    self._fact(row.about, row.fact),
                    tuple(self._fact(example.text, example.fact) for example in examples),
                )
            )
        return entries

    @kept
    def role_fit(self, role_ids: tuple[str, ...] = ()) -> list[FitEntry]:
        query = (
            select(models.RoleFit, models.FitDimension)
            .join(models.FitDimension, models.FitDimension.id == models.RoleFit.dimension_id)
            .order_by(models.FitDimension.position, models.RoleFit.role_id)
        )
        if role_ids:
            query = query.where(models.RoleFit.role_id.in_(role_ids))
        entries = []
        for fit, dimension in self._session.execute(query).all():
            role = self._role(fit.role_id)
            if role is not None:
                entries.append(FitEntry(role, dimension.id, dimension.name, fit.pole, self._fact(fit.text, fit.fact)))
        return entries

    @kept
    def fit_poles(self) -> dict[str, tuple[str, str, str]]:
        """Dimension id -> (name, first pole, second pole)."""
        rows = self._session.execute(select(models.FitDimension).order_by(models.FitDimension.position)).scalars()
        return {row.id: (row.name, row.first_pole, row.second_pole) for row in rows}
