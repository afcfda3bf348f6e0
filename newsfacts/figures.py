"""Numeric figures with their meaning, from a parsed article.

How a figure is found and read:

* **Where**: spaCy's numeric entities (CARDINAL, PERCENT, MONEY, QUANTITY) plus stray number
  tokens the small model did not tag ("one-third"); dates, times, ordinals, years and numbers
  inside names ("Model 3") are not figures.
* **Value and unit**: quantulum3 parses a short window around the number (parsing whole sentences
  costs ~7 ms each; a window ~0.6 ms). Its answer is mapped to our units: percent, ISO currency,
  count, multiplier, or quantulum3's physical unit name. Fractions become percents.
* **Qualifier**: the words right before the number ("more than" -> at_least), or a range.
* **Meaning**: from the dependency parse. The *metric* is the noun the number measures ("100%
  tariffs" -> tariff; "80 percent of battery capacity" -> share of battery capacity) or, for a
  count that is the object of a measuring verb, the verb ("delivered 5,000 cars" -> deliver).
  The *subject* is an entity attached to that noun (possessive, compound, "in the US"), else the
  subject of the governing verb (walking up the clause chain, resolving "the company"/"it" to the
  last organisation that was a sentence subject), else the nearest entity in the sentence.
  The *period* is the date attached to the figure's clause, else the nearest date that no other
  figure stands between. *Modality* comes from target/forecast words governing the figure.

The cue words live in ``data/figures.yaml`` (generic English).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import yaml
from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from newsfacts.records import EntityMention, Figure

NUMERIC_LABELS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY"})
NOT_FIGURE_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
NAME_LABELS = frozenset({"PRODUCT", "ORG", "WORK_OF_ART", "LAW", "FAC", "EVENT", "PERSON"})
SUBJECT_LABELS = ("ORG", "GPE", "PERSON", "LOC", "FAC", "PRODUCT", "NORP")
SCALE_WORDS = frozenset(
    {"hundred", "thousand", "million", "billion", "trillion", "bn", "mn", "m", "k", "tn", "b"}
)
UNIT_WORDS = frozenset(
    {"percent", "per", "cent", "%", "pc", "percentage", "times", "fold", "point", "points"}
)
YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
QUARTER_RE = re.compile(r"\b(?:Q([1-4])|(first|second|third|fourth) quarter)\b", re.I)
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# "$1.2bn", "£300m": quantulum3 reads bn/m as units (barn, metre); spell the scale out.
_SCALE_SUFFIX_RE = re.compile(r"(\d)\s?(bn|b|mn|m|tn|k)\b", re.I)
_SCALE_NAMES = {"bn": "billion", "b": "billion", "mn": "million", "m": "million"}
_SCALE_NAMES |= {"tn": "trillion", "k": "thousand"}
_CURRENCY_SIGNS = ("$", "£", "€", "¥", "₹", "US$", "C$", "A$", "HK$", "Rs")
_PRONOUN_SUBJECTS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her"})
_PLACE_NOUNS = frozenset({"country", "nation", "state", "city", "island", "territory", "region",
                          "province", "county", "town"})  # fmt: skip
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
_POSSESSIVES = frozenset({"its", "their", "his", "her", "my", "our"})
_ANAPHOR_NOUNS = _PLACE_NOUNS | frozenset(
    {"company", "firm", "group", "business", "carmaker", "automaker", "maker", "brand",
     "government", "agency", "organisation", "organization", "bank", "team", "club", "party",
     "administration", "ministry", "department"}
)  # fmt: skip


@dataclass(frozen=True)
class _Cues:
    qualifiers: list[tuple[list[str], str]]  # (phrase tokens, qualifier), longest first
    target: frozenset[str]
    forecast: frozenset[str]
    measure_verbs: frozenset[str]
    change_words: frozenset[str]
    share_nouns: frozenset[str]
    fractions: dict[str, float]
    multipliers: dict[str, float]
    currencies: dict[str, str]
    poll_words: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> _Cues:
    data = yaml.safe_load(resources.files("newsfacts.data").joinpath("figures.yaml").read_text())
    quals = [
        (phrase.lower().split(), qualifier)
        for qualifier, phrases in data["qualifiers"].items()
        for phrase in phrases
    ]
    quals.sort(key=lambda q: -len(q[0]))
    return _Cues(
        qualifiers=quals,
        target=frozenset(data["modality"]["target"]),
        forecast=frozenset(data["modality"]["forecast"]),
        measure_verbs=frozenset(data["measure_verbs"]),
        change_words=frozenset(data["change_words"]),
        share_nouns=frozenset(data["share_nouns"]),
        fractions={k.lower(): float(v) for k, v in data["fractions"].items()},
        multipliers={k.lower(): float(v) for k, v in data["multipliers"].items()},
        currencies={k.lower(): v for k, v in data["currencies"].items()},
        poll_words=frozenset(data["poll_words"]),
    )


@lru_cache(maxsize=1)
def _quantulum():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # classifier extras absent: rules-only parsing is enough
        from quantulum3 import parser
    return parser


# ---------------------------------------------------------------- value and unit


@dataclass
class ParsedNumber:
    value: float
    unit: str
    low: float | None = None
    high: float | None = None
    surface: str = ""
    start: int = 0  # offsets within the parsed text
    end: int = 0
    qualifier: str | None = None  # set when the wording itself bounds the value ("hundreds")


def parse_number(text: str) -> list[ParsedNumber]:
    """Numbers in a short text with normalized value and unit (quantulum3 + unit mapping)."""
    c = cues()
    lowered = text.lower()
    out: list[ParsedNumber] = []
    for word, mult in c.multipliers.items():
        for m in re.finditer(rf"\b{re.escape(word)}\b", lowered):
            out.append(ParsedNumber(mult, "multiplier", surface=text[m.start() : m.end()],
                                    start=m.start(), end=m.end()))  # fmt: skip
    out += _wordy_numbers(text, out)
    for m in _TALLY_RE.finditer(text):
        # "a 56-43 vote": two counts (for, against), not a range and not 56 minus 43.
        for g in (1, 2):
            out.append(ParsedNumber(float(m.group(g)), "count", surface=m.group(g),
                                    start=m.start(g), end=m.end(g)))  # fmt: skip
    for word, pct in sorted(c.fractions.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"\b{re.escape(word)}\b", lowered):
            if not any(p.start <= m.start() < p.end for p in out):
                out.append(ParsedNumber(pct, "percent", surface=text[m.start() : m.end()],
                                        start=m.start(), end=m.end()))  # fmt: skip
    # Same length replacement is impossible ("1.2bn" -> "1.2 billion"), so keep an offset map.
    expanded, offsets = _expand_scales(text)
    for q in _quantulum().parse(expanded):
        start, end = offsets[q.span[0]], offsets[max(q.span[1] - 1, q.span[0])] + 1
        if any(p.start < end and start < p.end for p in out):
            continue  # already read as a fraction, multiplier, ratio or vague amount
        unit = _unit(q, text[start:end])
        value, low, high = float(q.value), None, None
        if unit == "dozen":  # "a dozen", "two dozen"
            value, unit = value * 12, "count"
        if unit == "percent" and re.match(r"\s*points?\b", text[end:], re.I):
            unit = "percentage_point"  # "3 percentage points": quantulum stops at "percentage"
        if unit == "count" and re.match(r"\s*-?\s*nights?\b", text[end:], re.I):
            unit = "night"  # "three nights in jail": a length of time quantulum does not know
        elif unit == "count" and re.match(r"\s*-?\s*points?\b", text[end:], re.I):
            unit = "point"  # "1,800 points" on an index, "a 13-point lead" (see _build)
        elif unit == "count" and value < 0:
            # Nothing counted is negative: a signed number is a difference (a poll's change
            # "[-3.8]").
            unit = "difference"
        if q.uncertainty:
            low, high = value - float(q.uncertainty), value + float(q.uncertainty)
            if low and high / low >= 1000:  # "5 to 7 billion": the scale belongs to both ends
                low *= 10 ** (3 * int(round(math.log10(high / low) / 3)))
            if low > high:  # "$6-billion" is read as 6 to 1e9: one scaled value, not a range
                value, low, high = low, None, None
        out.append(ParsedNumber(value, unit, low, high, text[start:end], start, end))
    out.sort(key=lambda p: p.start)
    return _join_ranges(text, out)


_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve"]
    )
}  # fmt: skip
_NUM = r"(\d[\d,]*(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_RATIO_RE = re.compile(rf"\b{_NUM} (?:in|out of) (?:every )?{_NUM}\b", re.I)
_SCALE_VALUES = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
                 "trillion": 1e12}  # fmt: skip
_VAGUE = {f"{word}s": value for word, value in _SCALE_VALUES.items()}  # "hundreds of ..."
_VAGUE_RE = re.compile(
    r"\b(dozens|hundreds|thousands|millions|billions|trillions)"
    r"(?: of (thousands|millions|billions))?\b(?:(?: more)? (?:of |in )?(dollars|euros|pounds))?",
    re.I,
)
_HALF_RE = re.compile(r"\bhalf an? (million|billion|trillion|dozen)\b", re.I)
# "a few hundred" = about 3 x 100; "several dozen" = at least 2 x 12 (tests/gold/README.md).
_FEW_RE = re.compile(r"\b(a few|several) (dozen|hundred|thousand|million|billion)\b", re.I)
_FEW = {"a few": (3, "approx"), "several": (2, "at_least")}
_TALLY_NOUNS = ("vote", "decision", "ruling", "margin", "majority", "tally", "split", "verdict")
_TALLY_RE = re.compile(rf"\b(\d{{1,3}})[-–](\d{{1,3}})\b(?= (?:{'|'.join(_TALLY_NOUNS)})\b)")
_RANGE_JOIN_RE = re.compile(r"^\s*(?:and|to|-|–)\s*$", re.I)


def _num(word: str) -> float:
    word = word.lower().replace(",", "")
    return float(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else float(word)


def _wordy_numbers(text: str, taken: list[ParsedNumber]) -> list[ParsedNumber]:
    """Amounts quantulum3 misreads: ratios ("one in five" = 20 %), vague plurals ("hundreds of
    millions of dollars" = at least 100,000,000 USD) and "half a million"."""
    out: list[ParsedNumber] = []

    def add(m: re.Match, value: float, unit: str, qualifier: str | None = None) -> None:
        if any(p.start < m.end() and m.start() < p.end for p in (*taken, *out)):
            return
        out.append(ParsedNumber(value, unit, surface=m.group(0), start=m.start(), end=m.end(),
                                qualifier=qualifier))  # fmt: skip

    for m in _RATIO_RE.finditer(text):
        a, b = _num(m.group(1)), _num(m.group(2))
        if 0 < a < b:
            add(m, round(100 * a / b, 2), "percent")
    for m in _FEW_RE.finditer(text):
        times, qualifier = _FEW[m.group(1).lower()]
        money = any(sign in text[max(0, m.start() - 3) : m.start()] for sign in _CURRENCY_SIGNS)
        value = times * _SCALE_VALUES[m.group(2).lower()]
        add(m, value, "USD" if money else "count", qualifier)
    for m in _VAGUE_RE.finditer(text):
        value = _VAGUE[m.group(1).lower()] * _VAGUE.get((m.group(2) or "").lower(), 1)
        money = m.group(3) or any(sign in text[max(0, m.start() - 3) : m.start()]
                                  for sign in _CURRENCY_SIGNS)  # fmt: skip
        currency = cues().currencies.get((m.group(3) or "dollar").lower().rstrip("s"), "USD")
        add(m, value, currency if money else "count", "at_least")
    for m in _HALF_RE.finditer(text):
        add(m, _SCALE_VALUES[m.group(1).lower()] / 2, "count")
    return out


def _join_ranges(text: str, parsed: list[ParsedNumber]) -> list[ParsedNumber]:
    """ "between seven and eight million" is one range, [7,000,000, 8,000,000]."""
    out: list[ParsedNumber] = []
    for p in parsed:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.low is None
            and p.low is None
            and prev.unit in ("count", p.unit)
            and _RANGE_JOIN_RE.match(text[prev.end : p.start])
            and re.search(r"\b(between|from)\s*$", text[: prev.start], re.I)
            and 0 < prev.value < p.value
        ):
            low = prev.value
            if p.value / low >= 1000:
                low *= 10 ** (3 * int(round(math.log10(p.value / low) / 3)))
            out[-1] = ParsedNumber(low, p.unit, low, p.value, text[prev.start : p.end],
                                   prev.start, p.end)  # fmt: skip
            continue
        out.append(p)
    return out


