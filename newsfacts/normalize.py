"""Turn an ``InputFile`` into an ``Article``: clean body text plus headline metadata.

HTML goes through trafilatura (main text, title, author, date, site name), with htmldate as the
date fallback. Plain text and JSON Lines bodies go through a line cleaner:

1. Whitespace is collapsed per line and blank lines dropped (paragraphs = lines).
2. jusText's paragraph classifier (stopword density and length) locates the body: the *header
   zone* is everything before the first substantial paragraph, the *edges* are the lines
   before the first / after the last line of prose (jusText "good" or "neargood").
3. Generic patterns from ``data/boilerplate.yaml`` drop furniture lines (comment widgets, share
   bars, reading time, image placeholders, captions and credits, promo paragraphs); an end
   marker such as a comment widget drops everything after it.
4. Header lines give the title, byline and dateline (parsed with dateparser); they leave the body.
5. Repeats go: a line seen before, the headline again, a paragraph contained in another one.
6. Short low-content lines jusText rejects at the edges go, unless they look like a sentence
   or carry a quotation.

Nothing here guesses about a particular outlet; story-specific strings never appear in the data
file. ``Article.n_lines_removed`` counts the non-blank lines dropped from the body (for HTML:
from the text trafilatura extracted).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import types
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from newsfacts.records import Article, InputFile

BOILERPLATE_FILE = Path(__file__).parent / "data" / "boilerplate.yaml"

# The edges are this many lines before the body / after it; jusText sees this much context.
EDGE_LINES = 60
EDGE_CONTEXT = 60
# Only this many leading lines can hold a headline, byline or dateline.
HEADER_MAX_LINES = 12
DATELINE_MAX_WORDS = 14
# A line this long is body text whatever jusText says about it.
BODY_MIN_WORDS = 30
# Limits that keep pathological inputs (one 5 MB line, 500k lines) linear.
PATTERN_MAX_CHARS = 300  # whole-line patterns only look at lines up to this length
SHORT_LINE_WORDS = 50  # caption patterns only look at lines up to this many words
PROMO_MAX_WORDS = 80
# Short lines may legitimately repeat ("Verdict: True." after each fact check).
REPEAT_MIN_WORDS = 4
CONTAINED_MIN_WORDS = 8  # a contained paragraph must be this long to count as a copy
CONTAINED_SCAN_LINES = 300  # containment is checked among the first lines only

_QUOTE_CHARS = '"“”«»„'
_LEADING_QUOTES = "\"“”‘’'«»„"
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
_CLAUSE_END = re.compile(r"[:;][\"”’')\]]*$")
_CLOCK_END = re.compile(r"\b[ap]\.?m\.?$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_MONTH_OR_NUMERIC_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s|,|$)"
    r"|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b",
    re.IGNORECASE,
)
_SEGMENT_SPLIT = re.compile(r"\s*(?:\||•|·|\s[–—-]\s)\s*")
_DOMAIN = re.compile(r"\b[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.[a-z]{2,6}\b")
# One capitalised name token ("O’Neil", "Jr.", "J.") or a lowercase name particle.
_NAME_TOKEN = r"(?:[A-Z][\w'’.-]*|de|van|von|der|den|da|di|del|la|le|al|bin|ibn|and|&)"
# Characters that never belong in article text (controls, zero-width, soft hyphen, BOM).
_INVISIBLE = dict.fromkeys(
    [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        0x7F,
        0xAD,
        *range(0x200B, 0x2010),
        0x2060,
        0xFEFF,
    ]
)


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Rules:
    drop_line: re.Pattern
    end_marker: re.Pattern
    promo: re.Pattern
    caption: re.Pattern
    edge_line: re.Pattern
    byline: re.Pattern
    staff_byline: re.Pattern
    date_label: re.Pattern


def _alternation(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = yaml.safe_load(BOILERPLATE_FILE.read_text(encoding="utf-8"))

    def whole(key: str) -> re.Pattern:
        return re.compile(rf"(?:{_alternation(data[key])})", re.IGNORECASE)

    prefixes = _alternation(data["byline_prefixes"])
    name = rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,5}}"
    return _Rules(
        drop_line=whole("drop_lines"),
        end_marker=whole("end_markers"),
        promo=re.compile(_alternation(data["promo_phrases"]), re.IGNORECASE),
        caption=re.compile(_alternation(data["caption_patterns"]), re.IGNORECASE),
        edge_line=whole("edge_lines"),
        # Name tokens are case-sensitive (capitalised); only the prefix ignores case.
        byline=re.compile(
            rf"(?i:{prefixes})\s+(?P<name>{name})\s*(?:$|[|,•·/]|\s[-–—]\s)\s*(?P<rest>.*)"
        ),
        staff_byline=re.compile(
            rf"(?P<org>[A-Z0-9][\w.&'’-]*(?:\s+[\w.&'’-]+){{0,4}})\s+"
            rf"(?i:{_alternation(data['staff_suffixes'])})"
        ),
        date_label=re.compile(rf"^(?:{_alternation(data['date_labels'])})\b[:\s]*", re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def _stoplist() -> frozenset[str]:
    import justext

    return frozenset(w.lower() for w in justext.get_stoplist("English"))


@lru_cache(maxsize=1)
def _date_parser():
    from dateparser.date import DateDataParser

    # Absolute dates only (no "3 days ago"), all of day/month/year required, English only:
    # a dateline is furniture in the outlet's language and language detection is slow.
    return DateDataParser(
        languages=["en"],
        settings={
            "STRICT_PARSING": True,
            "PARSERS": ["custom-formats", "absolute-time"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


# ----------------------------------------------------------------------------- helpers


def _key(line: str) -> str:
    """Comparison key for repeated lines: case- and punctuation-insensitive."""
    return " ".join(re.sub(r"[^\w\s]", " ", line.casefold()).split())


def _clean_line(line: str) -> str:
    return " ".join(line.translate(_INVISIBLE).split())


def _has_quote(line: str) -> bool:
    return line[:1] in _LEADING_QUOTES or any(c in line for c in _QUOTE_CHARS)


def _looks_like_sentence(line: str) -> bool:
    # "Not the truth." and "Verdict: Mostly true." are sentences; "Read more:" is not.
    words = len(line.split())
    return (words >= 2 and bool(_SENTENCE_END.search(line))) or (
        words >= 4 and bool(_CLAUSE_END.search(line))
    )


def _parse_date(text: str) -> dt.date | None:
    """The first absolute date in a short header line ("May 2, 2024 | Updated ..."), or None."""
    if len(text) > 200 or not (_YEAR.search(text) and _MONTH_OR_NUMERIC_DATE.search(text)):
        return None
    label = _rules().date_label
    for segment in _SEGMENT_SPLIT.split(text):
        segment = label.sub("", segment).strip(" ,;:")
        if not (_YEAR.search(segment) and _MONTH_OR_NUMERIC_DATE.search(segment)):
            continue
        parsed = _date_parser().get_date_data(segment).date_obj
        if parsed is not None:
            return parsed.date()
    return None


def _dateline_date(line: str) -> dt.date | None:
    """The date of a dateline ("February 1, 2026 | Updated 03:30"); None for anything else,
    including a short sentence that merely mentions a date."""
    if len(line.split()) > DATELINE_MAX_WORDS:
        return None
    if _SENTENCE_END.search(line) and not _CLOCK_END.search(line):
        return None
    return _parse_date(line)


def _parse_meta_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        # A declared date field may use any format ("7/6/18"); no dateline guards needed.
        parsed = _date_parser().get_date_data(text[:100]).date_obj if text else None
        return parsed.date() if parsed else None


def _meta_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value if v is not None and str(v).strip())
    text = " ".join(str(value).split())
    return text or None


def _is_titlecase(line: str) -> bool:
    words = [w.strip(_LEADING_QUOTES + "([,:;") for w in line.split()]
    content = [w for w in words if len(w) >= 4]
    if not content:
        return False
    return sum(w[:1].isupper() or w[:1].isdigit() for w in content) / len(content) >= 0.6


def _headline_shape(line: str) -> bool:
    words = line.split()
    return (
        3 <= len(words) <= 25
        and len(line) <= 250
        and not line.endswith((".", ":", ";", ","))
        and not line[:1].islower()
    )


# ----------------------------------------------------------------------------- line cleaner


@dataclass
class _Header:
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    publisher: str | None = None


@dataclass
class _Lines:
    """The article's non-blank lines and, for each dropped one, why (for debugging rules)."""

    text: list[str]
    why: list[str | None] = field(init=False)

    def __post_init__(self) -> None:
        self.why = [None] * len(self.text)

    def drop(self, i: int, reason: str) -> None:
        if self.why[i] is None:
            self.why[i] = reason

    def kept(self) -> list[int]:
        return [i for i, w in enumerate(self.why) if w is None]


