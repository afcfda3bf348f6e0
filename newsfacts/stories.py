"""Which articles are copies of each other, and which articles cover the same story.

Both functions see the whole warehouse at once (they run inside dbt-duckdb Python models, see
``dbt_project/models/intermediate/int_near_duplicates.py`` and ``int_story_assignments.py``), so
adding articles later can never leave one half of a story compared without the other. Pure
Python: no Dagster, no database; inputs and outputs are plain records.

Near duplicates
    Word 5-shingles of the normalized text; MinHash signatures in an LSH index give candidate
    pairs cheaply, and every candidate is verified on the exact shingle sets. A pair is a near
    duplicate when the Jaccard similarity or the containment of the shorter text in the longer
    reaches its threshold (a wire story republished with a new headline, a trimmed ending or a
    local paragraph). Each near duplicate is linked to the earliest article (then smallest
    article_id) it is itself similar to, never through a chain of intermediate copies.

Stories
    Single-pass centroid clustering (the classic topic-detection-and-tracking scheme): articles
    in date order (undated ones last) join the most similar open story when the similarity to
    the story's centroid reaches the threshold and the date lies within the story's time window,
    else they found a new story. Similarity mixes TF-IDF cosine over words (title counted twice)
    with IDF-weighted cosine over resolved entity ids. Comparing with a centroid rather than with
    any single member is what keeps a large corpus from chaining into one giant component:
    A ~ B ~ C does not put A and C together unless C resembles the story as a whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# Letters and digits, with inner apostrophes kept ("don't"); curly apostrophes count as one.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# ----------------------------------------------------------------------------- defaults
# The dbt models pass their configured values; these are the documented defaults.
SHINGLE_SIZE = 5
NUM_PERM = 128
NEAR_DUP_JACCARD = 0.7
NEAR_DUP_CONTAINMENT = 0.85
NEAR_DUP_MIN_SHINGLES = 20
LSH_CANDIDATE_THRESHOLD = 0.3

STORY_THRESHOLD = 0.3
# An undated article could belong to any week: it needs this much more similarity to join.
STORY_UNDATED_MARGIN = 0.05
STORY_WINDOW_DAYS = 7
STORY_TEXT_WEIGHT = 0.5
STORY_INDEX_TERMS = 25


def words(text: str) -> list[str]:
    """Lower-cased words of a text; curly apostrophes become straight ones."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> set[str]:
    """Contiguous word n-grams; a text shorter than ``size`` words is one shingle."""
    if not tokens:
        return set()
    if len(tokens) <= size:
        return {" ".join(tokens)}
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _date_order(published: dt.date | None, article_id: str) -> tuple:
    # Earliest published first; undated articles after every dated one; then article_id.
    return (published is None, published or dt.date.min, article_id)


# ----------------------------------------------------------------------------- near duplicates


@dataclass(frozen=True)
class TextDoc:
    article_id: str
    published: dt.date | None
    text: str


@dataclass(frozen=True)
class NearDuplicate:
    article_id: str  # the copy
    original_id: str  # the article it copies (earliest published, then smallest article_id)
    jaccard: float  # exact Jaccard similarity of the two shingle sets
    containment: float  # share of the shorter text's shingles found in the longer one


def _similarity(a: set[str], b: set[str]) -> tuple[float, float]:
    inter = len(a & b)
    union = len(a) + len(b) - inter
    return (inter / union if union else 0.0, inter / min(len(a), len(b)) if a and b else 0.0)


def find_near_duplicates(
    docs: Iterable[TextDoc],
    *,
    shingle_size: int = SHINGLE_SIZE,
    num_perm: int = NUM_PERM,
    jaccard_threshold: float = NEAR_DUP_JACCARD,
    containment_threshold: float = NEAR_DUP_CONTAINMENT,
    min_shingles: int = NEAR_DUP_MIN_SHINGLES,
    candidate_threshold: float = LSH_CANDIDATE_THRESHOLD,
) -> list[NearDuplicate]:
    """Near-duplicate links, one per copy, sorted by article_id.

    Texts with fewer than ``min_shingles`` shingles are never linked: two one-line briefs share
    most of their words without one being a copy of the other.
    """
    from datasketch import MinHash, MinHashLSH

    ordered = sorted(docs, key=lambda d: _date_order(d.published, d.article_id))
    sets: dict[str, set[str]] = {}
    lsh = MinHashLSH(threshold=candidate_threshold, num_perm=num_perm)
    signatures: dict[str, MinHash] = {}
    for doc in ordered:
        grams = shingles(words(doc.text), shingle_size)
        if len(grams) < min_shingles:
            continue
        sets[doc.article_id] = grams
        mh = MinHash(num_perm=num_perm, seed=1)
        mh.update_batch([g.encode("utf-8") for g in sorted(grams)])
        signatures[doc.article_id] = mh
        lsh.insert(doc.article_id, mh)

    rank = {doc.article_id: i for i, doc in enumerate(ordered)}

    def passes(a: str, b: str) -> tuple[bool, float, float]:
        jac, con = _similarity(sets[a], sets[b])
        return (jac >= jaccard_threshold or con >= containment_threshold), jac, con

    original_of: dict[str, str] = {}
    links: list[NearDuplicate] = []
    for doc in ordered:
        aid = doc.article_id
        if aid not in sets:
            continue
        earlier = [c for c in lsh.query(signatures[aid]) if c != aid and rank[c] < rank[aid]]
        best: tuple[float, float, str] | None = None
        for candidate in sorted(set(earlier), key=rank.__getitem__):
            root = original_of.get(candidate, candidate)
            ok, jac, con = passes(aid, root)
            if ok and (best is None or (jac, con) > best[:2]):
                best = (jac, con, root)
        if best is not None:
            original_of[aid] = best[2]
            links.append(NearDuplicate(aid, best[2], round(best[0], 4), round(best[1], 4)))
    return sorted(links, key=lambda link: link.article_id)


