"""kill -9 of a real `dagster job execute` (the `make run` command) during extract, during the raw
load and during dbt. After each kill:

* the published snapshot (what analysts and BI tools open) is exactly the previous run's;
* the raw schema is exactly as before the run, or exactly as after its committed load (the load
  is one transaction); never a mix;
* the next run completes: marts rebuilt from the committed raw tables and published.

The working warehouse's marts may be partly rebuilt after a kill during dbt (dbt builds model by
model); that is why readers are pointed at the snapshot, which is only swapped after a
successful build (newsfacts/publish.py).
"""

import gzip
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from warehouse_digest import table_digests

from newsfacts.settings import REPO_ROOT

pytestmark = pytest.mark.integration
DAGSTER = str(Path(sys.executable).with_name("dagster"))
SEEDS = sorted((REPO_ROOT / "seeds").glob("*.txt"))
CORPUS_SAMPLE = REPO_ROOT / "tests/fixtures/corpus_sample.jsonl.gz"


def _env(folder: Path, db: Path, home: Path) -> dict:
    home.mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / "dagster_home/dagster.yaml", home / "dagster.yaml")
    return {
        **os.environ,
        "NEWS_ARTICLES_DIR": str(folder),
        "NEWS_DUCKDB_PATH": str(db),
        "DAGSTER_HOME": str(home),
    }


def _command():
    return [DAGSTER, "job", "execute", "-m", "orchestration.definitions", "-j", "newsfacts_job"]


def _run(env: dict) -> None:
    done = subprocess.run(
        _command(), env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _run_and_kill(env: dict, step: str, delay: float) -> str:
    """Start a run, kill -9 its whole process tree ``delay`` s after ``step`` starts."""
    proc = subprocess.Popen(
        _command(),
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the step processes and dbt die with it
    )
    started = threading.Event()
    log: list[str] = []

    def watch():
        for line in proc.stderr:
            log.append(line)
            if f'Started execution of step "{step}"' in line:
                started.set()

    threading.Thread(target=watch, daemon=True).start()
    try:
        assert started.wait(600), "".join(log[-30:])
        time.sleep(delay)
        assert proc.poll() is None, f"the run ended before the kill: {''.join(log[-20:])}"
    finally:  # also when the test fails: never leave a run behind
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return "".join(log)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kill")
    folder = tmp / "articles"
    folder.mkdir()
    for path in SEEDS[:2]:
        shutil.copy(path, folder)
    db = tmp / "news.duckdb"
    env = _env(folder, db, tmp / "home")
    _run(env)
    # Enough new text that extraction and dbt take several seconds each.
    for path in SEEDS[2:]:
        shutil.copy(path, folder)
    with gzip.open(CORPUS_SAMPLE, "rt", encoding="utf-8") as f:
        lines = [next(f) for _ in range(25)]
    (folder / "sample.jsonl").write_text("".join(lines), encoding="utf-8")
    return {"tmp": tmp, "folder": folder, "db": db, "env": env}


def _published(db: Path) -> Path:
    return db.with_name(f"{db.stem}_marts.duckdb")


def test_kill_during_extract_dbt_and_load_then_recover(setup):
    db, env = setup["db"], setup["env"]
    raw_before = table_digests(db, "raw")
    published_before = table_digests(_published(db), "marts")

    # 1. During extraction: nothing was written.
    _run_and_kill(env, "extracted_facts", delay=3)
    assert table_digests(db, "raw") == raw_before
    assert table_digests(_published(db), "marts") == published_before

    # 2. During the raw load: one transaction, so before or after, never between.
    _run_and_kill(env, "raw_tables", delay=0.5)
    raw_now = table_digests(db, "raw")
    assert table_digests(_published(db), "marts") == published_before
    # 3. During dbt (the load has committed by then).
    _run_and_kill(env, "newsfacts_dbt_models", delay=6)
    raw_after_load = table_digests(db, "raw")
    assert raw_after_load != raw_before
    assert raw_now in (raw_before, raw_after_load)
    assert table_digests(_published(db), "marts") == published_before

    # 4. The next run completes: it finds nothing left to parse, rebuilds every mart from the
    # committed raw tables and publishes them. (That a warehouse built over several runs equals
    # one built in one run is tested in test_incremental_runs.py.)
    _run(env)
    assert table_digests(db, "raw") == raw_after_load
    marts = table_digests(db, "marts")
    assert table_digests(_published(db), "marts") == marts != published_before
    con = duckdb.connect(str(db), read_only=True)
    try:
        loaded = con.execute("select count(*) from marts.articles").fetchall()[0][0]
        in_raw = con.execute("select count(*) from raw.articles").fetchall()[0][0]
    finally:
        con.close()
    assert loaded == in_raw == len(SEEDS) + 25
