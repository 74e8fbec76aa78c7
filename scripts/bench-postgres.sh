#!/usr/bin/env bash
# SQLite and PostgreSQL side by side in one run, on a throwaway PostgreSQL server (scripts/test-postgres.sh,
# fsync on) and release builds, loopback only:
#   - GET /quote (64 clients), GET /quotes/{id} (64), POST /quotes (1 and 32 clients) on the same store
#     (STORE_SIZE quotes, made on SQLite and moved to PostgreSQL with `quotegen copy`, which is timed);
#   - `quotegen seed` of SEED_LINES lines into each engine;
#   - replica coherence: two servers on one PostgreSQL store; for each of WRITES writes on A (a new author),
#     the time until B's GET /quote?author=… picks it (p50, max);
#   - with nginx installed: three replicas behind nginx against one replica direct (GET /quote).
#
#   scripts/bench-postgres.sh
#   STORE_SIZE=1000000 SEED_LINES=1000000 scripts/bench-postgres.sh     # the issue's targets (~10 minutes)
#
# Knobs: STORE_SIZE=100000 SEED_LINES=200000 WRITES=100 ROUNDS=3 DURATION=5 THREADS=2 CONNS=64 PG_PORT=25450
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STORE_SIZE=${STORE_SIZE:-100000}
SEED_LINES=${SEED_LINES:-200000}
WRITES=${WRITES:-100}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
PG_PORT=${PG_PORT:-25450}
LOG_LEVEL=warning
WORK=$(mktemp -d /tmp/quotegen-bench-pg.XXXXXX)
chmod 755 "$WORK"
TOKEN="bench-$RANDOM$RANDOM"
SERVER_PID=""
OTHER_PID=""
NGINX_PID=""

for tool in wrk sqlite3 curl python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y wrk sqlite3 curl)" >&2; exit 1; }
done
# shellcheck source=scripts/bench/lib.sh
. "$ROOT/scripts/bench/lib.sh"
cleanup() {
    stop_server
    [ -n "$OTHER_PID" ] && kill "$OTHER_PID" 2>/dev/null
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null
    scripts/test-postgres.sh stop "$WORK/pg" >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "building release binary..." >&2
swift build -c release --product quotegen >/dev/null
BIN="$(swift build -c release --show-bin-path)/quotegen"
FSYNC=on scripts/test-postgres.sh start "$WORK/pg" "$PG_PORT" >/dev/null
pg_url() { echo "postgres://postgres@127.0.0.1:$PG_PORT/$1?sslmode=disable"; }
psql_admin() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt -c "$1"; }
secs() { python3 -c "print(f'{($2 - $1) / 1000:.1f}')" ; }

TABLE="$WORK/table.txt"
printf '| engine | endpoint | clients | req/s (median of %s) | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|---|---|\n' "$ROUNDS" >"$TABLE"

echo "making a $STORE_SIZE-quote SQLite store..." >&2
make_store "$WORK/store.sqlite" "$STORE_SIZE"
psql_admin "CREATE DATABASE bench"
start=$(now_ms)
"$BIN" copy --from "$WORK/store.sqlite" --to "$(pg_url bench)" >"$WORK/copy.log" 2>&1 || { cat "$WORK/copy.log"; exit 1; }
COPY_S=$(secs "$start" "$(now_ms)")

