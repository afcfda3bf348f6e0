"""Direct quotes with their speakers, and stance claims, from a parsed article.

Both passes read the spaCy ``Doc`` of the normalized article text (paragraphs separated by
"\\n"); every offset indexes into ``doc.text``.

Quotes: a small scanner pairs quote marks paragraph by paragraph (straight and curly, single
quotes told apart from apostrophes, an unclosed paragraph-final quote continuing into the next
paragraph). The speaker comes from, in order: (1) a speech verb that governs the quoted words in
the dependency parse or tags them right before/after ("...," she said), its subject found by
climbing advcl/xcomp/conj links; (2) a paragraph-initial colon ("Name, Title: "..."");
(3) the previous paragraph's speaker for multi-paragraph quotes.

Claims: one per (actor, stance, sentence). Stances come from cue lemmas in the parse: denial
verbs, "declined to comment", negated "respond", reported-speech verbs and "according to"; a
quote or reported clause whose content is a denial ("this story is false") makes its speaker a
denier. Direct quotes are not repeated as ``asserts`` claims: the quote rows carry them.

Mentions resolve to names: pronouns to the last person/organization named as a subject, role
phrases ("a company spokesperson", "a representative for X") to the organization, definite
descriptions ("the senator", "the Ohio Democrat") to the last person introduced with a matching
title or party code ("Sen. Jane Doe", "Doe (D-Ohio)"), and "the report" to the outlet whose
report was last named. Subjects inside quote marks are never speakers. Cue words live in
``data/speech.yaml``.
"""

from __future__ import annotations

import bisect
import re
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import yaml
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, SENT_START
from spacy.tokens import Doc, Span, Token

from newsfacts.records import Claim, Quote

LEXICON_PATH = Path(__file__).parent / "data" / "speech.yaml"

# Entity labels that can name a speaker or actor.
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"})
_PLACE_LABELS = frozenset({"GPE", "NORP", "LOC", "FAC"})
# Links climbed from a subject-less verb to the verb that has the subject
# ("X stated, adding that ..." / "X responded, saying ..." / "calling the report ...").
_CLIMB_DEPS = frozenset(
    {"advcl", "xcomp", "conj", "pcomp", "prep", "pobj", "ccomp", "dobj", "oprd", "acomp"}
)
# Right-hand dependents that start another clause: not part of a stance statement's own clause.
_OTHER_CLAUSE_DEPS = frozenset({"advcl", "conj", "cc", "parataxis", "punct", "mark", "relcl"})
_OWNER_PREPS = frozenset({"for", "of", "at", "from", "with", "by", "in"})
_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})

_DOUBLE_MARKS = frozenset('"“”„«»')
_QUOTE_MARK_RE = re.compile("[\"“”„«»‘’']")
_PARAGRAPH_RE = re.compile(r"[^\n]+")
_OPEN_CONTEXT = frozenset("([{—–-/:")  # besides whitespace, what may precede an opening mark
_STRIP_TAIL = " \t\r\n,;:"
_SENTENCE_END = frozenset(".!?…")
_MAX_GOVERNOR_HOPS = 12  # bounded head climbing keeps hostile parses linear
_MAX_SENTENCE_CHARS = 3000  # longer "sentences" are unsegmented junk: rows keep a window
_MAX_CLAIM_TOKENS = 200  # a claimed clause is read (and kept) up to this many tokens
_MAX_TAG_TOKENS = 8  # how far a "..., X said" tag may sit from the quote mark
_TAG_SEPARATORS = frozenset({",", ":", "—", "–", "-"})
# A party letter after a name: "Jane Doe (D-N.Y.)", "Jane Doe, R-Texas,"
_PARTY_RE = re.compile(r"\s*[(,]\s*([DRI])\s*-\s*[A-Z]")


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]
    assert_verbs: frozenset[str]
    object_assert_verbs: frozenset[str]
    bare_assert_verbs: frozenset[str]
    label_verbs: frozenset[str]
    deny_verbs_strong: frozenset[str]
    deny_verbs_weak: frozenset[str]
    deny_nonclaim_objects: frozenset[str]
    claim_nouns: frozenset[str]
    denial_adjectives: frozenset[str]
    negated_truth_adjectives: frozenset[str]
    denial_no_nouns: frozenset[str]
    denial_nouns: frozenset[str]
    decline_verbs: frozenset[str]
    comment_words: frozenset[str]
    decline_objects: frozenset[str]
    respond_verbs: frozenset[str]
    response_objects: frozenset[str]
    reach_verbs: frozenset[str]
    negating_heads: frozenset[str]
    negation_words: frozenset[str]
    role_nouns: frozenset[str]
    org_voice_nouns: frozenset[str]
    report_nouns: frozenset[str]
    anonymous_sources: frozenset[str]
    actor_nouns: frozenset[str]
    org_anaphors: frozenset[str]
    person_pronouns: frozenset[str]
    org_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    # description noun -> title words it can stand for ("senator" -> {"senator", "sen"})
    person_descriptions: dict[str, frozenset[str]]
    party_codes: dict[str, str]  # "d" -> "democrat"


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    values: dict[str, object] = {}
    for f in fields(Lexicon):
        if f.name == "person_descriptions":
            values[f.name] = {
                str(k).lower(): frozenset(str(w).lower() for w in v) for k, v in raw[f.name].items()
            }
        elif f.name == "party_codes":
            values[f.name] = {str(k).lower(): str(v).lower() for k, v in raw[f.name].items()}
        else:
            values[f.name] = frozenset(str(w).lower() for w in raw[f.name])
    return Lexicon(**values)


class Mention(NamedTuple):
    text: str
    start: int
    end: int
    named: bool  # a name (entity/proper noun) rather than a common noun phrase as written


class _Ent(NamedTuple):
    """A named entity without the Span (a Span would keep the Doc alive in the cache)."""

    start: int
    end: int
    label: str


@dataclass
class _RawQuote:
    start: int  # quoted words, marks excluded
    end: int
    open_pos: int  # the opening mark
    close_pos: int | None  # the closing mark; None when the quote runs to the paragraph end
    para: int


@dataclass
class _Attributed:
    raw: _RawQuote
    speaker: Mention | None = None
    cue: str | None = None
    verb_i: int | None = None  # the speech verb's token index, when a verb attributed it


def _opens(ch: str, prev: str, nxt: str) -> bool:
    if ch in "“„«":
        return True
    if ch == '"':
        return (prev.isspace() or prev in _OPEN_CONTEXT) and not nxt.isspace()
    if ch == "”":  # used as an opener by some sites
        return prev.isspace() and nxt.isalnum()
    if ch == "‘":
        return (prev.isspace() or prev in _OPEN_CONTEXT or prev in '"“') and not nxt.isspace()
    if ch == "'":
        return (prev.isspace() or prev in _OPEN_CONTEXT) and nxt.isalpha()
    return False  # ’ and » never open; a word-initial ’ is an elision ('90s)


def _closes(ch: str, prev: str, nxt: str, kind: str) -> bool:
    if kind == "d":
        return ch in '"”»'
    # A single closing mark ends a word and is not followed by a letter: China’s is an apostrophe.
    return ch in "’'" and not prev.isspace() and not nxt.isalnum()