@lru_cache(maxsize=1)
def _line_paragraph_class() -> type:
    from justext.paragraph import Paragraph

    class LineParagraph(Paragraph):
        """A jusText paragraph made of one already whitespace-normalized line.

        jusText re-normalizes ``text`` on every access; our lines are clean already, and
        skipping that makes classification several times faster.
        """

        def __init__(self, line: str) -> None:
            super().__init__(types.SimpleNamespace(dom="body.p", xpath="/body/p"))
            self.text_nodes.append(line)
            self._line = line

        @property
        def text(self) -> str:
            return self._line

    return LineParagraph


def _classify(lines: list[str]) -> list:
    """jusText's context-free classification (good / neargood / short / bad) of each line."""
    from justext.core import classify_paragraphs

    make = _line_paragraph_class()
    paragraphs = [make(line) for line in lines]
    classify_paragraphs(paragraphs, _stoplist())
    return paragraphs


def _edge_classes(paragraphs: list, first: int, last: int) -> dict[int, str]:
    """jusText's context-sensitive class of the lines just outside the body span [first, last].

    jusText revises a class by scanning for the nearest good/bad neighbours, which is quadratic
    on long runs of short lines; windows around the two edges keep it bounded.
    """
    from justext.core import revise_paragraph_classification

    n = len(paragraphs)
    head = (max(0, first - EDGE_LINES), min(n, first + EDGE_CONTEXT))
    tail = (max(0, last - EDGE_CONTEXT), min(n, last + 1 + EDGE_LINES))
    windows = [(head[0], tail[1])] if head[1] >= tail[0] else [head, tail]
    classes: dict[int, str] = {}
    for lo, hi in windows:
        window = paragraphs[lo:hi]
        revise_paragraph_classification(window)
        classes.update({lo + k: p.class_type for k, p in enumerate(window)})
    return {
        i: c
        for i, c in classes.items()
        if first - EDGE_LINES <= i < first or last < i <= last + EDGE_LINES
    }


