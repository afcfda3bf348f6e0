"""Figure extraction on sentences from stories the code was not written for."""

import datetime as dt

import pytest

from newsfacts.entities import extract_mentions
from newsfacts.figures import extract_figures, parse_number, period_of
from newsfacts.nlp import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def figures(nlp, text, published=None):
    doc = nlp(text)
    figs, _ = extract_figures(doc, "a", extract_mentions(doc, "a"), published)
    return figs


def one(nlp, text, published=None):
    figs = figures(nlp, text, published)
    assert len(figs) == 1, [(f.raw_text, f.value) for f in figs]
    return figs[0]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("135,000", 135000, "count"),
        ("100 per cent", 100, "percent"),
        ("100%", 100, "percent"),
        ("100 percent", 100, "percent"),
        ("one-third", 33.33, "percent"),
        ("half", 50, "percent"),
        ("4.27 million", 4270000, "count"),
        ("$1.2bn", 1.2e9, "USD"),
        ("£300m", 3e8, "GBP"),
        ("€4.5 billion", 4.5e9, "EUR"),
        ("twice", 2, "multiplier"),
        ("2.5 times", 2.5, "multiplier"),
        ("5,000 tonnes", 5000, "tonne"),
    ],
)
def test_parse_number(text, value, unit):
    (p,) = parse_number(text)
    assert p.value == pytest.approx(value, rel=1e-3)
    assert p.unit == unit


def test_parse_range():
    (p,) = parse_number("10-15%")
    assert (p.low, p.high, p.unit) == (10, 15, "percent")


def test_count_with_measuring_verb_subject_and_periods(nlp):
    figs = figures(
        nlp,
        "Samsung shipped 12,400 units in 2023 and more than 20,000 units in 2024, "
        "the company said.",
    )
    got = [(f.value, f.qualifier, f.metric, f.subject, f.period) for f in figs]
    assert got == [
        (12400, "exact", "ship", "Samsung", "2023"),
        (20000, "at_least", "ship", "Samsung", "2024"),
    ]


def test_percent_share_of_something(nlp):
    f = one(nlp, "Brazil produces about 37 percent of the world's coffee exports.")
    assert (f.value, f.unit, f.qualifier, f.subject) == (37, "percent", "approx", "Brazil")
    assert f.metric.startswith("share of")


def test_rate_with_place_subject(nlp):
    f = one(nlp, "Canada imposed a 25% duty on imported steel last month.")
    assert (f.value, f.unit, f.metric, f.subject) == (25, "percent", "duty", "Canada")
    assert f.scope == "imported steel"


def test_target_modality_and_anaphor_subject(nlp):
    figs = figures(
        nlp,
        "Northwind Airlines carried 9 million passengers last year. "
        "The company has set a goal of 12 million passengers in 2027.",
        published=dt.date(2025, 3, 1),
    )
    first, second = figs
    assert (first.value, first.period, first.modality) == (9e6, "2024", "reported")
    assert (second.value, second.modality, second.subject, second.period) == (
        12e6, "target", "Northwind Airlines", "2027",
    )  # fmt: skip


def test_money_with_metric(nlp):
    f = one(nlp, "Siemens reported revenue of $3.4 billion for the third quarter of 2024.")
    assert (f.value, f.unit, f.metric, f.subject) == (3.4e9, "USD", "revenue", "Siemens")
    assert f.period == "2024-Q3"


def test_at_most_and_approx(nlp):
    a = one(nlp, "Fewer than 300 residents attended the meeting in Springfield.")
    assert (a.value, a.qualifier) == (300, "at_most")
    b = one(nlp, "Roughly 40,000 fans watched the final at Wembley.")
    assert (b.value, b.qualifier) == (40000, "approx")


def test_years_ordinals_dates_and_names_are_not_figures(nlp):
    assert figures(nlp, "In 2019, the first Model 3 left the factory on March 4.") == []
    assert figures(nlp, "The 2024 election was one of the closest.") == []


def test_period_of():
    assert period_of("the third quarter of 2024") == "2024-Q3"
    assert period_of("Q1 2023") == "2023-Q1"
    assert period_of("last year", dt.date(2020, 5, 1)) == "2019"
    assert period_of("last year") is None
    assert period_of("March") is None


