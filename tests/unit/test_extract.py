"""Parallel extraction gives exactly what one process gives."""

import datetime as dt

from newsfacts.extract import extract_articles
from newsfacts.nlp import get_nlp
from newsfacts.records import Article

TEXTS = [
    "Acme Corp. said on Monday it sold 1.2 million widgets in 2023, up 15% from a year earlier.",
    '"We are not for sale," said Jane Doe, chief executive of Acme. Globex declined to comment.',
    "The city of Springfield will spend $4.5 billion on schools by 2030, the mayor said.",
]


def _articles(n: int) -> list[Article]:
    return [
        Article(
            article_id=f"a{i:03d}",
            source_path=f"a{i:03d}.txt",
            source_format="txt",
            content_hash=str(i),
            encoding="utf-8",
            text=f"{TEXTS[i % 3]} Story number {i}.",
            published_date=dt.date(2024, 1, 1),
        )
        for i in range(n)
    ]


def _rows(result):
    return (
        [(m.article_id, m.mention_text, m.entity_id) for m in result.mentions],
        [(f.article_id, f.value, f.unit, f.subject, f.period) for f in result.figures],
        [(q.article_id, q.quote_text, q.speaker_canonical) for q in result.quotes],
        [(c.article_id, c.actor, c.stance) for c in result.claims],
    )


def test_two_processes_give_the_same_result_as_one():
    nlp = get_nlp()
    arts = _articles(12)
    serial = extract_articles(nlp, arts, batch_size=4, n_process=1)
    parallel = extract_articles(nlp, arts, batch_size=4, n_process=2)
    assert _rows(parallel) == _rows(serial)
    assert serial.figures and serial.quotes and serial.claims


def test_duplicates_and_empty_articles_are_not_extracted():
    arts = _articles(3)
    arts[1].duplicate_of = "a000"
    arts[2].text = "   "
    result = extract_articles(get_nlp(), arts)
    assert {m.article_id for m in result.mentions} == {"a000"}


def test_first_person_figure_in_a_quote_belongs_to_the_speaker():
    from newsfacts.extract import extract_doc

    nlp = get_nlp()
    for text, value in (
        ('"I have opened three new plants this year," said Dana Whitfield, head of Lumen.', 3),
        ('Dana Whitfield runs Lumen. "We sold 40,000 bikes last year," she said.', 40000),
    ):
        (article,) = _articles(1)
        article.text = text
        out = extract_doc(nlp(text), article)
        assert [(f.value, f.subject) for f in out.figures] == [(value, "Dana Whitfield")]
