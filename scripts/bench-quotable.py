#!/usr/bin/env python3
"""Quotable's API under /quotable/ at 1,000,000 quotes (issue 17), printed beside quotegen's own routes.

Builds the same synthetic store as scripts/bench-reads.py (5,000 authors, 2 tags each; its inputs and its server
helper are reused), then measures with one client on one keep-alive connection (p50/p99 over REQUESTS calls):
GET /quotable/quotes?page=N&limit=20 for N = 1, 100 and 10,000 in each sort (the issue's target: p50 <= 5 ms for
N = 1 and N = 10,000), beside GET /quotes?limit=20; and with wrk (64 connections, rounds alternating the paths)
GET /quotable/random beside GET /quote (target: within 15% of its requests/s).

    QUOTEGEN_BIN=.build/release/quotegen scripts/bench-quotable.py
    SIZE=200000 REQUESTS=100 ROUNDS=3 KEEP=1 scripts/bench-quotable.py
    STORE=/tmp/quotegen-bench-quotable.XXXX scripts/bench-quotable.py   # again on a kept store (KEEP=1)

Servers bind 127.0.0.1 only; everything started here is stopped on exit.
"""

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ.setdefault("SIZES", os.environ.get("SIZE", "1000000"))
spec = importlib.util.spec_from_file_location("bench_reads", os.path.join(HERE, "bench-reads.py"))
reads = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reads)

SIZE = int(os.environ.get("SIZE", "1000000"))
REQUESTS = int(os.environ.get("REQUESTS", "200"))
ROUNDS = reads.ROUNDS

PAGES = [("GET /quotes?limit=20 (quotegen, first page)", "/quotes?limit=20")]
for sort in ("dateAdded", "author", "content"):
    for page in (1, 100, 10000):
        PAGES.append((f"/quotable/quotes?sortBy={sort}&page={page:,}", f"/quotable/quotes?sortBy={sort}&page={page}&limit=20"))
PAGES.append(("/quotable/quotes?tags=topic7&page=100", "/quotable/quotes?tags=topic7&page=100&limit=20"))
PAGES.append(("/quotable/quotes?author=author-4244&page=2", "/quotable/quotes?author=author-4244&page=2&limit=20"))
PICKS = [("GET /quote", "/quote"), ("GET /quotable/random", "/quotable/random"),
         ("GET /quotable/quotes/random?limit=1", "/quotable/quotes/random?limit=1")]


def main():
    work = tempfile.mkdtemp(prefix="quotegen-bench-quotable.")
    try:
        db, log = os.path.join(work, "quotes.sqlite"), open(os.path.join(work, "server.log"), "w")
        if os.environ.get("STORE"):
            # A store this script made before (KEEP=1): its folder holds the seed file too.
            shutil.copytree(os.environ["STORE"], work, dirs_exist_ok=True)
            seed = os.path.join(work, "seed.txt")
        else:
            jsonl, seed = reads.write_inputs(SIZE, work)
            subprocess.run([reads.BIN, "migrate", "--db", db], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([reads.BIN, "import", "--db", db, jsonl], check=True, stdout=subprocess.DEVNULL)
            # Creation times a second apart, in id order, as a store filled over time has them.
            with sqlite3.connect(db) as connection:
                connection.execute("UPDATE quote SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 1700000000 + id, 'unixepoch')")
            connection.close()
        server = reads.Server(db, seed, log)
        server.wait("/readyz")
        print(f"| read at {SIZE:,} quotes (one client, ms) | p50 | p99 |")
        print("|---|---:|---:|")
        for name, path in PAGES:
            status, body = server.get(path)
            if status != 200:
                raise SystemExit(f"bench-quotable: {path} answered {status}: {body[:200]}")
            if "page=10000" in path:
                # Past 10,000 matches the first request starts the listing's anchor walk in the background and
                # skips its matches meanwhile; the figures are for the pages that follow, once the walk is done.
                time.sleep(float(os.environ.get("ANCHOR_WAIT", "5")))
            p50, p99 = reads.p50_p99(reads.latencies(server.port, path, REQUESTS))
            print(f"| {name} | {p50:.2f} | {p99:.2f} |")
        if shutil.which("wrk"):
            rates = reads.throughput(server.port, PICKS)
            base = rates["GET /quote"]
            print()
            print(f"| pick at {SIZE:,} quotes (wrk, 64 connections, median of {ROUNDS} rounds) | req/s | of GET /quote |")
            print("|---|---:|---:|")
            for name, rate in rates.items():
                print(f"| {name} | {rate:,.0f} | {rate / base:.2f} |")
        server.stop()
        log.close()
    finally:
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")


if __name__ == "__main__":
    main()
