#!/usr/bin/env python3
"""Migration sqlite/0015 (authors and their slugs) on a store of N quotes (issue 16: measured at 1,000,000).

Builds a store of N synthetic quotes (bench-reads.py's data: 5,000 authors spelt two ways, 2 tags each) with
`quotegen import`, takes it back to the schema before 0015 (drops the author table and forgets the migration, which
is what a store written by an older quotegen holds), then times `quotegen migrate` on it and reports the file's
growth, the authors made and the peak RSS of the migrating process.

    QUOTEGEN_BIN=.build/release/quotegen scripts/bench-author-migration.py     # N=1000000, ~3 minutes
    N=100000 scripts/bench-author-migration.py
"""

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bench_reads", os.path.join(HERE, "bench-reads.py"))
reads = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reads)
N = int(os.environ.get("N", "1000000"))


def main():
    binary = reads.binary()
    work = tempfile.mkdtemp(prefix="quotegen-bench-authors.")
    try:
        jsonl, _ = reads.write_inputs(N, work)
        db = os.path.join(work, "quotes.sqlite")
        subprocess.run([binary, "migrate", "--db", db], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([binary, "import", "--db", db, jsonl], check=True, stdout=subprocess.DEVNULL)
        with sqlite3.connect(db) as connection:
            connection.execute("DROP TABLE author")
            connection.execute("DELETE FROM grdb_migrations WHERE identifier = '0015_author'")
        connection.close()
        subprocess.run(["sqlite3", db, "VACUUM"], check=False)
        before = os.path.getsize(db)
        # In a process of its own, so that the peak RSS is the migration's, not the import's.
        measure = ("import resource, subprocess, sys, time; start = time.monotonic(); "
                   "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
                   "print(time.monotonic() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)")
        out = subprocess.run([sys.executable, "-c", measure, binary, "migrate", "--db", db], check=True,
                             capture_output=True, text=True).stdout.split()
        elapsed, peak = float(out[0]), int(out[1])
        with sqlite3.connect(db) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            authors = connection.execute("SELECT count(*) FROM author").fetchone()[0]
            numbered = connection.execute("SELECT count(*) FROM author WHERE slug GLOB '*-[0-9]*-[0-9]*'").fetchone()[0]
        connection.close()
        after = os.path.getsize(db)
        print(f"| quotes | authors made | `quotegen migrate` (0015) | file before → after | peak RSS of a quotegen child |")
        print("|---:|---:|---:|---:|---:|")
        print(f"| {N:,} | {authors:,} ({numbered} numbered) | {elapsed:.2f} s | {before / 1e6:.0f} → {after / 1e6:.0f} MB | {peak} MB |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
