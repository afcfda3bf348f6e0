"""Draw the corpus articles that make up the hand-annotated gold (tests/gold/corpus/).

One article per publisher, topics spread out, 200-650 words so each can be annotated in full.
Deterministic: rerunning writes the same sample. Usage:
    python scripts/sample_gold_articles.py ../shared/corpora/allsides_10k.jsonl.gz 33
"""

import gzip
import json
import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "gold" / "corpus" / "articles.jsonl"


def main(corpus: str, n: int) -> None:
    candidates = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            words = len((rec.get("text") or "").split())
            if 200 <= words <= 650 and rec.get("published"):
                candidates.append(line)
    random.Random(20261122).shuffle(candidates)
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
    OUT.write_text("".join(chosen), encoding="utf-8")
    print(f"{len(chosen)} articles, {len(publishers)} publishers, {len(topics)} topics -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
