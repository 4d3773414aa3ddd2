"""The one module that words replies, on made-up records: exact texts and the buttons a user can press.

The records here are invented (roles "Widget Maker" and "Gadget Tester", sources "S1", "S2"), so
every expected text is written out literally and cannot come from the content or the queries.
"""

from __future__ import annotations

import datetime

from bot import answers
from bot.answers import Reply, Suggestion
from bot.knowledge import records as answers_records
from bot.knowledge.records import (
    CareerFacts,
    CategoryRef,
    Citation,
    ContrastAspect,
    Evidence,
    Fact,
    OccupationFigure,
    OccupationMatch,
    ResourceEntry,
    RoleComparison,
    RoleOccupations,
    RoleProfile,
    RoleRef,
    RoleSkills,
    SkillLink,
    SkillRef,
    SkillVerdict,
    SourceRef,
    TermEntry,
)

CHECKED = datetime.date(2026, 1, 15)
FIRST_SOURCE = SourceRef("s1", "First Source", "Publisher One", "https://one.example/a")
SECOND_SOURCE = SourceRef("s2", "Second Source")
S1 = Evidence("fact:one", (Citation(FIRST_SOURCE, "Chapter 2"),), CHECKED)
S2 = Evidence("fact:two", (Citation(SECOND_SOURCE, "section 'Intro'"),), CHECKED)
MLE = RoleRef("mle", "Machine Learning Engineer", "Machine Learning Engineers")
MAKER = RoleRef("maker", "Widget Maker", "Widget Makers")
TESTER = RoleRef("tester", "Gadget Tester", "Gadget Testers")
MATH = CategoryRef("math", "Math")
STATS = SkillRef("stats", "Statistics", "math", "Math", "Reasoning about data.")
ALGEBRA = SkillRef("algebra", "Linear algebra", "math", "Math", "Vectors and matrices.")
PYTHON = SkillRef("python", "Python", "programming", "Programming", "A language.")


def buttons(reply: Reply) -> list[tuple[str, str, dict[str, str | list[str]]]]:
    return [(s.title, s.intent, s.entities) for s in reply.suggestions]


def test_sources_are_listed_once_each_with_publisher() -> None:
    profile = RoleProfile(
        MAKER,
        Fact("Makes widgets.", S1),
        Fact("In workshops.", S2),
        (Fact("Cuts parts.", S1), Fact("Checks fit.", S2)),
    )
    reply = answers.role_overview(profile)
    assert reply.text == (
        "Widget Maker\nMakes widgets.\n\n"
        "What widget makers do:\n- Cuts parts.\n- Checks fit.\n\n"
        "Sources: First Source (Publisher One); Second Source"
    )
    assert buttons(reply) == [
        ("Skills of Widget Makers", "ask_role_skills", {"role": "maker"}),
        ("Widget Maker vs Machine Learning Engineer", "compare_roles", {"role": ["maker", "mle"]}),
        ("Where widget makers work", "ask_role_workplace", {"role": "maker"}),
    ]


def test_the_mle_overview_offers_the_data_scientist_comparison() -> None:
    profile = RoleProfile(MLE, Fact("Ships models.", S2), Fact("Tech firms.", S2), ())
    reply = answers.role_overview(profile)
    assert reply.text.endswith("\n\nSource: Second Source")
    assert buttons(reply)[1] == (
        "Machine Learning Engineer vs Data Scientist",
        "compare_roles",
        {"role": ["mle", "data_scientist"]},
    )


def test_workplace() -> None:
    profile = RoleProfile(MAKER, Fact("Makes widgets.", S1), Fact("In workshops.", S2), ())
    reply = answers.role_workplace(profile)
    assert reply.text == "Where widget makers work\nIn workshops.\n\nSource: Second Source"
    assert buttons(reply) == [
        ("What widget makers do", "ask_role_overview", {"role": "maker"}),
        ("Skills of Widget Makers", "ask_role_skills", {"role": "maker"}),
    ]


def _links() -> tuple[SkillLink, ...]:
    return (
        SkillLink(STATS, "essential", "Every day.", S1),
        SkillLink(PYTHON, "essential", None, S1),
        SkillLink(ALGEBRA, "important", "Now and then.", S2),
    )


def test_skills_grouped_with_notes_for_the_essentials_only() -> None:
    reply = answers.role_skills(RoleSkills(MAKER, _links()))
    assert reply.text == (
        "Skills widget makers need:\n\n"
        "Essential:\n- Statistics: Every day.\n- Python\n\n"
        "Important: Linear algebra.\n\n"
        "Sources: First Source (Publisher One); Second Source"
    )
    assert buttons(reply) == [
        ("Do widget makers need Linear algebra?", "ask_skill_importance", {"role": "maker", "skill": "algebra"}),
        ("How to become a Widget Maker", "ask_how_to_become", {"role": "maker"}),
    ]


