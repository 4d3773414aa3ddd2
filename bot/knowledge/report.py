"""`python -m bot kb report`: what the knowledge base covers, what backs it, and what is due a re-check."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.knowledge import models

STALE_AFTER_MONTHS = 18

# Kind of knowledge -> (table, the column that names the role). Tables with two role columns count
# an entry for both roles.
PER_ROLE: dict[str, tuple[type[models.Base], tuple[str, ...]]] = {
    "duties": (models.Duty, ("role_id",)),
    "skills": (models.RoleSkill, ("role_id",)),
    "career facts": (models.CareerFact, ("role_id",)),
    "contrasts": (models.Contrast, ("first_role_id", "second_role_id")),
    "education": (models.EducationFact, ("role_id",)),
    "certifications": (models.CertificationRole, ("role_id",)),
    "resources": (models.ResourceRole, ("role_id",)),
    "projects": (models.ProjectRole, ("role_id",)),
    "interview": (models.InterviewFact, ("role_id",)),
    "transitions": (models.Transition, ("from_role_id", "to_role_id")),
    "employers": (models.EmployerRole, ("role_id",)),
    "role fit": (models.RoleFit, ("role_id",)),
    "occupations": (models.RoleOccupation, ("role_id",)),
}
# Knowledge not tied to one role.
GENERAL: dict[str, type[models.Base]] = {
    "skills": models.Skill,
    "glossary terms": models.Term,
    "career levels": models.CareerLevel,
    "certifications": models.Certification,
    "certification views": models.CertificationValue,
    "learning resources": models.LearningResource,
    "portfolio projects": models.PortfolioProject,
    "employers": models.Employer,
    "occupations": models.Occupation,
    "occupation figures": models.OccupationFigure,
    "facts": models.Fact,
    "sources": models.Source,
}


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month, `months` earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


@dataclass(frozen=True)
class KnowledgeReport:
    roles: list[tuple[str, dict[str, int]]]
    general: dict[str, int]
    sources: list[tuple[str, str, int]]
    stale: list[tuple[str, datetime.date]]
    stale_before: datetime.date

    def text(self) -> str:
        kinds = list(PER_ROLE)
        width = max(len(name) for name, _ in self.roles) if self.roles else 4
        lines = ["Coverage per role", "role".ljust(width) + "  " + "  ".join(kinds)]
        for name, counts in self.roles:
            cells = "  ".join(str(counts[kind]).rjust(len(kind)) for kind in kinds)
            lines.append(name.ljust(width) + "  " + cells)
        lines += ["", "Knowledge not tied to one role"]
        lines += [f"  {kind}: {count}" for kind, count in self.general.items()]
        lines += ["", "Sources (facts citing each)"]
        lines += [f"  {count:4d}  {source_id}  {title}" for source_id, title, count in self.sources]
        lines += ["", f"Facts not checked since {self.stale_before.isoformat()} ({STALE_AFTER_MONTHS} months): "]
        lines[-1] += str(len(self.stale))
        lines += [f"  {fact_id}  last checked {checked.isoformat()}" for fact_id, checked in self.stale]
        return "\n".join(lines)


def _count(session: Session, model: type[models.Base], *where: Any) -> int:
    return int(session.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


def build_report(session: Session, today: datetime.date | None = None) -> KnowledgeReport:
    today = today or datetime.date.today()
    stale_before = months_before(today, STALE_AFTER_MONTHS)
    roles = []
    for role in session.execute(select(models.Role).order_by(models.Role.name)).scalars():
        counts = {}
        for kind, (model, columns) in PER_ROLE.items():
            counts[kind] = _count(session, model, or_(*(getattr(model, column) == role.id for column in columns)))
        roles.append((role.name, counts))
    general = {kind: _count(session, model) for kind, model in GENERAL.items()}
    uses = (
        select(models.Source.id, models.Source.title, func.count(func.distinct(models.Citation.fact_id)))
        .outerjoin(models.Citation, models.Citation.source_id == models.Source.id)
        .group_by(models.Source.id, models.Source.title)
        .order_by(func.count(func.distinct(models.Citation.fact_id)).desc(), models.Source.id)
    )
    sources = [(str(source_id), str(title), int(count)) for source_id, title, count in session.execute(uses)]
    stale = [
        (str(fact_id), checked)
        for fact_id, checked in session.execute(
            select(models.Fact.id, models.Fact.checked_on)
            .where(models.Fact.checked_on < stale_before)
            .order_by(models.Fact.checked_on, models.Fact.id)
        )
    ]
    return KnowledgeReport(roles=roles, general=general, sources=sources, stale=stale, stale_before=stale_before)
