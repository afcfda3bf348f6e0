"""The project's spaCy pipeline: line breaks end sentences."""

from newsfacts.nlp import get_nlp

TEXT = (
    "Lumen Corp Opens Plant In Ohio With Big Plans For Jobs\n"
    "The company now employs 4,000 people.\n\n  Analysts expect more."
)


def test_a_line_break_ends_a_sentence():
    nlp = get_nlp()
    starts = [s[0].text for s in nlp(TEXT).sents]
    assert starts == ["Lumen", "The", "Analysts"]
    # Without the component the parser runs the headline into the next sentence.
    with nlp.select_pipes(disable=["line_breaks"]):
        assert "The" not in [s[0].text for s in nlp(TEXT).sents]


def test_text_without_line_breaks_is_left_to_the_parser():
    nlp = get_nlp()
    text = TEXT.replace("\n", " ")
    with nlp.select_pipes(disable=["line_breaks"]):
        expected = [s.start for s in nlp(text).sents]
    assert [s.start for s in nlp(text).sents] == expected


def test_an_abbreviated_rank_does_not_end_the_sentence():
    doc = get_nlp()("“We will search every field,” State Police Maj. Dana Cole said.")
    assert len(list(doc.sents)) == 1
    assert "Maj." in [t.text for t in doc]