def _expand_scales(text: str) -> tuple[str, list[int]]:
    pieces, offsets, pos = [], [], 0
    for m in _SCALE_SUFFIX_RE.finditer(text):
        before = text[max(0, m.start() - 12) : m.start() + 1]
        if not any(sign in before for sign in _CURRENCY_SIGNS) and m.group(2).lower() != "bn":
            continue  # "20m" without a currency is more likely metres
        cut = m.start(2)
        pieces.append(text[pos:cut])
        offsets.extend(range(pos, cut))
        word = " " + _SCALE_NAMES[m.group(2).lower()]
        pieces.append(word)
        offsets.extend([cut] * len(word))
        pos = m.end()
    pieces.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    offsets.append(len(text))
    return "".join(pieces), offsets


def _unit(q, surface: str) -> str:
    c = cues()
    name = q.unit.name
    entity = getattr(q.unit.entity, "name", "")
    if name in ("percentage", "per cent", "percent") or surface.rstrip().endswith("%"):
        return "percentage_point" if "point" in surface.lower() else "percent"
    if entity == "currency" or name in c.currencies:
        code = getattr(q.unit, "currency_code", None)
        return code or c.currencies.get(name, name.upper())
    if name == "count" and "time" in surface.lower():
        return "multiplier"
    if name in ("dimensionless", "count", "unk"):
        return "count"
    if name.endswith(" of arc") and not any(ch in surface for ch in "′″'\""):
        return name.split()[0]  # "35 minutes" is time, not an angle
    return name


