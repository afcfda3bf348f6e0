"""Draw the corpus articles that make up the hand-annotated gold (tests/gold/corpus/).

One article per publisher, topics spread out, 200-650 words so each can be annotated in full.
Deterministic: rerunning writes the same sample. Usage:
    python scripts/sample_gold_articles.py ../shared/corpora/allsides_10k.jsonl.gz 33
With --heldout it draws N *more* articles the same way (another seed, none already in the gold)
into tests/gold/heldout/articles.jsonl: a set annotated after the rules were tuned, so it measures
how the extraction does on articles nobody tuned it to.
With --robustness it writes tests/fixtures/corpus_sample.jsonl.gz instead: N random articles plus
the corpus's longest, shortest and most non-ASCII ones, for tests/integration/test_corpus_sample.py.
"""

import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "gold" / "corpus" / "articles.jsonl"
HELDOUT_OUT = ROOT / "tests" / "gold" / "heldout" / "articles.jsonl"
ROBUSTNESS_OUT = ROOT / "tests" / "fixtures" / "corpus_sample.jsonl.gz"


def robustness_sample(corpus: str, n: int) -> None:
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        lines = fh.readlines()  # a one-off script: the 10k file fits in memory

    def text(line: str) -> str:
        return json.loads(line).get("text") or ""

    chosen = random.Random(20261122).sample(range(len(lines)), n)
    extremes = [
        max(range(len(lines)), key=lambda i: len(text(lines[i]))),
        min(range(len(lines)), key=lambda i: len(text(lines[i]))),
        max(range(len(lines)), key=lambda i: sum(ord(c) > 127 for c in text(lines[i]))),
    ]
    picked = sorted(set(chosen) | set(extremes))
    ROBUSTNESS_OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(ROBUSTNESS_OUT, "wt", encoding="utf-8") as out:
        out.writelines(lines[i] for i in picked)
    print(f"{len(picked)} articles -> {ROBUSTNESS_OUT}")


def main(corpus: str, n: int, heldout: bool = False) -> None:
    out, seed, taken = OUT, 20261122, set()
    if heldout:
        out, seed = HELDOUT_OUT, 20261123
        taken = {json.loads(line)["id"] for line in OUT.read_text(encoding="utf-8").splitlines()}
    candidates = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            words = len((rec.get("text") or "").split())
            if 200 <= words <= 650 and rec.get("published") and rec.get("id") not in taken:
                candidates.append(line)
    random.Random(seed).shuffle(candidates)
    chosen, publishers, topics = [], set(), {}
    for line in candidates:
        rec = json.loads(line)
        if rec["publisher"] in publishers or topics.get(rec["topic"], 0) >= 2:
            continue
        publishers.add(rec["publisher"])
        topics[rec["topic"]] = topics.get(rec["topic"], 0) + 1
        chosen.append(line)
        if len(chosen) == n:
            break
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(chosen), encoding="utf-8")
    print(f"{len(chosen)} articles, {len(publishers)} publishers, {len(topics)} topics -> {out}")


if __name__ == "__main__":
    if "--robustness" in sys.argv:
        args = [a for a in sys.argv[1:] if a != "--robustness"]
        robustness_sample(args[0], int(args[1]))
    else:
        args = [a for a in sys.argv[1:] if a != "--heldout"]
        main(args[0], int(args[1]), heldout="--heldout" in sys.argv)
