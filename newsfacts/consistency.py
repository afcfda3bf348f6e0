"""Is it the same statement? Cross-source comparison of quotes (pure Python, no Dagster).

Used by the dbt model ``int_quote_comparisons``, which runs ``compare`` once on each pair of quotes
of one speaker entity within one story and keeps the result across builds (``match_quotes`` is
the same pairing in Python, for tests); figures and stances are compared in SQL (interval
overlap and the ``stance_conflicts`` seed) because their rules are plain joins.

How two quotes of the same speaker are compared (rapidfuzz scores words):

1. Both are normalized: curly quotes and apostrophes straightened, contractions expanded
   ("don't" = "do not"; "it's" keeps an "'s" that matches "is" and "has"), editorial insertions
   dropped ("[it's]" -> "it's", "the (Obamacare) law" -> "the law"), number words as digits,
   "U.S." = "US", lower case. Words are compared without their surrounding punctuation; two
   spellings of one word (ratio >= ``SPELLING_RATIO``, same first letter, at most two letters
   apart: neighbours / neighbors) are the same word, and so are words split differently
   ("health care" / "healthcare").
2. The shorter quote's words are aligned with one window of the longer quote's words
   (semi-global alignment, ``_align``): words of the longer quote outside the window are simply
   not quoted, words of the shorter one beyond the longer quote's own start or end mean the two
   overlap, and a cut marked with "..." on either side costs nothing.
3. Inside the window:
   - nothing differs: ``verbatim`` (the whole of both), ``fragment`` (one is a contiguous part
     of the other) or ``overlap`` -> the quotes agree;
   - the shorter quote only skips words of the longer one (an unmarked cut, or one marked with
     "...") and none of them is a negation: ``abridged`` -> agree;
   - words were replaced, added, or a negation was cut: ``wording_conflict`` when the quotes are
     still recognisably the same statement: a matching word that is not a function word, at
     least ``MIN_MATCHED_SHARE`` of the shorter quote's words matching, at most
     ``MAX_DIFFERING_SHARE`` of them (at least one) differing, and, where a difference sits at
     the edge of the window, a clause boundary in the longer quote there (punctuation or its
     end). Otherwise the quotes are ``different`` statements: "completely untrue" vs "... a
     completely different level of risk" share a word, not a statement.
4. Quotes shorter than ``MIN_WORDS`` words are never compared: a single word proves nothing.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from itertools import combinations
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

AGREE = ("verbatim", "fragment", "abridged", "overlap")
CONFLICT = "wording_conflict"
DIFFERENT = "different"

MIN_WORDS = 2
MIN_MATCHED_SHARE = 0.5
MAX_DIFFERING_SHARE = 1 / 3
SPELLING_RATIO = 85.0

NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "nothing", "without"})

_CONTRACTIONS = [
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'d\b"), " would"),
]
# fmt: off
_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen", "twenty")
_TENS = ("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(_UNITS)} | {
    w: str(10 * i) for i, w in enumerate(_TENS, 3)
}
_S_CONTRACTION = re.compile(r"\b(it|he|she|that|there|what|who|where|here)'s\b")
_ELLIPSIS = re.compile(r"(\.\s*){3,}|…")
_STRIP = "\"'.,;:!?()[]{}…—–-‘’“”«»*"
_BOUNDARY_END = tuple('.,;:!?…—–)"')


@dataclass(frozen=True)
class _Token:
    word: str  # compared form: lower case, punctuation stripped, number words as digits
    boundary_after: bool  # punctuation (or the end of the quote) follows this word
    boundary_before: bool  # punctuation (or the start of the quote) precedes this word
    ellipsis_after: bool = False  # the quote marks a cut ("..." / "…") after this word


def normalize(text: str) -> str:
    """Lower-cased quote text with straight quotes, expanded contractions and no brackets."""
    t = text.lower()
    t = t.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    t = t.replace("[", "").replace("]", "")
    # A parenthesis inside a quote is the outlet's insertion ("the (Obamacare) law").
    t = re.sub(r"\([^()]*\)", " ", t)
    for pattern, repl in _CONTRACTIONS:
        t = pattern.sub(repl, t)
    # "it's" is "it is" or "it has": keep the "'s" as a word that matches either.
    t = _S_CONTRACTION.sub(r"\1 's", t)
    return " ".join(t.split())


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[_Token, ...]:
    # Cached: match_quotes compares each quote with every other quote of its speaker and story.
    # An ellipsis becomes its own piece so that the word before it can carry the mark.
    raw = _ELLIPSIS.sub(" … ", normalize(text)).split()
    out: list[_Token] = []
    for i, piece in enumerate(raw):
        if piece == "…":
            if out:
                last = out[-1]
                out[-1] = _Token(last.word, True, last.boundary_before, True)
            continue
        word = "'s" if piece.rstrip(_STRIP) == "'s" else piece.strip(_STRIP)
        if not word:
            continue
        word = _NUMBER_WORDS.get(word, word).replace(".", "")  # "u.s." = "us"
        before = i == 0 or raw[i - 1].endswith(_BOUNDARY_END) or piece[0] in "\"'([—–-"
        after = i == len(raw) - 1 or piece.endswith(_BOUNDARY_END)
        out.append(_Token(word, after, before))
    if out:
        out[0] = _Token(out[0].word, out[0].boundary_after, True, out[0].ellipsis_after)
        last = out[-1]
        out[-1] = _Token(last.word, True, last.boundary_before, last.ellipsis_after)
    return tuple(out)


@dataclass(frozen=True)
class _Op:
    tag: str  # equal | replace | delete (word only in the short quote) | insert (only in the long)
    src_start: int
    src_end: int
    dest_start: int
    dest_end: int


# Semi-global alignment scores: words of the longer quote before and after the aligned window
# are free (the other outlet quoted a fragment); a substitution costs less than a gap so that
# "completely untrue" aligns with "completely false" rather than skipping a word. Skipping words
# of the longer quote right where the shorter one marks a cut ("...") is free too.
_MATCH, _SUB, _GAP = 2.0, -1.0, -1.5


@lru_cache(maxsize=1 << 18)
def _same_word(a: str, b: str) -> bool:
    """Equal words, or spelling variants (neighbours / neighbors, investigation / -s)."""
    if a == b or {a, b} in ({"'s", "is"}, {"'s", "has"}):
        return True
    return (
        min(len(a), len(b)) >= 5
        and a[0] == b[0]
        and abs(len(a) - len(b)) <= 2
        and fuzz.ratio(a, b) >= SPELLING_RATIO
    )


def _same_matrix(
    short: Sequence[_Token], long_: Sequence[_Token], variants: Iterable[tuple[str, str]]
) -> np.ndarray:
    """``_same_word`` for every (short word, long word) pair, as a boolean matrix: equality by
    word ids, then the pairs of distinct words ``_variant_pairs`` found."""
    vocab: dict[str, int] = {}
    ids_s = np.array([vocab.setdefault(t.word, len(vocab)) for t in short])
    ids_l = np.array([vocab.setdefault(t.word, len(vocab)) for t in long_])
    same = ids_s[:, None] == ids_l[None, :]
    for x, y in variants:
        same |= (ids_s == vocab[x])[:, None] & (ids_l == vocab[y])[None, :]
    return same


_DIAG, _DELETE, _INSERT = 0, 1, 2


def _align(
    short: Sequence[_Token],
    long_: Sequence[_Token],
    variants: Iterable[tuple[str, str]] | None = None,
) -> list[_Op]:
    """Best alignment of every word of ``short`` against one window of ``long_``.

    Row by row with numpy: the move along the longer quote (``left``) is a running maximum,
    score[j] = max(cand[j], score[j-1] + skip) = j*skip + cummax(cand[j'] - j'*skip). Every
    score is a multiple of 0.5, so the float arithmetic is exact, and the walk back recovers
    each move with the scalar recurrence's tie order (diagonal, then delete, then insert).
    ``variants``: ``_variant_pairs`` of the two quotes' words, if the caller has them."""
    k, n = len(short), len(long_)
    if variants is None:
        variants = _variant_pairs({t.word for t in short}, {t.word for t in long_})
    same = _same_matrix(short, long_, variants)
    gain = np.where(same, _MATCH, _SUB)
    # A short word without counterpart is free where the longer quote marks a cut.
    up_cost = np.where([t.ellipsis_after for t in long_], 0.0, _GAP)
    offsets = np.arange(n + 1) * _GAP
    # score[i][j]: best score aligning short[:i] ending at long_[:j] (free start in long_).
    score = np.zeros((k + 1, n + 1))
    cand = np.empty(n + 1)
    for i in range(1, k + 1):
        prev = score[i - 1]
        cand[0] = prev[0] + _GAP
        np.maximum(prev[:-1] + gain[i - 1], prev[1:] + up_cost, out=cand[1:])
        if short[i - 1].ellipsis_after and i < k:  # long words skipped here are free
            score[i] = np.maximum.accumulate(cand)
        else:
            score[i] = np.maximum.accumulate(cand - offsets) + offsets

    def move(i: int, j: int) -> int:
        # The move that gave score[i][j], with the scalar recurrence's tie order.
        if j == 0:
            return _DELETE
        if score[i, j] == score[i - 1, j - 1] + gain[i - 1, j - 1]:
            return _DIAG
        return _DELETE if score[i, j] == score[i - 1, j] + up_cost[j - 1] else _INSERT

    # Free end: the window may stop anywhere; ties go to the earliest end (argmax: the first).
    j = int(np.argmax(score[k]))
    i = k
    steps: list[tuple[str, int, int]] = []  # (tag, i, j) walking back
    while i > 0:
        step = move(i, j)
        if step == _DIAG:
            tag = "equal" if same[i - 1, j - 1] else "replace"
            steps.append((tag, i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == _DELETE:
            steps.append(("delete", i - 1, j))
            i -= 1
        else:
            steps.append(("insert", i, j - 1))
            j -= 1
    ops: list[_Op] = []
    for tag, si, dj in reversed(steps):
        s_end = si + (tag != "insert")
        d_end = dj + (tag != "delete")
        if ops and ops[-1].tag == tag:
            last = ops[-1]
            ops[-1] = _Op(tag, last.src_start, s_end, last.dest_start, d_end)
        else:
            ops.append(_Op(tag, si, s_end, dj, d_end))
    return ops


@dataclass(frozen=True)
class QuoteComparison:
    # verbatim | fragment | abridged | overlap | wording_conflict | different
    relation: str
    similarity: float  # rapidfuzz ratio (0-100) of the shorter quote and the aligned window
    matched_words: int  # words of the shorter quote found in the aligned window
    only_in_a: str  # words of quote a that the other quote words differently ("" if none)
    only_in_b: str

    @property
    def agrees(self) -> bool:
        return self.relation in AGREE


def _variant_pairs(a: set[str], b: set[str]) -> list[tuple[str, str]]:
    """Every (word of ``a``, different word of ``b``) that ``_same_word`` accepts; compares only
    the pairs its rules allow (same first letter, both at least 5 letters, or "'s" against
    "is" / "has") instead of every pair of tokens."""
    pairs = [("'s", y) for y in ("is", "has") if "'s" in a and y in b]
    pairs += [(x, "'s") for x in ("is", "has") if x in a and "'s" in b]
    by_first: dict[str, list[str]] = {}
    for y in b:
        if len(y) >= 5:
            by_first.setdefault(y[0], []).append(y)
    pairs += [
        (x, y)
        for x in a
        if len(x) >= 5
        for y in by_first.get(x[0], ())
        if x != y and _same_word(x, y)
    ]
    return pairs


def compare(a: str, b: str) -> QuoteComparison:
    """Compare two quotes attributed to the same speaker (see the module docstring)."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return QuoteComparison(DIFFERENT, 0.0, 0, "", "")
    if [t.word for t in ta] == [t.word for t in tb]:
        return QuoteComparison("verbatim", 100.0, len(ta), "", "")
    swapped = len(ta) > len(tb)
    short, long_ = (tb, ta) if swapped else (ta, tb)
    function_words = _function_words()
    if len(short) < MIN_WORDS:
        return QuoteComparison(DIFFERENT, 0.0, 0, "", "")
    short_set, long_set = {t.word for t in short}, {t.word for t in long_}
    variants = _variant_pairs(short_set, long_set)
    if not (short_set & long_set) - function_words and not variants:
        # Sharing no word but function words: not even a candidate (cheap exit).
        return QuoteComparison(DIFFERENT, 0.0, 0, "", "")

    ops = _align(short, long_, variants)
    # Words of the longer quote outside the fragment: leading / trailing dest-only ops.
    while ops and ops[0].tag == "insert":
        ops.pop(0)
    while ops and ops[-1].tag == "insert":
        ops.pop()
    # Words of the shorter quote beyond the longer quote's own start or end: the two quotes
    # overlap (each outlet quoted a different stretch), which is no disagreement.
    trimmed = False
    while ops and ops[0].tag == "delete" and ops[0].dest_start == 0:
        ops.pop(0)
        trimmed = True
    while ops and ops[-1].tag == "delete" and ops[-1].dest_end == len(long_):
        ops.pop()
        trimmed = True
    if not ops or not any(op.tag == "equal" for op in ops):
        return QuoteComparison(DIFFERENT, 0.0, 0, "", "")
    w0, w1 = ops[0].dest_start, ops[-1].dest_end
    s0, s1 = ops[0].src_start, ops[-1].src_end
    short_words = [t.word for t in short]
    long_words = [t.word for t in long_]
    similarity = round(fuzz.ratio(" ".join(short_words[s0:s1]), " ".join(long_words[w0:w1])), 1)

    matched_tokens = [
        short_words[i] for op in ops if op.tag == "equal" for i in range(op.src_start, op.src_end)
    ]
    matched = len(matched_tokens)
    only_short: list[str] = []
    only_long: list[str] = []  # replaced or skipped words of the longer quote, in order
    replaced = False
    marked_cut = False
    omitted: list[str] = []
    for op in ops:
        if op.tag == "replace":
            part_short = short_words[op.src_start : op.src_end]
            part_long = long_words[op.dest_start : op.dest_end]
            if _cosmetic(part_short, part_long):
                matched += len(part_short)
                continue
            replaced = True
            only_short += part_short
            only_long += part_long
        elif op.tag == "delete":
            # Words the longer quote cuts with "..." are not missing from it.
            if op.dest_start > 0 and long_[op.dest_start - 1].ellipsis_after:
                marked_cut = True
                continue
            only_short += short_words[op.src_start : op.src_end]
        elif op.tag == "insert":
            # A cut the shorter quote marks with "..." is not an omission.
            if op.src_start > 0 and short[op.src_start - 1].ellipsis_after:
                marked_cut = True
                continue
            omitted += long_words[op.dest_start : op.dest_end]
            only_long += long_words[op.dest_start : op.dest_end]

    def result(relation: str) -> QuoteComparison:
        in_short, in_long = " ".join(only_short), " ".join(only_long)
        if relation in AGREE:
            in_short, in_long = "", ""
        pair = (in_long, in_short) if swapped else (in_short, in_long)
        return QuoteComparison(relation, similarity, matched, *pair)

    if only_short and only_long and _cosmetic(only_short, only_long):
        only_short, only_long, omitted, replaced = [], [], [], False
    if not only_short and not replaced:
        if omitted or marked_cut:
            return result(CONFLICT if NEGATIONS & set(omitted) else "abridged")
        if trimmed:
            return result("overlap")
        whole = (w0, w1) == (0, len(long_)) and (s0, s1) == (0, len(short))
        return result("verbatim" if whole else "fragment")

    # Same statement in other words, or another statement sharing some words?
    n_short = len(short)
    if not set(matched_tokens) - function_words:
        return result(DIFFERENT)  # only function words in common ("a very ...")
    if matched < max(1, math.ceil(MIN_MATCHED_SHARE * n_short)):
        return result(DIFFERENT)
    if max(len(only_short), len(only_long)) > max(1, MAX_DIFFERING_SHARE * n_short):
        return result(DIFFERENT)
    # A difference at the window's edge is evidence only where the longer quote's phrase ends.
    if ops[0].tag != "equal" and w0 < len(long_) and not long_[w0].boundary_before:
        return result(DIFFERENT)
    if ops[-1].tag != "equal" and w1 > 0 and not long_[w1 - 1].boundary_after:
        return result(DIFFERENT)
    return result(CONFLICT)


def _cosmetic(a: Sequence[str], b: Sequence[str]) -> bool:
    """Replaced words that differ only in how they are split: "health care" / "healthcare",
    "any way" / "anyway"."""
    return "".join(a) == "".join(b)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """spaCy's English stop words (contractions expanded): words no statement is known by."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(normalize(w) for w in STOP_WORDS) | {"'s", "s"}


@lru_cache(maxsize=1)
def comparison_version() -> str:
    """A short hash of everything ``compare`` depends on besides the two texts: this module's
    code, its function words (spaCy's stop words) and rapidfuzz. The dbt model
    int_quote_comparisons keeps comparisons across builds and redoes those of another version.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update("\0".join(sorted(_function_words())).encode())
    digest.update(metadata.version("rapidfuzz").encode())
    return digest.hexdigest()[:16]


# ----------------------------------------------------------------------------- many quotes


@dataclass(frozen=True)
class QuoteRef:
    quote_id: str
    article_id: str
    story_id: str
    speaker_key: str  # resolved speaker entity id
    text: str


@dataclass(frozen=True)
class QuoteMatch:
    story_id: str
    speaker_key: str
    quote_id_a: str
    article_id_a: str
    quote_id_b: str
    article_id_b: str
    relation: str
    similarity: float
    matched_words: int
    only_in_a: str
    only_in_b: str
    # A wording conflict whose differing words are all function words ("who" / "that"): the
    # same statement transcribed slightly differently rather than reworded.
    is_minor: bool = False


def is_minor_difference(only_in_a: str, only_in_b: str) -> bool:
    """True when every differing word is a function word (and there is a difference)."""
    words = (only_in_a + " " + only_in_b).split()
    return bool(words) and all(w in _function_words() for w in words)


def match_quotes(quotes: Iterable[QuoteRef]) -> list[QuoteMatch]:
    """Every pair of quotes of the same speaker in the same story from two different articles
    that are the same statement (relation != 'different'); a before b by (article_id,
    quote_id). Callers pass quotes of independent articles only."""
    groups: dict[tuple[str, str], list[QuoteRef]] = {}
    for q in quotes:
        groups.setdefault((q.story_id, q.speaker_key), []).append(q)
    out: list[QuoteMatch] = []
    for (story, speaker), members in sorted(groups.items()):
        ordered: Sequence[QuoteRef] = sorted(members, key=lambda q: (q.article_id, q.quote_id))
        for qa, qb in combinations(ordered, 2):
            if qa.article_id == qb.article_id:
                continue
            c = compare(qa.text, qb.text)
            if c.relation == DIFFERENT:
                continue
            out.append(
                QuoteMatch(
                    story, speaker, qa.quote_id, qa.article_id, qb.quote_id, qb.article_id,
                    c.relation, c.similarity, c.matched_words, c.only_in_a, c.only_in_b,
                    c.relation == CONFLICT and is_minor_difference(c.only_in_a, c.only_in_b),
                )
            )  # fmt: skip
    return out