# ---------------------------------------------------------------- candidates


def _is_year(tok: Token) -> bool:
    return bool(YEAR_RE.fullmatch(tok.text))


_TIME_UNITS = r"(?:year|month|week|day|night|hour|minute|second|decade|century)s?"
_DURATION_RE = re.compile(
    rf"^(?:(?:about|nearly|almost|more than|at least|some|over|up to|roughly) )?(?:the )?"
    rf"(?:(past|last|next|first|coming|previous) )?"
    rf"(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    rf"\w+teen|\w+ty(?:-\w+)?)[ -]{_TIME_UNITS}(?: or more)?$",
    re.I,
)


def _durations(doc: Doc) -> list[tuple[int, int]]:
    """DATE/TIME entities that are lengths of time ("for 11 years", "a six-year term"), not
    points in time ("two weeks ago", "a 45-year-old", "the last two years")."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        m = _DURATION_RE.match(ent.text)
        if m is None:
            continue
        nxt = doc[ent.end].lower_ if ent.end < len(doc) else ""
        prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if nxt in ("ago", "old", "-", "later", "earlier", "before", "after", "from"):
            continue
        # "the past five years" is a length only as "for/over/in the past five years".
        if m.group(1) and prev not in ("for", "over", "during", "throughout"):
            continue
        # "one day ... the next", "a year from now": a single unit is a length only after "for".
        if ent.text.lower().split()[0] in ("a", "an", "one") and prev != "for":
            continue
        out.append((ent.start, ent.end))
    return out


def _number_spans(doc: Doc, durations: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token spans [start, end) that may hold a figure (``durations``: see ``_durations``)."""
    c = cues()
    blocked = set()
    for ent in doc.ents:
        if ent.label_ in NOT_FIGURE_LABELS or ent.label_ in NAME_LABELS:
            blocked.update(range(ent.start, ent.end))
    for start, end in durations:
        blocked.difference_update(range(start, end))
    spans: list[tuple[int, int]] = list(durations)
    covered: set[int] = {i for start, end in durations for i in range(start, end)}
    for ent in doc.ents:
        start = ent.start
        if ent.label_ == "ORDINAL" and start > 0 and doc[start - 1].lower_ in ("a", "one"):
            start -= 1  # "a fifth", "one third": a share, not a rank
            if f"a {ent.text.lower()}" not in c.fractions:
                continue
            blocked.difference_update(range(ent.start, ent.end))
        elif ent.label_ not in NUMERIC_LABELS:
            continue
        spans.append((start, ent.end))
        covered.update(range(start, ent.end))
    for tok in doc:
        if tok.i in covered or tok.i in blocked:
            continue
        low = tok.lower_
        if tok.like_num or low in c.multipliers or low in ("half", "third", "quarter"):
            spans.append((tok.i, tok.i + 1))
    out = []
    for start, end in sorted(spans):
        toks = doc[start:end]
        if any(t.i in blocked for t in toks if t.like_num):
            continue
        nums = [t for t in toks if t.like_num or t.lower_ in c.multipliers or "-" in t.text]
        # Years, "Model 3"-style names and codes like "45X" are not figures.
        if (
            len(nums) == 1
            and _is_year(nums[0])
            and not any(t.text in ("%", "percent") for t in toks)
        ):
            continue
        if any(t.pos_ == "PROPN" and t.like_num for t in toks):
            continue
        # "2:22" (verses, times, scores) and list numbers alone on a line ("1.") are not facts.
        if any(re.fullmatch(r"\d+:\d+", t.text) for t in toks) or not any(
            t.is_alpha and t.i not in range(start, end) for t in toks[0].sent
        ):
            continue
        if any(not t.text.replace(",", "").replace(".", "").isdigit() and t.text[:1].isdigit()
               and t.text[-1:].isalpha() and t.lower_ not in SCALE_WORDS
               and not re.fullmatch(r"\d+(\.\d+)?(bn|m|mn|k|tn|b|pc|%)", t.lower_)
               for t in toks):  # fmt: skip
            continue
        out.append((start, end))
    return out


def _window(doc: Doc, start: int, end: int) -> Span:
    """The figure's tokens with currency signs before and unit/scale words after it."""
    sent = doc[start].sent
    s, e = start, end
    while s > sent.start and (doc[s - 1].text in _CURRENCY_SIGNS or doc[s - 1].is_currency):
        s -= 1
    if s - 2 >= sent.start and doc[s - 1].lower_ == "in" and doc[s - 2].like_num:
        s -= 2  # "one in ten": a ratio
    while e < sent.end and e - end < 3:
        t = doc[e]
        nxt = t.lower_
        if nxt in SCALE_WORDS or nxt in UNIT_WORDS or t.like_num or nxt == "-" or t.is_currency:
            e += 1
        elif nxt in ("of",) and e + 1 < sent.end and doc[e + 1].lower_ in ("a", "an"):
            break
        elif t.pos_ == "NOUN" and e == end and doc[end - 1].like_num:
            e += 1  # the unit noun: "5,000 tonnes", "20 km"
            break
        else:
            break
    if e < sent.end and doc[e].lower_ in _TALLY_NOUNS and doc[e - 1].like_num:
        e += 1  # "56-43 vote": the noun that makes it a tally
    return doc[s:e]


def _qualifier(doc: Doc, span: Span) -> tuple[str, int]:
    """Qualifier from the words before the number (inside the NER span or just before it)."""
    first_num = next((t.i for t in span if t.like_num or t.is_currency), span.start)
    lo = max(span.sent.start, first_num - 4)
    words = [t.lower_ for t in doc[lo:first_num]]
    for phrase, qualifier in cues().qualifiers:
        n = len(phrase)
        if n <= len(words) and words[-n:] == phrase:
            return qualifier, first_num - n
    return "exact", first_num


