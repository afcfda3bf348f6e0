"""Run ingest, normalize and extraction over a whole corpus file and report what failed.

Issue 3's robustness run: no article may crash extraction or the raw load; per-article errors
are counted by stage. Streams the file in chunks (memory stays bounded except for the entity
mentions, which cross-article resolution needs all at once). Usage:
    python scripts/corpus_robustness.py ../shared/corpora/allsides_10k.jsonl.gz [--limit N] [-j 2]
"""

import argparse
import collections
import resource
import tempfile
import time
from itertools import islice
from pathlib import Path

from newsfacts.extract import extract_articles, link_entities
from newsfacts.ingest import iter_inputs
from newsfacts.nlp import get_nlp
from newsfacts.pipeline import normalize_all
from newsfacts.records import Rejected
from newsfacts.resolution import resolve
from newsfacts.warehouse import connect, load_raw


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("-j", "--processes", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=500)
    args = ap.parse_args()

    nlp = get_nlp()
    counts: collections.Counter = collections.Counter()
    errors: collections.Counter = collections.Counter()
    examples: dict[str, str] = {}
    mentions = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / args.corpus.name).symlink_to(args.corpus.resolve())
        # Each chunk is also loaded (replacing the previous one): a row the warehouse cannot
        # take (a duplicate key, a bad value) fails here, not in an analyst's run.
        scratch = tempfile.mkdtemp()  # not inside the scanned folder: it would be an input
        con = connect(Path(scratch) / "chunk.duckdb")
        stream = islice(iter_inputs(Path(tmp)), args.limit)
        while chunk := list(islice(stream, args.chunk)):
            inputs = [i for i in chunk if not isinstance(i, Rejected)]
            counts["rejected"] += len(chunk) - len(inputs)
            norm = normalize_all(inputs)
            counts["rejected"] += len(norm.rejected)
            counts["articles"] += len(norm.articles)
            counts["words"] += sum(a.word_count for a in norm.articles)
            res = extract_articles(
                nlp, norm.articles, n_process=args.processes, resolve_entities=False
            )
            for e in res.errors:
                errors[e.stage] += 1
                examples.setdefault(e.error.split(":")[0], f"{e.article_id}: {e.error}")
            counts["figures"] += len(res.figures)
            counts["quotes"] += len(res.quotes)
            counts["claims"] += len(res.claims)
            link_entities(res)  # per chunk for the load; all mentions are resolved again below
            load_raw(con, articles=norm.articles, rejected=norm.rejected, mentions=res.mentions,
                     figures=res.figures, quotes=res.quotes, claims=res.claims,
                     errors=res.errors)  # fmt: skip
            mentions += res.mentions
            print(
                f"{counts['articles']:>6} articles {counts['words']:>9} words "
                f"{time.perf_counter() - t0:7.0f} s errors={sum(errors.values())}",
                flush=True,
            )
    t1 = time.perf_counter()
    resolve(mentions)
    t2 = time.perf_counter()
    print(f"\n{dict(counts)}")
    print(f"mentions {len(mentions)}, entities {len({m.entity_id for m in mentions})}")
    print(
        f"extract: {t1 - t0:.0f} s = {counts['words'] / (t1 - t0):,.0f} words/s "
        f"({1e6 * (t1 - t0) / max(counts['words'], 1):.0f} ms per 1,000 words, "
        f"{args.processes} processes); resolution of all mentions: {t2 - t1:.1f} s"
    )
    print(f"peak RSS (parent): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"extraction errors by stage: {dict(errors) or 'none'}")
    for kind, ex in examples.items():
        print(f"  {kind}: {ex[:300]}")


if __name__ == "__main__":
    main()
