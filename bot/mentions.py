"""What a message is about, read in one place and free of Rasa: roles (and which one the user is now
and which one they aim at), skills, degrees, preferences and the like.

NLU entities come first; the knowledge base's aliases and a few sentence shapes catch what NLU missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.knowledge.fact_search import STOP_WORDS, coverage, query_terms
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import RoleRef, SkillRef
from bot.knowledge.text import normalise

DEGREE_WORDS = {
    "phd": re.compile(r"\b(phd|ph\.d|doctorate|doctoral)\b"),
    # "my master card" is a bank card, not a degree.
    "masters": re.compile(r"\b(master'?s?(?! ?cards?\b)|msc|m\.sc|graduate degree)\b"),
    "without_degree": re.compile(
        r"\b(without (a |any )?degree|no degree|self[- ]taught|bootcamps?|drop ?out|don'?t have a degree"
        r"|never went to (university|college)|without (going to )?(university|college)|no (university|college))\b"
    ),
}
# Preference words for the role-fit dimensions (content: role_fit.yml), pole by pole.
PREFERENCE_WORDS = {
    "investigating": r"experiment\w*|research\w*|analy[sz]\w*|explor\w*|investigat\w*|insight\w*|math\w*|statistic\w*"
    r"|invent\w*|new algorithms|papers?|publish\w*",
    "building": r"build\w*|engineer\w*|infrastructure|systems? design|deploy\w*|production|coding|code|ship\w*"
    r"|real products|products? features?",
    "stakeholders": r"people|stakeholders?|customers?|clients?|business|present\w*|talk\w*|communicat\w*|managers?"
    r"|tell\w*|meetings?|colleagues|users",
    "systems": r"machines|pipelines?|servers?|automat\w*|tooling|platforms?|reliab\w*|dependab\w*|plumbing"
    r"|moving data|data flow\w*|keep\w* (it|things|data) (running|healthy|flowing)",
    "explaining": r"reports?|dashboards?|past|explain\w*|what happened|numbers?|metrics?|kpis?|why \w+ (moved|changed)",
    "predicting": r"predict\w*|forecast\w*|models?|modell?ing|future|recommend\w*",
}
_PREFERENCES = {pole: re.compile(rf"\b({words})\b") for pole, words in PREFERENCE_WORDS.items()}
_DISLIKE = re.compile(
    r"\b(hate|dislike|don'?t|do not|never|not|no|less|rather not|avoid|bored|boring|bores?|tired of|isn'?t|aren'?t"
    r"|not into|not my thing)\b"
)
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
    # "I'd love to do actual research", "move into ML": a field names the role that works in it.
    re.compile(
        r"\b(?:do|doing|into|to)\s+(?:actual |real |pure |more )?"
        r"(research|ml|machine learning|data science|ai engineering|data engineering|mlops)\b(?! \w*(?:engineer|scien))"
    ),
    re.compile(
        r"\b(?:become|becoming|be|into|to|switch to|move to|transition to)\s+(?:a|an)?\s*"
        + _ROLE_WORDS
        + r"(?=[,.!?]|\s(?:role|job|position|career)\b|$)"
    ),
)
# Words that say the user wants to go from one role to another ("switch", "jump to", "get into").
_MOVE = re.compile(
    r"\b(become|becoming|mov(e|ing)|switch\w*|jump\w*|transition\w*|pivot\w*|get(ting)? into|go(ing)? into"
    r"|break(ing)? into|eye(ing)?|aim(ing)? for|chang(e|ing) to|shift\w*|next step|into)\b"
)
# "my data engineering skills", "my analyst job": where the user is now, said in passing.
_MY_ROLE = re.compile(
    r"\bmy (?:years (?:of|in|as) )?(?:current )?" + _ROLE_WORDS + r"\s+(?:skills?|job|work|experience|background)\b"
)
# A choice between roles ("X or Y?") is not a move from X to Y.
_CHOICE_WORDS = frozenset({"or", "vs", "versus", "between"})
# "which of my skills transfer" asks what carries over in a move; "what would I still need to pick
# up" asks what to add; either is the gap in a move.
_CARRIES = re.compile(r"\b(transfer\w*|carr(y|ies) over|still counts?|an advantage|actually helps)\b")
_TO_ADD = re.compile(
    r"\b(gaps?|pick up|on top|to add|need to add|missing|new for me|learn next|still need|what else|what'?\s?s new"
    r"|genuinely new|tackle first|(learn|do|pick up) first|priorit\w*)\b"
)
# "which role suits me", "what should I aim for", "what job is that": a question about fit.
_CHOICE_QUESTION = re.compile(
    r"\b(which|what) (\w+ )?(role|job|title|career|path|position)\b|\bsuits? me\b|\bfits? me\b|\bwhat fits\b"
    r"|\baim for\b|\bfor someone like me\b|\bany role for me\b|\bclosest\b|\bwhat suits\b|\bsuit that\b"
    r"|\bright for me\b|\bgood fit for me\b|\bsuit me\b|\bbetter suited\b"
)
_START_HERE = re.compile(
    r"\b(where (do|should|can) i (start|begin)|start(ing)? (out|from scratch|from zero|point)|roadmap"
    r"|in (what|which) order|what order|first steps?|step one|step by step|beginner|(learn|study|build|do) (first|next)"
    r"|then what$"
    r"|(first|next) or|sequence|from scratch|where to (start|begin)|foot in the door|(do|should) i start with)\b"
)
# "learn MLOps", "the MLOps pieces": the field, which names the role that works in it.
_MLOPS_FIELD = re.compile(
    r"\b(?:learn|learning|into|study|studying|for|pieces of)\s+(?:the\s+)?(?:mlops|ml ops)\b"
    r"|\b(?:mlops|ml ops) (?:pieces|career|path|a good career|skills?|jobs?|roles?|work|folks|people|team)\b"
)
# Rungs of the career ladder named as titles ("staff engineer", "director of engineering").
_LEVEL_TITLE = re.compile(
    r"\b((staff|principal|distinguished|junior|senior|mid[- ]level|entry[- ]level) (engineer|ic)s?"
    r"|engineering managers?|directors? of engineering|engineering directors?|individual contributor"
    r"|ic (ladder|track)|career ladder|manage people|management track|senior engineering manager"
    r"|(junior|mid|senior|staff|principal) (level|rung)s?)\b"
)
_INDIVIDUAL_TRACK = re.compile(r"\b(staff|principal|distinguished|individual contributor|ic)\b")
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
    terms: tuple[str, ...] = ()  # ids of glossary terms named
    degree: str | None = None
    preferences: Preferences = field(default_factory=Preferences)
    start_here: bool = False
    management: bool = False
    asks_gap: bool = False
    gap_part: str | None = None  # "carries_over" or "to_add" when the message asks for only one side
    asks_choice: bool = False
    asks_move: bool = False
    names_level: bool = False  # a rung of the career ladder ("staff engineer") is named
    certifications: tuple[str, ...] = ()  # ids of certifications named ("dp-100")
    resources: tuple[str, ...] = ()  # ids of learning resources named ("the goodfellow book")
    employers: tuple[str, ...] = ()  # ids of kinds of employer named ("banks", "netflix")
    unknown_titles: tuple[str, ...] = ()  # job titles no known role answers to ("prompt engineer")
    referred_back: bool = False  # "what replaced it?": the things named are those the last answer was about
    credential: str | None = None  # a credential named that is no certification entry ("google data analytics")
    employer_example: bool = False  # a sourced example at a named employer covers the question ("netflix rows")

    @property
    def names_something(self) -> bool:
        return bool(self.roles or self.skills or self.terms or self.certifications or self.resources or self.employers)

    @property
    def move(self) -> tuple[RoleRef, RoleRef] | None:
        """Where the user is and where they want to go, when the message says both."""
        if self.start and self.target and self.start != self.target:
            return (self.start, self.target)
        return None


# The kinds of thing an answer can be about by name, as stored in the conversation ("term:model_drift").
KINDS = ("certification", "resource", "term")
# "what's on it?", "what replaced it?", "got a concrete case of that happening?"
_BACK_REFERENCE = re.compile(r"\b(it|its|that|this|those|these|that one|that exam|that book|that course)\b")


# "software engineering or ML: which has the better outlook?": fields set side by side name their roles.
_FIELD = r"(software engineering|machine learning|ml|data science|data engineering|ai engineering|mlops|data analytics)"
_FIELD_CHOICE = re.compile(rf"\b{_FIELD}\s+(?:or|vs|versus)\s+{_FIELD}\b")


def field_roles(reader: KnowledgeReader, text: str) -> list[RoleRef]:
    """The roles fields name when no role is named ("in which order should I learn the MLOps pieces?",
    "data science or data engineering, which pays more?")."""
    return field_choice(reader, text) or (
        reader.roles_mentioned("mlops engineer") if _MLOPS_FIELD.search(normalise(text)) else []
    )


def field_choice(reader: KnowledgeReader, text: str) -> list[RoleRef]:
    """The roles of two fields set side by side ("software engineering or ML?"), in the order named."""
    choice = _FIELD_CHOICE.search(normalise(text))
    found = [_role_in(reader, field) for field in choice.groups()] if choice else []
    return list(dict.fromkeys(role for role in found if role is not None))


def with_things_discussed(mentions: Mentions, text: str, named_things: tuple[str, ...]) -> Mentions:
    """A message that names nothing and points back ("what replaced it?") is about what was last named."""
    if mentions.names_something or not named_things or not _BACK_REFERENCE.search(text.lower()):
        return mentions
    of_kind = {
        kind: tuple(ref.split(":", 1)[1] for ref in named_things if ref.startswith(f"{kind}:")) for kind in KINDS
    }
    return replace(
        mentions,
        certifications=of_kind["certification"],
        resources=of_kind["resource"],
        terms=of_kind["term"],
        referred_back=True,
    )


# "the Google data analytics certificate": a credential named by who issues it and what it covers.
_CREDENTIAL = re.compile(
    r"\b((?:[a-z0-9+]+ ){1,4})(?:career |professional )?(?:certificates?|certifications?|certs?)\b"
)
# Words around a credential's name that are not part of it ("a six month online certificate").
_NOT_CREDENTIAL_TEXT = """
    online six month months year years week weeks free paid cheap short long new old good best any some one that
    this those these which what the a an my your its is are does do did how take takes to of for in on about get
    getting worth
