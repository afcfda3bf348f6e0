"""Entity mentions and their resolution across articles (stories other than the seeds)."""

import pytest

from newsfacts.entities import EntityIndex, extract_mentions, mention_key
from newsfacts.nlp import get_nlp
from newsfacts.records import EntityMention
from newsfacts.resolution import resolve


def m(article, text, label, start=0):
    return EntityMention(article, text, label, "s", start, start + len(text))


@pytest.mark.parametrize(
    "text, label, key",
    [
        ("U.S.", "GPE", "united states"),
        ("the United States", "GPE", "united states"),
        ("USA", "GPE", "united states"),
        ("Britain", "GPE", "united kingdom"),
        ("Acme Corp.", "ORG", "acme"),
        ("Globex Holdings Inc", "ORG", "globex"),
        ("Mr. Alvarez", "PERSON", "alvarez"),
        ("Dr. Jane Goodall", "PERSON", "jane goodall"),
        ("Nestlé", "ORG", "nestle"),
        ("Acme's", "ORG", "acme"),  # possessive dropped (so "Macy's" -> "macy")
    ],
)
def test_mention_key(text, label, key):
    assert mention_key(text, label) == key


def test_aliases_and_short_forms_resolve_across_articles():
    mentions = [
        m("a1", "Acme Motor Company", "ORG"),
        m("a1", "Acme", "ORG", 50),
        m("a2", "Acme", "ORG"),  # no long form here: takes the one a1 used
        m("a2", "U.S.", "GPE", 20),
        m("a3", "the United States", "GPE"),
        m("a3", "Maria Alvarez", "PERSON", 30),
        m("a3", "Alvarez", "PERSON", 60),
        m("a3", "Alvarez", "ORG", 90),  # mis-tagged once: still the same person
    ]
    resolve(mentions)
    ids = {(x.article_id, x.mention_text, x.char_start): x.entity_id for x in mentions}
    assert ids[("a1", "Acme", 50)] == ids[("a1", "Acme Motor Company", 0)] == ids[("a2", "Acme", 0)]
    assert ids[("a2", "U.S.", 20)] == ids[("a3", "the United States", 0)]
    assert ids[("a3", "Alvarez", 60)] == ids[("a3", "Maria Alvarez", 30)]
    by_id = {x.entity_id: x for x in mentions}
    assert by_id[ids[("a2", "U.S.", 20)]].canonical_name == "United States"
    assert by_id[ids[("a3", "Alvarez", 90)]].entity_type == "person"
    assert by_id[ids[("a1", "Acme", 50)]].canonical_name == "Acme Motor Company"


def test_ambiguous_surname_is_not_merged():
    mentions = [
        m("a1", "Tom Baker", "PERSON"),
        m("a1", "Sarah Baker", "PERSON", 20),
        m("a1", "Baker", "PERSON", 40),
    ]
    resolve(mentions)
    assert len({x.entity_id for x in mentions}) == 3


def test_nationality_is_not_an_abbreviation_of_an_organisation():
    mentions = [m("a1", "French", "NORP"), m("a1", "French Open", "EVENT", 20)]
    resolve(mentions)
    assert mentions[0].entity_id != mentions[1].entity_id


def test_entity_ids_are_stable():
    first = resolve([m("a1", "Acme", "ORG")])[0].entity_id
    second = resolve([m("b9", "Acme", "ORG")])[0].entity_id
    assert first == second


def test_extract_mentions_skips_headings_and_junk():
    nlp = get_nlp()
    text = (
        "Budget Talks Stall In Springfield\n"
        "Mayor Linda Park said on Tuesday that the city council of Springfield would vote again."
    )
    doc = nlp(text)
    mentions = extract_mentions(doc, "a")
    assert all(x.char_start > text.index("\n") for x in mentions)
    names = {x.mention_text for x in mentions}
    assert "Linda Park" in names
    assert all("\n" not in x.mention_text for x in mentions)


def test_index_finds_by_position_and_by_name():
    mentions = resolve([m("a1", "Maria Alvarez", "PERSON", 10)])
    index = EntityIndex(mentions)
    assert index.lookup("a1", None, 12, 15).canonical_name == "Maria Alvarez"
    assert index.lookup("a1", "Alvarez", None, None).canonical_name == "Maria Alvarez"
    assert index.lookup("a1", "Nobody", None, None) is None


