#!/usr/bin/env bash
# Import and export figures for a release quotegen, printed as one table:
#   1,000,000-line files in txt, jsonl and csv (jsonl and csv with an author and two tags per quote):
#   wall time, user CPU and peak RSS of `quotegen import` into an empty database, and of `quotegen export`
#   back out; then how long a running server takes to serve quotes that `quotegen import` added beside it.
#
#   scripts/bench-import.sh               # ~2 minutes
#   LINES=200000 scripts/bench-import.sh
#
# Loopback only; everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

LINES=${LINES:-1000000}
WORK=$(mktemp -d /tmp/quotegen-bench-import.XXXXXX)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "building release binary..." >&2
swift build -c release --product quotegen >/dev/null
BIN="$(swift build -c release --show-bin-path)/quotegen"

echo "writing $LINES-line files..." >&2
python3 - "$WORK" "$LINES" <<'PY'
import json, random, sys
folder, lines = sys.argv[1], int(sys.argv[2])
random.seed(1)
authors = [f"Author {i}" for i in range(5000)]
tags = [f"tag{i}" for i in range(200)]
with open(f"{folder}/quotes.txt", "w") as t, open(f"{folder}/quotes.jsonl", "w") as j, open(f"{folder}/quotes.csv", "w") as c:
    c.write("quote,author,tags\n")
    for i in range(lines):
        q = f"Synthetic quote number {i}, with some words to make it a realistic length for a quote."
        a, ts = random.choice(authors), random.sample(tags, 2)
        t.write(q + "\n")
        j.write(json.dumps({"quote": q, "author": a, "tags": ts}) + "\n")
        c.write(f'"{q}",{a},{" ".join(ts)}\n')
PY

measure() {  # measure LABEL COMMAND... -> "seconds user_seconds peak_MB"
    /usr/bin/time -f "%e %U %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; exit 1; }
    read -r wall user kb < "$WORK/time"
    printf '%s %s %s' "$wall" "$user" "$((kb / 1024))"
}

printf '\n%-28s %10s %10s %10s\n' "operation ($LINES lines)" "wall s" "user s" "peak MB"
for format in txt jsonl csv; do
    rm -f "$WORK"/db.sqlite*
    read -r wall user mb <<< "$(measure "$BIN" import "$WORK/quotes.$format" --db "$WORK/db.sqlite")"
    printf '%-28s %10s %10s %10s\n' "import $format" "$wall" "$user" "$mb"
    read -r wall user mb <<< "$(measure "$BIN" export --db "$WORK/db.sqlite" --format "$format" --output "$WORK/out.$format")"
    printf '%-28s %10s %10s %10s\n' "export $format" "$wall" "$user" "$mb"
done

# Visibility: a server on the database, an import of 1,000 new quotes beside it, then the time from the
# import's exit to the first GET /quote?tag=fresh that finds one.
rm -f "$WORK"/db.sqlite*
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
QUOTEGEN_LOG_LEVEL=warning "$BIN" serve --host 127.0.0.1 --port "$port" --db "$WORK/db.sqlite" --seed "$WORK/none.txt" 2>/dev/null &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
samples=()
for round in 1 2 3 4 5; do
    python3 -c "import json
for i in range(1000): print(json.dumps({'quote': 'Fresh quote $round.%d' % i, 'tags': ['round$round']}))" > "$WORK/fresh.jsonl"
    "$BIN" import "$WORK/fresh.jsonl" --db "$WORK/db.sqlite" >/dev/null 2>&1
    start=$(date +%s%N)
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/quote?tag=round$round" 2>/dev/null; do sleep 0.005; done
    samples+=($(( ($(date +%s%N) - start) / 1000000 )))
done
printf '%-28s %s ms (5 rounds; the server polls every 250 ms)\n' "import -> served" "${samples[*]}"
