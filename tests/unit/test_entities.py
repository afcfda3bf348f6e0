"""Entity mentions and their resolution across articles (stories other than the seeds)."""

import pytest

from newsfacts.entities import EntityIndex, extract_mentions, mention_key, resolve
from newsfacts.nlp import get_nlp
from newsfacts.records import EntityMention


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
