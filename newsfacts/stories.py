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
from collections import Counter
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
    # Precomputed by article_features (the dbt model int_article_features keeps them per
    # article, so a run does not hash every stored text again); None: computed from ``text``.
    shingles: object | None = field(default=None, compare=False)  # sorted uint64 array
    minhash: object | None = field(default=None, compare=False)  # MinHash hash values


@dataclass(frozen=True)
class NearDuplicate:
    article_id: str  # the copy
    original_id: str  # the article it copies (earliest published, then smallest article_id)
    jaccard: float  # exact Jaccard similarity of the two shingle sets
    containment: float  # share of the shorter text's shingles found in the longer one


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    # blake2b, not hash(): Python salts str hashes per process, and the shingle hashes feed
    # MinHash, whose candidates must be the same on every run.
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def shingle_hashes(tokens: Sequence[str], size: int = SHINGLE_SIZE):
    """The shingles of ``tokens`` as a sorted array of distinct 64-bit hashes (numpy uint64).

    Same sets as ``shingles`` up to 64-bit collisions, at 8 bytes per shingle instead of a
    Python string each: the strings of 10,000 articles took 1.3 GB."""
    import numpy as np

    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    words_h = np.fromiter((_word_hash(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    width = min(size, len(tokens))
    n = len(tokens) - width + 1
    mixed = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic mod 2**64 is the point
        for k in range(width):
            mixed = mixed * np.uint64(0x100000001B3) + words_h[k : k + n]
        # splitmix64 finaliser: spreads the polynomial's bits over the whole word
        mixed ^= mixed >> np.uint64(30)
        mixed *= np.uint64(0xBF58476D1CE4E5B9)
        mixed ^= mixed >> np.uint64(27)
        mixed *= np.uint64(0x94D049BB133111EB)
        mixed ^= mixed >> np.uint64(31)
    return np.unique(mixed)


def _similarity(a, b) -> tuple[float, float]:
    """Jaccard and containment of two sorted arrays of distinct shingle hashes."""
    import numpy as np

    inter = int(np.intersect1d(a, b, assume_unique=True).size)
    union = a.size + b.size - inter
    return (
        inter / union if union else 0.0,
        inter / min(a.size, b.size) if a.size and b.size else 0.0,
    )


def _band_candidates(signatures, bands: Sequence[tuple[int, int]]) -> dict[int, set[int]]:
    """For each row of ``signatures`` (MinHash values, one row per article in date order), the
    earlier rows that equal it on every value of at least one band ``(start, end)``: the
    candidates datasketch's ``MinHashLSH.query`` returns, found with one sort per band instead
    of a bucket lookup per band per article (that was 3 of the 4.3 s at 10,000 articles)."""
    import numpy as np

    earlier: dict[int, set[int]] = {}
    for start, end in bands:
        _, bucket = np.unique(signatures[:, start:end], axis=0, return_inverse=True)
        bucket = bucket.ravel()
        shared = np.flatnonzero(np.bincount(bucket)[bucket] > 1) if bucket.size else bucket
        if not shared.size:
            continue
        shared = shared[np.argsort(bucket[shared], kind="stable")]  # by bucket, then row
        cuts = np.flatnonzero(np.diff(bucket[shared])) + 1
        for rows in np.split(shared, cuts):
            for k in range(1, len(rows)):
                earlier.setdefault(int(rows[k]), set()).update(rows[:k].tolist())
    return earlier


@lru_cache(maxsize=4)
def _minhash_template(num_perm: int):
    """An empty MinHash: its permutations and scheme rebuild stored signatures without drawing
    the random permutations again for each one."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=1, hashfunc=int)


def _minhash(hashes, num_perm: int):
    """MinHash of a set of 64-bit shingle hashes: their low 32 bits go straight in as the hash
    values (datasketch's default would sha1 each shingle again: 18 s of 55 s at 10,000
    articles)."""
    import numpy as np

    mh = _minhash_template(num_perm).copy()
    mh.update_batch((hashes & np.uint64(0xFFFFFFFF)).tolist())
    return mh


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
    import numpy as np
    from datasketch import MinHashLSH

    ordered = sorted(docs, key=lambda d: _date_order(d.published, d.article_id))
    kept: list[str] = []  # articles long enough to link, in date order
    sets: dict[str, object] = {}
    signatures = []
    for doc in ordered:
        grams = doc.shingles
        if grams is None:
            grams = shingle_hashes(words(doc.text), shingle_size)
        if grams.size < min_shingles:
            continue
        kept.append(doc.article_id)
        sets[doc.article_id] = grams
        stored = doc.minhash is not None and len(doc.minhash) == num_perm
        signatures.append(doc.minhash if stored else _minhash(grams, num_perm).hashvalues)
    # datasketch chooses the bands (b bands of r rows) for the candidate threshold; the
    # buckets themselves are found by one sort per band (_band_candidates).
    bands = MinHashLSH(threshold=candidate_threshold, num_perm=num_perm).hashranges
    matrix = np.asarray(signatures, dtype=np.uint64).reshape(len(kept), num_perm)
    candidates = _band_candidates(matrix, bands)

    def passes(a: str, b: str) -> tuple[bool, float, float]:
        jac, con = _similarity(sets[a], sets[b])
        return (jac >= jaccard_threshold or con >= containment_threshold), jac, con

    original_of: dict[str, str] = {}
    links: list[NearDuplicate] = []
    for i, aid in enumerate(kept):
        best: tuple[float, float, str] | None = None
        for j in sorted(candidates.get(i, ())):
            candidate = kept[j]
            root = original_of.get(candidate, candidate)
            ok, jac, con = passes(aid, root)
            if ok and (best is None or (jac, con) > best[:2]):
                best = (jac, con, root)
        if best is not None:
            original_of[aid] = best[2]
            links.append(NearDuplicate(aid, best[2], round(best[0], 4), round(best[1], 4)))
    return sorted(links, key=lambda link: link.article_id)


# ----------------------------------------------------------------------------- per-article features

# Bump when shingle_hashes, _minhash or story_terms change what they compute: the dbt model
# int_article_features then recomputes every stored article instead of only new ones.
FEATURES_VERSION = "1"


@dataclass(frozen=True)
class ArticleFeatures:
    """What near-duplicate detection and story grouping need from one article's text; it
    depends on nothing but that text, so it is computed once per article and kept."""

    shingles: object  # sorted distinct uint64 shingle hashes
    minhash: object  # MinHash hash values (uint64, num_perm of them); empty when too short
    terms: list[str]  # story_terms, sorted
    term_counts: list[int]


def article_features(
    title: str | None,
    text: str,
    *,
    shingle_size: int = SHINGLE_SIZE,
    num_perm: int = NUM_PERM,
    min_shingles: int = NEAR_DUP_MIN_SHINGLES,
) -> ArticleFeatures:
    import numpy as np

    grams = shingle_hashes(words(text), shingle_size)
    signature = (
        _minhash(grams, num_perm).hashvalues
        if grams.size >= min_shingles
        else np.zeros(0, dtype=np.uint64)
    )
    terms = story_terms(title, text)
    ordered = sorted(terms)
    return ArticleFeatures(grams, signature, ordered, [int(terms[t]) for t in ordered])


# ----------------------------------------------------------------------------- stories


# Term (or entity id) counts of one article: a mapping, or two parallel sequences (the dbt model
# passes the arrays it fetched, instead of building 10,000 dicts).
Counts = Mapping[str, float] | tuple[Sequence[str], Sequence[float]]


@dataclass(frozen=True)
class StoryDoc:
    article_id: str
    published: dt.date | None
    title: str | None
    text: str
    # Entity id -> mentions, as a mapping or as parallel (ids, counts) arrays.
    entities: Counts = field(default_factory=dict)
    # Precomputed story_terms(title, text) (see TextDoc), a mapping or parallel (terms, counts)
    # arrays; None: computed here.
    terms: Counts | None = None


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


def story_terms(title: str | None, text: str) -> Counter:
    """Content words of an article for story grouping, the title's counted twice."""
    stop = stopwords()
    counts: Counter = Counter()
    for weight, part in ((2, title or ""), (1, text)):
        for w in words(part):
            if len(w) >= 3 and w not in stop and not w.isdigit():
                counts[w] += weight
    return counts


def _terms(doc: StoryDoc) -> Counts:
    return doc.terms if doc.terms is not None else story_terms(doc.title, doc.text)


def _tfidf_matrix(rows: Iterable[Counts], n_docs: int):
    """One L2-normalized TF-IDF row per document as a sparse CSR matrix, and whether each
    document had any term at all.

    Sublinear tf * smoothed idf over every term, L2-normalized; then the terms seen in one
    document only are dropped (they can never match another article and only cost memory). The
    norm counts them, so an article whose few shared words are generic does not look similar
    to everything. Term ids are numbered in order of first appearance by one ``pd.factorize``
    over all documents' terms: the Python loop it replaced, over the 3.5 M (article, term)
    pairs of 10,000 articles, was most of the 5.2 s the two calls took under cProfile."""
    import numpy as np
    import pandas as pd
    from scipy.sparse import csr_matrix

    term_parts, count_parts = [], []
    for row in rows:
        terms, counts = (list(row.keys()), list(row.values())) if isinstance(row, Mapping) else row
        term_parts.append(np.asarray(terms, dtype=object))
        count_parts.append(np.asarray(counts, dtype=np.float64))
    lengths = np.fromiter((len(t) for t in term_parts), dtype=np.int64, count=n_docs)
    terms = np.concatenate(term_parts) if term_parts else np.zeros(0, dtype=object)
    count = np.concatenate(count_parts) if count_parts else np.zeros(0)
    del term_parts, count_parts
    doc = np.repeat(np.arange(n_docs), lengths)
    present = count > 0
    terms, count, doc = terms[present], count[present], doc[present]
    term, vocab = pd.factorize(terms)
    del terms
    lengths = np.bincount(doc, minlength=n_docs)
    df = np.bincount(term, minlength=len(vocab))
    weight = (1 + np.log(count)) * (np.log((1 + n_docs) / (1 + df[term])) + 1)
    norm = np.sqrt(np.bincount(doc, weights=weight * weight, minlength=n_docs))
    keep = df[term] > 1
    matrix = csr_matrix(
        (weight[keep] / norm[doc[keep]], (doc[keep], term[keep])),
        shape=(n_docs, max(len(vocab), 1)),
    )
    return matrix, lengths > 0


@dataclass
class _Story:
    story_id: str
    founder_id: str


def _combine(text_sim: float, ent_sim: float, has_ents: bool, text_weight: float) -> float:
    return text_weight * text_sim + (1 - text_weight) * ent_sim if has_ents else text_sim


def _story_dots(rows, columns, r: int, i: int, story_of, k: int):
    """Dot products of article ``i`` (row ``r`` of a block product whose column ``j`` is
    article ``columns[j]``) with the centroids of stories ``0..k-1``: its products with the
    earlier articles, summed per story."""
    import numpy as np

    lo, hi = rows.indptr[r], rows.indptr[r + 1]
    cols, vals = columns[rows.indices[lo:hi]], rows.data[lo:hi]
    earlier = cols < i
    return np.bincount(story_of[cols[earlier]], weights=vals[earlier], minlength=k)[:k]


def _member_dots(matrix, story_of, stories: list[_Story]):
    """Per article: dot product of its vector with the sum of its story's member vectors."""
    import numpy as np
    from scipy.sparse import csr_matrix

    n = matrix.shape[0]
    membership = csr_matrix((np.ones(n), (story_of, np.arange(n))), shape=(max(len(stories), 1), n))
    centroids = membership @ matrix  # one row per story: the sum of its members' vectors
    return np.asarray(matrix.multiply(centroids[story_of]).sum(axis=1)).ravel()


def group_stories(
    docs: Iterable[StoryDoc],
    *,
    threshold: float = STORY_THRESHOLD,
    undated_margin: float = STORY_UNDATED_MARGIN,
    window_days: int = STORY_WINDOW_DAYS,
    text_weight: float = STORY_TEXT_WEIGHT,
    block_cells: int = 4_000_000,
    prune_closed: bool = True,
) -> list[StoryAssignment]:
    """Assign every article to exactly one story; returns assignments sorted by article_id.

    An article joins the open story with the highest combined similarity
    ``text_weight * cos(words) + (1 - text_weight) * cos(entities)`` (words only when either
    side has no entity) if that similarity is at least ``threshold`` and its date lies within
    ``window_days`` of the story's first..last date; otherwise it opens a new story. When the
    article or the story has no date, time cannot rule anything out, so the similarity must
    reach ``threshold + undated_margin`` instead. Ties go to the story opened first.

    Cost: a story centroid is the sum of its members' vectors, so an article's dot product with
    every story is the sum of its dot products with the earlier articles, grouped by story.
    Those come from one sparse matrix product per block of articles (scipy, in C) and a
    ``bincount`` per article, instead of a Python loop over every candidate story's terms: the
    old loop spent 520 s on 10,000 articles, because the undated ones (compared with every
    story) and common entities made nearly every story a candidate. A block of dated articles
    is multiplied only with the members of stories still open to it (last date within the
    window of the block's first date) and with itself: the products with closed stories were
    never used, and at 10,000 articles they were most of the time (``prune_closed=False``
    computes them all, for the test that both give the same stories).
    """
    import numpy as np

    ordered = sorted(docs, key=lambda d: _date_order(d.published, d.article_id))
    n = len(ordered)
    if not n:
        return []
    # Articles per block product: its dense worst case (block x n cells) stays bounded.
    block = max(16, min(512, block_cells // n))
    # Generators: each article's term counts are read into the flat arrays and dropped.
    text_m, has_terms = _tfidf_matrix((_terms(d) for d in ordered), n)
    ent_m, has_ents = _tfidf_matrix((d.entities for d in ordered), n)
    has_vec = [np.diff(text_m.indptr) > 0, np.diff(ent_m.indptr) > 0]
    text_t, ent_t = text_m.T.tocsc(), ent_m.T.tocsc()  # CSC: leading columns slice cheaply

    window = window_days  # in days, compared on date ordinals
    stories: list[_Story] = []
    story_of = np.full(n, -1, dtype=np.int64)  # story number of each processed article
    # Per story: squared norm of its text and entity centroids, first/last date ordinal
    # (no dated member: first = +inf, last = -inf, which the window test reads as "any date").
    text_sq = np.zeros(n)
    ent_sq = np.zeros(n)
    first = np.full(n, np.inf)
    last = np.full(n, -np.inf)
    joined: list[tuple[int, float | None, float | None, float | None]] = []
    text_rows = ent_rows = columns = None
    for i, doc in enumerate(ordered):
        if i % block == 0:
            stop = min(i + block, n)
            k = len(stories)
            # Products with the first `stop` articles only: the block needs its earlier ones,
            # and the rest of the row (later articles) was half the work, thrown away.
            if prune_closed and doc.published is not None and ordered[stop - 1].published:
                # Dates ascend, so every row of the block is dated and no story is undated
                # yet (undated articles sort last): a story whose last date is more than the
                # window before the block's first date is closed to every row of the block.
                open_story = last[:k] + window >= doc.published.toordinal()
                earlier = np.flatnonzero(open_story[story_of[:i]])
                columns = np.concatenate((earlier, np.arange(i, stop)))
            else:
                columns = np.arange(stop)
            text_rows = (text_m[i:stop] @ text_t[:, columns]).tocsr()
            ent_rows = (ent_m[i:stop] @ ent_t[:, columns]).tocsr()
        k = len(stories)
        t_dot = _story_dots(text_rows, columns, i % block, i, story_of, k)
        e_dot = _story_dots(ent_rows, columns, i % block, i, story_of, k)
        best: tuple[float, float, float, int] | None = None
        if k:
            t_sim = np.where(text_sq[:k] > 0, t_dot / np.sqrt(np.maximum(text_sq[:k], 1e-300)), 0)
            e_sim = np.where(ent_sq[:k] > 0, e_dot / np.sqrt(np.maximum(ent_sq[:k], 1e-300)), 0)
            with_ents = has_ents[i] & (ent_sq[:k] > 0)
            sim = np.where(with_ents, text_weight * t_sim + (1 - text_weight) * e_sim, t_sim)
            dated_story = np.isfinite(first[:k])
            if doc.published is not None:
                day = doc.published.toordinal()
                ok = ~dated_story | ((first[:k] - window <= day) & (day <= last[:k] + window))
                needed = np.where(dated_story, threshold, threshold + undated_margin)
            else:
                ok = np.ones(k, dtype=bool)
                needed = np.full(k, threshold + undated_margin)
            passing = ok & (sim >= needed) & ((t_dot > 0) | (e_dot > 0))
            if passing.any():
                s = int(np.argmax(np.where(passing, sim, -np.inf)))  # first of equal maxima
                best = (float(sim[s]), float(t_sim[s]), float(e_sim[s]), s)
        if best is None:
            s = k
            stories.append(_Story(story_id_for(doc.article_id), doc.article_id))
            joined.append((s, None, None, None))
            own_t = own_e = 0.0
        else:
            sim_s, ts, es, s = best
            joined.append((s, round(sim_s, 4), round(ts, 4), round(es, 4)))
            own_t, own_e = float(t_dot[s]), float(e_dot[s])
        story_of[i] = s
        # |sum + v|^2 = |sum|^2 + 2 sum.v + 1: every member vector had unit length before its
        # single-document terms were dropped, and those terms are in no other vector.
        if has_terms[i]:
            text_sq[s] += 2 * own_t + 1.0
        if has_ents[i]:
            ent_sq[s] += 2 * own_e + 1.0
        if doc.published is not None:
            day = doc.published.toordinal()
            first[s] = min(first[s], day)
            last[s] = max(last[s], day)

    # Centrality: each member's cosine with its story's final centroid, i.e. the sum of its dot
    # products with every member (itself included), over the centroid's norm.
    t_final = _member_dots(text_m, story_of, stories)
    e_final = _member_dots(ent_m, story_of, stories)

    sizes = np.bincount(story_of, minlength=len(stories))
    out = []
    for i, doc in enumerate(ordered):
        s, sim, t_sim, e_sim = joined[i]
        story = stories[s]
        if sizes[s] == 1:
            centrality = 1.0
        else:
            t_c = t_final[i] / math.sqrt(text_sq[s]) if text_sq[s] > 0 and has_vec[0][i] else 0.0
            e_c = e_final[i] / math.sqrt(ent_sq[s]) if ent_sq[s] > 0 and has_vec[1][i] else 0.0
            centrality = _combine(t_c, e_c, has_ents[i] and ent_sq[s] > 0, text_weight)
        out.append(
            StoryAssignment(
                article_id=doc.article_id,
                story_id=story.story_id,
                founder_id=story.founder_id,
                similarity=sim,
                text_similarity=t_sim,
                entity_similarity=e_sim,
                centrality=round(float(centrality), 4),
            )
        )
    return sorted(out, key=lambda a: a.article_id)