"""
_NOT_CREDENTIAL_WORDS = frozenset(_NOT_CREDENTIAL_TEXT.split())


def credential_named(text: str) -> str | None:
    """The name of a credential the message asks about, without its filler words, if it names one."""
    match = _CREDENTIAL.search(re.sub(r"'s\b", "", text.lower()))
    if match is None:
        return None
    words = [word for word in match.group(1).split() if word not in _NOT_CREDENTIAL_WORDS | STOP_WORDS]
    # One word ("that Google certificate") could be any of an issuer's credentials.
    return " ".join(words) if len(words) > 1 else None


# "how does Netflix decide which rows end up on my homepage?" is about an example the base has when the
# example uses at least this share of the question's words.
EXAMPLE_COVERAGE = 0.75


def example_covers(reader: KnowledgeReader, employer_ids: tuple[str, ...], text: str) -> bool:
    """Whether a sourced example of ML work at one of the named employers answers the question's words."""
    terms = query_terms(text)
    examples = (example for entry in reader.learner.employers(None, employer_ids) for example in entry.examples)
    return len(terms) >= 3 and any(coverage(terms, example.text) >= EXAMPLE_COVERAGE for example in examples)


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
    if split is None and re.search(r"\b(rather|prefer\w*)\b", lowered):
        # "I'd rather engineer things than invent new algorithms"
        split = re.search(r"\bthan\b", lowered)
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
    for candidate in (phrase, f"{phrase} engineer", f"{phrase} scientist", f"{phrase.removesuffix('ing')}"):
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
    titles = unknown_titles(reader, text)
    for shape in _START_SHAPES:
        match = shape.search(spoken)
        role = _role_in(reader, match.group(1)) if match and normalise(match.group(1)) not in titles else None
        if role is not None:
            return role
    return None


