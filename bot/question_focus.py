"""The kind of answer a message needs when its words say more than its intent does: a move between two
roles, one skill for a role, or a choice of role. Free of Rasa: it reads mentions and words only.

NLU names the kind of question well when the wording is familiar; a learner's own wording often lands
on a neighbouring intent ("can a data engineer become an ML engineer?" read as how to become one,
"do AI engineers fine-tune models?" read as the role overview). What the message names settles it.
"""

from __future__ import annotations

import re
from enum import Enum

from bot.mentions import Mentions, topic_of, without_booking


class Focus(str, Enum):
    MOVE = "move"  # from the role the user has to the one they want
    SKILL = "skill"  # one skill (or a few) for a role
    FIT = "fit"  # which role suits what the user likes
    CERTIFICATION = "certification"  # one certification by name ("is DP-100 still around?")
    RESOURCE = "resource"  # one book or course by name ("how long is the MLOps Zoomcamp?")
    DEFINITION = "definition"  # what a term or a skill is ("what's drift?", "ETL vs ELT?")
    LEVELS = "levels"  # rungs of the career ladder ("staff engineer or engineering manager?")
    COMPARE = "compare"  # roles side by side ("who ships more code, an MLE or a data scientist?")
    EMPLOYER = "employer"  # a kind of employer by name ("is ML used much in healthcare?")
    START = "start"  # where to begin and in what order ("what should I learn first for data engineering?")
    EDUCATION = "education"  # degrees and study for a role ("could I become a data analyst without university?")
    PAY = "pay"  # what a role pays ("median wage for data scientists?")
    OUTLOOK = "outlook"  # demand for a role ("how fast will software developer jobs grow?")
    OVERVIEW = "overview"  # what one role does ("what does an MLOps engineer actually own?")
    WORKPLACE = "workplace"  # who a role works with ("which colleagues does a data engineer deal with?")
    SKILLS = "skills"  # the skills of one role, as a list ("which skills are non-negotiable for an MLE?")
    FOLLOW_UP = "follow_up"  # the last kind of question again, about another role ("same story for MLEs?")
    BACKGROUND = "background"  # where people in a role come from ("where do MLOps engineers come from?")
    CERTIFICATIONS = "certifications"  # the certifications of a role and their weight ("would a cert help?")
    INTERVIEW = "interview"  # how a role is interviewed ("do they still give coding puzzles?")
    PORTFOLIO = "portfolio"  # projects that show a role's skills ("do open source contributions count?")
    READING = "reading"  # books and courses for a role or subject ("any good book to prep for ML interviews?")
    OWNER = "owner"  # which roles do a thing ("who usually runs a feature store?")


# Kinds of question that stay what they are even when the message also names a move or a skill
# ("would a certification help me make the jump?", "where should I learn PyTorch?").
_OWN_TOPICS = frozenset({"education", "interview", "certifications", "portfolio", "salary", "resources"})
# Intents whose answer is already about skills, terms or roles side by side.
_SKILL_INTENTS = frozenset({"ask_role_skills", "ask_skill_importance", "compare_roles", "ask_term", "ask_ml_examples"})
# Words that set named roles side by side.
_SIDE_BY_SIDE = re.compile(
    r"\b(vs\.?|versus|than|compared?|comparison|differ\w*|difference|same (job|thing|as)|who|which of|each"
    r"|between|whereas|and where|untangle|confused|vice versa|the way (a|an|the)|analogy|metaphor"
    r"|that (a|an|the) [\w ]{1,40} (doesn'?t|wouldn'?t|don'?t|won'?t))\b"
)
_EACH_OF_THEM = re.compile(
    r"\b(each (one|of them|of the two)|which of (them|the two|those)|which one|out of (those|the) two|both of them"
    r"|between them|who of them)\b"
)
# "I know SQL and dashboards", "already comfortable with Docker": what the user brings.
_I_KNOW = re.compile(r"\b(i (already )?(know|have|use|can)|already (know|have|use)|comfortable with|good at)\b")
_BOTH = re.compile(r"\b(both|each|either|they|them)\b")
_PERSONAL = re.compile(r"\b(i|me|my|i'm|im|i'd)\b")
_DEFINITION = re.compile(
    r"\b(what (even )?(is|are|does)|what'?s(?! wrong)|define|meaning of|stands? for|what counts as"
    r"|in (plain|simple) (words|terms)|how does [\w ]{1,40} work|what do [\w ]{1,30} (store|do)"
    r"|difference|differ|\bvs\b|versus|the same (language|thing|tool|framework))\b"
)