for engine in sqlite postgres; do
    location=$WORK/store.sqlite
    [ $engine = postgres ] && location=$(pg_url bench)
    echo "$engine: serving..." >&2
    start_server "$location"
    index_loaded_ms "$(now_ms)" >/dev/null
    warm_up
    while read -r name conns threads path lua; do
        read -r rps p50 p99 bad < <(measure "$name" "$conns" "$threads" "$path" "$lua")
        printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$engine" "${name//_/ }" "$conns" "$rps" "$p50" "$p99" "$bad" >>"$TABLE"
    done <<EOF2
GET_/quote $CONNS $THREADS /quote
GET_/quotes/{id} $CONNS $THREADS /quotes/$((STORE_SIZE / 2))
POST_/quotes 1 1 /quotes $ROOT/scripts/bench/post.lua
POST_/quotes 32 2 /quotes $ROOT/scripts/bench/post.lua
EOF2
    stop_server
done

echo "seeding $SEED_LINES lines into each engine..." >&2
python3 -c "
import sys
with open('$WORK/seed.txt', 'w') as f:
    for i in range($SEED_LINES): f.write(f'Seed line {i} of the benchmark, with some words to index\n')"
psql_admin "CREATE DATABASE seedbench"
SEEDS=""
for location in "$WORK/seed.sqlite" "$(pg_url seedbench)"; do
    "$BIN" migrate --db "$location" >/dev/null
    start=$(now_ms)
    "$BIN" seed --db "$location" --seed "$WORK/seed.txt" >/dev/null 2>&1
    SEEDS="$SEEDS $(secs "$start" "$(now_ms)")"
done
read -r SEED_SQLITE SEED_PG <<<"$SEEDS"

echo "replica coherence over $WRITES writes..." >&2
start_server "$(pg_url bench)"
A=$PORT; A_PID=$SERVER_PID
start_server "$(pg_url bench)"
B=$PORT; OTHER_PID=$A_PID
index_loaded_ms "$(now_ms)" >/dev/null
COHERENCE=$(python3 - "$A" "$B" "$TOKEN" "$WRITES" <<'PY'
import json, sys, time, urllib.request, urllib.parse
a, b, token, writes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
delays = []
for n in range(writes):
    author = f"Coherence {time.time_ns()} {n}"
    body = json.dumps({"quote": f"Written on A for B, {author}", "author": author}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{a}/quotes", body, method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=5).read()
    start = time.monotonic()
    url = f"http://127.0.0.1:{b}/quote?author={urllib.parse.quote(author)}"
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            break
        except urllib.error.HTTPError:
            if time.monotonic() - start > 5: break
            time.sleep(0.005)
    delays.append((time.monotonic() - start) * 1000)
delays.sort()
print(f"{delays[len(delays) // 2]:.0f} {delays[-1]:.0f}")
PY
)
read -r COHERENCE_P50 COHERENCE_MAX <<<"$COHERENCE"
stop_server; kill "$OTHER_PID" 2>/dev/null; OTHER_PID=""

BALANCER=""
if command -v nginx >/dev/null; then
    echo "three replicas behind nginx..." >&2
    PORTS=()
    PIDS=()
    # Each replica measured once its index is loaded (before, a pick falls back to SQL, far slower).
    for _ in 1 2 3; do
        start_server "$(pg_url bench)"; index_loaded_ms "$(now_ms)" >/dev/null
        PORTS+=("$PORT"); PIDS+=("$SERVER_PID"); SERVER_PID=""
    done
    LB_PORT=$(free_port)
    mkdir -p "$WORK/nginx"
    {
        echo "pid $WORK/nginx/pid; error_log $WORK/nginx/error.log; worker_processes 2;"
        echo "events { worker_connections 4096; }"
        echo "http { access_log off; upstream q {"
        for port in "${PORTS[@]}"; do echo "  server 127.0.0.1:$port;"; done
        echo "  keepalive 64; }"
        echo "  server { listen 127.0.0.1:$LB_PORT; location / { proxy_pass http://q; proxy_http_version 1.1;"
        echo "    proxy_set_header Connection \"\"; } } }"
    } >"$WORK/nginx/nginx.conf"
    nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -g 'daemon off;' 2>"$WORK/nginx/start.log" &
    NGINX_PID=$!
    sleep 1
    SAVED=$PORT; PORT=$LB_PORT
    read -r LB_RPS LB_P50 LB_P99 _ < <(measure balancer "$CONNS" "$THREADS" /quote)
    PORT=${PORTS[0]}
    read -r ONE_RPS ONE_P50 ONE_P99 _ < <(measure direct "$CONNS" "$THREADS" /quote)
    PORT=$SAVED
    BALANCER="| GET /quote through nginx, 3 replicas | $LB_RPS | $LB_P50 | $LB_P99 |
| GET /quote, one replica direct | $ONE_RPS | $ONE_P50 | $ONE_P99 |"
    kill "${PIDS[@]}" "$NGINX_PID" 2>/dev/null; NGINX_PID=""
fi

echo
echo "## SQLite and PostgreSQL, one run ($(nproc) cores; store of $STORE_SIZE quotes; wrk ${DURATION}s x $ROUNDS)"
echo
cat "$TABLE"
echo
echo "| operation | SQLite | PostgreSQL |"
echo "|---|---|---|"
echo "| seed $SEED_LINES lines (s) | $SEED_SQLITE | $SEED_PG |"
echo "| copy the $STORE_SIZE-quote SQLite store to PostgreSQL (s) | | $COPY_S |"
echo "| replica coherence over $WRITES writes: A's 201 to B's pick, p50 / max (ms) | | $COHERENCE_P50 / $COHERENCE_MAX |"
if [ -n "$BALANCER" ]; then
    echo
    echo "| load balancing (PostgreSQL) | req/s | p50 ms | p99 ms |"
    echo "|---|---|---|---|"
    echo "$BALANCER"
fi