def test_hostile_text_does_not_crash(nlp):
    text = "1 2 3 " * 500 + "%%% $$$ 10-- ---5 " * 50 + "\u201c" * 20
    figures(nlp, text)


@pytest.mark.parametrize(
    "text, value, unit, low, qualifier",
    [
        ("one in five", 20, "percent", None, None),
        ("a dozen", 12, "count", None, None),
        ("half a million", 500000, "count", None, None),
        ("hundreds of millions of dollars", 1e8, "USD", None, "at_least"),
        ("between seven and eight million", 7e6, "count", 7e6, None),
        ("3 percentage points", 3, "percentage_point", None, None),
        ("a few hundred", 300, "count", None, "approx"),
        ("several dozen", 24, "count", None, "at_least"),
        ("1,800 points", 1800, "point", None, None),
        ("a 13-point lead", 13, "point", None, None),
        ("three nights", 3, "night", None, None),
    ],
)
def test_parse_wordy_numbers(text, value, unit, low, qualifier):
    (p,) = parse_number(text)
    assert (p.value, p.unit, p.low, p.qualifier) == pytest.approx((value, unit, low, qualifier))


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # Lengths of time are figures; points in time and ages are not.
        ("The island has been in a recession for 11 years.", [(11, "year")]),
        ("She was re-elected to a six-year term.", [(6, "year")]),
        ("The plant closed two weeks ago.", []),
        ("A 45-year-old man was arrested.", []),
        # A spelled-out count after a definite word describes; a bare one reports.
        ("Talks between the two countries stalled.", []),
        ("The storm killed two people in Ohio.", [(2, "count")]),
        # "N times" counts occurrences unless it compares.
        ("She was mentioned 16 times on the shows.", [(16, "count")]),
        ("Sales were three times higher than in May.", [(3, "multiplier")]),
        # Bible verses, list numbers.
        ("Scripture says it (John 3:16).", []),
    ],
)
def test_what_is_a_figure(nlp, sentence, expected):
    figs = figures(nlp, sentence)
    assert [(f.value, f.unit) for f in figs] == expected


def test_relative_dates_resolve_against_publication():
    published = dt.date(2019, 6, 4)
    assert period_of("Tuesday", published) == "2019"
    assert period_of("five years ago", published) == "2014"
    assert period_of("last month", published) == "2019"
    assert period_of("Tuesday") is None


def test_source_is_not_the_subject(nlp):
    f = one(nlp, "The virus has a 3% mortality rate, according to Globex Health.")
    assert f.subject is None
    f = one(nlp, "Initech reported that Acme Corp. sold 5,000 cars in Ohio last year.")
    assert f.subject != "Initech"


def test_figures_true_at_writing_get_the_publication_year(nlp):
    f = one(nlp, "The council is currently composed of 53 members.", dt.date(2019, 10, 2))
    assert f.period == "2019"
    f = one(nlp, "The council is composed of 53 members.", dt.date(2019, 10, 2))
    assert f.period is None


def test_malformed_number_is_one_figure(nlp):
    # From the corpus: "240,00 employees" gave two figures on one span and broke the load.
    f = one(nlp, "The company has 240,00 employees worldwide.")
    assert f.raw_text == "240,00"


def test_hyphenated_scale_is_one_value_not_a_range():
    (p,) = parse_number("$6-billion")
    assert (p.value, p.unit, p.low, p.high) == (6e9, "USD", None, None)


def test_distance_has_no_subject_and_duration_no_borrowed_period(nlp):
    pub = dt.date(2015, 6, 1)
    # A distance lies between places: no single entity owns it, and no date dates it.
    f = one(nlp, "The cabin sits some 20 miles west of the Clinton prison in New York.", pub)
    assert (f.value, f.unit, f.qualifier, f.subject, f.period) == (20, "mile", "approx", None, None)
    # "1997" dates the crime, not the length of the sentence.
    f = one(nlp, "Mr. Matt was doing 25 years to life for the 1997 kidnapping of his boss.", pub)
    assert (f.value, f.unit, f.period) == (25, "year", None)


def test_poll_share_is_about_whom_the_opinion_names(nlp):
    f = one(nlp, "57 percent say it is Obama who is not cooperating enough with the GOP.")
    assert (f.value, f.unit, f.subject) == (57, "percent", "Obama")