def test_skills_of_one_category_offer_all_skills_first() -> None:
    essentials_only = tuple(link for link in _links() if link.importance == "essential")
    reply = answers.role_skills(RoleSkills(MLE, essentials_only, MATH))
    assert reply.text.startswith("Math skills machine learning engineers need:\n\nEssential:\n")
    assert "Important" not in reply.text and "Useful" not in reply.text
    # With no non-essential skill, the example question asks about the first one.
    assert buttons(reply) == [
        ("Skills of Machine Learning Engineers", "ask_role_skills", {"role": "mle"}),
        ("Do machine learning engineers need Statistics?", "ask_skill_importance", {"role": "mle", "skill": "stats"}),
        ("How to become a Machine Learning Engineer", "ask_how_to_become", {"role": "mle"}),
    ]


def test_no_skills_listed_is_said_plainly() -> None:
    assert (
        answers.role_skills(RoleSkills(MAKER, (), MATH)).text
        == "I have no sourced math skills listed for widget makers."
    )
    assert answers.role_skills(RoleSkills(MAKER, ())).text == "I have no sourced skills listed for widget makers."


def test_skill_verdicts_open_with_the_answer() -> None:
    def verdict(importance: str, note: str | None) -> str:
        return answers.skill_verdict(SkillVerdict(MAKER, STATS, SkillLink(STATS, importance, note, S1))).text

    assert verdict("essential", "Every day.") == (
        "Yes: Statistics is essential for widget makers.\n\nEvery day.\n\nStatistics: Reasoning about data."
        "\n\nSource: First Source (Publisher One)"
    )
    assert verdict("important", None).startswith("Yes: Statistics is important for widget makers.\n\nStatistics:")
    assert verdict("useful", None).startswith(
        "It helps: Statistics is useful for widget makers, though not a core requirement."
    )
    short = {
        importance: answers.skill_verdict(SkillVerdict(MAKER, STATS, SkillLink(STATS, importance, None, S1))).verdict
        for importance in ("essential", "important", "useful")
    }
    assert short == {"essential": "Yes", "important": "Yes", "useful": "It helps"}


def test_a_skill_the_role_does_not_list_names_who_needs_it() -> None:
    reply = answers.skill_verdict(SkillVerdict(MAKER, STATS, None, (TESTER, MLE)))
    assert reply.text == (
        "Statistics is not on my sourced list of skills widget makers need. "
        "It is listed for: Gadget Testers, Machine Learning Engineers.\n\nStatistics: Reasoning about data."
    )
    assert buttons(reply) == [("Skills of Widget Makers", "ask_role_skills", {"role": "maker"})]
    nobody = answers.skill_verdict(SkillVerdict(MAKER, STATS, None, ()))
    assert "It is listed for: none of the roles I know." in nobody.text
    # Not a yes or a no: what the sources list, so no verdict is set apart.
    assert reply.verdict is None


def test_category_verdicts() -> None:
    core = answers.category_verdict(RoleSkills(MAKER, _links(), MATH))
    assert core.text.startswith(
        "Yes: math matters for widget makers.\n\n"
        "- Statistics (essential): Every day.\n- Python (essential)\n- Linear algebra (important): Now and then."
    )
    useful = (SkillLink(ALGEBRA, "useful", None, S2),)
    side = answers.category_verdict(RoleSkills(MAKER, useful, MATH))
    assert side.text.startswith("It helps: math is useful for widget makers, though it is not at the core of the role.")
    # The short answer travels apart too, so a client can show it first.
    assert (core.verdict, side.verdict) == ("Yes", "It helps")
    empty = answers.category_verdict(RoleSkills(MAKER, (), MATH))
    assert empty.text == "None of the math skills I know are listed for widget makers."


def test_comparison_lists_each_aspect_for_both_roles() -> None:
    result = RoleComparison(
        MAKER,
        TESTER,
        Fact("One makes, one tests.", S1),
        (ContrastAspect("Focus", "Making", "Testing", S2),),
    )
    reply = answers.comparison(result)
    assert reply.text == (
        "Widget Maker vs Gadget Tester\nOne makes, one tests.\n\n"
        "Focus\n- Widget Maker: Making\n- Gadget Tester: Testing\n\n"
        "Sources: First Source (Publisher One); Second Source"
    )
    assert buttons(reply) == [
        ("Skills of Gadget Testers", "ask_role_skills", {"role": "tester"}),
        ("What gadget testers do", "ask_role_overview", {"role": "tester"}),
    ]


