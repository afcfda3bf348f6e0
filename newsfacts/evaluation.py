"""Score the extraction against the hand-made gold in ``tests/gold/eval`` (``make eval``).

Each gold set is a folder of articles plus one YAML annotation per article: the shipped seeds,
33 corpus articles, and 30 held-out corpus articles annotated after the extraction rules were
tuned on the first two sets (so their column shows how it does on articles nobody tuned it to).
Format and annotation rules: ``tests/gold/README.md``. Each set is run through the same ingest ->
normalize -> extract -> resolve steps as the pipeline, then every field is matched one-to-one
against the gold, per article:

* entities: a predicted entity (resolved, type person/organization/place) matches a gold entity
  when one of its names in that article (canonical name or a mention) equals one of the gold
  entity's names after the resolver's own normalization, *and* the types agree. A gold entity
  split into two predicted entities costs precision; two merged into one cost recall.
* figures: value (within 0.5 %, or the low end of a range) and unit must agree. "+subject+period"
  also needs the subject entity and the period; "full meaning" also qualifier and modality.
  Metric names are free text and not scored.
* quotes: the gold text (maybe cut after ~15 words) is contained in the predicted quote, or the
  prediction is most of the gold text, or the two are near-equal (rapidfuzz ratio >= 85).
  Speakers: a matched quote whose speaker matches the gold speaker (an entity by its names, a
  description such as "a spokesperson" by fuzzy token match).
* stance: claims match on actor and stance; among equal candidates the most similar sentence wins.

Precision = matched / predicted, recall = matched / gold, F1 their harmonic mean, micro-averaged
over all articles of all sets.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from rapidfuzz import fuzz

from newsfacts.entities import _plain, mention_key
from newsfacts.extract import Extraction, extract_articles
from newsfacts.nlp import get_nlp
from newsfacts.pipeline import ingest, normalize_all
from newsfacts.settings import REPO_ROOT

GOLD_DIR = REPO_ROOT / "tests" / "gold"
# name -> (folder with the article files, folder with one annotation YAML per article)
GOLD_SETS = {
    "seeds": (REPO_ROOT / "seeds", GOLD_DIR / "eval" / "seeds"),
    "corpus": (GOLD_DIR / "corpus", GOLD_DIR / "eval" / "corpus"),
    "heldout": (GOLD_DIR / "heldout", GOLD_DIR / "eval" / "heldout"),
}
SCORED_TYPES = ("person", "organization", "place")
STANCES_NOT_ASSERT = ("denies", "declines_comment", "did_not_respond")
FIELDS = (
    "entities",
    "figures (value+unit)",
    "figures (+subject+period)",
    "figures (full meaning)",
    "quote spans",
    "quote speakers",
    "stance (all claims)",
    "stance (denials/refusals)",
)


# ---------------------------------------------------------------- scores


@dataclass
class Score:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    misses: list[str] = field(default_factory=list)  # gold items not found
    extras: list[str] = field(default_factory=list)  # predictions not in the gold
    # (tp, n_pred, n_gold) of each article, for the bootstrap interval
    per_article: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold
        self.misses += other.misses
        self.extras += other.extras
        self.per_article += other.per_article or [(other.tp, other.n_pred, other.n_gold)]

    def f1_interval(self, draws: int = 2000, seed: int = 7) -> tuple[float, float]:
        """95 % bootstrap interval of the micro F1, resampling whole articles: how much the score
        would move on another sample of articles like these (30 articles are few)."""
        import numpy as np

        rows = np.array(self.per_article or [(0, 0, 0)], dtype=float)
        pick = np.random.default_rng(seed).integers(0, len(rows), size=(draws, len(rows)))
        tp, n_pred, n_gold = (rows[:, c][pick].sum(axis=1) for c in range(3))
        p = np.divide(tp, n_pred, out=np.ones(draws), where=n_pred > 0)
        r = np.divide(tp, n_gold, out=np.ones(draws), where=n_gold > 0)
        f1 = np.divide(2 * p * r, p + r, out=np.zeros(draws), where=p + r > 0)
        lo, hi = np.percentile(f1, [2.5, 97.5])
        return float(lo), float(hi)


def _match(
    gold: Sequence, pred: Sequence, ok: Callable, closeness: Callable[..., Any] | None = None
) -> list[tuple[int, int]]:
    """One-to-one matching: each gold item takes the closest still-free prediction that is ok."""
    free = set(range(len(pred)))
    pairs = []
    for gi, g in enumerate(gold):
        cands = [pi for pi in sorted(free) if ok(g, pred[pi])]
        if not cands:
            continue
        best = max(cands, key=lambda pi: closeness(g, pred[pi])) if closeness else cands[0]
        free.discard(best)
        pairs.append((gi, best))
    return pairs


def _score(gold, pred, pairs, show_gold, show_pred, label: str) -> Score:
    hit_g = {g for g, _ in pairs}
    hit_p = {p for _, p in pairs}
    return Score(
        tp=len(pairs),
        n_pred=len(pred),
        n_gold=len(gold),
        misses=[f"{label}: {show_gold(g)}" for i, g in enumerate(gold) if i not in hit_g],
        extras=[f"{label}: {show_pred(p)}" for i, p in enumerate(pred) if i not in hit_p],
    )


# ---------------------------------------------------------------- names


def _keys(names: Iterable[str | None]) -> set[str]:
    """Every normalized form of the names, as the resolver compares them."""
    out = set()
    for name in names:
        if name:
            out |= {mention_key(name, "PERSON"), mention_key(name, "ORG"), _plain(name)}
    out.discard("")
    return out


def _text(s: str | None) -> str:
    s = (s or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(s.casefold().split()).strip(" .,;:!?\"'")


@dataclass
class _Article:
    """One article's predictions, in a shape the matchers can compare."""

    entities: dict[str, dict]  # entity_id -> {"type", "names"}
    result: Extraction

    def names_of(self, entity_id: str | None, fallback: str | None) -> set[str]:
        if entity_id and entity_id in self.entities:
            return self.entities[entity_id]["names"]
        return _keys([fallback])