# What one role does all day, in the words learners use.
_OVERVIEW = re.compile(
    r"\b(actually|really) (do|does|own|produce)\b|\bpaid to produce|\bsupposed to do\b|\bwhat kind of work"
    r"|\bfills? (a|an|their|the)? ?[\w']{0,20} ?(week|day)|\bspend (their|the|most of their) (hours|time|days?)"
    r"|\bin (plain|simple) (terms|words)\b|\bwhat('?s| is) (their|the) job\b"
    r"|\bwhat do(es)? [\w ]{1,40} (do|own) all day|\bin a nutshell|\btell me more about\b|\bthere for\b"
    r"|\bwhat'?s (their|the) deal\b"
    r"|\bwhat (would|will|do|does) [\w ]{1,20} (actually |really )?(be )?doing\b"
)
# "who writes more code", "which of them cares more about latency": roles weighed on one aspect.
_WHO_MORE = re.compile(
    r"\b(who|which)\b.*\b(more|less|better|most|least)\b|\bwho\b.*\b(the|an?) [\w ]+ or (the|an?) [\w ]+"
)
# "the second one", "that one": one of the roles the conversation just set side by side.
_ONE_OF_THEM = re.compile(r"\bthe (first|second|third|former|latter|last)( one)?\b|\bthat one\b")
# "how does their work differ?" about the two roles just compared.
_DIFFER = re.compile(r"\b(differ\w*|difference|compare|same)\b")
# "where do people with that title work?": the role the conversation is about, pointed at.
_THAT_ROLE = re.compile(r"\b(that|this|the same) (title|role|job|position|career|line of work)\b")
_THEIR = re.compile(r"\b(they|their|them|those two|the two)\b")
_WORKPLACE = re.compile(
    r"\b(colleagues|coworkers|(sit|stand)s? '?(in )?between|team up with|work together with|which teams?|what teams?"
    r"|who (uses|consumes)"
    r"|ends? up using|work (with|alongside) (whom|who)|who do(es)? [\w ]{1,40} work with|where do [\w ]{1,40} work"
    r"|at an? (tiny |small |early[- ]stage |big |large )?start ?ups?|in an? (small|large|big) (company|team|org\w*))\b"
)
_SKILL_LIST = re.compile(
    r"\b((which|what) (skills|core skills|tools)|non[- ]negotiable|must[- ]have skills|skills (do|would) i need"
    r"|skill ?set|need to be (really |very )?good at)\b"
)
# "who usually runs one of those?", "whose job is it to catch it?": the role that owns a thing.
_WHO_DOES = re.compile(
    r"\bwhose job\b|\b(who|which roles?|what roles?)\b( \w+)? (runs?|owns?|builds?|maintains?|manages?|handles?"
    r"|catch(es)?|is responsible|is in charge|deals? with|looks? after|takes? care of)\b"
)
# "is statistics something an MLE uses on the job or just an interview thing?": the skill at work.
_ON_THE_JOB = re.compile(r"\b(on the job|at work|day[- ]to[- ]day|in (their|the|my) (daily |actual )?(job|work))\b")
_BACKGROUND = re.compile(r"\b(come from|what backgrounds?|background do (they|most)|career[- ]wise)\b")
_READING = re.compile(r"\b(books?|textbooks?|courses?|tutorials?|roadmaps?|resources?|what should i read)\b")