# ---------------------------------------------------------------- meaning


def _noun_phrase(tok: Token, exclude: frozenset[int] = frozenset()) -> str:
    """A noun with its compound modifiers, lowercased, head lemmatized ("battery capacity").
    Tokens in ``exclude`` (the figure itself, named entities) are left out: "100% US tariffs"
    measures "tariff"; the "US" is its subject."""

    def keep(c: Token) -> bool:
        return (c.dep_ in ("compound", "nmod") or c.text == "-") and c.i not in exclude

    parts = [tok]
    stack = [c for c in tok.lefts if keep(c)]
    while stack:
        c = stack.pop()
        parts.append(c)
        stack.extend(x for x in c.lefts if keep(x))
    parts.sort(key=lambda t: t.i)
    words = []
    for t in parts:
        text = t.lemma_.lower() if t.i == tok.i else t.lower_
        if words and (t.text == "-" or words[-1].endswith("-")):
            words[-1] += text
        else:
            words.append(text)
    return " ".join(w for w in words if w).replace(" - ", "-").strip("- ")


def _outside_head(span: Span) -> Token:
    """The first token outside the span that the span hangs from (the span root if none)."""
    root = span.root
    return root.head if root.head.i < span.start or root.head.i >= span.end else root


def _of_object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


@dataclass
class _Meaning:
    metric: str | None
    noun: Token | None  # the measured noun (tariffs, vehicles, capacity)
    verb: Token | None  # the verb that governs it
    counted_noun: str | None


def _meaning(span: Span, unit: str, named: frozenset[int]) -> _Meaning:
    c = cues()
    exclude = named | frozenset(range(span.start, span.end))
    root = span.root
    head = _outside_head(span)
    # Percent/fraction of something: "80 percent of X" -> share of X.
    of_obj = _of_object(root) or (_of_object(head) if head.i >= span.end else None)
    unit_word = root if root.lower_ in UNIT_WORDS or root.lower_ in c.fractions else None
    noun: Token | None = None
    metric: str | None = None
    counted: str | None = None

    if of_obj is not None and unit in ("percent", "count") and (unit_word or unit == "percent"):
        phrase = _noun_phrase(of_obj, exclude)
        noun = of_obj
        is_share = of_obj.lemma_.lower() in c.share_nouns
        metric = phrase if is_share else f"share of {phrase}"
    elif head.i != root.i and head.pos_ in ("NOUN", "PROPN") and root.dep_ in (
        "nummod", "quantmod", "amod", "compound", "nmod", "npadvmod", "appos"
    ):  # fmt: skip
        noun = head
    elif root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
        noun = head.head  # "revenue of $1.2bn", "tariffs of 100 percent"
    elif root.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "NOUN":
        noun = head.head  # "a stake at 20%"

    verb = noun if noun is not None else root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        verb = None

    if metric is None and noun is not None:
        if (unit == "count" and root.dep_ in ("nummod", "quantmod")) or noun.i >= span.end:
            counted = noun.lemma_.lower()
        if (
            unit == "count"
            and verb is not None
            and noun.dep_ in ("dobj", "conj", "attr")
            and verb.lemma_.lower() in c.measure_verbs
            and _governs(verb, noun)
        ):
            metric = verb.lemma_.lower()
        else:
            metric = _noun_phrase(noun, exclude)
    if metric is None:
        gov = head if head.i != root.i else root.head
        if gov.lemma_.lower() in c.change_words or (
            verb is not None and verb.lemma_.lower() in c.change_words
        ):
            target = verb if verb is not None else gov
            subj = _nsubj(target)
            what = _noun_phrase(subj, exclude) if subj is not None and subj.pos_ == "NOUN" else None
            metric = f"change in {what}" if what else "change"
        elif verb is not None:
            metric = verb.lemma_.lower()
    return _Meaning(metric, noun, verb, counted)


def _governs(verb: Token, noun: Token) -> bool:
    """Whether ``verb`` is the first verb above ``noun`` (through conjuncts and prepositions:
    the parser often hangs a second conjunct off the first one's date)."""
    tok = noun
    for _ in range(5):
        if tok.head.i == verb.i:
            return True
        if tok.head.i == tok.i or tok.head.pos_ in ("VERB", "AUX"):
            return False
        tok = tok.head
    return False