class _Gold:
    def __init__(self, doc: dict):
        self.doc = doc
        self.entities = [
            {**e, "names": _keys([e["name"], *(e.get("aliases") or [])])}
            for e in doc.get("entities") or []
        ]
        self._by_name = {e["name"]: e for e in self.entities}

    def names_of(self, owner: str | None) -> set[str] | None:
        """Names of a subject/speaker/actor: an entity's names, else the description's key."""
        if owner is None:
            return None
        entity = self._by_name.get(owner)
        return entity["names"] if entity else _keys([owner])


def _same_owner(gold_names: set[str] | None, pred_names: set[str]) -> bool:
    if gold_names is None:
        return not pred_names
    if gold_names & pred_names:
        return True
    # Descriptions ("a company spokesperson" vs "a spokesperson"): fuzzy token match.
    return any(fuzz.token_set_ratio(g, p) >= 80 for g in gold_names for p in pred_names)


# ---------------------------------------------------------------- per-field scorers


def _score_entities(gold: _Gold, art: _Article, label: str) -> Score:
    g_ents = [e for e in gold.entities if e["type"] in SCORED_TYPES]
    p_ents = [(eid, e) for eid, e in art.entities.items() if e["type"] in SCORED_TYPES]
    pairs = _match(
        g_ents,
        p_ents,
        lambda g, p: g["type"] == p[1]["type"] and bool(g["names"] & p[1]["names"]),
        lambda g, p: len(g["names"] & p[1]["names"]),
    )
    return _score(
        g_ents,
        p_ents,
        pairs,
        lambda g: f"{g['name']} ({g['type']})",
        lambda p: f"{p[1]['canonical']} ({p[1]['type']}) as {sorted(p[1]['written'])}",
        label,
    )


def _fig_value(f) -> float:
    return f.value_low if f.qualifier == "range" and f.value_low is not None else f.value


def _unit(u: str | None) -> str:
    u = (u or "").strip()
    if u.isupper():
        return u  # currency code
    u = u.casefold().replace(" ", "_").replace("metre", "meter").replace("litre", "liter")
    return u[:-1] if u.endswith("s") and u not in ("percent", "us") else u


def _same_value(g: dict, f) -> bool:
    gv, pv = float(g["value"]), float(_fig_value(f))
    return _unit(g["unit"]) == _unit(f.unit) and abs(gv - pv) <= 0.005 * max(abs(gv), 1e-9)


