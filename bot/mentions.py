"""What a message is about, read in one place and free of Rasa: roles (and which one the user is now
and which one they aim at), skills, degrees, preferences and the like.

NLU entities come first; the knowledge base's aliases and a few sentence shapes catch what NLU missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import RoleRef, SkillRef
from bot.knowledge.text import normalise

DEGREE_WORDS = {
    "phd": re.compile(r"\b(phd|ph\.d|doctorate|doctoral)\b"),
    "masters": re.compile(r"\b(master'?s?|msc|m\.sc|graduate degree)\b"),
    "without_degree": re.compile(
        r"\b(without (a |any )?degree|no degree|self[- ]taught|bootcamps?|drop ?out|don'?t have a degree)\b"
    ),
}
# Preference words for the role-fit dimensions (content: role_fit.yml), pole by pole.
PREFERENCE_WORDS = {
    "investigating": r"experiment\w*|research\w*|analy[sz]\w*|explor\w*|investigat\w*|insight\w*|math\w*|statistic\w*",
    "building": r"build\w*|engineer\w*|infrastructure|systems? design|deploy\w*|production|coding|code|ship\w*",
    "stakeholders": r"people|stakeholders?|customers?|clients?|business|present\w*|talk\w*|communicat\w*|managers?"
    r"|tell\w*|meetings?|colleagues|users",
    "systems": r"machines|pipelines?|servers?|automat\w*|tooling|platforms?",
    "explaining": r"reports?|dashboards?|past|explain\w*|what happened|numbers?|metrics?|kpis?|why \w+ (moved|changed)",
    "predicting": r"predict\w*|forecast\w*|models?|future|recommend\w*",
}
_PREFERENCES = {pole: re.compile(rf"\b({words})\b") for pole, words in PREFERENCE_WORDS.items()}
_DISLIKE = re.compile(r"\b(hate|dislike|don'?t|do not|never|not|no|less|rather not|avoid|bored|boring|tired of)\b")
_MORE_THAN = re.compile(r"\bmore than\b|\bover\b|\brather than\b|\binstead of\b")
_ROLE_WORDS = r"([a-z][a-z\- ]{1,40}?)"
_START_SHAPES = (
    re.compile(
        r"\b(?:i'?ve been|been|i was|worked as|i work as)\s+(?:a|an)\s+"
        + _ROLE_WORDS
        + r"(?=[,.!?]|\s(?:for|and|but|at|in|so|with)\b|$)"
    ),
    re.compile(r"^(?:i'?m\s+)?(?:a|an)?\s*" + _ROLE_WORDS + r"\s+here\b"),
    re.compile(
        r"\b(?:i'?m|i am|im|currently|working as|work as|as)\s+(?:a|an)\s+"
        + _ROLE_WORDS
        + r"(?=[,.!?]|\s(?:and|but|how|what|who|wanting|looking|trying|is|so|want|with|for)\b|$)"
    ),
    re.compile(r"\bfrom\s+(?:a|an|being a|being an)?\s*" + _ROLE_WORDS + r"\s+(?:to|into)\b"),
)
_TARGET_SHAPES = (
    re.compile(
        r"\b(?:become|becoming|be|into|to|switch to|move to|transition to)\s+(?:a|an)?\s*"
        + _ROLE_WORDS
        + r"(?=[,.!?]|\s(?:role|job|position|career)\b|$)"
    ),
)
_START_HERE = re.compile(
    r"\b(where (do|should|can) i (start|begin)|start(ing)? (out|from scratch|point)|roadmap|in what order"
    r"|what order|first steps?|beginner)\b"
)
_MANAGEMENT = re.compile(r"\b(manag\w*|lead(ing)? a team|people lead)\b")


@dataclass(frozen=True)
class Preferences:
    liked: tuple[str, ...] = ()
    disliked: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mentions:
    roles: tuple[RoleRef, ...] = ()
    start: RoleRef | None = None
    target: RoleRef | None = None
    skills: tuple[SkillRef, ...] = ()
    degree: str | None = None
    preferences: Preferences = field(default_factory=Preferences)
    start_here: bool = False
    management: bool = False


def degree_focus(text: str) -> str | None:
    lowered = text.lower()
    for degree, pattern in DEGREE_WORDS.items():
        if pattern.search(lowered):
            return degree
    return None


def preferences(text: str) -> Preferences:
    """Poles the user likes or dislikes: "I like experiments more than infrastructure" likes investigating."""
    lowered = text.lower()
    liked: list[str] = []
    disliked: list[str] = []
    # With "more than" / "rather than", what follows is the lesser preference.
    split = _MORE_THAN.search(lowered)
    parts = [(lowered[: split.start()], False), (lowered[split.end() :], True)] if split else [(lowered, False)]
    for part, lesser in parts:
        clauses = re.split(r"[,.;!?]| but | and | if | though | while ", part)
        for clause in clauses:
            negative = lesser or bool(_DISLIKE.search(clause))
            for pole, pattern in _PREFERENCES.items():
                if pattern.search(clause):
                    (disliked if negative else liked).append(pole)
    liked = [pole for pole in dict.fromkeys(liked) if pole not in disliked]
    return Preferences(tuple(liked), tuple(dict.fromkeys(disliked)))


def _role_in(reader: KnowledgeReader, phrase: str | None) -> RoleRef | None:
    """The role a phrase names; a field ("into mlops", "into data engineering") names its engineer."""
    if not phrase:
        return None
    for candidate in (phrase, f"{phrase} engineer", f"{phrase.removesuffix('ing')}"):
        found = reader.roles_mentioned(candidate)
        if found:
            return found[0]
    return reader.resolve_role(phrase)


def stated_current_role(reader: KnowledgeReader, text: str, start_values: tuple[str, ...] = ()) -> RoleRef | None:
    """The role the user says they have now ("I'm a data analyst", tagged "from"), if any."""
    for value in start_values:
        role = reader.resolve_role(value)
        if role is not None:
            return role
    spoken = text.lower()
    for shape in _START_SHAPES:
        match = shape.search(spoken)
        role = _role_in(reader, match.group(1)) if match else None
        if role is not None:
            return role
    return None


def read_mentions(
    reader: KnowledgeReader,
    text: str,
    role_values: tuple[str, ...] = (),
    start_values: tuple[str, ...] = (),
    target_values: tuple[str, ...] = (),
    skill_values: tuple[str, ...] = (),
) -> Mentions:
    """Everything the message names that an answer can use."""
    lowered = normalise(text).replace(" i m ", " i'm ")
    roles: list[RoleRef] = []
    for value in role_values:
        role = reader.resolve_role(value)
        if role and role not in roles:
            roles.append(role)
    for role in reader.roles_mentioned(text):
        if role not in roles:
            roles.append(role)
    start = next((r for r in (reader.resolve_role(v) for v in start_values) if r), None)
    target = next((r for r in (reader.resolve_role(v) for v in target_values) if r), None)
    spoken = text.lower()
    if start is None:
        for shape in _START_SHAPES:
            match = shape.search(spoken)
            start = start or (_role_in(reader, match.group(1)) if match else None)
    if target is None:
        for shape in _TARGET_SHAPES:
            for match in shape.finditer(spoken):
                candidate = _role_in(reader, match.group(1))
                if candidate and candidate != start:
                    target = candidate
    if start and target is None and len(roles) > 1:
        target = next((role for role in roles if role != start), None)
    skills: list[SkillRef] = []
    for value in skill_values:
        skill = reader.resolve_skill(value)
        if isinstance(skill, SkillRef) and skill not in skills:
            skills.append(skill)
    for skill in reader.skills_mentioned(text):
        if skill not in skills:
            skills.append(skill)
    return Mentions(
        roles=tuple(roles),
        start=start,
        target=target,
        skills=tuple(skills),
        degree=degree_focus(text),
        preferences=preferences(text),
        start_here=bool(_START_HERE.search(lowered)),
        management=bool(_MANAGEMENT.search(lowered)),
    )


# Requests to do something for the user, which a career assistant declines even when they name data
# or ML ("train a model on my sales data", "which GPU should I buy", "fix my code").
_TASK = re.compile(
    r"^(?:(?:hey|hi|ok|okay|so)[, ]+)?(?:(?:can|could|would|will) you |please |pls |i want you to |i need you to "
    r"|help me |go |just )*(?:"
    r"buy|purchase|order|install|uninstall|download|fix|debug|repair|send|email|text|call|book|schedule|remind|play"
    r"|cluster|clean|label|deploy|run|execute|translate|convert|calculate|summari[sz]e|grade|apply to|apply for"
    r"|rewrite|write|draft|edit|proofread|tune|optimi[sz]e my|negotiate|refer me|introduce me|connect me"
    r"|look up|search for|scrape|predict|forecast|use (?:machine learning|ml|ai|a model) to"
    r"|give me the (?:answers|solutions)|do my|solve|train (?:a|the|my|this)|build (?:me|my)|make me"
    r"|find (?:me )?(?:a |some )?(?:jobs?|openings?|recruiters?|positions?|internships?|roles? (?:in|at|near))"
    r"|find me (?:open|remote|[\w ]{0,30}?(?:jobs?|positions?|openings?|vacancies)))\b"
)
_BUY = re.compile(
    r"\b(should i (buy|order)|to buy|which (gpu|laptop|computer|graphics card|macbook)|best (gpu|laptop)"
    r"|on my behalf|for me\b.*\b(resume|cv|cover letter|post|offer))\b"
)
_MY_DATA = re.compile(r"\b(my|our) (data|dataset|spreadsheet|csv|code|model|script|notebook|sales|customers)\b")


def task_request(text: str) -> bool:
    """True when the message asks the assistant to do a task rather than answer about careers."""
    lowered = text.lower().strip()
    if _TASK.search(lowered) or _BUY.search(lowered):
        return True
    # "cluster the customers in my spreadsheet": an action on the user's own things.
    return bool(_MY_DATA.search(lowered)) and not re.search(r"\b(career|job|role|learn|become|skill)\w*\b", lowered)


# The kind of question a message asks, by its words: used when NLU set the message aside but it
# plainly names a known role ("what's the going rate for data scientists").
TOPIC_WORDS = {
    "salary": re.compile(r"\b(pay|paid|salary|salaries|earn\w*|wage|rate|money|compensation)\b"),
    "education": re.compile(r"\b(degree|phd|master'?s?|bachelor'?s?|university|college|bootcamp|study|studies)\b"),
    "interview": re.compile(r"\binterview\w*\b"),
    "certifications": re.compile(r"\b(certif\w*|certs?|exam)\b"),
    "portfolio": re.compile(r"\b(portfolio|side projects?|github)\b"),
    "resources": re.compile(
        r"\b(books?|courses?|tutorials?|resources?|learn\w*|roadmap|where (do|should) i (start|begin))\b"
    ),
    "outlook": re.compile(r"\b(outlook|growing|demand|future|shrinking|jobs? market)\b"),
    "skills": re.compile(r"\b(skills?|need to know|tools?)\b"),
}


def topic_of(text: str) -> str | None:
    lowered = text.lower()
    return next((topic for topic, pattern in TOPIC_WORDS.items() if pattern.search(lowered)), None)


_JOB_WORDS = (
    r"(?:engineer|scientist|analyst|architect|developer|manager|designer|researcher|specialist|consultant|whisperer)s?"
)
_NOT_TITLE_TEXT = "a an the my your our their this that what which does do is are be being as"
_NOT_TITLE_WORDS = frozenset(_NOT_TITLE_TEXT.split())
_JOB_TITLE = re.compile(rf"\b((?:[a-z]+[ -]){{0,2}}{_JOB_WORDS})\b")


def unknown_titles(reader: KnowledgeReader, text: str) -> list[str]:
    """Job titles in the text that no known role answers to ("prompt engineer", "data architect")."""
    found = []
    for match in _JOB_TITLE.finditer(text.lower()):
        words = [word for word in match.group(1).replace("-", " ").split() if word not in _NOT_TITLE_WORDS]
        known = any(reader.roles_mentioned(" ".join(words[start:])) for start in range(len(words)))
        if not known and len(words) > 1:
            found.append(" ".join(words[-2:]))
    return found


# Words that only a question about careers, skills or the field uses; a fresh message with none of
# these and no known role, skill or term is an everyday request of another domain.
_CAREER_WORDS = re.compile(
    r"\b(careers?|jobs?|roles?|positions?|skills?|learn\w*|study|studying|become|becoming|salar\w*|earn\w*|paid"
    r"|interview\w*|certif\w*|degrees?|phd|masters?|bachelors?|bootcamps?|courses?|books?|resources?|roadmap"
    r"|portfolio|projects?|hir\w+|employ\w*|industr\w+|senior\w*|junior|promot\w+|staff|principal"
    r"|engineer\w*|scientists?|science|analysts?|analytics|data|machine learning|ml|ai|models?|algorithms?"
    r"|programming|coding|code|math\w*|statistics|developers?|mlops|llms?|neural|deep learning|field|profession\w*"
    r"|switch\w*|transition\w*|suit\w*|fit|prefer|enjoy|tech|technical|team|work as|working as|read|tutorials?)\b"
)


def about_careers(reader: KnowledgeReader, text: str) -> bool:
    """Whether a message is about this assistant's subject at all (roles, skills, terms, careers)."""
    lowered = text.lower()
    if _CAREER_WORDS.search(lowered):
        return True
    return bool(reader.roles_mentioned(text) or reader.skills_mentioned(text) or reader.terms_mentioned(text))