def _nsubj(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None


class _SentenceEntities:
    """Entity mentions of one doc indexed by token, plus the running 'last subject' for coref."""

    def __init__(
        self,
        doc: Doc,
        mentions: Sequence[EntityMention],
        speakers: Sequence[tuple[int, int, EntityMention]] = (),
    ):
        self.doc = doc
        self.speakers = speakers
        self.by_token: dict[int, EntityMention] = {}
        self.label_of: dict[int, str] = {}
        # The small model tags some one-word brand names PERSON in one sentence and ORG in the
        # next; within a doc, such a name is an organisation wherever it is tagged ORG once.
        org_names = {m.mention_text for m in mentions if m.ner_label == "ORG"}
        for m in mentions:
            span = doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
            if span is None:
                continue
            label = m.ner_label
            if label == "PERSON" and " " not in m.mention_text and m.mention_text in org_names:
                label = "ORG"
            for t in span:
                self.by_token[t.i] = m
                self.label_of[t.i] = label
        self.named = frozenset(self.by_token)  # tokens inside any name: never part of a metric
        # Last entity that was a sentence subject, by sentence start, for "the company" / "it".
        self.subject_before: dict[int, dict[str, EntityMention]] = {}
        last: dict[str, EntityMention] = {}
        for sent in doc.sents:
            self.subject_before[sent.start] = dict(last)
            for tok in sent:
                if tok.dep_ in ("nsubj", "nsubjpass") and tok.i in self.by_token:
                    label = self.label_of[tok.i]
                    m = self.by_token[tok.i]
                    # "ORG": the last non-person subject, for "it"/"they"/"the company";
                    # "GPE": the last place, for "the island"/"the country".
                    last["PERSON" if label == "PERSON" else "ORG"] = m
                    if label in ("GPE", "LOC"):
                        last["GPE"] = m

    def in_subtree(
        self, tok: Token, labels=SUBJECT_LABELS, skip: frozenset[int] = frozenset()
    ) -> EntityMention | None:
        best = None
        for t in tok.subtree:
            if t.i in skip:
                continue
            m = self.by_token.get(t.i)
            if m is not None and self.label_of[t.i] in labels:
                rank = labels.index(self.label_of[t.i])
                # Prefer the token itself, then better labels, then closer to the token.
                key = (t.i != tok.i, rank, abs(t.i - tok.i))
                if best is None or key < best[0]:
                    best = (key, m)
        return best[1] if best else None

    def anaphor(self, tok: Token) -> EntityMention | None:
        low = tok.lower_
        if low in _FIRST_PERSON:
            # "I've had two trips" inside a quote: the quote's speaker.
            m = next((m for a, b, m in self.speakers if a <= tok.idx < b), None)
            if m is not None or low not in _PRONOUN_SUBJECTS:
                return m
        before = self.subject_before.get(tok.sent.start, {})
        if low in ("he", "she", "his", "her"):
            return self._person_earlier_in_sentence(tok) or before.get("PERSON")
        if low in _PRONOUN_SUBJECTS or (
            tok.lemma_.lower() in _ANAPHOR_NOUNS
            and any(c.lower_ in ("the", "its", "this", "that") for c in tok.lefts)
            # "the federal government", "the other company": a description of its own, not
            # a pointer back to the last one named.
            and not any(c.dep_ in ("amod", "compound") for c in tok.lefts)
        ):
            if tok.lemma_.lower() in _PLACE_NOUNS:
                return before.get("GPE")
            return before.get("ORG")
        # "his bill", "their plan": the possessor is the pronoun.
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is not None and poss.i != tok.i and poss.lower_ in _POSSESSIVES:
            return self.anaphor(poss)
        return None

    def _person_earlier_in_sentence(self, tok: Token) -> EntityMention | None:
        """The nearest person named earlier in the pronoun's own sentence ("the Smith
        allegation dropping, she was mentioned"). Only for he/she: "it"/"they" so resolved
        were wrong as often as right on the gold set (a nearer name is often a part or a
        product of what "they" refers to)."""
        for i in range(tok.i - 1, tok.sent.start - 1, -1):
            m = self.by_token.get(i)
            if m is not None and self.label_of[i] == "PERSON":
                return m
        return None


def _opinion_subject(span: Span, ents: _SentenceEntities) -> EntityMention | None:
    """A poll share ("57 percent say it's Obama who ...", "52 percent view the party
    negatively") is about whoever the respondents' opinion names, not about the pollster."""
    tok = span.root
    for _ in range(3):  # "57 percent" / "57 percent of Americans" / "Fifty percent of voters"
        if tok.dep_ in ("nsubj", "nsubjpass"):
            break
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    else:
        return None
    verb = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_.lower() not in _OPINION_VERBS:
        return None
    own = {t.i for t in tok.subtree}
    for t in verb.subtree:
        if t.i in own or t.i < verb.i:
            continue
        m = ents.by_token.get(t.i)
        if m is not None and ents.label_of[t.i] in ("ORG", "PERSON", "GPE"):
            return m
    return None


_OPINION_VERBS = frozenset({"say", "believe", "think", "expect", "view", "see", "approve",
    "disapprove", "blame", "support", "oppose", "favor", "favour", "want", "prefer", "trust",
    "feel", "consider", "rate", "back", "agree", "disagree"})  # fmt: skip


def _subject(
    span: Span, meaning: _Meaning, ents: _SentenceEntities, of_scope: set[int], unit: str = ""
) -> EntityMention | None:
    if unit == "percent":
        m = _opinion_subject(span, ents)
        if m is not None:
            return m
    noun = meaning.noun
    if noun is not None and unit == "count":
        # "11 members of the Judiciary Committee", "two terms of the Supreme Court": the
        # counted things belong to the "of" organisation (a share's "of" is its scope instead).
        obj = _of_object(noun)
        if obj is not None and obj.i not in of_scope:
            m = ents.by_token.get(obj.i)
            if m is not None and ents.label_of[obj.i] in ("ORG", "GPE"):
                return m
    if noun is not None:
        for child in noun.children:
            if child.i in of_scope:
                continue
            # "Acme's sales" (the possessor's whole phrase); "US tariffs" (the modifier itself
            # must be the name: "sources familiar with <X>" does not make X the subject).
            if child.dep_ == "poss":
                m = ents.in_subtree(child, SUBJECT_LABELS[:-1])
            elif child.dep_ in ("compound", "amod", "nmod"):
                m = ents.by_token.get(child.i)
                if m is not None and ents.label_of[child.i] not in SUBJECT_LABELS[:-1]:
                    m = None
            else:
                m = None
            if m is not None:
                return m
            if child.dep_ == "prep" and child.lower_ in ("in", "for", "at", "by"):
                m = ents.in_subtree(child, ("GPE", "ORG", "PERSON", "LOC"))
                if m is not None:
                    return m
    elif unit.isupper():
        # Money with no noun of its own: "$4.9 billion in emergency funding for Puerto Rico",
        # "$2 million for Texas" is that place's or body's money.
        for child in span.root.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "for") and child.i >= span.end:
                m = ents.in_subtree(child, ("GPE", "ORG", "LOC"))
                if m is not None:
                    return m
    tok = noun if noun is not None else span.root
    # The figure's own phrase ("the sighting of two convicts who escaped from a New York
    # prison") names what is counted, not who owns the count.
    own_phrase = frozenset(t.i for t in tok.subtree)
    passed_verb = pronoun_pending = False
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX"):
            subj = _nsubj(tok)
            # Above the figure's own clause, a speech verb's subject is the source ("Reuters
            # reported that ..."), unless the clause said "it"/"they" about the speaker.
            if passed_verb and tok.lemma_.lower() in SOURCE_VERBS and not pronoun_pending:
                break
            passed_verb = True
            if subj is not None and (
                subj.lower_ in _PRONOUN_SUBJECTS
                or any(c.dep_ == "poss" and c.lower_ in _PRONOUN_SUBJECTS for c in subj.children)
            ):
                pronoun_pending = True
            # The measured noun being the verb's subject ("tariffs block imports") says nothing
            # about whose figure it is: keep walking up.
            if (
                subj is not None
                and subj.i not in range(span.start, span.end)
                and (noun is None or subj.i != noun.i)
            ):
                m = (
                    ents.in_subtree(subj, SUBJECT_LABELS[:-1], own_phrase)
                    or _reporter(tok, subj, ents)
                    or ents.anaphor(subj)
                )
                if m is not None:
                    return m
        if tok.head.i == tok.i:
            break
        tok = tok.head
    # Fallback: the closest named entity in the sentence, organisations and places before
    # people, and never one inside the figure's own noun phrase ("X of <scope>", "sources
    # familiar with <scope>").
    own = set(of_scope) | ({t.i for t in noun.subtree} if noun is not None else set())
    best = None
    for t in span.sent:
        m = ents.by_token.get(t.i)
        label = ents.label_of.get(t.i)
        if m is None or t.i in own or label not in SUBJECT_LABELS[:-1] or _is_source(t):
            continue
        if span.start <= t.i < span.end:
            continue
        dist = min(abs(t.i - span.start), abs(t.i - span.end))
        if dist > _FALLBACK_REACH:
            continue
        # Nor across a colon or an ellipsis: "Three senators have not signed: Smith of Utah,
        # ..." lists people, it does not place the count in Utah.
        lo, hi = sorted((t.i, span.start))
        if any(x.text in (":", "...", "…") for x in span.doc[lo:hi]):
            continue
        key = (label == "PERSON", dist)
        if best is None or key < best[0]:
            best = (key, m)
    return best[1] if best else None