# "is it just writing prompts all day?", "is a data scientist really just an excel jockey?", "what is the job
# meant to be?": whether the role is more than a caricature, which is what the role does.
_JUST_A_CARICATURE = re.compile(
    r"\b(is|are) (it|that|this|they|the (job|role|work)|an? [\w -]{1,40}?) (really |basically |actually |mostly )?"
    r"(just|only|merely|nothing but) (an?|the|about|writing|doing|sitting|making|building|some)\b"
    r"|\bwhat('?s| is) the (job|role) (meant|supposed) to be\b|\b(do|does) [\w -]{1,40}? just (become|end up)\b"
)
# Titles of the kind this assistant knows its way around ("prompt engineer", not "store manager").
_TECH_TITLE = re.compile(r"\b(engineer|scientist|analyst|architect|developer|researcher)s?$")


def _one_role_focus(mentions: Mentions, lowered: str) -> Focus | None:
    """What a question about one role asks when its words are plainer than its intent."""
    if _JUST_A_CARICATURE.search(lowered):
        # Whatever skill the caricature names ("writing prompts", "opens python"), the role is the question.
        return Focus.OVERVIEW
    if mentions.skills:
        return None
    if _WORKPLACE.search(lowered):
        return Focus.WORKPLACE
    if _BACKGROUND.search(lowered):
        return Focus.BACKGROUND
    if _SKILL_LIST.search(lowered):
        return Focus.SKILLS
    if _OVERVIEW.search(lowered):
        return Focus.OVERVIEW
    return None


# "do big companies still insist on one?": whether a degree is required, after an education answer.
_STILL_ASKED = re.compile(r"\b(insist|require|demand|ask for|expect)\w* (on )?(one|it|that|them|a degree|degrees)\b")
# "would I need a PhD for that?": the move just discussed.
_BACK_TO_IT = re.compile(r"\b(for (that|it|this)|that move|the (move|switch|jump))\b")
# "which of those should I tackle first?", "what comes next?" in a move just discussed.
_NEXT_STEP = re.compile(r"\b(first|start|begin|priorit\w*|order|tackle|next)\b")
# "same story for MLEs?", "what about analysts?", "and for research roles?"
_SAME_AGAIN = re.compile(
    r"\bsame (story|question|thing|deal|for|figures|numbers|data|category)\b|^(?:ok |so |and )*(?:what|how) about\b"
    r"|^(?:ok |so )?and (?:for|if|what about|how about)\b"
)
# The kinds of answer after which a bare skill ("pandas as well?") asks about that skill too.
_SKILL_TOPICS = frozenset({"skill_check", "skills"})


