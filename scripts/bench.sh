#!/usr/bin/env bash
# Benchmark of a release quotegen on loopback, printed as one table:
#   stores of 3, 10,000 and 1,000,000 quotes (with authors and tags); for each, the start-up time to
#   healthy (and to a loaded index), requests/s (median of rounds), p50/p99 latency and the server's peak
#   RSS for GET /quote, GET /quote?tag=…, GET /quotes/{id}, GET /quotes?limit=20 and POST /quotes with
#   1 and 32 clients; then the time to seed 1,000,000 lines; then the shared reference harness
#   (nginx ceiling and the original Flask service) against the 3-quote store, in the same run.
#
#   scripts/bench.sh                      # everything (~15 minutes)
#   SIZES="3 10000" REFERENCE=0 scripts/bench.sh
#
# Knobs: SIZES="3 10000 1000000" ROUNDS=3 DURATION=5 THREADS=2 CONNS=64 REFERENCE=1 SEED_LINES=1000000
#        LOG_LEVEL=info (the server's default; "warning" drops the per-request log line)
# Needs wrk and sqlite3 (apt-get install wrk sqlite3). Servers bind 127.0.0.1 only; everything started
# here is stopped by PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SIZES=${SIZES:-"3 10000 1000000"}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
REFERENCE=${REFERENCE:-1}
SEED_LINES=${SEED_LINES:-1000000}
LOG_LEVEL=${LOG_LEVEL:-info}   # the default: every request logged, to a file here
WORK=$(mktemp -d /tmp/quotegen-bench.XXXXXX)
TOKEN="bench-$RANDOM$RANDOM"
SERVER_PID=""

for tool in wrk sqlite3 curl python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y wrk sqlite3 curl)" >&2; exit 1; }
done

# shellcheck source=scripts/bench/lib.sh
. "$ROOT/scripts/bench/lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

echo "building release binary..." >&2
swift build -c release --product quotegen >/dev/null
swift build -c release --product hummingbird-ceiling >/dev/null
BIN="$(swift build -c release --show-bin-path)/quotegen"
CEILING_BIN="$(swift build -c release --show-bin-path)/hummingbird-ceiling"

TABLE="$WORK/table.txt"
printf '| store | endpoint | clients | req/s (median of %s) | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|---|---|\n' "$ROUNDS" >"$TABLE"
STORES="$WORK/stores.txt"
printf '| store | start-up to healthy | index loaded | peak RSS |\n|---|---|---|---|\n' >"$STORES"

# The stack's own ceiling: Hummingbird answering GET /quote with a fixed body, nothing else.
echo "hummingbird-ceiling..." >&2
PORT=$(free_port)
"$CEILING_BIN" "$PORT" >"$WORK/ceiling.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs --noproxy '*' -o /dev/null "http://127.0.0.1:$PORT/quote" && break; sleep 0.05; done
warm_up
read -r CEILING_RPS CEILING_P50 CEILING_P99 _ < <(measure ceiling "$CONNS" "$THREADS" /quote)
stop_server

for size in $SIZES; do
    echo "store of $size quotes..." >&2
    db="$WORK/store-$size.sqlite"
    make_store "$db" "$size"
    start_server "$db"
    loaded=$(index_loaded_ms $(( $(now_ms) - STARTUP_MS )))
    warm_up
    middle=$(( size / 2 + 1 ))
    while read -r name conns threads path lua; do
        read -r rps p50 p99 bad < <(measure "$name" "$conns" "$threads" "$path" "$lua")
        printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$size" "$name" "$conns" "$rps" "$p50" "$p99" "$bad" >>"$TABLE"
    done <<EOF
GET_/quote $CONNS $THREADS /quote
GET_/quote?tag=topic1 $CONNS $THREADS /quote?tag=topic1
GET_/quotes/{id} $CONNS $THREADS /quotes/$middle
GET_/quotes?limit=20 $CONNS $THREADS /quotes?limit=20
POST_/quotes 1 1 /quotes $ROOT/scripts/bench/post.lua
POST_/quotes 32 2 /quotes $ROOT/scripts/bench/post.lua
EOF
    printf '| %s | %s ms | %s ms | %s MB |\n' "$size" "$STARTUP_MS" "$loaded" "$(rss_mb)" >>"$STORES"
    if [ "$REFERENCE" = 1 ] && [ "$size" = "$(echo $SIZES | awk '{print $1}')" ]; then
        echo "reference harness against the $size-quote store (~3.5 minutes)..." >&2
        RESULTS_DIR="$WORK/reference" bash "${QUOTEGEN_SHARED:-$ROOT/../shared}/bench/run.sh" "http://127.0.0.1:$PORT" quotegen >"$WORK/reference.txt" 2>&1 \
            || { cat "$WORK/reference.txt" >&2; echo "bench: reference harness failed" >&2; }
    fi
    stop_server
    rm -f "$db" "$db-wal" "$db-shm"
done

echo "seeding $SEED_LINES lines..." >&2
make_seed_file "$WORK/seed.txt" "$SEED_LINES"
SEED_MS=$(seed_ms "$WORK/seeded.sqlite" "$WORK/seed.txt")

echo
echo "## quotegen $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores, wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS rounds, log level $LOG_LEVEL"
echo
cat "$STORES"
echo
sed 's/_/ /' "$TABLE"
echo
echo "The stack's ceiling in the same run (hummingbird-ceiling: Hummingbird 2, GET /quote with a fixed body, no"
echo "middleware, no database, no log): $CEILING_RPS req/s, p50 $CEILING_P50 ms, p99 $CEILING_P99 ms."
echo
echo "Seeding $SEED_LINES lines into an empty database: $(awk -v ms="$SEED_MS" 'BEGIN { printf "%.1f s", ms / 1000 }')"
if [ -f "$WORK/reference/summary.md" ]; then
    echo
    echo "## Reference harness (same run, 3-quote store): ../shared/bench/run.sh"
    echo
    cat "$WORK/reference/summary.md"
fi