def test_comparisons_the_base_cannot_make() -> None:
    missing = answers.no_comparison(MAKER, TESTER)
    assert missing.text == (
        "I don't have a sourced comparison of Widget Makers and Gadget Testers. I can describe each of them on its own."
    )
    assert buttons(missing) == [
        ("What widget makers do", "ask_role_overview", {"role": "maker"}),
        ("What gadget testers do", "ask_role_overview", {"role": "tester"}),
    ]
    same = answers.same_role(MLE)
    assert same.text == "Those are both Machine Learning Engineers. Which other role should I compare them with?"
    one = answers.compare_needs_two(None, [MAKER, TESTER, MLE])
    assert one.text == 'To compare, name two roles, for example "MLE vs data scientist". (which roles and ...?)'
    assert [b[2] for b in buttons(one)] == [{"role": ["maker", "tester"]}, {"role": ["maker", "mle"]}]


def test_terms_and_examples() -> None:
    entry = TermEntry("ml", "Machine learning", Fact("Learning from data.", S1), (Fact("Film picks.", S2),))
    assert answers.term(entry).text == (
        "Machine learning\nLearning from data.\n\nExample:\n- Film picks.\n\n"
        "Sources: First Source (Publisher One); Second Source"
    )
    assert buttons(answers.term(entry)) == [("What an MLE does", "ask_role_overview", {"role": "mle"})]
    examples = answers.ml_examples(entry)
    assert examples.text.startswith("Machine learning in real products\n- Film picks.\n\nLearning from data.")
    assert buttons(examples) == [
        ("What is MLOps?", "ask_term", {"term": "mlops"}),
        ("What an MLE does", "ask_role_overview", {"role": "mle"}),
    ]
    bare = TermEntry("ml", "Machine learning", Fact("Learning from data.", S1))
    assert (
        answers.ml_examples(bare).text
        == "Machine learning\nLearning from data.\n\nSource: First Source (Publisher One)"
    )


def test_career_facts_titles_and_next_questions() -> None:
    facts = (Fact("Learn to build widgets.", S1),)
    path = answers.career(CareerFacts(MAKER, "path", facts))
    assert (
        path.text == "How to become a Widget Maker\n- Learn to build widgets.\n\nSource: First Source (Publisher One)"
    )
    assert buttons(path)[0] == ("Usual background", "ask_background", {"role": "maker"})
    background = answers.career(CareerFacts(MLE, "background", facts))
    assert background.text.startswith("Usual background of machine learning engineers\n")
    assert buttons(background) == [
        ("How to become a Machine Learning Engineer", "ask_how_to_become", {"role": "mle"}),
        ("Skills of Machine Learning Engineers", "ask_role_skills", {"role": "mle"}),
    ]
    outlook = answers.career(CareerFacts(MAKER, "outlook", facts))
    assert outlook.text.startswith("Outlook for widget makers\n")
    assert buttons(outlook)[0] == ("How to become a Widget Maker", "ask_how_to_become", {"role": "maker"})
    nothing = answers.career(CareerFacts(MAKER, "outlook", ()))
    assert nothing.text == (
        "I have no sourced facts yet about that for widget makers. "
        "I can tell you what they do and which skills they need."
    )
    assert buttons(nothing) == [
        ("What widget makers do", "ask_role_overview", {"role": "maker"}),
        ("Skills of Widget Makers", "ask_role_skills", {"role": "maker"}),
    ]


NO_FIGURE = (
    "I don't have a sourced salary figure for widget makers, so I won't guess one. "
    "Pay varies a lot by country, industry and seniority; a current salary survey for your region "
    "is the reliable place to look."
)


def _occupation(closeness: str, *figures: OccupationFigure) -> OccupationMatch:
    return OccupationMatch(
        "51-9199.00", "Production Workers", "https://occupations.example/51-9199", closeness,
        Fact("Widget makers are listed under it.", S1), figures,
    )  # fmt: skip


PAY = OccupationFigure("median_pay", "$40,000 per year", "May 2024", "United States", Fact("Pay was $40,000.", S2))
GROWTH = OccupationFigure("growth", "3%", "projected 2024-34", "United States", Fact("Slow growth.", S2))


def test_salary_never_guesses() -> None:
    for matches in ((), (_occupation("closest"),), (_occupation("related", PAY),)):
        reply = answers.salary(RoleOccupations(MAKER, matches))
        assert reply.text == NO_FIGURE, matches
        assert reply.fact_ids == ()
        assert buttons(reply)[0] == ("Outlook for widget makers", "ask_career_outlook", {"role": "maker"})


