"""Publish the marts to a read-only snapshot file that analysts and BI tools open.

DuckDB lets one process write a database file, and a reader in another process blocks that
writer (and vice versa). So readers never open the working warehouse: after every run the marts
are copied into ``<published>.tmp``, checkpointed and closed, then ``os.replace``-d onto the
published name. A rename is atomic, so a reader sees the previous snapshot or the new one,
never a half-built mart, and never takes a lock the pipeline needs. A run killed before the
rename leaves the previous snapshot untouched (the stale ``.tmp`` is removed by the next run).

Readers that keep a connection open keep reading the snapshot they opened (the old file stays
alive until they close it); reconnect to see a newer one.
"""

from __future__ import annotations

import os
from pathlib import Path

from newsfacts.warehouse import connect

PUBLISHED_SCHEMAS = ("marts",)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def publish(warehouse_path: str | Path, published_path: str | Path) -> dict[str, int]:
    """Copy every table and view of the published schemas into a fresh snapshot file and swap it
    in atomically. Returns the row count of each published table (``schema.table``)."""
    published_path = Path(published_path)
    published_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = published_path.with_name(published_path.name + ".tmp")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con = connect(tmp)
    try:
        con.execute(f"ATTACH {_sql_string(str(Path(warehouse_path)))} AS src (READ_ONLY)")
        relations = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_catalog = 'src' AND table_schema IN "
            f"({', '.join(_sql_string(s) for s in PUBLISHED_SCHEMAS)}) "
            "ORDER BY table_schema, table_name"
        ).fetchall()
        for schema in sorted({s for s, _ in relations}):
            con.execute(f"CREATE SCHEMA {_quote(schema)}")
        for schema, table in relations:
            name = f"{_quote(schema)}.{_quote(table)}"
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM src.{name}")
            counts[f"{schema}.{table}"] = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][
                0
            ]
        con.execute("DETACH src")
        # Everything into the main file (no .wal beside it), then close before the rename.
        con.execute("CHECKPOINT")
    finally:
        con.close()
    _fsync(tmp)
    os.replace(tmp, published_path)
    _fsync(published_path.parent)
    return counts


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
