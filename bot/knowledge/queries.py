"""Read-only questions to the knowledge base, answered with plain records.

A `KnowledgeReader` wraps one session; `KnowledgeBase.reader()` opens one per request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from bot.knowledge import models
from bot.knowledge.database import Database, SessionSource
from bot.knowledge.fact_records import evidence_record, fact_record
from bot.knowledge.fact_search import fact_search_for, query_terms
from bot.knowledge.kept_results import kept, results_for
from bot.knowledge.learner_queries import LearnerReader
from bot.knowledge.memory_copy import KnowledgeCopy
from bot.knowledge.records import (
    CareerFacts,
    CategoryRef,
    ContrastAspect,
    Fact,
    OccupationFigure,
    OccupationMatch,
    RoleComparison,
    RoleOccupations,
    RoleProfile,
    RoleRef,
    RoleSkills,
    SkillLink,
    SkillRef,
    SkillVerdict,
    TermEntry,
)
from bot.knowledge.text import closest, coordinated_phrases, longest_mentions, normalise, phrases

AliasModel = (
    type[models.RoleAlias]
    | type[models.SkillAlias]
    | type[models.TermAlias]
    | type[models.CertificationAlias]
    | type[models.ResourceAlias]
    | type[models.EmployerAlias]
)
IdModel = type[models.Role] | type[models.Skill] | type[models.Term]

IMPORTANCE_RANK = {level: rank for rank, level in enumerate(models.IMPORTANCE_LEVELS)}


def _role(row: models.Role) -> RoleRef:
    return RoleRef(id=row.id, name=row.name, plural=row.plural)


def _skill(row: models.Skill) -> SkillRef:
    return SkillRef(
        id=row.id,
        name=row.name,
        category_id=row.category_id,
        category_name=row.category.name,
        description=row.description,
        description_evidence=evidence_record(row.fact) if row.fact is not None else None,
    )


def _link(row: models.RoleSkill) -> SkillLink:
    return SkillLink(
        skill=_skill(row.skill), importance=row.importance, note=row.note, evidence=evidence_record(row.fact)
    )


class KnowledgeReader:
    """Queries over one open session; records built once are kept while the knowledge stays the same."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.kept_results = results_for(session)
        self.learner = LearnerReader(session, self.kept_results)
        # One request reads the same message several times (focus, answer, the user's own role).
        self._mentions_found: dict[tuple[str, str], list[tuple[int, str]]] = {}

    # --- resolving what the user named -------------------------------------------------------

    @kept
    def _aliases(self, alias_model: AliasModel, target: str) -> dict[str, str]:
        """Every alias of one vocabulary, to its id: a few hundred rows, matched in memory."""
        rows = self._session.execute(select(alias_model.alias, getattr(alias_model, target))).all()
        return {str(alias): str(owner) for alias, owner in rows}

    @kept
    def _ids(self, id_model: IdModel) -> frozenset[str]:
        return frozenset(str(found) for found in self._session.execute(select(id_model.id)).scalars())

    def _exact(self, key: str, alias_model: AliasModel, target: str, id_model: IdModel) -> str | None:
        """An id from an id or an exact alias of a normalised key."""
        if key.replace(" ", "_") in self._ids(id_model):
            return key.replace(" ", "_")
        return self._aliases(alias_model, target).get(key)

    def _fuzzy_candidates(self, alias_model: AliasModel, target: str) -> dict[str, str]:
        """Aliases worth matching with typos, to their ids; short ones ("ds", "r") are too easy to hit."""
        return {alias: owner for alias, owner in self._aliases(alias_model, target).items() if len(alias) > 3}

    def _resolve(self, text: str, alias_model: AliasModel, target: str, id_model: IdModel) -> str | None:
        """An id from an id, an exact alias, or else the closest alias (typos)."""
        key = normalise(text)
        if not key:
            return None
        found = self._exact(key, alias_model, target, id_model)
        if found is not None:
            return found
        # A typo keeps the number of words; "engineering" is not a misspelt "ml engineering".
        words = len(key.split())
        aliases = {
            alias: owner
            for alias, owner in self._fuzzy_candidates(alias_model, target).items()
            if len(alias.split()) == words
        }
        match = closest(key, aliases)
        return aliases[match] if match else None

    def _mentioned(self, text: str, alias_model: AliasModel, target: str) -> list[str]:
        """Ids of the things text names, in order, each once."""
        return list(dict.fromkeys(owner for _, owner in self._mentioned_at(text, alias_model, target)))

    def _mentioned_at(self, text: str, alias_model: AliasModel, target: str) -> list[tuple[int, str]]:
        """(word position, id) of every mention in text, in order."""
        memo = (alias_model.__name__, text)
        if memo not in self._mentions_found:
            self._mentions_found[memo] = self._find_mentions(text, alias_model, target)
        return list(self._mentions_found[memo])

    def _find_mentions(self, text: str, alias_model: AliasModel, target: str) -> list[tuple[int, str]]:
        spans = phrases(text) + coordinated_phrases(text)
        if not spans:
            return []
        known = self._aliases(alias_model, target)
        found = longest_mentions(span for span in spans if span[2] in known)
        return [(start, known[phrase]) for start, phrase in found]

    def resolve_role(self, text: str) -> RoleRef | None:
        role_id = self._resolve(text, models.RoleAlias, "role_id", models.Role)
        return self.role(role_id) if role_id else None

    def role_named(self, text: str) -> RoleRef | None:
        """The role whose id or alias the text is, exactly (no typo matching)."""
        key = normalise(text)
        role_id = self._exact(key, models.RoleAlias, "role_id", models.Role) if key else None
        return self.role(role_id) if role_id else None

    def roles_mentioned(self, text: str) -> list[RoleRef]:
        """Roles named in free text, in the order they appear."""
        found = (self.role(role_id) for role_id in self._mentioned(text, models.RoleAlias, "role_id"))
        return [role for role in found if role is not None]

    def role_positions(self, text: str) -> list[tuple[int, RoleRef]]:
        """Each role mention with the position of its first word in the normalised text."""
        placed = self._mentioned_at(text, models.RoleAlias, "role_id")
        found = ((start, self.role(role_id)) for start, role_id in placed)
        return [(start, role) for start, role in found if role is not None]

    def skills_mentioned(self, text: str) -> list[SkillRef]:
        """Every skill named in free text, in the order they appear."""
        found = (self.skill(skill_id) for skill_id in self._mentioned(text, models.SkillAlias, "skill_id"))
        return [skill for skill in found if skill is not None]

    def skill_mentioned(self, text: str) -> SkillRef | None:
        """The first skill named in free text, for when NLU tagged none."""
        found = self._mentioned(text, models.SkillAlias, "skill_id")
        return self.skill(found[0]) if found else None

    def resolve_skill(self, text: str) -> SkillRef | CategoryRef | None:
        """A single skill, or a whole category when the user named one ("math", "soft skills")."""
        key = normalise(text)
        if not key:
            return None
        categories, category_names = self._categories()
        if key in category_names or key.replace(" ", "_") in categories:
            return categories[category_names.get(key, key.replace(" ", "_"))]
        skill_id = self._exact(key, models.SkillAlias, "skill_id", models.Skill)
        if skill_id:
            return self.skill(skill_id)
        # A typo may be of a category or of a skill: the closest name of either wins, so "programing"
        # is the category, not a skill whose alias merely contains the word.
        skill_aliases = self._fuzzy_candidates(models.SkillAlias, "skill_id")
        match = closest(key, [*skill_aliases, *category_names])
        if match is None:
            return None
        if match in category_names:
            return categories[category_names[match]]
        return self.skill(skill_aliases[match])

    @kept
    def _categories(self) -> tuple[dict[str, CategoryRef], dict[str, str]]:
        """Skill categories by id, and their names and aliases to their ids."""
        categories = {
            row.id: CategoryRef(id=row.id, name=row.name)
            for row in self._session.execute(select(models.SkillCategory)).scalars()
        }
        names = dict(
            self._session.execute(select(models.SkillCategoryAlias.alias, models.SkillCategoryAlias.category_id)).all()
        )
        names.update({normalise(category_id): category_id for category_id in categories})
        return categories, names

    def resolve_term(self, text: str) -> TermEntry | None:
        term_id = self._resolve(text, models.TermAlias, "term_id", models.Term)
        return self.term(term_id) if term_id else None

    def terms_mentioned(self, text: str) -> list[TermEntry]:
        found = (self.term(term_id) for term_id in self._mentioned(text, models.TermAlias, "term_id"))
        return [entry for entry in found if entry is not None]

    def certifications_mentioned(self, text: str) -> list[str]:
        """Ids of the certifications named in free text ("is DP-100 still around?")."""
        return self._mentioned(text, models.CertificationAlias, "certification_id")

    def resources_mentioned(self, text: str) -> list[str]:
        """Ids of the learning resources named in free text ("is the Goodfellow book for beginners?")."""
        return self._mentioned(text, models.ResourceAlias, "resource_id")

    def employers_mentioned(self, text: str) -> list[str]:
        """Ids of the kinds of employer named in free text ("banks", "Netflix", "medical devices")."""
        return self._mentioned(text, models.EmployerAlias, "employer_id")

    # --- answers -----------------------------------------------------------------------------

    @kept
    def role(self, role_id: str) -> RoleRef | None:
        row = self._session.get(models.Role, role_id)
        return _role(row) if row else None

    @kept
    def skill(self, skill_id: str) -> SkillRef | None:
        row = self._session.get(models.Skill, skill_id)
        return _skill(row) if row else None

    @kept
    def all_roles(self) -> list[RoleRef]:
        rows = self._session.execute(select(models.Role).order_by(models.Role.name)).scalars()
        mle_first = sorted(rows, key=lambda row: row.id != "mle")
        return [_role(row) for row in mle_first]

    def search_facts(self, question: str, limit: int, min_coverage: float, min_terms: int) -> list[Fact]:
        """The facts a full-text search finds closest to the question, if they cover enough of it."""
        if len(query_terms(question)) < min_terms:
            return []
        search = fact_search_for(self._session.get_bind())
        hits = [hit for hit in search.search(self._session, question, limit) if hit.coverage >= min_coverage]
        rows = [self._session.get(models.Fact, hit.fact_id) for hit in hits]
        return [fact_record(row.text, row) for row in rows if row is not None]

    def search_fact_ids(self, question: str, limit: int) -> list[str]:
        """Fact ids a full-text search ranks highest for the question, however weak the match."""
        search = fact_search_for(self._session.get_bind())
        return [hit.fact_id for hit in search.search(self._session, question, limit)]

    @kept
    def role_summaries(self) -> list[tuple[RoleRef, str]]:
        rows = self._session.execute(select(models.Role).order_by(models.Role.id)).scalars()
        return [(_role(row), str(row.summary)) for row in rows]

    @kept
    def all_terms(self) -> list[str]:
        return list(self._session.execute(select(models.Term.name).order_by(models.Term.name)).scalars())

    @kept
    def role_profile(self, role_id: str) -> RoleProfile | None:
        row = self._session.get(models.Role, role_id)
        if row is None:
            return None
        duties = self._session.execute(
            select(models.Duty)
            .options(joinedload(models.Duty.fact))
            .where(models.Duty.role_id == role_id)
            .order_by(models.Duty.position)
        ).scalars()
        return RoleProfile(
            role=_role(row),
            summary=fact_record(row.summary, row.summary_fact),
            workplace=fact_record(row.workplace, row.workplace_fact),
            duties=tuple(fact_record(duty.text, duty.fact) for duty in duties),
        )

    @kept
    def role_skills(self, role_id: str, category_id: str | None = None) -> RoleSkills | None:
        role = self.role(role_id)
        if role is None:
            return None
        # One query for the links with their skills, categories and sources, not one per link.
        query = (
            select(models.RoleSkill)
            .options(
                joinedload(models.RoleSkill.skill).joinedload(models.Skill.category),
                joinedload(models.RoleSkill.fact),
            )
            .where(models.RoleSkill.role_id == role_id)
            .order_by(models.RoleSkill.position)
        )
        if category_id:
            query = query.join(models.Skill).where(models.Skill.category_id == category_id)
        links = [_link(row) for row in self._session.execute(query).scalars()]
        links.sort(key=lambda link: IMPORTANCE_RANK[link.importance])
        category = self._session.get(models.SkillCategory, category_id) if category_id else None
        return RoleSkills(
            role=role,
            links=tuple(links),
            category=CategoryRef(category.id, category.name) if category else None,
        )

    @kept
    def skill_verdict(self, role_id: str, skill_id: str) -> SkillVerdict | None:
        role = self.role(role_id)
        skill_row = self._session.get(models.Skill, skill_id)
        if role is None or skill_row is None:
            return None
        link_row = self._session.get(models.RoleSkill, (role_id, skill_id))
        others = self._session.execute(
            select(models.Role)
            .join(models.RoleSkill, models.RoleSkill.role_id == models.Role.id)
            .where(models.RoleSkill.skill_id == skill_id, models.Role.id != role_id)
            .order_by(models.Role.name)
        ).scalars()
        return SkillVerdict(
            role=role,
            skill=_skill(skill_row),
            link=_link(link_row) if link_row else None,
            also_needed_by=tuple(_role(other) for other in others),
        )

    @kept
    def compare_roles(self, first_id: str, second_id: str) -> RoleComparison | None:
        """The contrast between two roles, oriented the way the user asked, whichever way it is stored."""
        row = self._session.execute(
            select(models.Contrast).where(
                or_(
                    (models.Contrast.first_role_id == first_id) & (models.Contrast.second_role_id == second_id),
                    (models.Contrast.first_role_id == second_id) & (models.Contrast.second_role_id == first_id),
                )
            )
        ).scalar_one_or_none()
        if row is None:
            return None
        first, second = self.role(first_id), self.role(second_id)
        if first is None or second is None:
            return None
        swapped = row.first_role_id != first_id
        aspects = self._session.execute(
            select(models.ContrastAspect)
            .options(joinedload(models.ContrastAspect.fact))
            .where(models.ContrastAspect.contrast_id == row.id)
            .order_by(models.ContrastAspect.position)
        ).scalars()
        return RoleComparison(
            first=first,
            second=second,
            summary=fact_record(row.summary, row.fact),
            aspects=tuple(
                ContrastAspect(
                    aspect=aspect.aspect,
                    first=aspect.second if swapped else aspect.first,
                    second=aspect.first if swapped else aspect.second,
                    evidence=evidence_record(aspect.fact),
                )
                for aspect in aspects
            ),
        )

    @kept
    def term(self, term_id: str) -> TermEntry | None:
        row = self._session.get(models.Term, term_id)
        if row is None:
            return None
        examples = self._session.execute(
            select(models.TermExample)
            .where(models.TermExample.term_id == term_id)
            .order_by(models.TermExample.position)
        ).scalars()
        return TermEntry(
            id=row.id,
            name=row.name,
            definition=fact_record(row.definition, row.fact),
            examples=tuple(fact_record(example.text, example.fact) for example in examples),
        )

    @kept
    def skill_as_term(self, skill_id: str) -> TermEntry | None:
        """A skill's description, shaped like a glossary entry ("what is RAG?" names a skill)."""
        row = self._session.get(models.Skill, skill_id)
        if row is None:
            return None
        return TermEntry(id=row.id, name=row.name, definition=fact_record(row.description, row.fact))

    @kept
    def career_facts(self, role_id: str, topic: str) -> CareerFacts | None:
        role = self.role(role_id)
        if role is None:
            return None
        rows = self._session.execute(
            select(models.CareerFact)
            .where(models.CareerFact.role_id == role_id, models.CareerFact.topic == topic)
            .order_by(models.CareerFact.position)
        ).scalars()
        return CareerFacts(role=role, topic=topic, facts=tuple(fact_record(row.text, row.fact) for row in rows))

    @kept
    def role_occupations(self, role_id: str) -> RoleOccupations | None:
        """The official occupations that fit a role, closest first, each with its dated figures."""
        role = self.role(role_id)
        if role is None:
            return None
        links = self._session.execute(
            select(models.RoleOccupation)
            .options(joinedload(models.RoleOccupation.occupation), joinedload(models.RoleOccupation.fact))
            .where(models.RoleOccupation.role_id == role_id)
            .order_by(models.RoleOccupation.closeness != "closest", models.RoleOccupation.code)
        ).scalars()
        matches = []
        for link in links:
            figures = self._session.execute(
                select(models.OccupationFigure)
                .where(models.OccupationFigure.code == link.code)
                .order_by(models.OccupationFigure.measure)
            ).scalars()
            matches.append(
                OccupationMatch(
                    code=link.code,
                    title=link.occupation.title,
                    url=link.occupation.url,
                    closeness=link.closeness,
                    why=fact_record(link.text, link.fact),
                    figures=tuple(
                        OccupationFigure(
                            row.measure, row.value, row.period, row.region, fact_record(row.text, row.fact)
                        )
                        for row in figures
                    ),
                )
            )
        return RoleOccupations(role=role, matches=tuple(matches))


class KnowledgeBase:
    """Entry point: `with kb.reader() as reader:` gives one session for one request."""

    def __init__(self, database: SessionSource) -> None:
        self.database = database

    @classmethod
    def from_url(cls, database_url: str) -> KnowledgeBase:
        return cls(Database(database_url))

    @classmethod
    def in_memory(cls, database_url: str, check_seconds: float) -> KnowledgeBase:
        """Reads from a copy in this process's memory, reloaded when the database's content changes."""
        return cls(KnowledgeCopy(Database(database_url), check_seconds))

    @contextmanager
    def reader(self) -> Iterator[KnowledgeReader]:
        with self.database.session() as session:
            yield KnowledgeReader(session)