def _score_figures(gold: _Gold, art: _Article, label: str) -> tuple[Score, Score, Score]:
    g_figs = gold.doc.get("figures") or []
    p_figs = art.result.figures

    def subject_ok(g, f) -> bool:
        return _same_owner(
            gold.names_of(g.get("subject")), art.names_of(f.subject_entity_id, f.subject)
        )

    def period_ok(g, f) -> bool:
        gp = str(g["period"]).upper() if g.get("period") is not None else None
        return gp == (f.period.upper() if f.period else None)

    def full_ok(g, f) -> bool:
        return (
            subject_ok(g, f)
            and period_ok(g, f)
            and g.get("qualifier", "exact") == f.qualifier
            and g.get("modality", "reported") == f.modality
        )

    def closeness(g, f) -> tuple[bool, int, float]:
        # Pair a gold figure with the mention its excerpt points at first; only among equally
        # well located mentions prefer the one whose meaning agrees. (Meaning first paired
        # "52 percent expect ..." with another sentence's "52 percent".)
        located = fuzz.partial_ratio(_text(g.get("text")), _text(f.sentence))
        return (located >= 90, subject_ok(g, f) + period_ok(g, f), located)

    def show_g(g) -> str:
        return (
            f"{g['value']} {g['unit']} {g.get('qualifier', 'exact')} subj={g.get('subject')} "
            f"period={g.get('period')} | {g.get('text', '')}"
        )

    def show_p(f) -> str:
        return (
            f"{_fig_value(f)} {f.unit} {f.qualifier} subj={f.subject} period={f.period} "
            f"metric={f.metric} | {f.raw_text!r} in {f.sentence[:120]!r}"
        )

    pairs = _match(g_figs, p_figs, _same_value, closeness)
    value = _score(g_figs, p_figs, pairs, show_g, show_p, label)
    sp = [
        (gi, pi)
        for gi, pi in pairs
        if subject_ok(g_figs[gi], p_figs[pi]) and period_ok(g_figs[gi], p_figs[pi])
    ]
    subj_period = _score(g_figs, p_figs, sp, show_g, show_p, label)
    full = [(gi, pi) for gi, pi in pairs if full_ok(g_figs[gi], p_figs[pi])]
    return value, subj_period, _score(g_figs, p_figs, full, show_g, show_p, label)


def _same_quote(g: dict, q) -> bool:
    gt, pt = _text(g["text"]), _text(q.quote_text)
    if not gt or not pt:
        return False
    if gt in pt:
        return True
    if pt in gt and len(pt) >= 0.6 * len(gt):
        return True
    return fuzz.ratio(gt, pt[: len(gt) + 5]) >= 85


def _score_quotes(gold: _Gold, art: _Article, label: str) -> tuple[Score, Score]:
    g_q = gold.doc.get("quotes") or []
    p_q = art.result.quotes
    pairs = _match(
        g_q, p_q, _same_quote, lambda g, q: fuzz.ratio(_text(g["text"]), _text(q.quote_text))
    )

    def show_g(g) -> str:
        return f"{g.get('speaker')} | {g['text'][:90]}"

    def show_p(q) -> str:
        return f"{q.speaker_canonical or q.speaker} | {q.quote_text[:90]}"

    spans = _score(g_q, p_q, pairs, show_g, show_p, label)
    # Speakers: scored over quotes that have one (gold or predicted).
    g_idx = [i for i, g in enumerate(g_q) if g.get("speaker")]
    p_idx = [i for i, q in enumerate(p_q) if q.speaker or q.speaker_entity_id]
    good = [
        (gi, pi)
        for gi, pi in pairs
        if gi in g_idx
        and pi in p_idx
        and _same_owner(
            gold.names_of(g_q[gi]["speaker"]),
            art.names_of(p_q[pi].speaker_entity_id, p_q[pi].speaker),
        )
    ]
    g_pos = {gi: n for n, gi in enumerate(g_idx)}
    p_pos = {pi: n for n, pi in enumerate(p_idx)}
    speakers = _score(
        [g_q[i] for i in g_idx],
        [p_q[i] for i in p_idx],
        [(g_pos[gi], p_pos[pi]) for gi, pi in good],
        show_g,
        show_p,
        label,
    )
    return spans, speakers


def _score_claims(gold: _Gold, art: _Article, label: str, only: Sequence[str] | None) -> Score:
    g_c = [c for c in gold.doc.get("claims") or [] if only is None or c["stance"] in only]
    p_c = [c for c in art.result.claims if only is None or c.stance in only]

    def ok(g, c) -> bool:
        return g["stance"] == c.stance and _same_owner(
            gold.names_of(g.get("actor")), art.names_of(c.actor_entity_id, c.actor)
        )

    pairs = _match(
        g_c, p_c, ok, lambda g, c: fuzz.partial_ratio(_text(g.get("text")), _text(c.sentence))
    )
    return _score(
        g_c,
        p_c,
        pairs,
        lambda g: f"{g.get('actor')} {g['stance']} | {str(g.get('text'))[:90]}",
        lambda c: f"{c.actor_canonical or c.actor} {c.stance} ({c.cue}) | {c.sentence[:90]}",
        label,
    )


# ---------------------------------------------------------------- running


def _predictions(result: Extraction) -> dict[str, _Article]:
    by_article: dict[str, Extraction] = defaultdict(Extraction)
    for m in result.mentions:
        by_article[m.article_id].mentions.append(m)
    for f in result.figures:
        by_article[f.article_id].figures.append(f)
    for q in result.quotes:
        by_article[q.article_id].quotes.append(q)
    for c in result.claims:
        by_article[c.article_id].claims.append(c)
    out = {}
    for aid, ext in by_article.items():
        entities: dict[str, dict] = {}
        for m in ext.mentions:
            if m.entity_id is None:
                continue
            e = entities.setdefault(
                m.entity_id,
                {"type": m.entity_type, "canonical": m.canonical_name, "written": set()},
            )
            e["written"].add(m.mention_text)
        for e in entities.values():
            e["names"] = _keys([e["canonical"], *e["written"]])
        out[aid] = _Article(entities, ext)
    return out


