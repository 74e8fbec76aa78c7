#!/usr/bin/env python3
"""Measures quotegen's acknowledged-write guarantees from outside, with the release binary, on loopback:

  1. kill -9 in the middle of a burst of POSTs: every write answered 201 is there after a restart;
  2. kill -9 in the middle of `quotegen import`: running it again completes it, with no duplicates;
  3. two servers on one database file, written at once: no 5xx, every 201 readable from the other server.

Prints one line of figures per check and exits 1 if any guarantee is broken. Bounded: a few seconds each.

  scripts/durability-check.py [--binary .build/release/quotegen] [--port 18090]
"""
import argparse, json, os, signal, sqlite3, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request

TOKEN = "durability-" + os.urandom(16).hex()


def request(port, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return None, b""


def serve(binary, db, port, folder):
    log = open(os.path.join(folder, f"server-{port}.log"), "ab")
    process = subprocess.Popen([binary, "serve", "--port", str(port), "--db", db, "--seed", os.path.join(folder, "none.txt")],
                               env={**os.environ, "QUOTEGEN_ADMIN_TOKEN": TOKEN, "QUOTEGEN_LOG_LEVEL": "warning"},
                               stdout=log, stderr=log)
    for _ in range(200):
        if request(port, "GET", "/healthz")[0] == 200:
            return process
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"server on {port} did not start")


def live_texts(binary, db):
    out = subprocess.run([binary, "export", "--db", db, "--format", "jsonl"], capture_output=True, check=True).stdout
    return [json.loads(line)["quote"] for line in out.decode().splitlines()]


def stored_rows(db):
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM quote").fetchone()[0]
    except sqlite3.Error:
        return 0


def burst(port, prefix, acknowledged, failures, stop, count=None):
    n = 0
    while not stop.is_set() and (count is None or n < count):
        n += 1
        text = f"{prefix} {n}"
        status, body = request(port, "POST", "/quotes", {"quote": text})
        if status == 201:
            acknowledged.append((text, json.loads(body)["id"]))
        elif status is not None and status >= 500:
            failures.append(status)


def kill_mid_burst(binary, folder, port):
    db = os.path.join(folder, "burst.sqlite")
    server = serve(binary, db, port, folder)
    acknowledged, failures, stop = [], [], threading.Event()
    threads = [threading.Thread(target=burst, args=(port, f"burst w{w}", acknowledged, failures, stop)) for w in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for thread in threads:
        thread.join()
    present = set(live_texts(binary, db))
    lost = [text for text, _ in acknowledged if text not in present]
    print(f"kill -9 mid-burst: {len(acknowledged)} POSTs acknowledged by 8 clients in 2 s, {len(lost)} lost after restart")
    return not lost


def kill_mid_import(binary, folder):
    db = os.path.join(folder, "import.sqlite")
    rows = 200_000
    source = os.path.join(folder, "rows.jsonl")
    with open(source, "w") as file:
        for n in range(rows):
            file.write(json.dumps({"quote": f"Imported {n}", "author": f"A{n % 97}", "tags": [f"t{n % 13}"]}) + "\n")
    first = subprocess.Popen([binary, "import", source, "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Killed once its first batches are committed, so that the kill lands among the writes.
    deadline = time.time() + 30
    while time.time() < deadline and first.poll() is None and stored_rows(db) < rows // 10:
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    partial = len(live_texts(binary, db)) if os.path.exists(db) else 0
    subprocess.run([binary, "import", source, "--db", db], capture_output=True, check=True)
    texts = live_texts(binary, db)
    ok = len(texts) == rows and len(set(texts)) == rows
    print(f"kill -9 mid-import: {partial} of {rows} rows in after the kill, {len(texts)} after the rerun, "
          f"{len(texts) - len(set(texts))} duplicates")
    return ok


def two_servers(binary, folder, port):
    db = os.path.join(folder, "shared.sqlite")
    first = serve(binary, db, port, folder)
    second = serve(binary, db, port + 1, folder)
    acknowledged = {port: [], port + 1: []}
    failures = []
    stop = threading.Event()
    threads = [threading.Thread(target=burst, args=(p, f"server {p} w{w}", acknowledged[p], failures, stop, 500))
               for p in (port, port + 1) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    unreadable = 0
    for p, other in ((port, port + 1), (port + 1, port)):
        for _, quote_id in acknowledged[p]:
            if request(other, "GET", f"/quotes/{quote_id}")[0] != 200:
                unreadable += 1
    for server in (first, second):
        server.send_signal(signal.SIGTERM)
        server.wait()
    total = sum(len(v) for v in acknowledged.values())
    print(f"two servers, one file: {total} POSTs acknowledged, {len(failures)} answered 5xx, "
          f"{unreadable} not readable from the other server")
    return not failures and unreadable == 0 and total == 4000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/quotegen")
    parser.add_argument("--port", type=int, default=int(os.environ.get("QUOTEGEN_CHECK_PORT", "18090")))
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.binary)
    with tempfile.TemporaryDirectory() as folder:
        results = [kill_mid_burst(binary, folder, arguments.port), kill_mid_import(binary, folder),
                   two_servers(binary, folder, arguments.port + 2)]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