def _read_header(lines: _Lines, header_end: int, header: _Header, find_title: bool) -> None:
    """Take the headline, byline and dateline out of the header zone, filling ``header``."""
    rules = _rules()
    title_done = not find_title
    for i in range(header_end):
        if lines.why[i] is not None:
            continue
        line = lines.text[i]
        if (byline := rules.byline.fullmatch(line)) and _valid_byline(byline):
            header.author = header.author or byline["name"].strip(" ,")
            header.published = header.published or _parse_date(byline["rest"])
            lines.drop(i, "byline")
        elif len(line.split()) <= 6 and (staff := rules.staff_byline.fullmatch(line)):
            header.author = header.author or line
            if header.publisher is None and (domain := _DOMAIN.search(staff["org"])):
                header.publisher = domain.group(0)
            lines.drop(i, "staff byline")
        elif date := _dateline_date(line):
            header.published = header.published or date
            lines.drop(i, "dateline")
        elif not title_done:
            if len(line.split()) <= 2 and not _SENTENCE_END.search(line):
                lines.drop(i, "section label")  # a section label above the headline ("News")
                continue
            title_done = True
            if _headline_shape(line) and (
                _is_titlecase(line) or _repeats_later(lines, i) or _followed_by_byline(lines, i)
            ):
                header.title = line
                lines.drop(i, "headline")


def _valid_byline(match: re.Match) -> bool:
    rest = match["rest"].strip()
    line = match.group(0)
    return len(rest.split()) <= 10 and not re.search(r"[.!?]$", line.rstrip("\"”’'"))


def _repeats_later(lines: _Lines, i: int) -> bool:
    key = _key(lines.text[i])
    return any(_key(other).startswith(key) for other in lines.text[i + 1 : i + 40])


def _followed_by_byline(lines: _Lines, i: int) -> bool:
    rules = _rules()
    for other in lines.text[i + 1 : i + 4]:
        if rules.byline.fullmatch(other) or rules.staff_byline.fullmatch(other):
            return True
        if _dateline_date(other):
            return True
    return False