def _gold_key(article_id: str) -> str:
    # Seed files: the file stem; JSON Lines records: "<file>/<record id>".
    return article_id.rsplit("/", 1)[-1]


def evaluate(
    sets: Iterable[str] = tuple(GOLD_SETS), n_process: int = 1
) -> dict[str, dict[str, Score]]:
    """Scores per gold set and field (plus the micro-average over sets under "all")."""
    nlp = get_nlp()
    scores: dict[str, dict[str, Score]] = {"all": {f: Score() for f in FIELDS}}
    for name in sets:
        articles_dir, gold_dir = GOLD_SETS[name]
        golds = {
            p.stem: _Gold(yaml.safe_load(p.read_text(encoding="utf-8")))
            for p in sorted(gold_dir.glob("*.yaml"))
        }
        normalized = normalize_all(ingest(articles_dir).inputs)
        articles = [a for a in normalized.articles if _gold_key(a.article_id) in golds]
        result = extract_articles(nlp, articles, n_process=n_process)
        preds = _predictions(result)
        per_set = {f: Score() for f in FIELDS}
        for article in articles:
            key = _gold_key(article.article_id)
            gold = golds[key]
            art = preds.get(article.article_id) or _Article({}, Extraction())
            figs = _score_figures(gold, art, key)
            quotes = _score_quotes(gold, art, key)
            parts = (
                _score_entities(gold, art, key),
                *figs,
                *quotes,
                _score_claims(gold, art, key, None),
                _score_claims(gold, art, key, STANCES_NOT_ASSERT),
            )
            for f, s in zip(FIELDS, parts, strict=True):
                per_set[f].add(s)
        missing = sorted(set(golds) - {_gold_key(a.article_id) for a in articles})
        if missing:
            raise ValueError(f"gold set {name}: no article for annotation(s) {missing}")
        scores[name] = per_set
        for f in FIELDS:
            scores["all"][f].add(per_set[f])
    return scores


def format_table(scores: dict[str, dict[str, Score]]) -> str:
    sets = [s for s in scores if s != "all"]
    head = f"{'field':<28}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}"
    head += "".join(f"{'F1 ' + s:>11}" for s in sets)
    lines = [head, "-" * len(head)]
    for f in FIELDS:
        a = scores["all"][f]
        row = f"{f:<28}{a.n_gold:>6}{a.n_pred:>6}{a.tp:>7}"
        row += f"{a.precision:>7.2f}{a.recall:>7.2f}{a.f1:>7.2f}"
        row += "".join(f"{scores[s][f].f1:>11.2f}" for s in sets)
        lines.append(row)
    return "\n".join(lines)


def format_intervals(scores: dict[str, dict[str, Score]]) -> str:
    sets = [s for s in scores if s != "all"] + ["all"]
    head = f"{'F1 [95% bootstrap interval]':<28}" + "".join(f"{s:>20}" for s in sets)
    lines = [head, "-" * len(head)]
    for f in FIELDS:
        row = f"{f:<28}"
        for s in sets:
            lo, hi = scores[s][f].f1_interval()
            row += f"{f'{scores[s][f].f1:.2f} [{lo:.2f}, {hi:.2f}]':>20}"
        lines.append(row)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=list(GOLD_SETS), action="append", help="default: all sets")
    ap.add_argument("--show", choices=FIELDS, action="append", help="list misses and extras")
    ap.add_argument("--json", action="store_true", help="print F1 per field as JSON")
    ap.add_argument("--ci", action="store_true", help="also 95%% bootstrap intervals per set")
    args = ap.parse_args(argv)
    scores = evaluate(args.set or tuple(GOLD_SETS))
    if args.json:
        json.dump({f: round(scores["all"][f].f1, 4) for f in FIELDS}, sys.stdout, indent=1)
        print()
        return
    n = sum(len(list(GOLD_SETS[s][1].glob("*.yaml"))) for s in args.set or GOLD_SETS)
    print(f"Extraction scored against {n} hand-annotated articles (tests/gold/README.md)\n")
    print(format_table(scores))
    if args.ci:
        print("\n" + format_intervals(scores))
    for f in args.show or ():
        print(f"\n== {f}: missed (in gold, not found)")
        print("\n".join(f"  - {m}" for m in scores["all"][f].misses) or "  none")
        print(f"== {f}: extra (found, not in gold)")
        print("\n".join(f"  + {m}" for m in scores["all"][f].extras) or "  none")


if __name__ == "__main__":
    main()