def _labels(text: str) -> dict[str, str]:
    doc = get_nlp()(text)
    return {x.mention_text: x.ner_label for x in extract_mentions(doc, "a")}


def test_type_fixed_by_the_names_head_word_and_digits():
    # The small model tags the newspaper a facility (a place): "Times" makes it an organization.
    got = _labels(
        "In a survey of major newspapers, only the Chicago Sun-Times had more stories written "
        "by women."
    )
    assert got == {"Chicago Sun-Times": "ORG"}
    # No one's name has digits: tagged PERSON, it is an organization.
    assert _labels("The agency that spied on him was MI6, officials said.") == {"MI6": "ORG"}


def test_run_together_spans_are_split():
    # "Limited (CATL": the acronym in brackets is a name, the cut-off suffix is not.
    got = _labels(
        "The Pentagon has designated Contemporary Amperex Technology Co., Limited (CATL) as a "
        "military company."
    )
    assert "CATL" in got and "Limited" not in got and not any("(" in name for name in got)
    # "PS: Jane Doe": the part after the colon.
    assert list(_labels("PS: Tiana Lowe wrote about it.")) == ["Tiana Lowe"]


def test_capitalized_common_noun_is_not_an_entity():
    assert _labels("Media tells us our roles in society, and it tells us who we are.") == {}


def test_letters_split_by_punctuation_are_an_acronym():
    # "P&G" is written with its letters apart ("p g" once normalized), as are "J&J" and "H&M".
    mentions = [
        m("a1", "Procter & Gamble", "ORG"),
        m("a1", "P&G", "ORG", 30),
        m("a1", "Juniper Jetty Holdings", "ORG", 50),
        m("a1", "J.J.", "PERSON", 80),  # initials tagged as a person stay a person
    ]
    resolve(mentions)
    ids = [x.entity_id for x in mentions]
    assert ids[0] == ids[1] and ids[2] != ids[3]


def test_a_surname_typed_as_a_place_is_the_person_named_in_full():
    mentions = [
        m("a1", "Dana Whitfield", "PERSON"),
        m("a1", "Whitfield", "GPE", 30),  # the small model often types a bare surname a place
        m("a1", "Whitfield", "LOC", 60),
        m("a2", "Whitfield", "GPE"),  # no person of that name here: the place it was typed as
    ]
    resolve(mentions)
    assert {x.entity_id for x in mentions[:3]} == {mentions[0].entity_id}
    assert [x.entity_type for x in mentions[:3]] == ["person"] * 3
    assert mentions[3].entity_id != mentions[0].entity_id
    assert mentions[3].entity_type == "place"


def test_a_name_mostly_written_as_a_place_stays_one():
    # "Corvia" is a country in three articles; one of them also names Rep. Lee Corvia. Most
    # articles that write "Corvia" bare mean the country, so there it stays the country.
    mentions = [
        m("a1", "Corvia", "GPE"),
        m("a2", "Corvia", "GPE"),
        m("a3", "Lee Corvia", "PERSON"),
        m("a3", "Corvia", "GPE", 40),
    ]
    resolve(mentions)
    assert mentions[3].entity_id == mentions[0].entity_id != mentions[2].entity_id
    assert mentions[3].entity_type == "place"


def test_acronyms_link_to_long_forms():
    mentions = [
        m("a1", "Bureau of Labor Statistics", "ORG"),  # function words are skipped: BLS
        m("a1", "BLS", "ORG", 30),
        m("a1", "Women's Media Center", "ORG", 40),
        m("a1", "WMC", "ORG", 70),
        m("a1", "Jane Smith", "PERSON", 80),
        m("a1", "JS", "ORG", 95),  # people are not abbreviated to initials
    ]
    resolve(mentions)
    ids = [x.entity_id for x in mentions]
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[4] != ids[5]
    # A leading "U.S." does not make another agency than the one the alias list knows.
    assert mention_key("U.S. Health and Human Services", "ORG") == mention_key("HHS", "ORG")