def _gap_part(lowered: str) -> str | None:
    carries, adds = bool(_CARRIES.search(lowered)), bool(_TO_ADD.search(lowered))
    if carries != adds:
        return "carries_over" if carries else "to_add"
    return None


def _first_of_two(reader: KnowledgeReader, text: str, target: RoleRef | None) -> RoleRef | None:
    """In "can a data engineer become an ML engineer?", the role named first is where the user is;
    not in "data scientist or ML engineer?", a choice between the two."""
    placed = reader.role_positions(text)
    others = [(at, role) for at, role in placed if role != target]
    if not others or (target is None and len(placed) < 2):
        return None
    first_at, first = others[0]
    later = [at for at, role in placed if role != first and at > first_at]
    words = normalise(text).split()
    if later and _CHOICE_WORDS.intersection(words[first_at : later[0]]):
        return None
    if target is not None and not later and placed[0][1] != first:
        return None
    return first


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
    titles = unknown_titles(reader, text)
    for value in role_values:
        role = None if any(normalise(value) in title.split() for title in titles) else reader.resolve_role(value)
        if role and role not in roles:
            roles.append(role)
    for role in roles_outside_titles(reader, text, titles):
        if role not in roles:
            roles.append(role)
    # Two fields side by side count even when NLU took one of them for a role.
    for role in field_roles(reader, text) if not roles else field_choice(reader, text):
        if role not in roles:
            roles.append(role)
    start = next((r for r in (reader.resolve_role(v) for v in start_values) if r), None)
    target = next((r for r in (reader.resolve_role(v) for v in target_values) if r), None)
    spoken = text.lower()

    def named_role(phrase: str) -> RoleRef | None:
        # "I'm a DevOps engineer": a title the base lacks is not the role it is spelt like.
        return None if normalise(phrase) in titles else _role_in(reader, phrase)

    if start is None:
        for shape in _START_SHAPES:
            match = shape.search(spoken)
            start = start or (named_role(match.group(1)) if match else None)
    if target is None:
        for shape in _TARGET_SHAPES:
            for match in shape.finditer(spoken):
                candidate = named_role(match.group(1))
                if candidate and candidate != start:
                    target = candidate
    if start is None:
        match = _MY_ROLE.search(spoken)
        start = _role_in(reader, match.group(1)) if match else None
        start = start if start != target else None
    if start is None and (_MOVE.search(spoken) or _TO_ADD.search(lowered)):
        # "backend dev wanting to build LLM apps as an AI engineer, what do I learn on top?"
        start = _first_of_two(reader, text, target)
        target = target or next((role for role in roles if role != start), None) if start else target
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
    certifications = tuple(reader.certifications_mentioned(text))
    employers = tuple(reader.employers_mentioned(text))
    return Mentions(
        roles=tuple(roles),
        start=start,
        target=target,
        skills=tuple(skills),
        degree=degree_focus(text),
        preferences=preferences(text),
        start_here=bool(_START_HERE.search(lowered)),
        # "staff engineer or engineering manager?" asks about both tracks.
        management=bool(_MANAGEMENT.search(lowered)) and not _INDIVIDUAL_TRACK.search(lowered),
        asks_gap=bool(_CARRIES.search(lowered) or _TO_ADD.search(lowered)),
        gap_part=_gap_part(lowered),
        asks_choice=bool(_CHOICE_QUESTION.search(lowered)),
        asks_move=bool(_MOVE.search(lowered)),
        names_level=bool(_LEVEL_TITLE.search(lowered)),
        terms=tuple(entry.id for entry in reader.terms_mentioned(text)),
        certifications=certifications,
        credential=None if certifications else credential_named(text),
        employer_example=employers != () and example_covers(reader, employers, text),
        resources=tuple(reader.resources_mentioned(text)),
        employers=employers,
        unknown_titles=tuple(titles) if not roles else (),
    )