def test_a_negative_number_is_never_a_count():
    from newsfacts.figures import parse_number

    (net,) = [p for p in parse_number("a net rating of -6 points among voters") if p.value == -6]
    assert net.unit == "point"
    (change,) = [p for p in parse_number("Smith 36.7 [-3.8]") if p.value == -3.8]
    assert change.unit == "difference"
    assert {p.unit for p in parse_number("6 apples")} == {"count"}
    assert {p.unit for p in parse_number("6 points")} == {"point"}  # any sign: points


# ---------------------------------------------------------------- subject and period rules


def test_figure_own_phrase_does_not_name_its_owner(nlp):
    # "Vermont" sits inside the counted phrase (a relative clause on "inmates"): it says which
    # prison, not whose count it is; nothing else in the sentence owns the count.
    f = one(nlp, "The latest sighting of two inmates who escaped from a Vermont prison now "
                 "puts them near the lake.")  # fmt: skip
    assert (f.value, f.subject) == (2, None)


def test_nearest_name_fallback_has_a_reach(nlp):
    near = one(
        nlp, "In a letter to the Lydgate Trust, the auditors wrote that 12 clinics had closed."
    )
    assert near.subject == "Lydgate Trust"
    far = one(
        nlp,
        "In a letter to the Lydgate Trust, the independent auditors who were hired in the early "
        "spring of the year wrote in their long final summary to the whole board that 12 clinics "
        "had closed.",
    )
    assert far.subject is None


def test_a_modified_description_is_not_an_anaphor(nlp):
    # "the federal government" is not the organisation last named.
    doc_text = (
        "The Ethics Committee met on Monday. Under the program, the federal government keeps "
        "30 percent of the seized money."
    )
    assert [f.subject for f in figures(nlp, doc_text)] == [None]


def test_possessive_pronoun_leads_to_the_speaker_of_the_clause(nlp):
    f = one(nlp, "Senator Alma Ortiz noted that her bill has the support of more than 40 groups.")
    assert (f.value, f.qualifier, f.subject) == (40, "at_least", "Alma Ortiz")


def test_counted_members_belong_to_the_of_organisation(nlp):
    f = one(nlp, "All 9 members of the Ethics Committee signed the letter.")
    assert (f.value, f.subject) == (9, "Ethics Committee")


def test_money_for_a_place(nlp):
    f = one(nlp, "On Monday, the Interior Department requested an additional $2.1 billion in "
                 "disaster aid for Alaska.", dt.date(2021, 6, 10))  # fmt: skip
    # "On Monday" dates it even though the figure's candidate span starts at "an additional".
    assert (f.value, f.unit, f.subject, f.period) == (2.1e9, "USD", "Alaska", "2021")


def test_place_description_refers_to_the_last_place(nlp):
    # "The island" is the last place that was a subject, not the last organisation.
    text = (
        "Jamaica was hit hard by the storm. The Harbor Authority opened an inquiry. "
        "The island has been in a recession for 6 years."
    )
    assert [(f.value, f.unit, f.subject) for f in figures(nlp, text)] == [(6, "year", "Jamaica")]


def test_pronoun_takes_a_person_named_earlier_in_its_sentence(nlp):
    text = (
        "Dana Whitfield chaired the panel. After the Keller report appeared, she was cited "
        "12 times in the hearings."
    )
    assert [f.subject for f in figures(nlp, text)] == ["Keller"]


def test_date_of_another_clause_does_not_date_the_figure(nlp):
    pub = dt.date(2021, 6, 10)
    f = one(nlp, "Alma Ortiz said she would retire in 2030, citing a rule that allows only two "
                 "terms.", pub)  # fmt: skip
    assert (f.value, f.period) == (2, None)
    # A conjunct verb shares its partner's date ("Nov. 3-5", an abbreviated month).
    figs = figures(
        nlp,
        "The Vantor poll of 2,000 adults was conducted Nov. 3-5, and has a margin of error of "
        "2 percentage points.",
        pub,
    )
    assert [(f.value, f.period) for f in figs] == [(2000, "2021"), (2, "2021")]


def test_abbreviated_months_read_against_publication():
    pub = dt.date(2014, 11, 25)
    assert period_of("Nov. 21-23", pub) == "2014"
    assert period_of("Sept. 4", pub) == "2014"
    assert period_of("the mayor", pub) is None  # "may" only as a whole word