def _reporter(verb: Token, pronoun: Token, ents: _SentenceEntities) -> EntityMention | None:
    """ "Acme argued that it deserved a $35 million credit": a pronoun subject of a reported
    clause is the one reporting it, when the two agree (he/she a person, it not a person)."""
    low = pronoun.lower_
    if low not in _PRONOUN_SUBJECTS or verb.dep_ != "ccomp" or not _is_source_verb(verb.head):
        return None
    speaker = _nsubj(verb.head)
    if speaker is None:
        return None
    m = ents.in_subtree(speaker, SUBJECT_LABELS[:-1])
    if m is None:
        return None
    person = ents.label_of.get(speaker.i) == "PERSON"
    if low in ("he", "she", "his", "her"):
        return m if person else None
    if low in ("it", "its"):
        return None if person else m
    return m


# How far (in tokens) the nearest-name fallback looks. In the gold set every name it picked
# further away than this was wrong (a long sentence's other clause); nearer ones mostly right.
_FALLBACK_REACH = 20

_LENGTH_UNITS = frozenset({"mile", "kilometre", "kilometer", "metre", "meter", "foot", "yard",
    "inch", "centimetre", "centimeter", "nautical mile"})  # fmt: skip
_TIME_UNITS = frozenset(
    {"year", "month", "week", "day", "night", "hour", "minute", "second", "decade"}
)

SOURCE_VERBS = frozenset({"say", "tell", "report", "state", "add", "note", "write", "claim",
    "announce", "estimate", "find", "show", "suggest", "reckon", "argue", "predict", "cite",
    "reveal", "indicate", "testify", "conclude", "tweet", "post", "accord"})  # fmt: skip


def _is_source(tok: Token) -> bool:
    """Whether a name is where the figure comes from, not whose it is: "X said", "according to
    X", "estimated by X"."""
    head = tok
    while head.dep_ in ("compound", "flat", "amod", "nmod", "poss") and head.head.i != head.i:
        head = head.head
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in SOURCE_VERBS:
        return True
    if head.dep_ in ("dobj", "dative") and head.head.lemma_.lower() in ("tell", "ask", "inform"):
        return True  # "He told Wallace that ...": who was told, not whose figure
    if head.dep_ == "pobj" and head.head.lower_ in ("to", "by"):
        verb = head.head.head
        # "was estimated to have cost $33 billion by X": the agent hangs from the verb the
        # source verb controls.
        while verb.dep_ == "xcomp" and verb.lemma_.lower() not in SOURCE_VERBS:
            verb = verb.head
        return verb.lemma_.lower() in SOURCE_VERBS
    return False


def _period(
    span: Span,
    meaning: _Meaning,
    other_figures: list[tuple[int, int]],
    published: dt.date | None,
    duration: bool = False,
) -> str | None:
    """The figure's year/quarter. A length of time ("25 years to life for the 1997 murder",
    "a 31-year veteran who joined this year") takes only a date attached to its own clause:
    a date elsewhere in the sentence dates some other event."""
    sent = span.sent
    dates = [e for e in sent.ents if e.label_ == "DATE"]
    if not dates:
        return _present(sent, published)
    anchors = {t.i for t in (meaning.noun, meaning.verb) if t is not None} | {span.root.i}
    if meaning.verb is not None and meaning.verb.dep_ in ("conj", "advcl", "relcl"):
        # "was conducted Nov. 21-23, and has a margin of 3", "on Wednesday made X secretary,
        # confirming him on a 56-43 vote", "a rout Monday that produced a selloff of 7%"
        anchors.add(meaning.verb.head.i)
    if not duration:
        anchors |= _reporting_verbs(meaning.verb)

    def attached(ent: Span) -> bool:
        tok = ent.root
        for _ in range(3):
            tok = tok.head
            if tok.i in anchors:
                return True
            if tok.dep_ in _OTHER_CLAUSE:
                return False  # "believe [the GOP ... will be bad next year]": that clause's date
        return False

    def crosses(ent: Span) -> bool:
        lo, hi = sorted((ent.start, span.start))
        # Another figure between the date and this one takes the date; this figure's own
        # candidate span ("an additional $4.9 billion" vs "$4.9 billion") is not another.
        return any(lo < s < hi for s, e in other_figures if e <= span.start or s >= span.end)

    def own_clause(ent: Span) -> bool:
        """Attached directly ("for 11 years in 2019") or by one preposition, not through a
        relative clause or another noun ("for the 1997 murder")."""
        head = ent.root.head
        if head.i in anchors:
            return True
        return ent.root.dep_ == "pobj" and head.dep_ == "prep" and head.head.i in anchors

    ranked = sorted(
        (
            e
            for e in dates
            # A date on the figure's own verb dates it even past another figure ("Last month,
            # X and four others proposed a $48 billion framework").
            if (not crosses(e) or own_clause(e))
            and not (span.start <= e.start < span.end or e.start <= span.start < e.end)
            # A date that hangs from another clause ("he would step down in 2024, adhering
            # to a ban on two terms") dates that clause's event, not this figure.
            and (own_clause(e) if duration else attached(e) or own_clause(e))
        ),
        key=lambda e: (not attached(e), min(abs(e.start - span.end), abs(span.start - e.end))),
    )
    for ent in ranked:
        if _spans_years(ent, dates):
            return None  # "from 1999 to 2017", "between 2009 and 2016": no single period
        period = period_of(ent.text, published)
        if period:
            return period
    return None if duration else _present(sent, published)


