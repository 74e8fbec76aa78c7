#!/usr/bin/env python3
"""Read benchmark at 10,000 and 1,000,000 quotes (issue 11), printed as one table with a growth column.

For each size it writes a JSONL file of synthetic quotes (words drawn from a 5,000-word vocabulary with a Zipf-like
skew, a unique word per quote, 5,000 authors, 2 tags each) and the same texts as a seed file, imports the file
with `quotegen import`, starts `quotegen serve` once with the seed file (which records its fingerprint), then:

  A. restarts it (the seed file unchanged) and measures start to healthy, start to ready (index loaded),
     GET /quote during the first second after healthy, and GET /quote/today on a store created today;
  B. makes every quote older than the day (created_at in January), restarts it, and measures each read below with
     one client on one keep-alive connection (p50/p99 over REQUESTS calls after a warm-up), the quote of the day
     of an established store, and the server's peak and final RSS.

At the largest size, with wrk installed, it also measures requests/s of GET /quote and its filtered picks (issue 16:
tag all of / any of, authors any of) with 64 connections, rounds alternating the paths.

Separately it times `quotegen seed` of the largest size's seed file into an empty store.

    scripts/bench-reads.py                         # builds the release binary first; ~10 minutes
    SIZES="10000" REQUESTS=100 scripts/bench-reads.py
    QUOTEGEN_BIN=.build/release/quotegen scripts/bench-reads.py

Knobs: SIZES="10000 1000000" REQUESTS=200 ROUNDS=3 KEEP=1 (keep the work folder). Servers bind 127.0.0.1 only; everything
started here is stopped on exit.
"""

import http.client
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = [int(s) for s in os.environ.get("SIZES", "10000 1000000").split()]
REQUESTS = int(os.environ.get("REQUESTS", "200"))
TOKEN = "bench-reads-" + "".join(random.choice("abcdef0123456789") for _ in range(16))


def binary():
    if os.environ.get("QUOTEGEN_BIN"):
        return os.environ["QUOTEGEN_BIN"]
    print("building release binary...", file=sys.stderr)
    subprocess.run(["swift", "build", "-c", "release", "--product", "quotegen"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "quotegen")


BIN = binary()

# A fixed vocabulary of pronounceable words; word k is drawn with weight 1/(k+10), so the first ones are in a few
# percent of quotes and the last ones in about one in 50,000 words.
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "zu", "pe", "da", "fi", "go", "hu", "je", "bi"]
VOCABULARY = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES})[:5000]
random.Random(7).shuffle(VOCABULARY)
WEIGHTS = [1.0 / (k + 10) for k in range(len(VOCABULARY))]
MID_WORD, MID_WORD_2, COMMON_WORD = VOCABULARY[400], VOCABULARY[450], VOCABULARY[0]


def write_inputs(n, folder):
    rng = random.Random(n)
    jsonl, seed = os.path.join(folder, "quotes.jsonl"), os.path.join(folder, "seed.txt")
    with open(jsonl, "w") as quotes, open(seed, "w") as lines:
        for i in range(1, n + 1):
            words = rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(6, 14))
            text = " ".join(words).capitalize() + f" n{i}."
            author = f"Écrivain {i % 5000}" if i % 2 else f"Author {i % 5000}"
            quotes.write(json.dumps({"quote": text, "author": author, "tags": [f"topic{i % 50}", f"mood{i % 7}"]}) + "\n")
            lines.write(text + "\n")
    return jsonl, seed


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db, seed, log):
        self.port = free_port()
        env = dict(os.environ, QUOTEGEN_ADMIN_TOKEN=TOKEN, QUOTEGEN_LOG_LEVEL="warning")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [BIN, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--db", db, "--seed", seed],
            env=env, stdout=log, stderr=log)

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def wait(self, path, limit=600.0, step=0.002):
        while time.monotonic() - self.started < limit:
            try:
                if self.get(path)[0] == 200:
                    return time.monotonic() - self.started
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"bench-reads: the server exited ({self.process.returncode})")
            time.sleep(step)
        raise SystemExit(f"bench-reads: {path} not 200 after {limit} s")

    def memory(self):
        fields = {}
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        return int(fields["VmHWM"].split()[0]) // 1024, int(fields["VmRSS"].split()[0]) // 1024

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def latencies(port, path, count, warmup=5):
    """Milliseconds per call, one client, one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times = []
    for i in range(warmup + count):
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status not in (200, 404):
            raise SystemExit(f"bench-reads: {path} answered {response.status}")
        if i >= warmup:
            times.append((time.perf_counter() - start) * 1000)
    connection.close()
    return times


def p50_p99(times):
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def first_second_of_quote(server):
    """GET /quote, back to back, for the first second after healthy."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    times, end = [], time.monotonic() + 1.0
    while time.monotonic() < end:
        start = time.perf_counter()
        connection.request("GET", "/quote")
        response = connection.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
    connection.close()
    return times


