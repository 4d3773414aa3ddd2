"""SQLAlchemy tables of the knowledge base.

Every table is keyed by natural keys taken from the content files (slugs, positions), so the loader
can diff the files against the database row by row and a second load changes nothing.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Text, UniqueConstraint
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


def _source_fk() -> Column:
    return Column(String(64), ForeignKey("sources.id"), nullable=False)


class Source(Base):
    __tablename__ = "sources"
    id = Column(String(64), primary_key=True)
    title = Column(Text, nullable=False)
    publisher = Column(Text)
    url = Column(Text)


class SkillCategory(Base):
    __tablename__ = "skill_categories"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)


class Skill(Base):
    __tablename__ = "skills"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    category_id = Column(String(64), ForeignKey("skill_categories.id"), nullable=False)
    description = Column(Text, nullable=False)
    source_id = _source_fk()
    category = relationship(SkillCategory)
    source = relationship(Source)


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
    summary_source_id = _source_fk()
    workplace = Column(Text, nullable=False)
    workplace_source_id = _source_fk()
    summary_source = relationship(Source, foreign_keys=[summary_source_id])
    workplace_source = relationship(Source, foreign_keys=[workplace_source_id])


class RoleAlias(Base):
    __tablename__ = "role_aliases"
    alias = Column(String(128), primary_key=True)
    role_id = Column(String(64), ForeignKey("roles.id"), nullable=False)


class Duty(Base):
    __tablename__ = "duties"
    role_id = Column(String(64), ForeignKey("roles.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    source_id = _source_fk()
    source = relationship(Source)


class RoleSkill(Base):
    """How much one role needs one skill."""

    __tablename__ = "role_skills"
    role_id = Column(String(64), ForeignKey("roles.id"), primary_key=True)
    skill_id = Column(String(64), ForeignKey("skills.id"), primary_key=True)
    importance = Column(String(16), nullable=False)
    position = Column(Integer, nullable=False)
    note = Column(Text)
    source_id = _source_fk()
    skill = relationship(Skill)
    source = relationship(Source)
    __table_args__ = (
        CheckConstraint("importance IN ('essential', 'important', 'useful')", name="ck_role_skills_importance"),
    )


class CareerFact(Base):
    __tablename__ = "career_facts"
    role_id = Column(String(64), ForeignKey("roles.id"), primary_key=True)
    topic = Column(String(16), primary_key=True)
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    source_id = _source_fk()
    source = relationship(Source)


class Contrast(Base):
    __tablename__ = "contrasts"
    id = Column(String(140), primary_key=True)
    first_role_id = Column(String(64), ForeignKey("roles.id"), nullable=False)
    second_role_id = Column(String(64), ForeignKey("roles.id"), nullable=False)
    summary = Column(Text, nullable=False)
    source_id = _source_fk()
    source = relationship(Source)
    __table_args__ = (UniqueConstraint("first_role_id", "second_role_id"),)


class ContrastAspect(Base):
    __tablename__ = "contrast_aspects"
    contrast_id = Column(String(140), ForeignKey("contrasts.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    aspect = Column(Text, nullable=False)
    first = Column(Text, nullable=False)
    second = Column(Text, nullable=False)
    source_id = _source_fk()
    source = relationship(Source)


class Term(Base):
    __tablename__ = "terms"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    definition = Column(Text, nullable=False)
    source_id = _source_fk()
    source = relationship(Source)


class TermAlias(Base):
    __tablename__ = "term_aliases"
    alias = Column(String(128), primary_key=True)
    term_id = Column(String(64), ForeignKey("terms.id"), nullable=False)


class TermExample(Base):
    __tablename__ = "term_examples"
    term_id = Column(String(64), ForeignKey("terms.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    source_id = _source_fk()
    source = relationship(Source)


# Parents before children: the loader inserts in this order and deletes in reverse.
MODELS_IN_DEPENDENCY_ORDER = (
    Source,
    SkillCategory,
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
)