def _reporting_verbs(verb: Token | None) -> set[int]:
    """The speech or ruling verbs whose reported clause holds the figure, and a source verb
    added to its clause ("a judge on Friday said [Acme must pay $46 million]", "[...], Y reported
    in 2017"): a date on them is when the figure was stated, which is its period when the
    figure's own clause has none."""
    out: set[int] = set()
    if verb is None:
        return out
    out |= {c.i for c in verb.children if c.dep_ == "parataxis" and _is_source_verb(c)}
    tok = verb
    for _ in range(3):
        if tok.dep_ != "ccomp" or tok.head.i == tok.i:
            break
        tok = tok.head
        if not _is_source_verb(tok):
            break
        out.add(tok.i)
    return out


def _is_source_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in _STATING_VERBS


# Verbs that state a figure: speech verbs and rulings ("the court ruled [X must pay ...]").
_STATING_VERBS = SOURCE_VERBS | {"rule", "decide", "order", "hold", "confirm"}


def _spans_years(ent: Span, dates: list[Span]) -> bool:
    """Whether a date is one end of a span of years: two years in one date expression, or
    "from"/"between" with another date as the other end."""
    if len(set(YEAR_RE.findall(ent.text))) > 1:
        return True
    if ent.root.dep_ != "pobj":
        return False
    head = ent.root.head.lower_
    if head in ("from", "between"):
        return any(o is not ent and 0 <= o.start - ent.end <= 4 for o in dates)
    if head in ("to", "and", "through", "until", "till"):  # the far end: "... to 2017"
        return any(
            o is not ent
            and 0 <= ent.start - o.end <= 4
            and o.root.head.lower_ in ("from", "between")
            for o in dates
        )
    return False


# Clauses with their own event (reported speech, relative clauses): a date inside one dates
# that event. Participles ("tariffs starting in 2024") stay part of the figure's clause.
_OTHER_CLAUSE = frozenset({"ccomp", "csubj", "relcl", "parataxis"})

_NOW_WORDS = frozenset({"currently", "now", "today", "already", "presently"})


def _present(sent: Span, published: dt.date | None) -> str | None:
    """ "The Senate is currently composed of 53 ...", "so far", "as of": a figure stated as true
    at the time of writing belongs to the publication year."""
    if published is None:
        return None
    low = [t.lower_ for t in sent]
    pairs = set(zip(low, low[1:], strict=False))
    moment = ("this", "moment") in pairs or ("the", "moment") in pairs
    if _NOW_WORDS & set(low) or ("so", "far") in pairs or ("as", "of") in pairs or moment:
        return str(published.year)
    return None


def period_of(text: str, published: dt.date | None = None) -> str | None:
    """A period label from a date expression: '2024', '2024-Q3', or a relative year resolved
    against the article's publication date ('last year')."""
    year = YEAR_RE.search(text)
    quarter = QUARTER_RE.search(text)
    if year:
        label = year.group(1)
        if quarter:
            q = quarter.group(1) or _ORD[quarter.group(2).lower()]
            label += f"-Q{q}"
        return label
    if published is not None:
        low = text.lower()
        for phrase, delta in (("last year", -1), ("this year", 0), ("next year", 1)):
            if phrase in low:
                return str(published.year + delta)
        ago = _YEARS_AGO_RE.search(low)
        if ago:
            n = ago.group(1)
            years = int(n) if n.isdigit() else _NUMBER_WORDS.get(n, 1)
            return str(published.year - years)
        # "Tuesday", "last week", "in March", "this month": a time within the publication year.
        if _RECENT_RE.search(low):
            return str(published.year)
    return None


_YEARS_AGO_RE = re.compile(
    r"\b(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten) years? ago\b"
)
_RECENT_RE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|"
    r"this (?:week|month|season|spring|summer|fall|autumn|winter)|last (?:week|month|night)|"
    r"earlier this|so far|january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\b|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\."
)


def _modality(span: Span, meaning: _Meaning) -> str:
    c = cues()
    path = []
    tok = span.root
    for _ in range(8):
        path.append(tok)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    for t in path:
        lemma = t.lemma_.lower()
        children = {ch.lemma_.lower() for ch in t.children if ch.dep_ in ("aux", "acomp", "xcomp")}
        if lemma in c.target or children & c.target:
            return "target"
        if lemma in c.forecast or children & c.forecast:
            # "estimate" before a number is a qualifier of a past fact, not a forecast.
            if lemma == "estimate" and t.i < span.start and t.i >= span.start - 2:
                continue
            return "forecast"
    return "reported"


def _scope(meaning: _Meaning) -> str | None:
    """What the measured noun applies to: "tariffs on Chinese vehicles" -> "chinese vehicles"."""
    if meaning.noun is None:
        return None
    for child in meaning.noun.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "for", "to"):
            objs = [o for o in child.children if o.dep_ == "pobj"]
            if objs:
                words = [t.text for t in objs[0].subtree if not t.is_punct or t.text == "-"]
                return " ".join(words).lower().replace(" - ", "-")
    return None


# ---------------------------------------------------------------- entry point


def extract_figures(
    doc: Doc,
    article_id: str,
    mentions: Sequence[EntityMention] = (),
    published: dt.date | None = None,
    speakers: Sequence[tuple[int, int, EntityMention]] = (),
) -> tuple[list[Figure], list[EntityMention | None]]:
    """Figures of one article, and for each the entity mention chosen as its subject.
    ``speakers``: (start, end, speaker mention) of each attributed quote, for "I"/"we"."""
    ents = _SentenceEntities(doc, mentions, speakers)
    durations = _durations(doc)
    spans = _number_spans(doc, durations)
    # Tokens NER calls DATE/ORDINAL that are figures all the same: lengths of time ("for 11
    # years") and fractions ("a fifth").
    allowed = {i for start, end in durations for i in range(start, end)}
    allowed |= {
        t.i
        for t in doc
        if t.ent_type_ == "ORDINAL"
        and t.i > 0
        and doc[t.i - 1].lower_ in ("a", "one")
        and f"a {t.lower_}" in cues().fractions
    }
    seen_facts: list[tuple[float, str, str]] = []
    figures: list[Figure] = []
    subjects: list[EntityMention | None] = []
    seen: set[tuple[int, int]] = set()
    doc_text = doc.text  # rebuilt from every token on each access: read it once
    for start, end in spans:
        window = _window(doc, start, end)
        text = doc_text[window.start_char : window.end_char]
        if not any(ch.isdigit() for ch in text) and not any(
            w in text.lower() for w in (*cues().fractions, *cues().multipliers, *_VAGUE, "dozen")
        ) and not any(t.like_num for t in window):  # fmt: skip
            continue
        parsed = [p for p in parse_number(text) if p.surface.strip()]
        core = doc[start:end]
        for p in parsed:
            c_start = window.start_char + p.start
            c_end = window.start_char + p.end
            # Keep only numbers that overlap the candidate itself (the window is just context).
            if c_end <= core.start_char or c_start >= core.end_char:
                continue
            if (c_start, c_end) in seen:
                continue
            fig_span = doc.char_span(c_start, c_end, alignment_mode="expand")
            if fig_span is None or any(t.ent_type_ in NOT_FIGURE_LABELS and t.i not in allowed
                                       for t in fig_span if t.like_num):  # fmt: skip
                continue
            if p.unit == "count" and len(fig_span) == 1 and _is_year(fig_span[0]):
                continue
            if p.unit == "count" and fig_span.text.lower() in ("one", "a", "an"):
                continue  # "one of the ...": not a quantity anyone would check
            if _descriptive(doc, fig_span, p) or _label_number(doc, fig_span, p):
                continue
            p = _times_or_count(doc, fig_span, p)
            # The same figure in a near-identical sentence (an embedded post repeating the text,
            # a summary bullet) is one statement, not two.
            sent = fig_span.sent.text.strip()
            if any(v == p.value and u == p.unit and fuzz.ratio(s, sent) >= 90
                   for v, u, s in seen_facts):  # fmt: skip
                continue
            seen_facts.append((p.value, p.unit, sent))
            seen.add((c_start, c_end))
            figure, subject = _build(doc, article_id, fig_span, p, ents, spans, published)
            if any(f.char_start == figure.char_start and f.char_end == figure.char_end
                   for f in figures[-3:]):  # fmt: skip
                continue  # "240,00": one malformed number read twice, keep the first reading
            figures.append(figure)
            subjects.append(subject)
    return figures, subjects