# Requests to do something for the user, which a career assistant declines even when they name data
# or ML ("train a model on my sales data", "which GPU should I buy", "fix my code").
_TASK = re.compile(
    r"^(?:(?:hey|hi|ok|okay|so|also|and|now|oh)[, ]+)?"
    r"(?:(?:can|could|would|will) you (?:also |just |please )?|please |pls |i want you to |i need you to "
    r"|help me |go |just )*(?:"
    r"buy|purchase|order|install|uninstall|download|fix|debug|repair|send|email|text|call|schedule|remind|play"
    r"|set up|setup|fine[- ]?tune|host|provision|spin up"
    r"|book(?! recommendations?| suggestions?| lists?)"
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
# "how much do I earn?", "when do I get paid?": the user's own pay, which only their employer knows.
_OWN_PAY = re.compile(
    r"\b(?:do|am|did|will|does) i (?:get )?(?:paid|earn\w*|make)\b|\bi (?:get|got|go|get) paid\b"
    r"|\bmy (?:yearly |annual |monthly )?(?:salary|pay|paycheck|wages?|income)\b"
)
_MY_DATA = re.compile(r"\b(my|our) (data|dataset|spreadsheet|csv|code|model|script|notebook|sales|customers)\b")
# "my keras model's accuracy is stuck, what's wrong?": help with the user's own work.
_MY_WORK_BROKEN = re.compile(
    r"\b(my|our) [\w' ]{0,25}?(code|model|script|notebook|pipeline|query)\b.*\b(wrong|error|broken|stuck|fails?|bug)"
    r"|\b(fix|debug|solve) (this|that|my|the) [\w ]{0,25}?(error|bug|exception|traceback|stack ?trace)\b"
    r"|\b(debug|fix) (it|this|that)\W*$"
)


_QUESTION_START = re.compile(
    r"^\W*(what|whats|what's|how|is|are|was|were|do|does|did|should|can|could|would|will|which|why|who|whose|when"
    r"|where)\b"
)


def is_question(text: str) -> bool:
    """Whether the message asks something, rather than telling the assistant to do something."""
    return "?" in text or bool(_QUESTION_START.search(text.lower()))


def task_request(text: str) -> bool:
    """True when the message asks the assistant to do a task rather than answer about careers."""
    lowered = text.lower().strip()
    if _TASK.search(lowered) or _BUY.search(lowered) or _MY_WORK_BROKEN.search(lowered):
        return True
    # "cluster the customers in my spreadsheet": an action on the user's own things.
    careers = r"\b(career|job|role|learn|become|skill|background|experience|engineer|scien|analy|degree)\w*\b"
    mine = _MY_DATA.search(lowered) or _OWN_PAY.search(lowered)
    return bool(mine) and not re.search(careers + r"|\bmles?\b|\bas an?\b|\bif i\b", lowered)


# The kind of question a message asks, by its words: used when NLU set the message aside but it
# plainly names a known role ("what's the going rate for data scientists").
TOPIC_WORDS = {
    "salary": re.compile(r"\b(pays?|paid|salary|salaries|earn\w*|wages?|going rate|money|compensation|make in)\b"),
    "education": re.compile(
        r"\b(degrees?|phd|master'?s?(?! ?cards?\b)|bachelor'?s?|university|college|bootcamp|study|studies|studied"
        r"|grad)\b"
    ),
    "interview": re.compile(r"\b(interview\w*|hiring (process|loops?)|take[- ]home|onsite|leetcode)\b"),
    "certifications": re.compile(r"\b(certif\w*|certs?|exam)\b"),
    "portfolio": re.compile(
        r"\b(portfolio|side projects?|github|open[- ]source (contributions?|work)|contributing to open[- ]source|kaggle"
        r"|(which|what|one|a) (\w+ )?projects? (proves?|shows?|to build|would impress|stands? out)"
        r"|projects? stand out|what would impress)\b"
    ),
    # "deep learning" and "machine learning" name subjects, not a wish to learn.
    "resources": re.compile(
        r"\b(books?|courses?|tutorials?|resources?"
        r"|(?<!machine )(?<!deep )(?<!supervised )(?<!reinforcement )(?<!scikit-)(?<!scikit )(?<!sci-kit )learn\w*"
        r"|roadmap|where (do|should) i (start|begin))\b"
    ),
    "outlook": re.compile(
        # "future ML engineers" are people on their way, not the role's future.
        r"\b(outlook|grow\w*|growth|projection|projected|demand|shrinking|jobs? market|how many [\w ]{0,30}jobs"
        r"|future(?! (?:(?:ml|ai|data|machine learning|software|research|applied|mlops) )?"
        r"(?:engineers?|scientists?|analysts?|developers?|mles?|researchers?)\b)"
        r"|openings|hiring for|coming years|next (few |ten )?years)\b"
    ),
    "skills": re.compile(r"\b(skills?|need to know|tools?)\b"),
}


_READING = re.compile(r"\b(books?|textbooks?|courses?|tutorials?|what should i read)\b")
# "book a car", "help me book a flight": booking, which says nothing about reading.
_BOOKING = re.compile(
    r"\b(?:to|you|please|me|i|gotta|wanna|let'?s|and)\s+book\b"
    r"|\bbook (?:a|an|me|my|us|the|tickets?|flights?|rooms?|tables?|reservations?|it|for|at|in)\b"
)


def without_booking(lowered: str) -> str:
    """The message with any booking phrase blanked, so "book" left in it means a book to read."""
    return _BOOKING.sub(" ", lowered)


def topic_of(text: str) -> str | None:
    lowered = without_booking(text.lower())
    if _READING.search(lowered):
        # "any good book to prep for ML interviews?" asks for a book, whatever it is about.
        return "resources"
    return next((topic for topic, pattern in TOPIC_WORDS.items() if pattern.search(lowered)), None)


_JOB_WORDS = (
    r"(?:engineer|scientist|analyst|architect|developer|manager|designer|researcher|specialist|consultant|whisperer)s?"
)
_NOT_TITLE_TEXT = (
    "a an the my your our their this that what which does do is are be being as says said titled called named"
    " about like for of and or to with someone somebody ad kind type sort other rather d"
    # Words that qualify or govern a title without being part of it ("more analyst jobs", "suit an engineer").
    " more less many much new good great best better any some all most few real actual typical regular normal"
    " every each still not also just these those would could should will can suit become becoming want into"
    " from at on in by get got"
)
_NOT_TITLE_WORDS = frozenset(_NOT_TITLE_TEXT.split())
_JOB_TITLE = re.compile(rf"\b((?:[a-z]+[ -]){{0,2}}{_JOB_WORDS})\b")


def unknown_titles(reader: KnowledgeReader, text: str) -> list[str]:
    """Job titles in the text that no known role answers to ("prompt engineer", "data architect").

    A title is known when it, or its last two words or more, is a role's name ("senior data scientist");
    one generic word at its end is not enough ("BI developer" is not just any developer).
    """
    found = []
    for match in _JOB_TITLE.finditer(text.lower()):
        words = [word for word in match.group(1).replace("-", " ").split() if word not in _NOT_TITLE_WORDS]
        known = any(reader.role_named(" ".join(words[start:])) for start in range(len(words) - 1))
        if not known and len(words) > 1:
            found.append(" ".join(words))
    return found


def roles_outside_titles(reader: KnowledgeReader, text: str, titles: list[str]) -> list[RoleRef]:
    """Roles the text names, leaving out a generic word inside an unknown title ("developer" of "BI developer")."""
    lowered = text.lower().replace("-", " ")
    for title in titles:
        lowered = lowered.replace(title, " ")
    return reader.roles_mentioned(lowered)


# Words that only a question about careers, skills or the field uses; a fresh message with none of
# these and no known role, skill or term is an everyday request of another domain.
_CAREER_WORDS = re.compile(
    r"\b(careers?|jobs?|roles?|positions?|skills?|learn\w*|study|studying|become|becoming|salar\w*|earn\w*|paid"
    r"|interview\w*|certif\w*|degrees?|phd|masters?|bachelors?|bootcamps?|courses?|books?|resources?|roadmap"
    r"|portfolio|projects?|hir\w+|employ\w*|industr\w+|senior\w*|junior|promot\w+|staff|principal|ladder"
    r"|individual contributor"
    r"|engineer\w*|scientists?|science|analysts?|analytics|data|machine learning|ml|ai|models?|algorithms?"
    r"|programming|coding|code|math\w*|statistics|developers?|mlops|llms?|neural|deep learning|field|profession\w*"
    r"|switch\w*|transition\w*|suit\w*|fit|prefer|enjoy|tech|technical|team|work as|working as|read|tutorials?)\b"
)


# "what can you do?", "help", "what topics do you cover?": a question about this assistant itself.
_ABOUT_ASSISTANT = re.compile(
    r"^\W*(help|options|menu|capabilities|getting started|start|i need help|help me|can you help( me)?)\W*$"
    r"|\b(what|how) (can|could) (you|i)\b|\bwhat are you (able|good|for)\b|\bwhat do you (know|do|cover)\b"
    r"|\bwhat (topics|questions|kind of questions|should i ask)\b|\bwhat'?s? (is )?this (bot|chat|assistant)\b"
    r"|\bhow does this work\b|\bhow do i use (this|you)\b|\byour (features|capabilities)\b|\bwhat you can do\b"
    r"|\bmy options\b|\bexample questions\b|\bwhere do i start\b|\bwho are you\b|\blost\W+help\b"
)


def asks_about_assistant(text: str) -> bool:
    return bool(_ABOUT_ASSISTANT.search(text.lower()))


def about_careers(reader: KnowledgeReader, text: str) -> bool:
    """Whether a message is about this assistant's subject at all (roles, skills, terms, careers)."""
    lowered = without_booking(text.lower())
    if _CAREER_WORDS.search(lowered):
        return True
    return bool(reader.roles_mentioned(text) or reader.skills_mentioned(text) or reader.terms_mentioned(text))