def _scan_paragraph(text: str, ps: int, pe: int, para: int) -> list[_RawQuote]:
    """Pair quote marks inside one paragraph; the other kind of mark nests and is ignored."""
    found: list[tuple[int, int | None]] = []
    open_pos: int | None = None
    open_kind = ""
    headless: tuple[int, int] | None = None  # a quote that lost its opening mark
    para_start = ps
    doubles = [i for i in range(ps, pe) if text[i] in _DOUBLE_MARKS]
    if doubles and text[doubles[0]] in '"”':
        # The first mark closes a quote (',” she said'): the site dropped the opening mark of a
        # paragraph-initial quote. The quote starts with the paragraph.
        first = doubles[0]
        prev = text[first - 1] if first > ps else " "
        nxt = text[first + 1] if first + 1 < pe else " "
        if first > ps and prev in ",.!?" and nxt.isspace():
            headless = (ps, first)
            ps = first + 1
    for m in _QUOTE_MARK_RE.finditer(text, ps, pe):
        pos = m.start()
        ch = text[pos]
        prev = text[pos - 1] if pos > ps else " "
        nxt = text[pos + 1] if pos + 1 < pe else " "
        kind = "s" if ch in "‘’'" else "d"
        if open_pos is None:
            if _opens(ch, prev, nxt):
                open_pos, open_kind = pos, kind
        elif kind == open_kind:
            if _closes(ch, prev, nxt, kind):
                found.append((open_pos, pos))
                open_pos = None
            elif ch in "“„«‘":  # a fresh opener: the earlier one was never closed
                open_pos = pos
    # Newspaper convention: a quote left open at paragraph end continues in the next paragraph.
    # A stray single mark mid-paragraph is more likely an apostrophe, so it only counts at start.
    if open_pos is not None and (open_kind == "d" or not text[ps:open_pos].strip()):
        found.append((open_pos, None))

    quotes = []
    if headless is not None:
        start, end = headless
        while end > start and text[end - 1] in _STRIP_TAIL:
            end -= 1
        if len(text[start:end].split()) > 1:
            quotes.append(_RawQuote(start, end, para_start, headless[1], para))
    for op, cp in found:
        start, end = op + 1, pe if cp is None else cp
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in _STRIP_TAIL:
            end -= 1
        body = text[start:end]
        if not any(c.isalnum() for c in body):
            continue
        if text[op] in "‘'" and len(body) < 2:
            continue
        quotes.append(_RawQuote(start, end, op, cp, para))
    return quotes


def _is_headline(line: str) -> bool:
    """A short line without sentence-final punctuation: a title, crosshead or link text."""
    stripped = line.strip().rstrip("\"”’'»)]")
    return bool(stripped) and stripped[-1] not in _SENTENCE_END and len(stripped.split()) <= 25