def test_short_form_index_agrees_with_the_pairwise_rule():
    """The per-article index finds exactly the keys the pairwise test ``_abbreviates`` accepts,
    for every short key and every mix of person and non-person keys."""
    import itertools

    from newsfacts.entities import _abbreviates
    from newsfacts.resolution import _ShortForms

    keys = [
        "jane smith", "smith", "jane", "mary jane smith", "acme", "acme robotics",
        "acme robotics group", "ar", "arg", "national transportation safety board", "ntsb",
        "u s department of justice", "doj", "usdoj", "robotics", "j", "", "johnson johnson", "j j",
        "a r", "a r g",
    ]  # fmt: skip
    tokens = {k: tuple(k.split()) for k in keys}
    for flags in itertools.product((False, True), repeat=4):
        # Vary which keys count as people (the rule depends on both sides' flags).
        person = {k: flags[i % 4] for i, k in enumerate(keys)}
        forms = _ShortForms(keys, tokens, person)
        for short in keys:
            expected = {
                long for long in keys if long != short
                and _abbreviates(short, long, person[short], person[long])
            }  # fmt: skip
            assert forms.expansions(short) == expected, (short, flags)


def test_the_state_in_a_party_tag_is_a_place():
    got = _labels("Sen. Maria Ortiz (D-N.M.) and Rep. Tom Hale, R-Texas, voted no.")
    assert got.get("N.M.") == "GPE" and got.get("Texas") == "GPE"
    # Only right after a person's name: "(R-4)" or a list item is nothing.
    assert "R" not in _labels("The plan (R-4) passed.")


def test_a_hill_is_a_place():
    assert _labels("Lawmakers on Capitol Hill balked at the plan.") == {"Capitol Hill": "FAC"}


def test_a_known_platform_missed_in_a_list_is_tagged():
    got = _labels("The guide drew on executives from Google, Facebook and the firm CrowdStrike.")
    assert got.get("Facebook") == "ORG"


def test_a_given_name_makes_a_sparsely_tagged_name_a_person():
    # One mention typed ORG, a common given name: a person. Tied votes go to the person too.
    (snowden,) = resolve([m("a1", "Edward Snowden", "ORG")])
    assert snowden.entity_type == "person"
    tied = resolve([m("a1", "Brett Kavanaugh", "ORG"), m("a2", "Brett Kavanaugh", "PERSON")])
    assert {x.entity_type for x in tied} == {"person"}
    # Many ORG mentions outvote a given name; "&" and organization head words keep the ORG.
    bank = resolve([m(f"a{i}", "Morgan Stanley", "ORG") for i in range(3)])
    assert {x.entity_type for x in bank} == {"organization"}
    assert resolve([m("a1", "Johnson & Johnson", "ORG")])[0].entity_type == "organization"
    assert resolve([m("a1", "Carnegie Institute", "ORG")])[0].entity_type == "organization"


def test_a_company_suffix_is_no_persons_name_and_a_theatre_is_a_place():
    # The model tags this one PERSON.
    got = _labels("He was asked about claims the company he founded, Bloomberg LP, was unfair.")
    assert got == {"Bloomberg LP": "ORG"}
    got = _labels("The authors spoke at the Wilshire Ebell Theatre on Tuesday.")
    assert got.get("Wilshire Ebell Theatre") == "FAC"


def test_names_in_a_list_of_places_are_places():
    # The model types two of these cities as a person and an organization.
    got = _labels(
        "Embassies will reopen Monday. They are: Dhaka, Algiers, Nouakchott, Kabul, Herat, "
        "Mazar el Sharif, Baghdad, Basrah and Erbil."
    )
    assert {got[name] for name in ("Herat", "Mazar el Sharif", "Basrah", "Erbil")} == {"GPE"}


def test_publication_cues_and_acronyms_fix_a_persons_or_places_type():
    # An acronym the model calls a place is an organization's (a listed place acronym is not).
    got = _labels("He wants to declare the NRA a terrorist organization.")
    assert got.get("NRA") == "ORG"
    # A one-word name after "the", or where a publication stands, is no person's.
    assert _labels("An economist told the Herald on Thursday.").get("Herald") == "ORG"
    got = _labels('"It was a raid," wrote Jay Stooksberry in the December issue of Reason.')
    assert got.get("Reason") == "ORG" and got.get("Jay Stooksberry") == "PERSON"
    # ... but "the Biden administration" is still Biden.
    assert _labels("Critics attacked the Biden administration.").get("Biden") == "PERSON"