def focus_of(
    mentions: Mentions,
    text: str,
    intent: str | None,
    user_role: str | None,
    discussed: int = 0,
    last_topic: str | None = None,
    current_role: str | None = None,
) -> Focus | None:
    """The focus the message's words demand, or None to answer the intent as NLU read it; `discussed`
    counts the roles the conversation last set side by side, `last_topic` is the kind of the last answer,
    `current_role` the role it was about."""
    topic = topic_of(text)
    if mentions.certifications:
        return Focus.CERTIFICATION
    if mentions.credential and topic == "certifications" and mentions.move is None:
        # "how long does the Google data analytics certificate take?": what the sources say about it.
        return Focus.CERTIFICATIONS
    lowered = text.lower()
    if mentions.terms and not mentions.roles and _WHO_DOES.search(lowered):
        return Focus.OWNER
    if mentions.referred_back and mentions.terms:
        return Focus.DEFINITION
    if mentions.resources and not mentions.move:
        return Focus.RESOURCE
    if mentions.employer_example and mentions.move is None:
        # "how does Amazon Music rank search results?": the sourced example of that work, whoever asks.
        return Focus.EMPLOYER
    if mentions.employers and not mentions.roles and not mentions.unknown_titles and topic not in _OWN_TOPICS:
        return Focus.EMPLOYER
    if mentions.names_level and not mentions.roles and intent not in ("ask_education", "ask_interview"):
        return Focus.LEVELS
    # "I'm an ML engineer, could I become a research scientist, and would I need a PhD?": a move said in
    # full is the question, and its answer says what the degree adds.
    said_in_full = topic == "education" and mentions.start is not None and mentions.target is not None
    if topic not in _OWN_TOPICS or topic == "resources" or said_in_full:
        # "where do I begin?" in a move asks for the move's path, not a reading list.
        if mentions.move is not None and (intent != "compare_roles" or mentions.asks_move or mentions.asks_gap):
            # A comparison from someone who said their role ("I'm an analyst, what do MLEs do that I
            # don't?") stays a comparison.
            return Focus.MOVE
        # "I know SQL and dashboards, what else do I need to become a data scientist?"
        knows_skills = mentions.asks_gap and bool(mentions.skills) and _I_KNOW.search(text.lower()) is not None
        if knows_skills and mentions.start is None and len(mentions.roles) == 1:
            return Focus.MOVE
        if user_role and mentions.asks_gap and len(mentions.roles) <= 1:
            # "what would I still need to pick up?" after saying where they are and where they aim.
            return Focus.MOVE
        other_role = len(mentions.roles) == 1 and mentions.roles[0].id != user_role
        if user_role and mentions.asks_move and other_role and not mentions.skills:
            # "what if I aim for ML engineering instead?" from someone who said where they are.
            return Focus.MOVE
    if last_topic == "transition" and not mentions.names_something and _NEXT_STEP.search(lowered):
        # "which of those should I tackle first?" about the skills a move adds.
        return Focus.MOVE
    degree_for_it = topic == "education" and mentions.degree is not None and bool(_BACK_TO_IT.search(lowered))
    if last_topic == "transition" and not mentions.names_something and degree_for_it:
        # "would I need a PhD for that?" about the move just discussed: what the move adds.
        return Focus.MOVE
    same_again = bool(last_topic and _SAME_AGAIN.search(lowered)) and topic is None
    if same_again and len(mentions.roles) <= 1 and not mentions.skills:
        # "and for MLE roles, is it the same story?": the last kind of question, about another role.
        return Focus.FOLLOW_UP
    follows_skill = last_topic in _SKILL_TOPICS and not _DEFINITION.search(lowered)
    if follows_skill and mentions.skills and not mentions.roles and topic in (None, "skills"):
        # "pandas as well, I guess?" after a skill question asks the same of another skill.
        return Focus.SKILL
    one_of_them = not mentions.roles and discussed >= 2 and bool(_ONE_OF_THEM.search(lowered))
    # "what tools does each of them use?" after two roles were compared asks the same of both again.
    both_again = not mentions.roles and discussed >= 2 and not one_of_them and last_topic != "transition"
    both_again = both_again and bool(
        _EACH_OF_THEM.search(lowered) or (_DIFFER.search(lowered) and _THEIR.search(lowered))
    )
    # "which of the two suits me?" is a choice, not a comparison.
    personal_choice = bool(_PERSONAL.search(lowered)) and mentions.asks_choice
    if both_again and topic in ("outlook", "salary"):
        # "which of them has more job openings?": the figures of each, side by side.
        return Focus.OUTLOOK if topic == "outlook" else Focus.PAY
    weighs_both = not mentions.skills or bool(_WHO_MORE.search(lowered))
    if both_again and weighs_both and not personal_choice and topic not in _OWN_TOPICS:
        # "which of them delivers code rather than reports?" compares them, whatever it likes;
        # "out of those two, who ships more production code?" weighs them on the skill it names.
        return Focus.COMPARE
    # "where do people with that title work?" is about the role just discussed, not a choice of one.
    that_role = not mentions.roles and current_role is not None and bool(_THAT_ROLE.search(lowered))
    likes = bool(mentions.preferences.liked) and (mentions.asks_choice or bool(mentions.preferences.disliked))
    likes = likes and not that_role
    # Between named roles, only a personal choice ("which suits me") asks for fit, not a comparison.
    if likes and (not mentions.roles or (len(mentions.roles) > 1 and _PERSONAL.search(text.lower()))):
        return Focus.FIT
    # "what should I study first?" asks for the steps; only a named degree makes it an education question.
    study = topic == "education" and mentions.degree is None
    if mentions.start_here and mentions.move is None and (topic in (None, "resources", "skills") or study):
        return Focus.START
    if topic == "resources" and mentions.skills and mentions.move is None and not mentions.roles:
        # "where should I learn PyTorch instead?": resources for that skill.
        return Focus.READING
    if (
        _READING.search(without_booking(lowered))
        and mentions.move is None
        and topic in ("resources", "interview", None)
    ):
        return Focus.READING
    if topic == "portfolio" and mentions.move is None and intent != "ask_portfolio":
        return Focus.PORTFOLIO
    if topic == "certifications" and mentions.move is None and intent not in ("ask_certifications", "ask_education"):
        return Focus.CERTIFICATIONS
    # "do AI engineer hiring loops include a take-home, like a small RAG bot?" is about interviews.
    about_interviews = not mentions.skills or intent in ("ask_portfolio", "ask_learning_resources")
    if topic == "interview" and about_interviews and intent != "ask_interview":
        return Focus.INTERVIEW
    unknown_title = any(_TECH_TITLE.search(title) for title in mentions.unknown_titles)
    if unknown_title and not mentions.roles and not mentions.names_level and topic is None:
        # "is 'prompt engineer' a real job?": a title the base lacks gets the closest known role.
        return Focus.OVERVIEW
    if (len(mentions.roles) == 1 or one_of_them or that_role) and mentions.move is None and not mentions.asks_gap:
        one_role = _one_role_focus(mentions, lowered)
        if one_role is not None:
            return one_role
    # Three roles or more ask for a comparison, not one skill's verdict for each.
    # "both need SQL though, right?" asks it of the two roles just discussed.
    of_roles = 0 < len(mentions.roles) <= 2 or (discussed >= 2 and bool(_BOTH.search(text.lower())))
    # "pandas: useful for ML engineers or more of an analyst thing?" asks about the skill, not the roles.
    # The definition of a term answers no role's need for it ("is watching models a core MLOps skill?").
    skill_intents = _SKILL_INTENTS - {"compare_roles", "ask_term"}
    asks_about_skill = of_roles and bool(mentions.skills) and intent not in skill_intents
    # "who writes more production code, an MLE or a data scientist?" weighs the roles on an aspect.
    weighs = len(mentions.roles) >= 2 and bool(_WHO_MORE.search(lowered))
    at_work = topic == "interview" and bool(_ON_THE_JOB.search(lowered))
    if (topic not in _OWN_TOPICS or at_work) and asks_about_skill and not weighs and not _DEFINITION.search(lowered):
        return Focus.SKILL
    # "is going for a PhD the right move if I want to work in ML?": a degree named is an education question,
    # and so is "do big companies still insist on one?" right after one.
    degree_asked = mentions.degree is not None or (last_topic == "education" and bool(_STILL_ASKED.search(lowered)))
    education = topic == "education" or degree_asked
    if (mentions.roles or degree_asked) and education and intent not in ("ask_education", "ask_certifications"):
        return Focus.EDUCATION
    if mentions.roles and topic == "salary" and intent != "ask_career_outlook":
        return Focus.PAY
    if mentions.roles and topic == "outlook" and intent != "ask_salary":
        return Focus.OUTLOOK
    side_by_side = both_again or (len(mentions.roles) >= 2 and bool(_SIDE_BY_SIDE.search(lowered)))
    if side_by_side and topic not in _OWN_TOPICS and (weighs or not mentions.skills) and not personal_choice:
        return Focus.COMPARE
    # No role named: "what's drift?", "ETL vs ELT?" ask what the things are.
    names_things = not mentions.roles and bool(mentions.terms or mentions.skills) and topic not in _OWN_TOPICS
    names_things = names_things and not mentions.unknown_titles
    if names_things and (_DEFINITION.search(text.lower()) or intent in ("compare_roles", "ask_term")):
        return Focus.DEFINITION
    return None
