"""SQLAlchemy tables of the knowledge base.

Every table is keyed by natural keys taken from the content files (slugs, positions), so the loader
can diff the files against the database row by row and a second load changes nothing.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import registry, relationship
from sqlalchemy.orm.decl_api import DeclarativeMeta

_registry = registry()


class Base(metaclass=DeclarativeMeta):  # type: ignore[metaclass]  # SQLAlchemy 1.4 ships no types
    """The declarative base spelled out as a class (SQLAlchemy 1.4's documented form), so type checkers see one."""

    __abstract__ = True
    __tablename__: str
    registry = _registry
    metadata = _registry.metadata
    __init__ = _registry.constructor


IMPORTANCE_LEVELS = ("essential", "important", "useful")
CAREER_TOPICS = ("path", "background", "outlook")
FACT_ID_LENGTH = 200


def _fact_fk() -> Column:
    return Column(String(FACT_ID_LENGTH), ForeignKey("facts.id"), nullable=False)


def _role_fk(**options: bool) -> Column:
    return Column(String(64), ForeignKey("roles.id"), nullable=False, **options)


def _skill_fk(**options: bool) -> Column:
    return Column(String(64), ForeignKey("skills.id"), nullable=False, **options)


class Source(Base):
    __tablename__ = "sources"
    id = Column(String(64), primary_key=True)
    kind = Column(String(16), nullable=False)
    title = Column(Text, nullable=False)
    publisher = Column(Text)
    url = Column(Text)


class Fact(Base):
    """One sourced statement: its id says where it lives in the content ("role:mle:duty:2")."""

    __tablename__ = "facts"
    id = Column(String(FACT_ID_LENGTH), primary_key=True)
    checked_on = Column(Date, nullable=False)
    # What the fact says and what it is about, kept here so one full-text index covers every fact.
    text = Column(Text, nullable=False)
    context = Column(Text, nullable=False)
    # Read-only: the loader deletes citations itself, children first, so this must not try to orphan them.
    citations = relationship("Citation", order_by="Citation.position", lazy="selectin", viewonly=True)


class Citation(Base):
    """Where in one source a fact was checked."""

    __tablename__ = "citations"
    fact_id = Column(String(FACT_ID_LENGTH), ForeignKey("facts.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    source_id = Column(String(64), ForeignKey("sources.id"), nullable=False)
    locator = Column(Text, nullable=False)
    source = relationship(Source, lazy="joined")


class SkillCategory(Base):
    __tablename__ = "skill_categories"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)


class SkillCategoryAlias(Base):
    __tablename__ = "skill_category_aliases"
    alias = Column(String(128), primary_key=True)
    category_id = Column(String(64), ForeignKey("skill_categories.id"), nullable=False)


class Skill(Base):
    __tablename__ = "skills"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    category_id = Column(String(64), ForeignKey("skill_categories.id"), nullable=False)
    description = Column(Text, nullable=False)
    fact_id = _fact_fk()
    category = relationship(SkillCategory)
    fact = relationship(Fact)


class SkillAlias(Base):
    __tablename__ = "skill_aliases"
    alias = Column(String(128), primary_key=True)
    skill_id = Column(String(64), ForeignKey("skills.id"), nullable=False)


class Role(Base):
    __tablename__ = "roles"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    plural = Column(Text, nullable=False)
    summary = Column(Text, nullable=False)
    summary_fact_id = _fact_fk()
    workplace = Column(Text, nullable=False)
    workplace_fact_id = _fact_fk()
    summary_fact = relationship(Fact, foreign_keys=[summary_fact_id])
    workplace_fact = relationship(Fact, foreign_keys=[workplace_fact_id])


class RoleAlias(Base):
    __tablename__ = "role_aliases"
    alias = Column(String(128), primary_key=True)
    role_id = Column(String(64), ForeignKey("roles.id"), nullable=False)


class Duty(Base):
    __tablename__ = "duties"
    role_id = Column(String(64), ForeignKey("roles.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class RoleSkill(Base):
    """How much one role needs one skill."""

    __tablename__ = "role_skills"
    role_id = Column(String(64), ForeignKey("roles.id"), primary_key=True)
    skill_id = Column(String(64), ForeignKey("skills.id"), primary_key=True)
    importance = Column(String(16), nullable=False)
    position = Column(Integer, nullable=False)
    note = Column(Text)
    fact_id = _fact_fk()
    skill = relationship(Skill)
    fact = relationship(Fact)
    __table_args__ = (
        CheckConstraint("importance IN ('essential', 'important', 'useful')", name="ck_role_skills_importance"),
    )


class CareerFact(Base):
    __tablename__ = "career_facts"
    role_id = Column(String(64), ForeignKey("roles.id"), primary_key=True)
    topic = Column(String(16), primary_key=True)
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class Contrast(Base):
    __tablename__ = "contrasts"
    id = Column(String(140), primary_key=True)
    first_role_id = Column(String(64), ForeignKey("roles.id"), nullable=False)
    second_role_id = Column(String(64), ForeignKey("roles.id"), nullable=False)
    summary = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)
    __table_args__ = (UniqueConstraint("first_role_id", "second_role_id"),)


class ContrastAspect(Base):
    __tablename__ = "contrast_aspects"
    contrast_id = Column(String(140), ForeignKey("contrasts.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    aspect = Column(Text, nullable=False)
    first = Column(Text, nullable=False)
    second = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class Term(Base):
    __tablename__ = "terms"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    definition = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class TermAlias(Base):
    __tablename__ = "term_aliases"
    alias = Column(String(128), primary_key=True)
    term_id = Column(String(64), ForeignKey("terms.id"), nullable=False)


class TermExample(Base):
    __tablename__ = "term_examples"
    term_id = Column(String(64), ForeignKey("terms.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class EducationFact(Base):
    """Degrees, advanced degrees or routes without a degree, for one role."""

    __tablename__ = "education_facts"
    role_id = _role_fk(primary_key=True)
    topic = Column(String(16), primary_key=True)
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    degree = Column(String(16))
    expectation = Column(String(16))
    fact_id = _fact_fk()
    fact = relationship(Fact)


class Certification(Base):
    __tablename__ = "certifications"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    issuer = Column(Text, nullable=False)
    url = Column(Text, nullable=False)
    about = Column(Text, nullable=False)
    about_fact_id = _fact_fk()
    status = Column(String(16), nullable=False)
    status_text = Column(Text, nullable=False)
    status_fact_id = _fact_fk()
    about_fact = relationship(Fact, foreign_keys=[about_fact_id])
    status_fact = relationship(Fact, foreign_keys=[status_fact_id])
    __table_args__ = (CheckConstraint("status IN ('active', 'retired')", name="ck_certifications_status"),)


class CertificationAlias(Base):
    __tablename__ = "certification_aliases"
    alias = Column(String(128), primary_key=True)
    certification_id = Column(String(64), ForeignKey("certifications.id"), nullable=False)


class CertificationRole(Base):
    __tablename__ = "certification_roles"
    certification_id = Column(String(64), ForeignKey("certifications.id"), primary_key=True)
    role_id = _role_fk(primary_key=True)


class CertificationValue(Base):
    """What a source says about certifications' weight in hiring."""

    __tablename__ = "certification_values"
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class CertificationValueRole(Base):
    __tablename__ = "certification_value_roles"
    position = Column(Integer, ForeignKey("certification_values.position"), primary_key=True)
    role_id = _role_fk(primary_key=True)


class LearningResource(Base):
    __tablename__ = "learning_resources"
    id = Column(String(64), primary_key=True)
    title = Column(Text, nullable=False)
    kind = Column(String(16), nullable=False)
    level = Column(String(16), nullable=False)
    url = Column(Text, nullable=False)
    about = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class ResourceAlias(Base):
    __tablename__ = "resource_aliases"
    alias = Column(String(128), primary_key=True)
    resource_id = Column(String(64), ForeignKey("learning_resources.id"), nullable=False)


class ResourceRole(Base):
    __tablename__ = "resource_roles"
    resource_id = Column(String(64), ForeignKey("learning_resources.id"), primary_key=True)
    role_id = _role_fk(primary_key=True)


class ResourceSkill(Base):
    __tablename__ = "resource_skills"
    resource_id = Column(String(64), ForeignKey("learning_resources.id"), primary_key=True)
    skill_id = _skill_fk(primary_key=True)


class PortfolioProject(Base):
    __tablename__ = "portfolio_projects"
    id = Column(String(64), primary_key=True)
    title = Column(Text, nullable=False)
    demonstrates = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class ProjectRole(Base):
    __tablename__ = "project_roles"
    project_id = Column(String(64), ForeignKey("portfolio_projects.id"), primary_key=True)
    role_id = _role_fk(primary_key=True)


class ProjectSkill(Base):
    __tablename__ = "project_skills"
    project_id = Column(String(64), ForeignKey("portfolio_projects.id"), primary_key=True)
    skill_id = _skill_fk(primary_key=True)


class InterviewFact(Base):
    """One interview stage or topic for one role."""

    __tablename__ = "interview_facts"
    role_id = _role_fk(primary_key=True)
    part = Column(String(16), primary_key=True)
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class InterviewTopicSkill(Base):
    __tablename__ = "interview_topic_skills"
    role_id = _role_fk(primary_key=True)
    position = Column(Integer, primary_key=True)
    skill_id = _skill_fk(primary_key=True)


class CareerLevel(Base):
    __tablename__ = "career_levels"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    track = Column(String(16), nullable=False)
    rank = Column(Integer, nullable=False)
    changes = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)
    __table_args__ = (UniqueConstraint("track", "rank"),)


class Transition(Base):
    __tablename__ = "transitions"
    from_role_id = _role_fk(primary_key=True)
    to_role_id = _role_fk(primary_key=True)
    summary = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class TransitionStep(Base):
    """Something that carries over into the new role, or something to add."""

    __tablename__ = "transition_steps"
    from_role_id = _role_fk(primary_key=True)
    to_role_id = _role_fk(primary_key=True)
    part = Column(String(16), primary_key=True)
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class TransitionStepSkill(Base):
    __tablename__ = "transition_step_skills"
    from_role_id = _role_fk(primary_key=True)
    to_role_id = _role_fk(primary_key=True)
    part = Column(String(16), primary_key=True)
    position = Column(Integer, primary_key=True)
    skill_id = _skill_fk(primary_key=True)


class Employer(Base):
    """An industry or kind of company that hires these roles."""

    __tablename__ = "employers"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    kind = Column(String(16), nullable=False)
    about = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class EmployerAlias(Base):
    __tablename__ = "employer_aliases"
    alias = Column(String(128), primary_key=True)
    employer_id = Column(String(64), ForeignKey("employers.id"), nullable=False)


class EmployerRole(Base):
    __tablename__ = "employer_roles"
    employer_id = Column(String(64), ForeignKey("employers.id"), primary_key=True)
    role_id = _role_fk(primary_key=True)


class EmployerExample(Base):
    __tablename__ = "employer_examples"
    employer_id = Column(String(64), ForeignKey("employers.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class FitDimension(Base):
    """A choice people weigh between roles, such as research or building."""

    __tablename__ = "fit_dimensions"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    first_pole = Column(String(64), nullable=False)
    second_pole = Column(String(64), nullable=False)
    position = Column(Integer, nullable=False)


class RoleFit(Base):
    """Where one role sits on one dimension ("both" when it spans the two poles)."""

    __tablename__ = "role_fit"
    role_id = _role_fk(primary_key=True)
    dimension_id = Column(String(64), ForeignKey("fit_dimensions.id"), primary_key=True)
    pole = Column(String(64), nullable=False)
    text = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class Occupation(Base):
    """An official occupation (O*NET-SOC code)."""

    __tablename__ = "occupations"
    code = Column(String(16), primary_key=True)
    title = Column(Text, nullable=False)
    url = Column(Text, nullable=False)


class OccupationFigure(Base):
    """A dated figure about an occupation: pay, growth, typical education, employment."""

    __tablename__ = "occupation_figures"
    code = Column(String(16), ForeignKey("occupations.code"), primary_key=True)
    measure = Column(String(32), primary_key=True)
    value = Column(Text, nullable=False)
    period = Column(Text, nullable=False)
    region = Column(Text, nullable=False)
    text = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)


class RoleOccupation(Base):
    __tablename__ = "role_occupations"
    role_id = _role_fk(primary_key=True)
    code = Column(String(16), ForeignKey("occupations.code"), primary_key=True)
    closeness = Column(String(16), nullable=False)
    text = Column(Text, nullable=False)
    fact_id = _fact_fk()
    fact = relationship(Fact)
    occupation = relationship(Occupation)


# Parents before children: the loader inserts in this order and deletes in reverse.
class KnowledgeVersion(Base):
    """One row: a digest of the loaded content, so a process holding a copy knows when to reload it."""

    __tablename__ = "knowledge_version"
    id = Column(Integer, primary_key=True)
    digest = Column(String(64), nullable=False)


MODELS_IN_DEPENDENCY_ORDER = (
    Source,
    Fact,
    Citation,
    SkillCategory,
    SkillCategoryAlias,
    Skill,
    SkillAlias,
    Role,
    RoleAlias,
    Duty,
    RoleSkill,
    CareerFact,
    Contrast,
    ContrastAspect,
    Term,
    TermAlias,
    TermExample,
    EducationFact,
    Certification,
    CertificationAlias,
    CertificationRole,
    CertificationValue,
    CertificationValueRole,
    LearningResource,
    ResourceAlias,
    ResourceRole,
    ResourceSkill,
    PortfolioProject,
    ProjectRole,
    ProjectSkill,
    InterviewFact,
    InterviewTopicSkill,
    CareerLevel,
    Transition,
    TransitionStep,
    TransitionStepSkill,
    Employer,
    EmployerAlias,
    EmployerRole,
    EmployerExample,
    FitDimension,
    RoleFit,
    Occupation,
    OccupationFigure,
    RoleOccupation,
)
