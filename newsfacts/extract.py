"""Run every extractor over normalized articles and resolve entities across them.

Per article: one spaCy parse, then mentions, figures, quotes and claims from that parse. A failure
in one article's extraction is recorded as an ExtractionError and never stops the run. After all
articles: cross-article entity resolution, then figure subjects, quote speakers and claim actors
are linked to the resolved entities.
"""

from __future__ import annotations

import multiprocessing
import pickle
import shutil
import traceback
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from newsfacts.entities import EntityIndex, extract_mentions
from newsfacts.figures import extract_figures, parse_number
from newsfacts.ids import mention_id
from newsfacts.quotes import extract_claims, extract_quotes
from newsfacts.records import (
    Article,
    Claim,
    EntityMention,
    ExtractionError,
    Figure,
    Quote,
)
from newsfacts.resolution import resolve


@dataclass
class Extraction:
    mentions: list[EntityMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    errors: list[ExtractionError] = field(default_factory=list)

    def extend(self, other: Extraction) -> None:
        self.mentions += other.mentions
        self.figures += other.figures
        self.quotes += other.quotes
        self.claims += other.claims
        self.errors += other.errors


def _error(article_id: str, stage: str, exc: BaseException) -> ExtractionError:
    frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {frame[0].filename.rsplit('/', 1)[-1]}:{frame[0].lineno}" if frame else ""
    return ExtractionError(article_id, stage, f"{type(exc).__name__}: {exc}{where}"[:2000])


def extract_doc(doc: Doc, article: Article) -> Extraction:
    """Everything one parsed article says. Each extractor fails on its own."""
    out = Extraction()
    aid = article.article_id
    try:
        out.mentions = extract_mentions(doc, aid)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
        out.errors.append(_error(aid, "entities", exc))
    index = EntityIndex(out.mentions)
    try:
        out.quotes = extract_quotes(doc, aid)
    except Exception as exc:  # noqa: BLE001
        out.errors.append(_error(aid, "quotes", exc))
    speakers = []  # (quote start, quote end, speaker mention): "I"/"we" inside a quote
    for q in out.quotes:
        m = index.lookup(aid, q.speaker, q.speaker_char_start, q.speaker_char_end)
        q.speaker_mention_id = mention_id(m) if m is not None else None
        if m is not None:
            speakers.append((q.char_start, q.char_end, m))
    try:
        out.figures, subjects = extract_figures(
            doc, aid, out.mentions, article.published_date, speakers
        )
        for fig, subj in zip(out.figures, subjects, strict=True):
            fig.subject_mention_id = mention_id(subj) if subj is not None else None
    except Exception as exc:  # noqa: BLE001
        out.errors.append(_error(aid, "figures", exc))
    try:
        out.claims = extract_claims(doc, aid)
    except Exception as exc:  # noqa: BLE001
        out.errors.append(_error(aid, "claims", exc))
    for c in out.claims:
        m = index.lookup(aid, c.actor, c.actor_char_start, c.actor_char_end)
        c.actor_mention_id = mention_id(m) if m is not None else None
    return out


def parse_articles(
    nlp: Language, articles: Sequence[Article], batch_size: int = 32, n_process: int = 1
) -> Iterator[tuple[Article, Doc | None, ExtractionError | None]]:
    """Parse articles in batches; if a batch fails, parse its articles one by one so only the
    bad article is lost (and recorded)."""
    for i in range(0, len(articles), batch_size):
        batch = articles[i : i + batch_size]
        try:
            docs = list(
                nlp.pipe((a.text for a in batch), batch_size=batch_size, n_process=n_process)
            )
            yield from ((a, d, None) for a, d in zip(batch, docs, strict=True))
        except Exception:  # noqa: BLE001
            for a in batch:
                try:
                    yield a, nlp(a.text), None
                except Exception as exc:  # noqa: BLE001
                    yield a, None, _error(a.article_id, "parse", exc)


def extract_articles(
    nlp: Language,
    articles: Iterable[Article],
    batch_size: int = 32,
    n_process: int = 1,
    resolve_entities: bool = True,
) -> Extraction:
    """Extract from every non-duplicate article (``iter_extract``) into one ``Extraction`` and
    resolve entities across all of them."""
    result = Extraction()
    for part in iter_extract(nlp, articles, batch_size, n_process):
        result.extend(part)
    if resolve_entities:
        link_entities(result)
    return result


def iter_extract(
    nlp: Language, articles: Iterable[Article], batch_size: int = 32, n_process: int = 1
) -> Iterator[Extraction]:
    """Unresolved extraction, one ``Extraction`` per chunk of ``batch_size`` articles, in input
    order, so a caller can write each chunk away instead of holding every row.

    Duplicates (``duplicate_of`` set) are not parsed: their facts are their original's, and
    counting them again would fake corroboration. With ``n_process > 1`` each worker process
    parses *and* extracts its share (see ``_extract_parallel``); the output does not depend on
    the process count.
    """
    todo = [a for a in articles if a.duplicate_of is None and a.text.strip()]
    if n_process > 1 and len(todo) > batch_size:
        yield from _extract_parallel(nlp, todo, batch_size, n_process)
    else:
        for i in range(0, len(todo), batch_size):
            yield _extract_batch(nlp, todo[i : i + batch_size], batch_size)


@dataclass
class SpooledExtraction:
    """Extraction chunks pickled to a folder as they are produced: the extract step and the load
    each hold one chunk at a time, and the Dagster step boundary passes only this small object
    (not every row of a 10,000-article first run)."""

    directory: str
    parts: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Extraction]:
        for i in range(self.parts):
            with (Path(self.directory) / f"{i:06d}.pickle").open("rb") as f:
                yield pickle.load(f)  # noqa: S301 - our own files, written by spool() below