def _drop_repeats(lines: _Lines, known: Iterable[str | None]) -> None:
    """Drop copies of the headline (or other known header values), later copies of a line,
    and a paragraph contained in a longer one (a dek or pull quote that repeats the body)."""
    unwanted = {_key(v) for v in known if v}
    seen: set[str] = set()
    for i in lines.kept():
        key = _key(lines.text[i])
        if not key:
            continue
        if key in unwanted:
            lines.drop(i, "headline repeated")
        elif key in seen and len(key.split()) >= REPEAT_MIN_WORDS:
            lines.drop(i, "repeat")
        seen.add(key)

    # Padded keys joined by newlines: a needle " a b " found twice occurs in another line too
    # (exact copies are gone already), and never across a line break.
    kept = lines.kept()[:CONTAINED_SCAN_LINES]
    keys = {i: f" {_key(lines.text[i])} " for i in kept}
    haystack = "\n".join(keys.values())
    for i in kept:
        if CONTAINED_MIN_WORDS <= len(lines.text[i].split()) <= PROMO_MAX_WORDS:
            first = haystack.find(keys[i])
            if haystack.find(keys[i], first + 1) != -1:
                lines.drop(i, "contained in another paragraph")


def _clean_lines(raw: str, known: _Header, find_title: bool) -> tuple[_Lines, _Header]:
    """Mark the lines of a plain-text body to drop; returns the lines and the header found."""
    rules = _rules()
    lines = _Lines([c for c in (_clean_line(line) for line in raw.split("\n")) if c])
    header = _Header()
    n = len(lines.text)
    if n == 0:
        return lines, header
    paragraphs = _classify(lines.text)
    cf_class = [p.cf_class for p in paragraphs]
    words = [len(line.split()) for line in lines.text]

    body_start = next(
        (i for i in range(n) if cf_class[i] == "good" or words[i] >= BODY_MIN_WORDS), n
    )
    # The body span runs from the first to the last paragraph with real prose in it.
    prose = [i for i in range(n) if cf_class[i] in ("good", "neargood")]
    first_good, last_good = (prose[0], prose[-1]) if prose else (None, None)

    for i, line in enumerate(lines.text):
        if len(line) <= PATTERN_MAX_CHARS and rules.drop_line.fullmatch(line):
            lines.drop(i, "furniture")
        elif words[i] <= SHORT_LINE_WORDS and rules.caption.search(line):
            lines.drop(i, "caption")
        elif words[i] <= PROMO_MAX_WORDS and not _has_quote(line) and rules.promo.search(line):
            lines.drop(i, "promo")

    # An end-of-article marker (comment widget, related links) after the body ends the article,
    # as long as what follows is smaller than the article itself.
    if first_good is not None:
        total = sum(len(line) for line in lines.text)
        before = 0
        for i, line in enumerate(lines.text):
            if (
                i > first_good
                and before > total - before
                and len(line) <= PATTERN_MAX_CHARS
                and rules.end_marker.fullmatch(line)
            ):
                for j in range(i, n):
                    lines.drop(j, "after end marker")
                break
            before += len(line)

    _read_header(lines, min(body_start, HEADER_MAX_LINES), header, find_title and not known.title)
    _drop_repeats(lines, [known.title or header.title, known.author, known.publisher])

    # The article's edges: lines jusText rejects that are short and say nothing themselves.
    if first_good is not None:
        for i, final_class in _edge_classes(paragraphs, first_good, last_good).items():
            if lines.why[i] is not None:
                continue
            line = lines.text[i]
            if len(line) <= PATTERN_MAX_CHARS and rules.edge_line.fullmatch(line):
                lines.drop(i, "edge furniture")
            elif (
                final_class == "bad"
                and (cf_class[i] == "short" or words[i] <= 10)
                and not _looks_like_sentence(line)
                and not _has_quote(line)
            ):
                lines.drop(i, "edge, low content")
    return lines, header


def _clean_text(
    raw: str, known: _Header | None = None, find_title: bool = True
) -> tuple[str, _Header, int]:
    """Clean a plain-text body. Returns (text, header found in the text, lines removed)."""
    lines, header = _clean_lines(raw, known or _Header(), find_title)
    kept = [lines.text[i] for i in lines.kept()]
    return "\n".join(kept), header, len(lines.text) - len(kept)


# ----------------------------------------------------------------------------- formats