READS = [
    ("q=<one word>", f"/quotes?q={MID_WORD}"),
    ("q=<two words>", f"/quotes?q={MID_WORD}+{MID_WORD_2}"),
    ("q=<no match>", "/quotes?q=zzzqqq"),
    ("q=<a quote's own word>", "/quotes?q=n4242"),
    ("q=<the most common word>", f"/quotes?q={COMMON_WORD}"),
    ("sort=-created_at&limit=100", "/quotes?sort=-created_at&limit=100"),
    ("author=X&sort=created_at", "/quotes?author=ecrivain+4243&sort=created_at"),
    ("tag=X&sort=-created_at", "/quotes?tag=topic7&sort=-created_at"),
    # Issue 16: filter expressions, totals and sort keys.
    ("tag=a,b (all of)", "/quotes?tag=topic7,mood3"),
    ("tag=a|b (any of)", "/quotes?tag=topic7%7Ctopic8"),
    ("author=x|y (any of)", "/quotes?author=ecrivain+4243%7Cauthor+4244"),
    ("total=true&tag=X", "/quotes?total=true&tag=topic7"),
    ("total=true&author=X", "/quotes?total=true&author=ecrivain+4243"),
    ("total=true&tag=a|b&author=x|y", "/quotes?total=true&tag=topic7%7Cmood3&author=ecrivain+4243%7Cauthor+4244"),
    ("total=true&q=<one word>", f"/quotes?total=true&q={MID_WORD}"),
    ("sort=author", "/quotes?sort=author"),
    ("sort=-author", "/quotes?sort=-author"),
    ("sort=text", "/quotes?sort=text"),
    ("sort=-text", "/quotes?sort=-text"),
    ("sort=text&tag=X", "/quotes?sort=text&tag=topic7"),
    ("sort=author&tag=a|b", "/quotes?sort=author&tag=topic7%7Ctopic8"),
    ("sort=-text&author=X", "/quotes?sort=-text&author=ecrivain+4243"),
    ("GET /authors", "/authors"),
    # Issue 16 part 2: authors by slug.
    ("GET /authors/{slug}", "/authors/ecrivain-4243"),
    ("author_slug=X", "/quotes?author_slug=ecrivain-4243"),
    ("GET /tags", "/tags"),
    ("GET /quotes/random?count=50", "/quotes/random?count=50"),
]


# Issue 16's target: a filtered pick within 20% of GET /quote's requests/s. Rounds alternate the paths, so that a
# slow moment of the machine does not land on one path only; the median of the rounds is printed.
PICKS = [
    ("GET /quote", "/quote"),
    ("GET /quote?tag=X", "/quote?tag=topic7"),
    ("GET /quote?tag=a,b", "/quote?tag=topic7,mood3"),
    ("GET /quote?tag=a|b", "/quote?tag=topic7%7Ctopic8"),
    ("GET /quote?author=x|y", "/quote?author=ecrivain+4243%7Cauthor+4244"),
    ("GET /quote?author_slug=X", "/quote?author_slug=ecrivain-4243"),
]
ROUNDS = int(os.environ.get("ROUNDS", "3"))


def throughput(port, picks=PICKS):
    rates = {name: [] for name, _ in picks}
    for _ in range(ROUNDS):
        for name, path in picks:
            out = subprocess.run(["wrk", "-t2", "-c64", "-d5s", f"http://127.0.0.1:{port}{path}"],
                                 check=True, capture_output=True, text=True).stdout
            if "Non-2xx" in out:
                raise SystemExit(f"bench-reads: {path} answered errors under load:\n{out}")
            rates[name].append(float(out.split("Requests/sec:")[1].split()[0]))
    return {name: statistics.median(values) for name, values in rates.items()}


