"""Content hashes of a warehouse's tables, for tests that compare whole warehouses."""

import hashlib
import time
from pathlib import Path

import duckdb


def table_digests(db: Path, schema: str) -> dict[str, str]:
    """A hash of each table of ``schema``, its rows in a fixed order."""
    # After a killed run the OS may take a moment to release the file lock.
    for _ in range(50):
        try:
            con = duckdb.connect(str(db), read_only=True)
            break
        except duckdb.IOException:
            time.sleep(0.2)
    else:
        con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = ? "
                "order by table_name",
                [schema],
            ).fetchall()
        ]
        return {
            t: hashlib.sha256(
                repr(con.execute(f"select * from {schema}.{t} order by all").fetchall()).encode()
            ).hexdigest()
            for t in tables
        }
    finally:
        con.close()