def spool(parts: Iterable[Extraction], directory: Path) -> SpooledExtraction:
    """Write every chunk of ``parts`` to ``directory`` (emptied first)."""
    directory = Path(directory)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    out = SpooledExtraction(str(directory))
    counts = dict.fromkeys(("mentions", "figures", "quotes", "claims", "errors"), 0)
    for part in parts:
        with (directory / f"{out.parts:06d}.pickle").open("wb") as f:
            pickle.dump(part, f, protocol=pickle.HIGHEST_PROTOCOL)
        out.parts += 1
        for name in counts:
            counts[name] += len(getattr(part, name))
    out.counts = counts
    return out


def _extract_batch(nlp: Language, articles: Sequence[Article], batch_size: int) -> Extraction:
    result = Extraction()
    for article, doc, error in parse_articles(nlp, articles, batch_size):
        if error is not None:
            result.errors.append(error)
            continue
        result.extend(extract_doc(doc, article))
    return result


# The worker processes' pipeline: inherited from the parent on fork, loaded once on spawn.
_WORKER_NLP: Language | None = None


def _init_worker(nlp: Language | None) -> None:
    global _WORKER_NLP
    if nlp is not None:
        _WORKER_NLP = nlp
    elif _WORKER_NLP is None:
        from newsfacts.nlp import get_nlp

        _WORKER_NLP = get_nlp()


def _extract_chunk(articles: Sequence[Article], batch_size: int) -> Extraction:
    return _extract_batch(_WORKER_NLP, articles, batch_size)


def _extract_parallel(
    nlp: Language, articles: Sequence[Article], batch_size: int, n_process: int
) -> Iterator[Extraction]:
    """Parse and extract in ``n_process`` worker processes.

    spaCy's own ``nlp.pipe(n_process=...)`` parallelizes only the parse and ships every Doc back
    to the parent, which then runs the extractors alone; here each worker runs the whole
    per-article step and returns small records, so both cores stay busy. Fork shares the loaded
    model copy-on-write; where fork is unavailable each worker loads it once.
    """
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # quantulum3 imports its unit tables lazily on the first number (~5 s): do it once here so
    # forked workers inherit it instead of each paying for it.
    parse_number("5 percent")
    init_nlp = nlp if ctx.get_start_method() == "fork" else None
    chunks = [articles[i : i + batch_size] for i in range(0, len(articles), batch_size)]
    with ProcessPoolExecutor(
        n_process, mp_context=ctx, initializer=_init_worker, initargs=(init_nlp,)
    ) as pool:
        yield from pool.map(_extract_chunk, chunks, [batch_size] * len(chunks))


def link_entities(result: Extraction) -> None:
    """Resolve mentions across articles, then give subjects, speakers and actors their
    mention's entity."""
    resolve(result.mentions)
    fill_entity_links(result, {mention_id(m): m for m in result.mentions})


def fill_entity_links(result: Extraction, by_id: dict[str, EntityMention]) -> None:
    """Set the entity columns of figures, quotes and claims from their resolved mentions."""
    for f in result.figures:
        m = by_id.get(f.subject_mention_id) if f.subject_mention_id else None
        if m is not None:
            f.subject_entity_id, f.subject = m.entity_id, m.canonical_name
    for q in result.quotes:
        m = by_id.get(q.speaker_mention_id) if q.speaker_mention_id else None
        if m is not None:
            q.speaker_entity_id, q.speaker_canonical = m.entity_id, m.canonical_name
    for c in result.claims:
        m = by_id.get(c.actor_mention_id) if c.actor_mention_id else None
        if m is not None:
            c.actor_entity_id, c.actor_canonical = m.entity_id, m.canonical_name