def run_size(n, work):
    folder = os.path.join(work, str(n))
    os.makedirs(folder)
    db, log = os.path.join(folder, "quotes.sqlite"), open(os.path.join(folder, "server.log"), "w")
    jsonl, seed = write_inputs(n, folder)
    subprocess.run([BIN, "migrate", "--db", db], check=True, stdout=subprocess.DEVNULL)
    start = time.monotonic()
    subprocess.run([BIN, "import", "--db", db, jsonl], check=True, stdout=subprocess.DEVNULL)
    results = {"import": time.monotonic() - start}

    first = Server(db, seed, log)  # checks the seed file once and records its fingerprint
    first.wait("/readyz")
    first.stop()

    # A: an unchanged seed file, a store created today. Readiness is polled beside the first second's reads.
    server = Server(db, seed, log)
    results["healthy"] = server.wait("/healthz", step=0.001) * 1000
    ready = {}
    poller = threading.Thread(target=lambda: ready.setdefault("ms", server.wait("/readyz", step=0.005) * 1000))
    poller.start()
    results["first second"] = p50_p99(first_second_of_quote(server))
    poller.join()
    results["ready"] = ready["ms"]
    start = time.perf_counter()
    server.get("/quote/today")
    results["today first (created today)"] = (time.perf_counter() - start) * 1000
    results["GET /quote/today (created today)"] = p50_p99(latencies(server.port, "/quote/today", REQUESTS))
    server.stop()

    # B: every quote older than the day; the day's kept choice forgotten, so the first call chooses again.
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE quote SET created_at = '2026-01-01T00:00:00.000Z'")
        connection.execute("UPDATE quote_tag SET created_at = '2026-01-01T00:00:00.000Z'")
        connection.execute("DELETE FROM daily_choice")
    connection.close()
    server = Server(db, seed, log)
    server.wait("/readyz")
    start = time.perf_counter()
    server.get("/quote/today")
    results["today first (older store)"] = (time.perf_counter() - start) * 1000
    results["GET /quote/today (older store)"] = p50_p99(latencies(server.port, "/quote/today", REQUESTS))
    for name, path in READS:
        results[name] = p50_p99(latencies(server.port, path, REQUESTS))
    results["matches"] = {name: len(json.loads(server.get(path + ("&" if "?" in path else "?") + "limit=100")[1]).get("items", []))
                          for name, path in READS if path.startswith("/quotes?q=")}
    if n == max(SIZES) and shutil.which("wrk"):
        results["throughput"] = throughput(server.port)
    results["rss"] = server.memory()
    server.stop()
    log.close()
    return results


def main():
    work = tempfile.mkdtemp(prefix="quotegen-bench-reads.")
    try:
        table = {n: run_size(n, work) for n in SIZES}
        largest = max(SIZES)
        seed = os.path.join(work, str(largest), "seed.txt")
        fresh = os.path.join(work, "fresh.sqlite")
        subprocess.run([BIN, "migrate", "--db", fresh], check=True, stdout=subprocess.DEVNULL)
        start = time.monotonic()
        subprocess.run([BIN, "seed", "--db", fresh, "--seed", seed], check=True, stdout=subprocess.DEVNULL)
        seeding = time.monotonic() - start
    finally:
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)

    small, big = min(SIZES), max(SIZES)
    header = f"| read (one client, ms) | {small:,} p50 / p99 | {big:,} p50 / p99 | growth (p50) |"
    print(header)
    print("|---|---:|---:|---:|")
    rows = ["first second", "GET /quote/today (created today)", "GET /quote/today (older store)"] + [name for name, _ in READS]
    for row in rows:
        a, b = table[small][row], table[big][row]
        label = "GET /quote, first second after healthy" if row == "first second" else row
        print(f"| {label} | {a[0]:.2f} / {a[1]:.2f} | {b[0]:.2f} / {b[1]:.2f} | {b[0] / a[0]:.2f}× |")
    for row in ["today first (created today)", "today first (older store)"]:
        print(f"| GET /quote/today, first call ({row.split('(')[1][:-1]}) | {table[small][row]:.2f} | {table[big][row]:.2f} | |")
    if "throughput" in table[big]:
        rates = table[big]["throughput"]
        print()
        print(f"| pick at {big:,} quotes (wrk, 64 connections, median of {ROUNDS}) | req/s | vs GET /quote |")
        print("|---|---:|---:|")
        for name, _ in PICKS:
            print(f"| {name} | {rates[name]:,.0f} | {rates[name] / rates['GET /quote']:.2f} |")
    print()
    print("| start and memory | " + " | ".join(f"{n:,}" for n in SIZES) + " |")
    print("|---|" + "---:|" * len(SIZES))
    print("| start to healthy (ms) | " + " | ".join(f"{table[n]['healthy']:.0f}" for n in SIZES) + " |")
    print("| start to ready (ms) | " + " | ".join(f"{table[n]['ready']:.0f}" for n in SIZES) + " |")
    print("| peak RSS (MB) | " + " | ".join(f"{table[n]['rss'][0]}" for n in SIZES) + " |")
    print("| RSS after the reads (MB) | " + " | ".join(f"{table[n]['rss'][1]}" for n in SIZES) + " |")
    print("| `quotegen import` of the JSONL (s) | " + " | ".join(f"{table[n]['import']:.1f}" for n in SIZES) + " |")
    print()
    print(f"matches (first 100) at {big:,}: " + ", ".join(f"{k}: {v}" for k, v in table[big]["matches"].items()))
    print(f"`quotegen seed` of {big:,} lines into an empty store: {seeding:.1f} s")


if __name__ == "__main__":
    main()