def _normalize_html(inp: InputFile) -> Article:
    import trafilatura
    from htmldate import find_date

    doc = trafilatura.bare_extraction(
        inp.text,
        url=_meta_str(inp.meta.get("url")),
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        with_metadata=True,
    )
    if doc is None or not (doc.text or "").strip():
        # No main content found: fall back to all visible text of the page.
        body, page = trafilatura.html2txt(inp.text) or "", _Header()
        url = _meta_str(inp.meta.get("url"))
    else:
        body, url = doc.text, _meta_str(doc.url) or _meta_str(inp.meta.get("url"))
        page = _Header(
            title=_meta_str(doc.title),
            author=_meta_str(doc.author),
            published=_parse_meta_date(doc.date),
            publisher=_meta_str(doc.sitename),
        )
    if page.published is None:
        page.published = _parse_meta_date(find_date(inp.text, original_date=True))
    text, found, removed = _clean_text(body, known=page, find_title=page.title is None)
    # The page's own metadata wins; what the text reveals (a byline line) fills the gaps.
    merged = _Header(
        title=page.title or found.title,
        author=page.author or found.author,
        published=page.published or found.published,
        publisher=page.publisher or found.publisher,
    )
    return _article(inp, text, removed, merged, url)


def _normalize_plain(inp: InputFile) -> Article:
    text, found, removed = _clean_text(inp.text)
    return _article(inp, text, removed, found, _meta_str(inp.meta.get("url")))


def _normalize_jsonl(inp: InputFile) -> Article:
    # The record's own fields are authoritative (None stays None); the text is only cleaned.
    record = _Header(
        title=_meta_str(inp.meta.get("title")),
        author=_meta_str(inp.meta.get("authors")),
        published=_parse_meta_date(inp.meta.get("published")),
        publisher=_meta_str(inp.meta.get("publisher")),
    )
    text, _found, removed = _clean_text(inp.text, known=record, find_title=False)
    return _article(inp, text, removed, record, _meta_str(inp.meta.get("url")))


def _article(inp: InputFile, text: str, removed: int, header: _Header, url: str | None) -> Article:
    if not text:
        raise ValueError("no article text left after removing boilerplate")
    return Article(
        article_id=inp.article_id,
        source_path=inp.source_path,
        source_format=inp.source_format,
        content_hash=inp.content_hash,
        encoding=inp.encoding,
        text=text,
        title=header.title,
        author=header.author,
        published_date=header.published,
        publisher=header.publisher,
        url=url,
        n_lines_removed=removed,
    )


# ----------------------------------------------------------------------------- public API


def normalize(inp: InputFile) -> Article:
    """Clean one input into an ``Article``.

    Raises ``ValueError`` when no article text survives (an all-boilerplate or empty page);
    callers record that as a rejected input.
    """
    if inp.source_format == "html":
        return _normalize_html(inp)
    if inp.source_format == "jsonl":
        return _normalize_jsonl(inp)
    return _normalize_plain(inp)


def text_hash(text: str) -> str | None:
    """The key exact copies share after normalization (None for an empty text: never a copy)."""
    return hashlib.sha256(text.encode()).hexdigest() if text else None


def duplicate_map(entries: Iterable[tuple[str, str, str | None]]) -> dict[str, str | None]:
    """``article_id -> original`` over ``(article_id, content_hash, text_hash)`` entries: exact
    copies (same raw bytes, or the same normalized text) point at the first copy, the original
    at None. "First" is by sorted ``article_id``, so the result does not depend on input order,
    nor on whether the articles arrived in one run or in several."""
    by_hash: dict[str, str] = {}
    by_text: dict[str, str] = {}
    original_of: dict[str, str | None] = {}
    for article_id, content_hash, text_key in sorted(entries):
        candidates = [by_hash.get(content_hash), by_text.get(text_key) if text_key else None]
        original = min((c for c in candidates if c is not None), default=None)
        original_of[article_id] = original
        root = original or article_id
        by_hash.setdefault(content_hash, root)
        if text_key:
            by_text.setdefault(text_key, root)
    return original_of


def mark_duplicates(articles: list[Article]) -> list[Article]:
    """Articles with ``duplicate_of`` set by ``duplicate_map``, in the input order."""
    original_of = duplicate_map((a.article_id, a.content_hash, text_hash(a.text)) for a in articles)
    return [replace(a, duplicate_of=original_of[a.article_id]) for a in articles]