_DEFINITE = frozenset({"the", "those", "both", "all", "its", "their", "his", "her",
                       "our", "my", "your", "'s", "’s", "each", "every", "other"})  # fmt: skip
_COMPARATIVE_NEXT = frozenset({"as", "more", "less", "fewer", "the", "that", "what", "than"})


def _descriptive(doc: Doc, span: Span, parsed: ParsedNumber) -> bool:
    """A small spelled-out count after a definite word describes, it does not report: "the two
    countries", "the state's two largest districts", "all those three statements"."""
    if parsed.unit != "count" or any(ch.isdigit() for ch in span.text):
        return False
    before = doc[span.start - 1] if span.start > span.sent.start else None
    return before is not None and (before.lower_ in _DEFINITE or before.tag_ == "PRP$")


def _label_number(doc: Doc, span: Span, parsed: ParsedNumber) -> bool:
    """Numbers that name rather than count: "Episode 154", "1 Peter 2:22", "seven-figure deal",
    "double standard" (an adjective), "zero horizon"."""
    first, last = span[0], span[-1]
    prev = doc[span.start - 1] if span.start > span.sent.start else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if (
        first.text[:1].isdigit()
        and prev is not None
        and prev.is_title
        and prev.pos_ in ("PROPN", "NOUN")
        and not prev.is_sent_start
        and not prev.is_currency
        and prev.ent_type_ not in ("DATE",)
    ):
        return True  # "Episode 154", "Section 230"
    after = doc[nxt.i + 1] if nxt is not None and nxt.i + 1 < len(doc) else None
    if after is not None and nxt.pos_ == "PROPN" and re.fullmatch(r"\d+:\d+", after.text):
        return True  # "1 Peter 2:22"
    if after is not None and nxt.text in ("-", "–") and after.lower_ in ("figure", "digit"):
        return True  # "seven-figure", "double-digit"
    if parsed.unit == "multiplier" and last.pos_ == "ADJ" and last.dep_ == "amod":
        return True  # "a double standard"
    return parsed.value == 0 and not any(ch.isdigit() for ch in span.text)


def _times_or_count(doc: Doc, span: Span, parsed: ParsedNumber) -> ParsedNumber:
    """ "three times as many" / "twice the size" is a multiplier; "mentioned 16 times", "ran
    twice" counts occurrences; "half as likely" is a multiplier of 0.5."""
    nxt = doc[span.end] if span.end < span.sent.end else None
    comparative = nxt is not None and (
        nxt.lower_ in _COMPARATIVE_NEXT or nxt.tag_ in ("JJR", "RBR")
    )
    low = span.text.lower()
    if parsed.unit == "multiplier" and ("time" in low or low in ("twice", "thrice")):
        if not comparative:
            return replace(parsed, unit="count")
    elif (
        parsed.unit == "percent"
        and low in cues().fractions
        and nxt is not None
        and nxt.lower_ == "as"
    ):
        return replace(parsed, value=round(parsed.value / 100, 4), unit="multiplier")
    return parsed


def _build(
    doc, article_id, span, parsed, ents, spans, published
) -> tuple[Figure, EntityMention | None]:
    qualifier, q_start = _qualifier(doc, span)
    if parsed.qualifier and qualifier == "exact":
        qualifier = parsed.qualifier
    low, high = parsed.low, parsed.high
    value = parsed.value
    if low is not None and high is not None:
        qualifier = "range"
    if parsed.unit == "percent" and parsed.surface.lower() in cues().fractions:
        value = round(value, 2)
    start_tok = min(q_start, span.start)
    raw_span = doc[start_tok : span.end]
    unit = parsed.unit
    if unit == "point" and any(t.lemma_.lower() in cues().poll_words for t in span.sent):
        unit = "percentage_point"  # "leads by 14 points" in a poll: a gap between shares
    meaning = _meaning(span, unit, ents.named)
    of_scope: set[int] = set()
    of_obj = _of_object(span.root)
    if of_obj is not None:
        of_scope = {t.i for t in of_obj.subtree}
    # A distance lies between places; no one entity owns it ("20 miles west of the prison").
    subject = (
        None if parsed.unit in _LENGTH_UNITS else _subject(span, meaning, ents, of_scope, unit)
    )
    figure = Figure(
        article_id=article_id,
        raw_text=raw_span.text,
        value=value,
        unit=unit,
        qualifier=qualifier,
        modality=_modality(span, meaning),
        sentence=span.sent.text.strip(),
        char_start=raw_span.start_char,
        char_end=raw_span.end_char,
        value_low=low if qualifier == "range" else None,
        value_high=high if qualifier == "range" else None,
        metric=meaning.metric,
        subject=subject.mention_text if subject is not None else None,
        period=_period(span, meaning, spans, published, parsed.unit in _TIME_UNITS | _LENGTH_UNITS),
        scope=_scope(meaning),
        counted_noun=meaning.counted_noun,
    )
    return figure, subject