# ----------------------------------------------------------------------------- stories


@dataclass(frozen=True)
class StoryDoc:
    article_id: str
    published: dt.date | None
    title: str | None
    text: str
    entities: Mapping[str, int] = field(default_factory=dict)  # entity id -> mentions


@dataclass(frozen=True)
class StoryAssignment:
    article_id: str
    story_id: str
    founder_id: str  # the article that opened the story
    similarity: float | None  # combined similarity to the story when it joined; None: founder
    text_similarity: float | None
    entity_similarity: float | None
    centrality: float  # combined similarity to the final story centroid (1.0 when alone)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English function words (spaCy's list): they say nothing about which story it is."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w.replace("’", "'") for w in STOP_WORDS)


def story_id_for(founder_id: str) -> str:
    """Stable id of the story opened by ``founder_id`` (same corpus -> same ids)."""
    return "story_" + hashlib.sha1(founder_id.encode("utf-8")).hexdigest()[:12]


def _terms(doc: StoryDoc) -> Counter:
    stop = stopwords()
    counts: Counter = Counter()
    for weight, text in ((2, doc.title or ""), (1, doc.text)):
        for w in words(text):
            if len(w) >= 3 and w not in stop and not w.isdigit():
                counts[w] += weight
    return counts


def _tfidf(counts: Mapping[str, float], df: Mapping[str, int], n_docs: int) -> dict[str, float]:
    """Sublinear tf * smoothed idf over every term, L2-normalized; then the terms seen in one
    document only are dropped (they can never match another article and only cost memory). The
    norm counts them, so an article whose few shared words are generic does not look similar
    to everything."""
    vec = {
        t: (1 + math.log(c)) * (math.log((1 + n_docs) / (1 + df.get(t, 1))) + 1)
        for t, c in counts.items()
        if c > 0
    }
    norm = math.sqrt(sum(v * v for v in vec.values()))
    if not norm:
        return {}
    return {t: v / norm for t, v in vec.items() if df.get(t, 0) > 1}


class _Centroid:
    """Sum of member vectors with its squared norm kept up to date. Every member vector has unit
    length before its single-document terms were dropped, and those terms are in no other
    vector, so |sum + v|^2 = |sum|^2 + 2 sum.v + 1 exactly."""

    __slots__ = ("vec", "sq")

    def __init__(self) -> None:
        self.vec: dict[str, float] = defaultdict(float)
        self.sq = 0.0

    def cosine(self, v: Mapping[str, float]) -> float:
        if not v or self.sq <= 0:
            return 0.0
        dot = sum(w * self.vec.get(t, 0.0) for t, w in v.items())
        return dot / math.sqrt(self.sq)  # v is unit length

    def add(self, v: Mapping[str, float], present: bool) -> None:
        """Add one member's vector; ``present``: the member had any term at all."""
        if not present:
            return
        dot = sum(w * self.vec.get(t, 0.0) for t, w in v.items())
        self.sq += 2 * dot + 1.0
        for t, w in v.items():
            self.vec[t] += w


@dataclass
class _Story:
    story_id: str
    founder_id: str
    text: _Centroid = field(default_factory=_Centroid)
    ents: _Centroid = field(default_factory=_Centroid)
    first: dt.date | None = None
    last: dt.date | None = None
    members: list[str] = field(default_factory=list)

    def in_window(self, day: dt.date | None, window: dt.timedelta) -> bool:
        # Undated articles, and stories with no dated member, are compatible with any date.
        if day is None or self.first is None or self.last is None:
            return True
        return self.first - window <= day <= self.last + window