class _Article:
    """Per-document indexes shared by the quote and claim passes."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        # A proxy, so that the analysis cached for the next call does not keep the Doc alive.
        self.doc = weakref.proxy(doc)
        self.lex = lex
        self.text = doc.text  # Doc.text is rebuilt on every access: read it once
        self.paras = [(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(self.text)] or [
            (0, len(self.text))
        ]
        self.para_starts = [p[0] for p in self.paras]
        self.headline_paras = {
            k for k, (ps, pe) in enumerate(self.paras) if _is_headline(self.text[ps:pe])
        }
        # Token attributes in bulk: creating a Token object per token costs more than the rest
        # of the pass, so only candidate tokens are ever materialized.
        raw = doc.to_array([IDX, SENT_START, DEP, LEMMA, LOWER, HEAD])
        if not len(doc):
            raw = np.zeros((0, 6), dtype=np.uint64)
        cols = raw.astype(np.int64)  # signed for HEAD offsets and SENT_START; hashes stay raw
        idx = cols[:, 0]
        # Doc.has_annotation walks every token in Python; the arrays answer it for free.
        self.parsed = bool(cols[:, 2].any())
        self.heads = np.arange(len(doc), dtype=np.int64) + cols[:, 5]  # HEAD is relative
        self.tok_starts = idx.tolist()
        starts = np.flatnonzero(cols[:, 1] == 1).tolist()
        self.sent_starts = starts if starts and starts[0] == 0 else [0, *starts]
        # Paragraph of each token: the parser links across "\n" after unpunctuated title lines,
        # and such arcs are never trusted.
        self.para_of_tok = (
            (np.searchsorted(np.asarray(self.para_starts, dtype=np.int64), idx, side="right") - 1)
            .clip(0)
            .tolist()
        )
        self._columns = {
            DEP: raw[:, 2].tolist(),
            LEMMA: raw[:, 3].tolist(),
            LOWER: raw[:, 4].tolist(),
        }
        self.in_quote = bytearray(len(doc))
        self._claims_lock = threading.Lock()
        self._index_entities(doc)
        self._index_subjects()

    def _rows(self, attr: int, values: Iterable[str]) -> list[int]:
        """Indices of tokens whose DEP / LEMMA / LOWER is one of ``values``."""
        strings = self.doc.vocab.strings
        wanted = {strings[v] for v in values}  # a str key hashes; nothing is added to the vocab
        return [i for i, h in enumerate(self._columns[attr]) if h in wanted]

    # ---------------------------------------------------------------- indexes

    def _index_entities(self, doc: Doc) -> None:
        self.ent_at: dict[int, _Ent] = {}
        names: list[tuple[_Ent, Mention]] = []
        votes: dict[str, Counter] = defaultdict(Counter)
        self.surnames: set[str] = set()
        for span in doc.ents:
            if span.label_ not in _NAME_LABELS:
                continue
            ent = _Ent(span.start, span.end, span.label_)
            for i in range(ent.start, ent.end):
                self.ent_at[i] = ent
            mention = self.name(span)
            names.append((ent, mention))
            votes[mention.text.lower()][ent.label] += 1
            if ent.label == "PERSON" and " " in mention.text:
                self.surnames.add(mention.text.rsplit(" ", 1)[1].lower())
        self.votes = votes
        self._kinds = {ent.start: self._vote(ent, m) for ent, m in names}
        self._names = {ent.start: m for ent, m in names}
        self.person_mentions = [
            (ent.start, m) for ent, m in names if self._kinds[ent.start] == "PERSON"
        ]

    def _vote(self, ent: _Ent, mention: Mention) -> str:
        key = mention.text.lower()
        if " " not in key and key in self.surnames:
            return "PERSON"  # "Smith" after "Jane Smith"
        votes = self.votes.get(key) or Counter()
        person, org = votes["PERSON"], votes["ORG"]
        label = "PERSON" if person > org else "ORG" if org > person else ent.label
        return "PLACE" if label in _PLACE_LABELS else label

    def kind(self, ent: _Ent) -> str:
        """PERSON / ORG / PLACE by majority over the document: the model flips single names."""
        return self._kinds[ent.start]

    def ent_name(self, ent: _Ent) -> Mention:
        return self._names[ent.start]

    def _index_subjects(self) -> None:
        self.subjects: dict[str, list[tuple[int, Mention]]] = defaultdict(list)
        if not self.parsed:
            return
        for i in self._rows(DEP, ("nsubj", "nsubjpass")):
            tok = self.doc[i]
            for s in (tok, *tok.conjuncts):
                ent = self.ent_at.get(s.i)
                lemma = s.lemma_.lower()
                if ent is None and (lemma in self.lex.role_nouns or lemma in self.lex.report_nouns):
                    ent = self._owner_entity(s)
                if ent is not None:
                    self.subjects[self.kind(ent)].append((s.i, self.ent_name(ent)))
        for mentions in self.subjects.values():
            mentions.sort(key=lambda x: x[0])

    def recent_subject(self, kind: str, before: int) -> Mention | None:
        mentions = self.subjects.get(kind)
        if not mentions:
            return None
        k = bisect.bisect_left(mentions, before, key=lambda x: x[0])
        return mentions[k - 1][1] if k else None

    def recent_report_source(self, before: int) -> Mention | None:
        """The organization most recently named as the source of a report before a token:
        "a Financial Times article", "a report by X", "X reported", "according to X"."""
        sources = getattr(self, "_report_sources", None)
        if sources is None:
            sources = []
            lex = self.lex
            if self.parsed:
                wanted = lex.report_nouns | {"report", "publish", "reveal", "according"}
                for i in self._rows(LEMMA, wanted):
                    tok = self.doc[i]
                    ent = None
                    if tok.pos_ in ("NOUN", "PROPN"):
                        ent = self._owner_entity(tok)
                    elif tok.lower_ == "according":
                        pobj = self.according_to(tok)
                        ent = self.ent_at.get(pobj.i) if pobj is not None else None
                    elif tok.pos_ == "VERB":
                        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                        ent = self.ent_at.get(subj.i) if subj is not None else None
                    if ent is not None and self.kind(ent) == "ORG" and not self.in_quote[i]:
                        sources.append((i, self.ent_name(ent)))
            self._report_sources = sources
        k = bisect.bisect_left(sources, before, key=lambda x: x[0])
        return sources[k - 1][1] if k else None

    def _person_referent(self, i: int) -> Mention | None:
        """The person a pronoun at ``i`` ("he", "her", "his") stands for."""
        return (
            self._introduced_person(i) or self.recent_subject("PERSON", i) or self.recent_person(i)
        )

    def _introduced_person(self, i: int) -> Mention | None:
        """The person a pronoun at ``i`` refers to when the sentence before introduces them:
        "..., including Rep. Jane Doe (D-Ohio). / “...,” she said." A reporter names someone,
        then quotes them; the last *subject* (what ``recent_subject`` finds) is someone else.
        Only a first mention, the one person named in that sentence, not a modifier ("a Jane
        Doe reference"), and only when no person is that sentence's subject ("he tweeted a
        quote from Jane Doe": he still speaks)."""
        k = self.sent_starts[max(bisect.bisect_right(self.sent_starts, i) - 1, 0)] - 1
        while k >= 0 and (self.in_quote[k] or self.doc[k].is_punct or self.doc[k].is_space):
            k -= 1
        if k < 0 or self.para_of_tok[k] < self.para_of_tok[i] - 1:
            return None
        lo = self.sent_starts[max(bisect.bisect_right(self.sent_starts, k) - 1, 0)]
        people = {
            m.text.rsplit(" ", 1)[-1].lower(): (start, m)
            for start, m in self.person_mentions
            if lo <= start <= k and not self.in_quote[start]
        }
        if len(people) != 1:
            return None
        ((surname, (start, mention)),) = people.items()
        ent = self.ent_at[start]
        if self.doc[ent.start : ent.end].root.dep_ == "compound":
            return None
        for t in self.doc[lo : k + 1]:
            if t.dep_ in ("nsubj", "nsubjpass") and not self.in_quote[t.i]:
                e = self.ent_at.get(t.i)
                if t.lower_ in self.lex.person_pronouns or (
                    e is not None and self.kind(e) == "PERSON"
                ):
                    return None
        first = next(
            s for s, m in self.person_mentions if m.text.rsplit(" ", 1)[-1].lower() == surname
        )
        return mention if first == start else None

    def recent_person(self, before: int) -> Mention | None:
        k = bisect.bisect_left(self.person_mentions, before, key=lambda x: x[0])
        return self.person_mentions[k - 1][1] if k else None

    # ---------------------------------------------------------------- positions

    def para_of(self, char: int) -> tuple[int, int]:
        return self.paras[max(bisect.bisect_right(self.para_starts, char) - 1, 0)]

    def tok_at(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect.bisect_left(self.tok_starts, char)

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """Char bounds of token ``i``'s sentence, clipped to its paragraph."""
        ps, pe = self.para_of(self.doc[i].idx)
        k = bisect.bisect_right(self.sent_starts, i) - 1
        s0 = self.sent_starts[max(k, 0)]
        s1 = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
        start = max(self.doc[s0].idx, ps)
        last = self.doc[s1 - 1]
        end = min(last.idx + len(last.text), pe)
        if end - start > _MAX_SENTENCE_CHARS:
            # A run-on "sentence" (no punctuation for pages) would be copied into every row:
            # keep a window around the token instead.
            anchor = self.doc[i].idx
            start = max(start, anchor - _MAX_SENTENCE_CHARS // 2)
            end = min(end, start + _MAX_SENTENCE_CHARS)
        return self._strip(start, end)

    def _strip(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def token_span(self, i: int, j: int, drop_that: bool = False) -> tuple[int, int] | None:
        """Char span of tokens i..j (inclusive) without edge punctuation (and a leading 'that')."""
        doc, lo, hi = self.doc, i, j
        while i <= j and (doc[i].is_punct or doc[i].is_space):
            i += 1
        if drop_that and i <= j and doc[i].dep_ == "mark" and doc[i].lower_ == "that":
            i += 1
        while j >= i and (doc[j].is_punct or doc[j].is_space):
            j -= 1
        if i > j:
            return None
        # Keep a quote mark that closes (or opens) one inside the span: 'was "rigged"'.
        a, b = doc[i].idx, doc[j].idx + len(doc[j])
        if sum(self.text.count(m, a, b) for m in _DOUBLE_MARKS) % 2:
            k = next(
                (k for k in range(j + 1, min(j + 3, hi + 1)) if doc[k].text in _DOUBLE_MARKS), -1
            )
            if k >= 0:
                j = k
            elif i > lo and doc[i - 1].text in _DOUBLE_MARKS:
                i -= 1
        return doc[i].idx, doc[j].idx + len(doc[j])

    # ---------------------------------------------------------------- mentions

    def name(self, ent: Span) -> Mention:
        """An entity as a name: no leading 'the', no possessive ending."""
        start, end = ent.start_char, ent.end_char
        text = self.text[start:end]
        if text[:4].lower() == "the " and len(text) > 4:
            start += 4
        for mark in ("’s", "'s", "’", "'"):
            if text.endswith(mark) and end - len(mark) > start:
                end -= len(mark)
                break
        return Mention(self.text[start:end], start, end, True)

    def written(self, tok: Token, owner_phrase: bool = False) -> Mention:
        """A noun phrase as written: the head and its left modifiers, up to any punctuation;
        with ``owner_phrase`` also a short "for/from/of X" ("a statement from the county")."""
        start = max(tok.left_edge.i, tok.i - 8)
        for k in range(tok.i - 1, start - 1, -1):
            t = self.doc[k]
            if (t.is_punct and t.lower_ not in _POSSESSIVE_MARKS) or t.is_space:
                start = k + 1  # but "the Tigers' manager" keeps its possessive
                break
        while start < tok.i and self.doc[start].dep_ in ("preconj", "cc"):
            start += 1  # "Both the union and ..." -> "the union"
        end = tok
        if owner_phrase:
            for child in self.kids(tok):
                if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS and child.i > tok.i:
                    if child.right_edge.i - tok.i <= 6:
                        end = child.right_edge
                    break
        s, e = self.doc[start].idx, end.idx + len(end.text)
        return Mention(self.text[s:e], s, e, tok.pos_ == "PROPN")

    def _owner_entity(self, tok: Token) -> _Ent | None:
        """The entity a role/report noun belongs to: "for X", "X's", "X spokesperson"."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i in self.ent_at:
                        return self.ent_at[pobj.i]
        for child in tok.children:
            if child.dep_ in ("poss", "compound") and child.i in self.ent_at:
                return self.ent_at[child.i]
        for child in tok.children:  # "a commentary published by X" / "a statement issued by X"
            if child.dep_ == "acl" and child.tag_ == "VBN":
                for agent in child.children:
                    if agent.dep_ == "agent":
                        for pobj in agent.children:
                            if pobj.dep_ == "pobj" and pobj.i in self.ent_at:
                                return self.ent_at[pobj.i]
        # Token adjacency survives bad parses of "the X' sources" / "a X spokesperson".
        j = tok.i - 1
        while j >= 0 and self.doc[j].lower_ in _POSSESSIVE_MARKS:
            j -= 1
        return self.ent_at.get(j) if j >= 0 and self.same_para(self.doc[j], tok) else None

    def _owner(self, tok: Token) -> Mention | None:
        ent = self._owner_entity(tok)
        if ent is not None:
            return self.ent_name(ent)
        for child in tok.children:
            # "its spokesperson" / "the company's spokesperson" / "a company spokesperson"
            low, lemma = child.lower_, child.lemma_.lower()
            if child.dep_ == "poss" and low in ("his", "her"):
                return self._person_referent(child.i)  # "his tweet continued" -> him
            if child.dep_ in ("poss", "compound") and (
                low in ("its", "their") or lemma in self.lex.org_anaphors
            ):
                return self.recent_subject("ORG", tok.i)
        return None

    def resolve(self, tok: Token) -> Mention:
        """Resolve a subject/agent token to the name it stands for (or the phrase as written)."""
        lex = self.lex
        if tok.lower_ in lex.relative_pronouns and tok.head.dep_ == "relcl":
            tok = tok.head.head  # "Smith, who said ..." -> Smith
        low = tok.lower_
        if low in lex.person_pronouns:
            return self._person_referent(tok.i) or self.written(tok)
        if low in lex.org_pronouns:
            return (
                self.recent_subject("ORG", tok.i)
                or self.recent_subject("PLACE", tok.i)
                or self.written(tok)
            )
        ent = self.ent_at.get(tok.i)
        if ent is not None and ent.label == "NORP":
            # "the New York Democrat": a party word is a description of someone named before
            described = self._described_person(tok)
            if described is not None:
                return described
        if ent is not None:
            return self.ent_name(ent)
        for child in tok.children:  # "the company's spokesman, Jane Doe, said" -> Jane Doe
            e = self.ent_at.get(child.i) if child.dep_ == "appos" else None
            if e is not None and self.kind(e) == "PERSON":
                return self.ent_name(e)
        titled = self._titled_person(tok)
        if titled is not None:
            return titled
        lemma = tok.lemma_.lower()
        described = self._described_person(tok)
        if described is not None:
            return described
        if lemma in lex.role_nouns or lemma in lex.report_nouns or lemma in lex.anonymous_sources:
            owner = self._owner(tok)
            if owner is not None:
                return owner
            if lemma in lex.report_nouns and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children
            ):
                # "the report" with no owner in sight: the outlet whose report was last named
                source = self.recent_report_source(tok.i)
                if source is not None:
                    return source
            if (
                lemma in lex.org_voice_nouns
                and tok.tag_ != "NNS"
                and not any(c.dep_ == "prep" for c in self.kids(tok))
            ):
                # "a spokesperson said": the organization last named as a subject
                return self.recent_subject("ORG", tok.i) or self.written(tok)
            return self.written(tok, owner_phrase=True)
        if lemma in lex.org_anaphors and any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children
        ):
            return self.recent_subject("ORG", tok.i) or self.written(tok)
        return self.written(tok)

    def _person_titles(self) -> tuple[list[tuple[int, str, Mention]], dict[str, set[str]]]:
        """Every person mention (token index, surname, name) and the title words each surname
        was introduced with: "Sen. Jane Doe", "Jane Doe, a senator", "Jane Doe (D-Ohio)"."""
        cached = getattr(self, "_titles_cache", None)
        if cached is not None:
            return cached
        doc, lex = self.doc, self.lex
        positions: list[tuple[int, str, Mention]] = []
        titles: dict[str, set[str]] = defaultdict(set)
        for start, mention in self.person_mentions:
            ent = self.ent_at[start]
            surname = mention.text.rsplit(" ", 1)[-1].lower()
            positions.append((start, surname, mention))
            words = titles[surname]
            # capitalized titles and nouns right before the name: "House Minority Leader X"
            for k in range(start - 1, max(start - 6, -1), -1):
                t = doc[k]
                if t.i in self.ent_at and self.kind(self.ent_at[t.i]) == "PERSON":
                    break
                if t.pos_ not in ("PROPN", "NOUN") or not self.same_para(t, doc[start]):
                    break
                words.add(t.lower_.rstrip("."))
            # an apposition: "X, a senator from ..." / "the senator, X,"
            root = doc[start : ent.end].root
            nouns = [c for c in root.children if c.dep_ == "appos"]
            if root.dep_ == "appos":
                nouns.append(root.head)
            for n in nouns:
                if n.i in self.ent_at:
                    continue
                words.add(n.lemma_.lower())
                words.update(
                    c.lower_ for c in n.children if c.dep_ in ("compound", "amod") and c.i < n.i
                )
            # party and state: "X (D-N.Y.)" / "X, R-Texas,"
            end_char = doc[ent.end - 1].idx + len(doc[ent.end - 1])
            m = _PARTY_RE.match(self.text, end_char)
            if m and m.group(1).lower() in lex.party_codes:
                words.add(lex.party_codes[m.group(1).lower()])
        self._titles_cache = (positions, titles)
        return self._titles_cache

    def _described_person(self, tok: Token) -> Mention | None:
        """ "the senator" / "the New York Democrat": the person most recently named who was
        introduced with a matching title, if any was."""
        wanted = self.lex.person_descriptions.get(tok.lemma_.lower()) or (
            self.lex.person_descriptions.get(tok.lower_)
        )
        ent = self.ent_at.get(tok.i)
        if wanted is None or (ent is not None and ent.label != "NORP"):
            return None
        first = self.doc[tok.left_edge.i]
        if not (first.lower_ in ("the", "this", "that") and first.dep_ == "det"):
            return None  # only a definite description points back
        if any(c.dep_ in ("prep", "poss") or c.tag_ == "POS" for c in tok.children):
            return None  # "the president of the club" / "the company's president": someone else
        positions, titles = self._person_titles()
        for _, surname, mention in reversed([p for p in positions if p[0] < tok.i]):
            if titles[surname] & wanted:
                return mention
        return None

    def _titled_person(self, tok: Token) -> Mention | None:
        """The person a capitalized title phrase heads: "Editor in Chief Jane Doe" parsed with
        the title as the head. Only capitalized words (and "of"/"in" inside the title) may
        stand between, so "a lawyer for Jane Doe" stays the lawyer."""
        if not tok.is_title or tok.pos_ not in ("NOUN", "PROPN"):
            return None
        for k in range(tok.i + 1, min(tok.right_edge.i, tok.i + 6) + 1):
            t = self.doc[k]
            ent = self.ent_at.get(k)
            if ent is not None:
                if ent.start == k and self.kind(ent) == "PERSON":
                    return self.ent_name(ent)
                return None
            if t.is_title or (
                t.lower_ in ("of", "in") and k + 1 < len(self.doc) and self.doc[k + 1].is_title
            ):
                continue
            return None
        return None

    def actor_ok(self, tok: Token, mention: Mention) -> bool:
        """Asserting actors must be named or be a recognizable source, not "the denials"."""
        if mention.named or tok.lower_ in self.lex.person_pronouns:
            return True
        lemma = tok.lemma_.lower()
        lex = self.lex
        return (
            lemma in lex.actor_nouns
            or lemma in lex.report_nouns
            or lemma in lex.role_nouns
            or lemma in lex.anonymous_sources
            or lemma in lex.org_anaphors
        )

    # ---------------------------------------------------------------- parse helpers

    def negated(self, tok: Token) -> bool:
        neg = self.lex.negation_words
        for c in tok.children:
            if (c.dep_ == "neg" or c.lower_ in neg) and not any(
                g.lower_ == "only" for g in c.children
            ):  # "it's not only false, but ..." affirms
                return True
            # "do n’t": the curly contraction is often hung on the auxiliary instead
            if c.dep_ in ("aux", "auxpass") and any(g.lower_ in neg for g in c.children):
                return True
        return False

    def same_para(self, a: Token, b: Token) -> bool:
        return self.para_of_tok[a.i] == self.para_of_tok[b.i]

    def kids(self, tok: Token) -> list[Token]:
        """Children in the token's own paragraph (arcs into a glued-on title line are noise)."""
        return [c for c in tok.children if self.para_of_tok[c.i] == self.para_of_tok[tok.i]]

    def subject_of(self, verb: Token) -> Token | None:
        v = verb
        for _ in range(_MAX_GOVERNOR_HOPS):
            for c in v.children:
                if c.dep_ == "agent":  # passive: "was described as ... by X"
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None and self.same_para(pobj, verb):
                        return pobj
            # A subject inside a quote is part of the quoted words, never the one quoting them
            # ("House conservatives would be insane ...," calling it ...): climb past it.
            outside = not self.in_quote[verb.i]
            subjects = [
                c
                for c in v.children
                if (c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and v.lemma_ == "quote"))
                and not (outside and self.in_quote[c.i])
            ]
            # Two subjects: "The work of X, said Mr. Doe, depends on ..." hangs the clause's
            # subject on the inserted tag too; the one after the verb is the speaker.
            subj = next((c for c in subjects if c.i > v.i), subjects[0]) if subjects else None
            if subj is not None:
                return subj if self.same_para(subj, verb) else self._paragraph_opener(verb)
            if v.dep_ in ("acl", "relcl"):  # "a statement saying ..." -> the statement
                return v.head if self.same_para(v.head, verb) else None
            if v.dep_ not in _CLIMB_DEPS or v.head.i == v.i or not self.same_para(v.head, verb):
                return None
            v = v.head
        return None

    def _paragraph_opener(self, verb: Token) -> Token | None:
        """A name opening the verb's paragraph ("Jane Doe, an analyst at X, said ..."): the
        subject when the parse hung the real one on a title line above."""
        ps, _ = self.paras[self.para_of_tok[verb.i]]
        first = self.tok_at(ps)
        ent = self.ent_at.get(first)
        if ent is not None and ent.start == first and ent.end <= verb.i:
            return self.doc[ent.start : ent.end].root
        return None

    def is_speech_verb(self, tok: Token) -> bool:
        if tok.pos_ == "VERB":
            return tok.lemma_.lower() in self.lex.speech_verbs
        # A participle after a comma that the tagger took for a noun: "..., writing, “...”".
        low = tok.lower_
        if tok.pos_ != "NOUN" or not low.endswith("ing") or tok.i == 0:
            return False
        if self.doc[tok.i - 1].text != ",":
            return False
        stem = low[:-3]
        forms = {stem, stem + "e"}
        if len(stem) > 2 and stem[-1] == stem[-2]:
            forms.add(stem[:-1])  # "admitting" -> "admit"
        return bool(forms & self.lex.speech_verbs)

    def according_to(self, tok: Token) -> Token | None:
        """The pobj of "according to X", if ``tok`` is "according"."""
        if tok.lower_ != "according":
            return None
        for prep in tok.children:
            if prep.lower_ == "to":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        return None

    def clause_span(self, verb: Token) -> tuple[int, int] | None:
        """The verb's own clause: subject, verb and complements, no trailing other clauses."""
        lo = hi = verb.i
        for c in self.kids(verb):
            if c.dep_ not in _OTHER_CLAUSE_DEPS:
                lo, hi = min(lo, c.left_edge.i), max(hi, c.right_edge.i)
        return self.token_span(lo, hi)

    def denial_cue(self, tokens: Iterable[Token]) -> str | None:
        """The word that makes a stretch of text a denial ("false", "no truth"), if any."""
        lex = self.lex
        for t in tokens:
            lemma = t.lemma_.lower()
            if lemma in lex.denial_adjectives or t.lower_ in lex.denial_adjectives:
                # "a false start" is not a denial; "the report, completely untrue" is
                if t.dep_ == "amod" and t.head.lemma_.lower() not in lex.claim_nouns:
                    continue
                if not (self.negated(t) or self.negated(t.head)):
                    return t.lower_
            elif lemma in lex.negated_truth_adjectives and t.dep_ in ("acomp", "attr", "ROOT"):
                if self.negated(t) or self.negated(t.head):
                    return "not " + lemma
            elif lemma in lex.denial_no_nouns:
                if any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
                    return "no " + lemma
            elif lemma in lex.denial_nouns and t.dep_ in ("attr", "ROOT", "oprd"):
                return lemma
            elif t.lower_ == "such" and any(
                c.dep_ == "det" and c.lower_ == "no" for c in t.head.children
            ):
                return "no such"  # "no such negotiations occurred": what was reported did not
            elif (
                lemma == "say"
                and t.pos_ == "VERB"
                and self.negated(t)
                and any(
                    c.dep_ == "dobj" and c.lower_ in ("that", "this", "it", "so")
                    for c in t.children
                )
            ):
                return "did not say"  # "said he didn't say that"
        return None

    # ---------------------------------------------------------------- quotes

    def find_quotes(self) -> list[_Attributed]:
        quotes: list[_Attributed] = []
        for k, (ps, pe) in enumerate(self.paras):
            quotes.extend(_Attributed(q) for q in _scan_paragraph(self.text, ps, pe, k))
        for q in quotes:
            r = q.raw
            close = r.close_pos if r.close_pos is not None else r.end
            for i in range(self.tok_at(r.open_pos), self.tok_at(close + 1)):
                self.in_quote[i] = 1
        # Subjects inside quotes are the speakers' words ("We will ..."), not the narrative a
        # later pronoun points back into.
        for kind, mentions in self.subjects.items():
            self.subjects[kind] = [(i, m) for i, m in mentions if not self.in_quote[i]]
        if self.parsed:
            for q in quotes:
                self._attribute_by_verb(q)
        self._attribute_by_colon(quotes)
        self._attribute_by_continuation(quotes)
        # Unattributed quoted fragments in a title or crosshead line are titles, not speech.
        return [q for q in quotes if q.speaker is not None or q.raw.para not in self.headline_paras]

    def _speaker_from(self, cue: Token) -> tuple[Mention, str] | None:
        pobj = self.according_to(cue)
        if pobj is not None:
            return self.resolve(pobj), "according to"
        subj = self._inverted_subject(cue) or self.subject_of(cue)
        if subj is None:
            return None
        return self.resolve(subj), cue.lemma_.lower()

    def _inverted_subject(self, cue: Token) -> Token | None:
        """ "Added another employee: “...”": a sentence-initial speech verb whose subject
        follows it, which the parser takes for an object."""
        if cue.lemma_.lower() in ("tell", "ask", "call", "describe", "label", "term", "dub"):
            return None  # their object is the addressee or the labelled thing
        k0 = self.sent_starts[max(bisect.bisect_right(self.sent_starts, cue.i) - 1, 0)]
        first = next((t for t in self.doc[k0 : cue.i + 1] if not (t.is_punct or t.is_space)), None)
        if first is None or first.i != cue.i:
            return None
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in cue.children):
            return None
        obj = next((c for c in cue.children if c.dep_ in ("dobj", "attr") and c.i > cue.i), None)
        if obj is None or obj.right_edge.i + 1 >= len(self.doc):
            return None
        after = self.doc[obj.right_edge.i + 1]
        return obj if after.text in (":", ",") or after.text in _DOUBLE_MARKS else None

    def _attribute_by_verb(self, q: _Attributed) -> None:
        doc, r = self.doc, q.raw
        ps, pe = self.paras[r.para]
        i0, i1 = self.tok_at(r.start), self.tok_at(r.end)
        candidates: list[tuple[int, Token]] = []
        # (1a) a speech verb governing the quoted words: climb from each fragment's root (a
        # quoted token whose head lies outside the quote), found on the head array.
        heads = self.heads[i0:i1]
        for i in (np.flatnonzero((heads < i0) | (heads >= i1)) + i0).tolist():
            node, hops = doc[i], 0
            if node.is_punct or node.is_space:
                continue
            while node.head.i != node.i and hops < _MAX_GOVERNOR_HOPS:
                node, hops = node.head, hops + 1
                if not ps <= node.idx < pe:
                    break
                if self.in_quote[node.i]:
                    continue
                if self.is_speech_verb(node) or self.according_to(node) is not None:
                    candidates.append((hops, node))
                    break
                # 'X will have a “very limited” impact, according to Y' / 'he will look for
                # "...", the president wrote': the clause the quote sits in is attributed whole.
                according = next(
                    (
                        c
                        for c in node.children
                        if self.according_to(c) is not None
                        or (c.dep_ == "parataxis" and self.is_speech_verb(c))
                    ),
                    None,
                )
                if according is not None:
                    candidates.append((hops, according))
                    break
        candidates.sort(key=lambda c: c[0])
        ordered = [c[1] for c in candidates]
        # (1b) a tag right after the closing mark: "...," said X / "...," X told Y.
        if r.close_pos is not None:
            ordered.extend(
                t
                for t in self._tag_tokens(self.tok_at(r.close_pos + 1), pe, step=1)
                if not self._introduces(t)
            )
        # (1c) a tag right before the opening mark: X said, "..." / X told CBS "...".
        ordered.extend(self._tag_tokens(self.tok_at(r.open_pos) - 1, ps, step=-1))
        for cue in ordered:
            found = self._speaker_from(cue)
            if found is not None:
                q.speaker, q.cue, q.verb_i = found[0], found[1], cue.i
                return

    def _introduces(self, cue: Token) -> bool:
        """ "We would add: ..." / "He wrote:": a cue ending in a colon introduces the words that
        follow it, so it cannot tag a quote that came before."""
        k = cue.i + 1
        while k < len(self.doc) and k - cue.i <= 4 and not self.doc[k].is_punct:
            k += 1
        return k < len(self.doc) and self.doc[k].text == ":"

    def _tag_tokens(self, i: int, limit: int, step: int) -> list[Token]:
        """Speech verbs in the short clause next to a quote mark (``step`` = reading direction)."""
        doc, out, words, separated = self.doc, [], 0, False
        while 0 <= i < len(doc) and words < _MAX_TAG_TOKENS:
            t = doc[i]
            if (t.idx >= limit) if step > 0 else (t.idx < limit):
                break
            if self.in_quote[i]:
                break
            if t.is_punct:
                # one separator may sit between the mark and the tag: ',” said X' / 'X said: “'
                if words or separated or t.text not in _TAG_SEPARATORS:
                    break
                separated = True
            elif not t.is_space:
                words += 1
                if self.is_speech_verb(t) or self.according_to(t) is not None:
                    out.append(t)
            i += step
        return out

    def _attribute_by_colon(self, quotes: list[_Attributed]) -> None:
        """'Name, Title at Org: "..."' at the start of a paragraph attributes its quotes."""
        first_in_para: dict[int, _Attributed] = {}
        for q in quotes:
            first_in_para.setdefault(q.raw.para, q)
        for para, first in first_in_para.items():
            ps, _ = self.paras[para]
            prefix = self.text[ps : first.raw.open_pos].rstrip()
            if not prefix.endswith(":") or len(prefix.split()) > 25:
                continue
            speaker = self._name_in(ps, ps + len(prefix))
            if speaker is None:
                continue
            for q in quotes:
                if q.raw.para == para and q.speaker is None:
                    q.speaker, q.cue = speaker, ":"

    def _name_in(self, start: int, end: int) -> Mention | None:
        """The first person (else organization, else proper noun) named in a char range."""
        names: list[_Ent] = []
        for i in range(self.tok_at(start), self.tok_at(end)):
            e = self.ent_at.get(i)
            if e is not None and (not names or names[-1] is not e):
                names.append(e)
        for wanted in ("PERSON", "ORG"):
            for e in names:
                if self.kind(e) == wanted:
                    return self.ent_name(e)
        if names:
            return self.ent_name(names[0])
        for t in self.doc[self.tok_at(start) : self.tok_at(end)]:
            if t.pos_ == "PROPN":
                return self.written(t.head if t.dep_ == "compound" else t)
        return None

    def _attribute_by_continuation(self, quotes: list[_Attributed]) -> None:
        """Quotes that carry on an attributed one inherit its speaker: the rest of a quote after
        '"A," she said. "B."', and the newspaper convention of multi-paragraph quotes."""
        by_para: dict[int, list[_Attributed]] = defaultdict(list)
        for q in quotes:
            by_para[q.raw.para].append(q)
        for para in sorted(by_para):
            if para in self.headline_paras:
                continue
            group = by_para[para]
            ps, _ = self.paras[para]
            for before, q in zip(group, group[1:], strict=False):
                if (
                    q.speaker is None
                    and before.speaker is not None
                    and self._only_tag_between(before, q)
                ):
                    q.speaker, q.cue = before.speaker, "continuation"
            first = group[0]
            if first.speaker is not None or self.text[ps : first.raw.open_pos].strip():
                continue
            if any(q.speaker is not None for q in group):
                continue
            # An unclosed quote continues past interposed title/link lines; otherwise the
            # quote paragraph must follow the attributed one directly.
            k = para - 1
            while k in self.headline_paras and para - k <= 3:
                k -= 1
            prev = by_para.get(k)
            if prev is None or (k != para - 1 and prev[-1].raw.close_pos is not None):
                continue
            if prev[-1].speaker is not None:
                for q in group:
                    if q.speaker is None:
                        q.speaker, q.cue = prev[-1].speaker, "continuation"

    def _only_tag_between(self, before: _Attributed, after: _Attributed) -> bool:
        """Only the first quote's own tag ("she said.") stands between two quotes."""
        i, j = self.tok_at(before.raw.end), self.tok_at(after.raw.open_pos)
        words = [t for t in self.doc[i:j] if not (t.is_punct or t.is_space)]
        cue = before.verb_i
        if not words:
            return True
        if cue is None or not i <= cue < j:
            return False
        if len(words) > 12:
            # A long tag is still only the tag when the speech verb governs all of it: "said
            # Jane Doe, an analyst at the institute who studies the region."
            return len(words) <= 40 and all(t.i == cue or self._governed_by(t, cue) for t in words)
        # other verbs only inside the tag: "said Maria Chen, who owns a café nearby."
        return all(
            t.i == cue or self._governed_by(t, cue) for t in words if t.pos_ in ("VERB", "AUX")
        )

    def _governed_by(self, tok: Token, head_i: int) -> bool:
        for _ in range(_MAX_GOVERNOR_HOPS):
            if tok.head.i == tok.i:
                return False
            tok = tok.head
            if tok.i == head_i:
                return True
        return False

    def quote_records(self, quotes: list[_Attributed], article_id: str) -> list[Quote]:
        out = []
        for q in quotes:
            r = q.raw
            i0 = min(self.tok_at(r.start), len(self.doc) - 1)
            s, e = self.sentence_bounds(i0)  # the paragraph when there is no parse
            sp = q.speaker
            out.append(
                Quote(
                    article_id=article_id,
                    quote_text=self.text[r.start : r.end],
                    char_start=r.start,
                    char_end=r.end,
                    speaker=sp.text if sp else None,
                    speaker_char_start=sp.start if sp else None,
                    speaker_char_end=sp.end if sp else None,
                    cue=q.cue,
                    sentence=self.text[s:e],
                )
            )
        return out

    # ---------------------------------------------------------------- claims

    def find_claims(self, quotes: list[_Attributed], article_id: str) -> list[Claim]:
        with self._claims_lock:  # the cached analysis may be shared by threads
            self._claims: dict[tuple[str | None, str, int], Claim] = {}
            self._article_id = article_id
            self._find_claims(quotes)
            return sorted(
                self._claims.values(), key=lambda c: (c.char_start, c.actor_char_start or 0)
            )

    def _find_claims(self, quotes: list[_Attributed]) -> None:
        cue_verbs = {q.verb_i for q in quotes if q.verb_i is not None}
        lex = self.lex
        cue_lemmas = (
            lex.deny_verbs_strong
            | lex.deny_verbs_weak
            | lex.decline_verbs
            | lex.respond_verbs
            | lex.reach_verbs
            | lex.label_verbs
            | lex.assert_verbs
            | lex.comment_words
            | {"comment", "have", "plead"}
        )
        rows = sorted({*self._rows(LEMMA, cue_lemmas), *self._rows(LOWER, ("according",))})
        for i in rows:
            if self.in_quote[i] or self.para_of_tok[i] in self.headline_paras:
                continue  # the speaker's own words / a title: their parse is not a statement
            tok = self.doc[i]
            if tok.lower_ == "according":
                self._according(tok)
                continue
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            lemma = tok.lemma_.lower()
            if lemma in lex.deny_verbs_strong or lemma in lex.deny_verbs_weak:
                self._denial_verb(tok, lemma)
            elif lemma in lex.decline_verbs:
                self._decline(tok, lemma)
            elif lemma in lex.comment_words or lemma == "have":
                self._no_comment(tok, lemma)
            elif lemma == "plead":
                self._pleaded_not_guilty(tok)
            elif lemma in lex.respond_verbs or lemma in lex.reach_verbs:
                self._no_response(tok, lemma)
            if lemma in lex.label_verbs:
                self._labelled_false(tok)
            elif lemma in lex.assert_verbs:
                self._assertion(tok, lemma, tok.i in cue_verbs)
        # A quote whose content is a denial makes its speaker a denier ("this story is false").
        for q in quotes:
            if q.speaker is not None:
                i0, i1 = self.tok_at(q.raw.start), self.tok_at(q.raw.end)
                cue = self.denial_cue(self.doc[i0:i1])
                if cue:
                    self._add(q.speaker, "denies", cue, i0, (q.raw.start, q.raw.end))

    def _add(
        self,
        actor: Mention | None,
        stance: str,
        cue: str,
        cue_i: int,
        span: tuple[int, int] | None,
    ) -> None:
        s, e = self.sentence_bounds(cue_i)
        if span is not None:  # a subtree may cross into a title line the parser glued on
            ps, pe = self.paras[self.para_of_tok[cue_i]]
            span = (max(span[0], ps), min(span[1], pe, span[0] + _MAX_SENTENCE_CHARS))
        if span is None or span[0] >= span[1]:
            span = (s, e)
        key = (actor.text.lower() if actor else None, stance, s)
        if key in self._claims or s >= e:
            return
        self._claims[key] = Claim(
            article_id=self._article_id,
            actor=actor.text if actor else None,
            stance=stance,
            claim_text=self.text[span[0] : span[1]],
            cue=cue,
            sentence=self.text[s:e],
            char_start=span[0],
            char_end=span[1],
            actor_char_start=actor.start if actor else None,
            actor_char_end=actor.end if actor else None,
        )

    def _add_for_subject(
        self,
        actor_tok: Token,
        stance: str,
        cue: str,
        cue_i: int,
        span: tuple[int, int] | None,
        asserting: bool = False,
    ) -> None:
        """One claim per coordinated actor ("Both A and B denied ...")."""
        for t in (actor_tok, *actor_tok.conjuncts):
            mention = self.resolve(t)
            if asserting and not self.actor_ok(t, mention):
                continue
            self._add(mention, stance, cue, cue_i, span)

    def _range_span(self, lo: int, hi: int) -> tuple[int, int] | None:
        return self.token_span(lo, hi, drop_that=True)

    def _denial_verb(self, tok: Token, lemma: str) -> None:
        if self.negated(tok):
            return  # "did not deny" is neither a denial nor an assertion
        if tok.dep_ == "conj" and (
            self.negated(tok.head)
            or any(c.lower_ in ("neither", "nor") for c in (*tok.head.children, *tok.children))
        ):
            return  # "has not confirmed or denied" / "neither confirmed nor denied"
        lex = self.lex
        kids = self.kids(tok)
        obj = next((c for c in kids if c.dep_ in ("dobj", "nsubjpass")), None)
        comp = next((c for c in kids if c.dep_ == "ccomp"), None)
        obj_lemma = obj.lemma_.lower() if obj is not None else ""
        if lemma in lex.deny_verbs_weak and comp is None and obj_lemma not in lex.claim_nouns:
            return  # "rejected the offer"
        if obj_lemma in lex.deny_nonclaim_objects:
            return  # "the court denied the motion"
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in kids):
            # "... has been rubbished by both parties": the actor is the by-agent, the claim
            # is whatever precedes the verb group (passive subjects parse badly when long).
            agent = next((c for c in kids if c.dep_ == "agent"), None)
            actor = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
            if actor is None:
                return  # "the report was denied": no one to attribute it to
            group = min([c.i for c in kids if c.dep_ in ("aux", "auxpass", "neg")] + [tok.i])
            s, _ = self.sentence_bounds(tok.i)
            span = self.token_span(self.tok_at(s), group - 1)
        else:
            actor = self.subject_of(tok)
            if actor is None:
                return
            target = comp if comp is not None else obj
            span = (
                self._range_span(target.left_edge.i, target.right_edge.i)
                if target is not None
                else None
            )
        self._add_for_subject(actor, "denies", lemma, tok.i, span)

    def _decline(self, tok: Token, lemma: str) -> None:
        lex = self.lex
        if self.negated(tok) or not any(
            (c.dep_ == "xcomp" and c.lemma_.lower() in lex.comment_words)
            or (c.dep_ == "dobj" and c.lemma_.lower() in lex.decline_objects)
            for c in self.kids(tok)
        ):
            return
        actor = self.subject_of(tok)
        if actor is not None:
            self._add_for_subject(actor, "declines_comment", lemma, tok.i, self.clause_span(tok))

    def _no_comment(self, tok: Token, lemma: str) -> None:
        """ "X would not comment" / "X had no comment"."""
        if lemma != "have":
            # "would not comment" / "would not elaborate"; a negated "confirm" is a non-answer
            # to a question, not a refusal to talk.
            if lemma == "confirm" or not self.negated(tok):
                return
            cue = lemma
        elif any(
            c.dep_ == "dobj"
            and c.lemma_.lower() == "comment"
            and any(d.lower_ == "no" for d in c.children)
            for c in self.kids(tok)
        ):
            cue = "no comment"
        else:
            return
        actor = self.subject_of(tok)
        if actor is not None:
            self._add_for_subject(actor, "declines_comment", cue, tok.i, self.clause_span(tok))

    def _pleaded_not_guilty(self, tok: Token) -> None:
        """ "X pleaded not guilty" / "pleaded innocent": a denial of the charges."""
        window = [t.lower_ for t in self.doc[tok.i + 1 : min(tok.i + 4, len(self.doc))]]
        if not ("innocent" in window or ("not" in window and "guilty" in window)):
            return
        actor = self.subject_of(tok)
        if actor is not None:
            self._add_for_subject(
                actor, "denies", "pleaded not guilty", tok.i, self.clause_span(tok)
            )

    def _no_response(self, tok: Token, lemma: str) -> None:
        lex = self.lex
        head = tok.head
        negated = self.negated(tok) or (
            tok.dep_ == "xcomp"  # "failed to respond" / "has yet to respond"
            and (
                head.lemma_.lower() in lex.negating_heads
                or self.negated(head)
                or any(c.lower_ == "yet" for c in head.children)
            )
        )
        if not negated:
            return
        kids = self.kids(tok)
        window = self.doc[tok.i + 1 : min(tok.right_edge.i, tok.i + 10) + 1]
        about_request = any(t.lemma_.lower() in lex.response_objects for t in window)
        if lemma in lex.reach_verbs:
            # "could not be reached (for comment)": the passive subject is the one unreachable
            actor = next((c for c in kids if c.dep_ == "nsubjpass"), None)
        elif lemma == "return":
            if not any(c.dep_ == "dobj" and c.lemma_.lower() in lex.response_objects for c in kids):
                return
            actor = self.subject_of(tok)
        else:
            # "did not respond to the attack" is not about a press request; bare "did not
            # respond" and "did not immediately respond" are.
            has_object = any(c.dep_ in ("prep", "dobj") for c in kids)
            immediately = any(c.lower_ == "immediately" for c in kids)
            if not (about_request or immediately or not has_object):
                return
            actor = self.subject_of(tok)
        if actor is not None:
            self._add_for_subject(actor, "did_not_respond", lemma, tok.i, self.clause_span(tok))

    def _labelled_false(self, tok: Token) -> None:
        """ "X called the report false": a denial, with the labelled thing as the claim."""
        if self.negated(tok):
            return
        parts = [c for c in self.kids(tok) if c.dep_ in ("dobj", "oprd", "acomp", "xcomp", "prep")]
        cue = self.denial_cue(
            t
            for c in parts
            for t in self.doc[c.left_edge.i : min(c.right_edge.i + 1, c.i + _MAX_CLAIM_TOKENS)]
        )
        actor = self.subject_of(tok) if cue else None
        if actor is None:
            return
        # active "called the report false" / passive "the report was described as false by X"
        obj = next((c for c in self.kids(tok) if c.dep_ in ("dobj", "nsubjpass")), None)
        span = self.token_span(obj.left_edge.i, obj.i) if obj is not None else None
        self._add_for_subject(actor, "denies", cue, tok.i, span)

    def _assertion(self, tok: Token, lemma: str, quotes_directly: bool) -> None:
        if self.negated(tok):
            return  # "X did not say ..." claims nothing
        kids = self.kids(tok)
        comp = next((c for c in kids if c.dep_ == "ccomp"), None)
        if comp is not None:
            lo, hi = comp.left_edge.i, comp.right_edge.i
        elif quotes_directly:
            return  # "...," X said: the quote row carries it
        elif tok.dep_ == "parataxis":  # "Acme held talks, the paper reported"
            lo, hi = self._range_without(tok.head, tok)
        else:
            obj = next((c for c in kids if c.dep_ == "dobj"), None)
            if obj is not None and lemma in self.lex.object_assert_verbs:
                lo, hi = obj.left_edge.i, obj.right_edge.i  # "confirmed the talks"
            elif lemma in self.lex.bare_assert_verbs:
                s, e = self.sentence_bounds(tok.i)
                lo, hi = self.tok_at(s), max(self.tok_at(e) - 1, self.tok_at(s))
            else:
                return  # "maintains restrictions": not reported speech without a clause
        hi = min(hi, lo + _MAX_CLAIM_TOKENS)
        if hi < lo or sum(self.in_quote[lo : hi + 1]) * 2 > hi - lo + 1:
            return  # mostly a direct quote: not reported speech
        denial = self.denial_cue(self.doc[lo : hi + 1])
        actor = self.subject_of(tok)
        if actor is None:
            return
        # Reached through "reports suggesting ...": only a named noun counts as the actor.
        if actor.dep_ not in ("nsubj", "nsubjpass", "csubj") and not self.resolve(actor).named:
            return
        if lemma == "tell" and actor.lemma_.lower() in self.lex.anonymous_sources:
            # "sources told X that ...": X, the outlet that vouches for them, when named
            reporter = next(
                (c for c in kids if c.dep_ in ("dobj", "dative") and c.i in self.ent_at), None
            )
            if reporter is not None and not self.resolve(actor).named:
                actor = reporter
        stance, cue = ("denies", denial) if denial else ("asserts", lemma)
        self._add_for_subject(actor, stance, cue, tok.i, self._range_span(lo, hi), asserting=True)

    def _range_without(self, clause: Token, cut: Token) -> tuple[int, int]:
        """Token range of ``clause``'s subtree minus the attribution subtree ``cut``."""
        lo, hi = clause.left_edge.i, clause.right_edge.i
        if cut.left_edge.i > clause.i:
            hi = cut.left_edge.i - 1
        else:
            lo = cut.right_edge.i + 1
        return lo, hi

    def _according(self, tok: Token) -> None:
        pobj = self.according_to(tok)
        if pobj is None:
            return
        clause, hops = tok.head, 0
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i and hops < 6:
            clause, hops = clause.head, hops + 1
        if clause.i == tok.i:
            s, e = self.sentence_bounds(tok.i)
            lo, hi = self._range_without(self.doc[self.tok_at(s)], tok)
            lo, hi = max(lo, self.tok_at(s)), min(hi, self.tok_at(e) - 1)
        else:
            lo, hi = self._range_without(clause, tok)
        hi = min(hi, lo + _MAX_CLAIM_TOKENS)
        if hi < lo or sum(self.in_quote[lo : hi + 1]) * 2 > hi - lo + 1:
            return
        denial = self.denial_cue(self.doc[lo : hi + 1])
        stance, cue = ("denies", denial) if denial else ("asserts", "according to")
        self._add_for_subject(pobj, stance, cue, tok.i, self._range_span(lo, hi), asserting=True)


# One-slot cache: the pipeline runs extract_quotes then extract_claims on the same Doc, and the
# analysis (Doc.text, entity votes, quote attribution) is most of the cost of either. Keyed by a
# weak reference, and the analysis only holds a proxy, so no Doc outlives its caller.
_last: tuple[weakref.ref[Doc], int, _Article, list[_Attributed]] | None = None


def _analyse(doc: Doc) -> tuple[_Article, list[_Attributed]]:
    global _last
    cached = _last
    if cached is not None and cached[0]() is doc and cached[1] == len(doc):
        return cached[2], cached[3]
    art = _Article(doc, load_lexicon())
    quotes = art.find_quotes()
    _last = (weakref.ref(doc), len(doc), art, quotes)
    return art, quotes


def extract_quotes(doc: Doc, article_id: str) -> list[Quote]:
    """Direct quotes in ``doc`` with resolved speakers, in text order."""
    if len(doc) == 0:
        return []
    art, quotes = _analyse(doc)
    out = []
    for q in art.quote_records(quotes, article_id):
        if _is_name_not_speech(q.quote_text):
            continue
        if q.speaker and any(ch.isdigit() for ch in q.speaker):
            # "48 percent said 'more likely'": a share of respondents, not a speaker.
            q.speaker = q.speaker_char_start = q.speaker_char_end = None
        out.append(q)
    return out


def _is_name_not_speech(text: str) -> bool:
    """A single quoted word is a scare quote ("so-called 'reforms'"); a short all-capitalized
    phrase is a title ("told 'Fox News Sunday.'"). Neither reproduces anyone's words."""
    words = text.strip(" .,;:!?").split()
    if len(words) <= 1:
        return True
    return len(words) <= 5 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def extract_claims(doc: Doc, article_id: str) -> list[Claim]:
    """Stance claims (asserts / denies / declines_comment / did_not_respond) in ``doc``."""
    if len(doc) == 0:
        return []
    art, quotes = _analyse(doc)
    return art.find_claims(quotes, article_id) if art.parsed else []