def test_salary_states_the_closest_occupations_dated_figures() -> None:
    reply = answers.salary(RoleOccupations(MAKER, (_occupation("closest", GROWTH, PAY),)))
    assert reply.text == (
        "Pay of widget makers\nThe official occupation closest to this role is Production Workers "
        "(O*NET-SOC 51-9199.00). Widget makers are listed under it.\n\n"
        "- Median pay: $40,000 per year (United States, May 2024)\n"
        "- Employment growth: 3% (United States, projected 2024-34)\n\n"
        "Pay varies a lot by country, industry and seniority; these figures are for the region and period shown.\n\n"
        "Sources: First Source (Publisher One); Second Source"
    )
    assert reply.fact_ids == ("fact:one", "fact:two")


def test_capabilities_and_out_of_scope_name_the_other_roles() -> None:
    roles = [MLE, MAKER, TESTER]
    capable = answers.capabilities(roles)
    assert "- how MLEs differ from other roles: Widget Makers, Gadget Testers\n" in capable.text
    assert buttons(capable) == [
        ("What does an MLE do?", "ask_role_overview", {"role": "mle"}),
        ("What skills does an MLE need?", "ask_role_skills", {"role": "mle"}),
        ("MLE vs data scientist", "compare_roles", {"role": ["mle", "data_scientist"]}),
    ]
    outside = answers.out_of_scope(roles)
    assert outside.text.startswith("Sorry, that's outside what I know.")
    assert "how it compares with widget makers, gadget testers and others." in outside.text
    assert outside.suggestions == capable.suggestions


def test_unknown_names_are_admitted() -> None:
    role = answers.unknown_role("plumber", [MLE, MAKER, TESTER, RoleRef("x", "X", "Xs")])
    assert role.text == (
        'I don\'t know the role "plumber". The roles I know are: '
        "Machine Learning Engineers, Widget Makers, Gadget Testers, Xs."
    )
    assert len(role.suggestions) == answers.MAX_SUGGESTIONS == 3
    skill = answers.unknown_skill("cobol", MAKER)
    assert skill.text == (
        'I have no sourced information about "cobol". Here is what I can tell you about the skills widget makers need.'
    )
    term = answers.unknown_term("", ["MLOps", "ML pipeline"])
    assert term.text == "I don't have a definition of that term. Terms I can explain: MLOps, ML pipeline."
    assert buttons(term) == [("What is MLOps?", "ask_term", {"term": "mlops"})]
    assert answers.unknown_term("yoga", []).text.startswith('I don\'t have a definition of "yoga".')


def test_articles() -> None:
    assert answers.article("Engineer") == "an"
    assert answers.article("data scientist") == "a"


def test_suggestion_defaults_to_no_entities() -> None:
    assert Suggestion("Hi", "greet").entities == {}


def test_a_reply_carries_its_fact_ids_and_names_each_cited_work_once() -> None:
    both = Evidence(
        "fact:three", (Citation(FIRST_SOURCE, "Chapter 5"), Citation(SECOND_SOURCE, "section 'Intro'")), CHECKED
    )
    profile = RoleProfile(MAKER, Fact("Makes widgets.", S1), Fact("In workshops.", S2), (Fact("Cuts parts.", both),))
    reply = answers.role_overview(profile)
    # The workplace is not in the overview, so its fact is not claimed.
    assert reply.fact_ids == ("fact:one", "fact:three")
    assert reply.text.endswith("\n\nSources: First Source (Publisher One); Second Source")


def test_role_names_read_naturally_mid_sentence() -> None:
    assert answers.in_sentence("Machine Learning Engineers") == "machine learning engineers"
    assert answers.in_sentence("AI Engineers") == "AI engineers"
    assert answers.in_sentence("MLOps Engineers") == "MLOps engineers"
    ai = RoleRef("ai_engineer", "AI Engineer", "AI Engineers")
    assert answers.role_workplace(RoleProfile(ai, Fact("Builds.", S1), Fact("Product teams.", S1), ())).text.startswith(
        "Where AI engineers work\n"
    )


def test_a_degree_the_sources_do_not_cover_is_said_plainly_before_what_they_do_say() -> None:
    facts = answers_records.EducationFacts(MAKER, (Fact("A bachelor's is usual.", S1),), (), ())
    reply = answers.education(facts, "phd")
    assert reply.text.startswith(
        "I have no sourced statement on whether widget makers need a PhD; here is what the sources say"
    )
    assert reply.fact_ids == ("fact:one",)


def test_a_named_resource_says_its_level_with_the_right_article() -> None:
    about = Fact("A nine-week course.", S1)
    entries = [
        ResourceEntry("MLOps Zoomcamp", "course", "intermediate", "https://one.example/z", about),
        ResourceEntry("Crash Course", "course", "beginner", "https://one.example/c", about),
    ]
    reply = answers.named_resources(entries)
    assert "MLOps Zoomcamp\nAn intermediate course: A nine-week course." in reply.text
    assert "Crash Course\nA beginner course: " in reply.text
    assert reply.fact_ids == ("fact:one",)