def _combine(text_sim: float, ent_sim: float, has_ents: bool, text_weight: float) -> float:
    return text_weight * text_sim + (1 - text_weight) * ent_sim if has_ents else text_sim


def group_stories(
    docs: Iterable[StoryDoc],
    *,
    threshold: float = STORY_THRESHOLD,
    undated_margin: float = STORY_UNDATED_MARGIN,
    window_days: int = STORY_WINDOW_DAYS,
    text_weight: float = STORY_TEXT_WEIGHT,
    index_terms: int = STORY_INDEX_TERMS,
) -> list[StoryAssignment]:
    """Assign every article to exactly one story; returns assignments sorted by article_id.

    An article joins the open story with the highest combined similarity
    ``text_weight * cos(words) + (1 - text_weight) * cos(entities)`` (words only when either
    side has no entity) if that similarity is at least ``threshold`` and its date lies within
    ``window_days`` of the story's first..last date; otherwise it opens a new story. When the
    article or the story has no date, time cannot rule anything out, so the similarity must
    reach ``threshold + undated_margin`` instead. Candidate
    stories come from an inverted index on each member's ``index_terms`` heaviest words and its
    entities, so the cost grows with the articles that share vocabulary, not with the corpus.
    """
    ordered = sorted(docs, key=lambda d: _date_order(d.published, d.article_id))
    n = len(ordered)
    term_counts = [_terms(d) for d in ordered]
    df: Counter = Counter()
    for counts in term_counts:
        df.update(counts.keys())
    ent_df: Counter = Counter()
    for d in ordered:
        ent_df.update(k for k, c in d.entities.items() if c > 0)
    text_vecs = [_tfidf(c, df, n) for c in term_counts]
    has_ents = [any(c > 0 for c in d.entities.values()) for d in ordered]
    ent_vecs = [_tfidf(d.entities, ent_df, n) for d in ordered]

    window = dt.timedelta(days=window_days)
    stories: list[_Story] = []
    index: dict[str, set[int]] = defaultdict(set)  # term or "E:"+entity -> story numbers
    joined: dict[str, tuple[int, float | None, float | None, float | None]] = {}

    def keys(tv: Mapping[str, float], ev: Mapping[str, float]) -> list[str]:
        top = sorted(tv, key=lambda t: (-tv[t], t))[:index_terms]
        return top + ["E:" + e for e in ev]

    for i, doc in enumerate(ordered):
        tv, ev = text_vecs[i], ent_vecs[i]
        candidates: set[int] = set()
        for key in keys(tv, ev):
            candidates |= index.get(key, set())
        best: tuple[float, float, float, int] | None = None
        for s in sorted(candidates):
            story = stories[s]
            if not story.in_window(doc.published, window):
                continue
            needed = (
                threshold
                if doc.published is not None and story.first
                else (threshold + undated_margin)
            )
            t_sim = story.text.cosine(tv)
            e_sim = story.ents.cosine(ev)
            sim = _combine(t_sim, e_sim, has_ents[i] and story.ents.sq > 0, text_weight)
            if sim >= needed and (best is None or sim > best[0]):
                best = (sim, t_sim, e_sim, s)
        if best is None:
            s = len(stories)
            stories.append(_Story(story_id_for(doc.article_id), doc.article_id))
            joined[doc.article_id] = (s, None, None, None)
        else:
            sim, t_sim, e_sim, s = best
            joined[doc.article_id] = (s, round(sim, 4), round(t_sim, 4), round(e_sim, 4))
        story = stories[s]
        story.text.add(tv, bool(term_counts[i]))
        story.ents.add(ev, has_ents[i])
        story.members.append(doc.article_id)
        if doc.published is not None:
            story.first = min(story.first or doc.published, doc.published)
            story.last = max(story.last or doc.published, doc.published)
        for key in keys(tv, ev):
            index[key].add(s)

    out = []
    for i, doc in enumerate(ordered):
        s, sim, t_sim, e_sim = joined[doc.article_id]
        story = stories[s]
        if len(story.members) == 1:
            centrality = 1.0
        else:
            with_ents = has_ents[i] and story.ents.sq > 0
            centrality = _combine(
                story.text.cosine(text_vecs[i]),
                story.ents.cosine(ent_vecs[i]),
                with_ents,
                text_weight,
            )
        out.append(
            StoryAssignment(
                article_id=doc.article_id,
                story_id=story.story_id,
                founder_id=story.founder_id,
                similarity=sim,
                text_similarity=t_sim,
                entity_similarity=e_sim,
                centrality=round(centrality, 4),
            )
        )
    return sorted(out, key=lambda a: a.article_id)