def test_fallback_does_not_cross_a_colon_or_an_ellipsis(nlp):
    text = "Three senators have not signed the measure: Alma Ortiz of Vermont and Dana Whitfield."
    assert [f.subject for f in figures(nlp, text)] == [None]
    text = (
        "You will see a dozen more battles in the coming years ... and some in the Supreme Court."
    )
    assert [f.subject for f in figures(nlp, text)] == [None]


def test_agent_of_a_controlled_verb_is_a_source(nlp):
    # "by X" hangs from "cost", which "estimated" controls: X made the estimate.
    f = one(nlp, "The outage was estimated to have cost $3 billion by the Lydgate Trust.")
    assert (f.value, f.subject) == (3e9, None)


def test_a_vote_tally_is_two_counts(nlp):
    figs = figures(nlp, "The Senate confirmed the nominee on a 61-38 vote.")
    assert [(f.value, f.unit, f.subject) for f in figs] == [
        (61, "count", "Senate"),
        (38, "count", "Senate"),
    ]
    # Without a tally noun it stays a range.
    assert [(f.value, f.qualifier) for f in figures(nlp, "Sales rose 10-15 percent.")] == [
        (12.5, "range")
    ]


def test_a_date_on_the_reporting_verb_dates_the_reported_figure(nlp):
    pub = dt.date(2021, 6, 12)
    f = one(nlp, "A county judge on Friday said Corvane Labs must pay the state $212 million.", pub)
    assert (f.value, f.period) == (212e6, "2021")
    # A date of the reported clause itself still wins.
    f = one(nlp, "Officials said on Monday that revenue rose to $8 billion in 2018.", pub)
    assert (f.value, f.period) == (8e9, "2018")


def test_a_span_of_years_is_no_single_period(nlp):
    f = one(nlp, "The disease was involved in almost 90,000 deaths from 2001 to 2015.")
    assert (f.value, f.period) == (90000, None)
    # The nearer end of the span ("until 2015") is no period either.
    f = one(nlp, "Membership grew from 2001 until 2015, to 90,000 people.")
    assert (f.value, f.period) == (90000, None)


def test_a_date_on_the_figure_own_verb_reaches_past_another_figure(nlp):
    pub = dt.date(2021, 6, 12)
    figs = figures(
        nlp, "Last month, Corvane and three other firms proposed a $20 billion settlement.", pub
    )
    assert [(f.value, f.period) for f in figs] == [(3, "2021"), (20e9, "2021")]


def test_adverbial_and_relative_clauses_share_their_head_date(nlp):
    pub = dt.date(2021, 6, 12)
    f = one(nlp, "Trading stopped during a rout on Monday that produced a selloff of 9%.", pub)
    assert (f.value, f.period) == (9, "2021")


def test_a_reported_pronoun_is_the_reporter(nlp):
    text = (
        "Halvorsen Bank sued the regulator. Corvane Pharmaceuticals Inc., meanwhile, argued that "
        "it deserved a $40 million credit."
    )
    f = one(nlp, text)
    assert (f.value, f.subject) == (40e6, "Corvane Pharmaceuticals Inc.")


def test_whom_a_speaker_told_is_not_the_owner(nlp):
    f = one(nlp, "He told Dana Whitfield that the plan included $900 billion in tax increases.")
    assert (f.value, f.subject) == (9e11, None)


def test_at_this_moment_is_the_time_of_writing(nlp):
    f = one(nlp, "At this moment there are 312 confirmed cases.", dt.date(2020, 3, 9))
    assert (f.value, f.period) == (312, "2020")


def test_points_in_a_poll_are_percentage_points(nlp):
    # Index points stay points; a lead in a poll is a gap between two shares.
    assert one(nlp, "The index fell 900 points on Monday.").unit == "point"
    assert one(nlp, "A new survey has the senator leading by 9 points.").unit == "percentage_point"


def test_seconds_and_nights_are_lengths_of_time(nlp):
    assert [(f.value, f.unit) for f in figures(nlp, "The 40-second clip spread fast.")] == [
        (40, "second")
    ]
    assert [(f.value, f.unit) for f in figures(nlp, "She spent two nights in a cell.")] == [
        (2, "night")
    ]
