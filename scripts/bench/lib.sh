# Helpers shared by scripts/bench.sh and scripts/bench-compare.sh (sourced, not run). They use the caller's
# globals: BIN (the quotegen binary), WORK (a scratch folder), TOKEN, LOG_LEVEL, ROUNDS, DURATION, THREADS,
# CONNS; start_server sets PORT, SERVER_PID and STARTUP_MS.

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

# make_store PATH N: a migrated database with N synthetic quotes, 1,000 authors, 50 topic tags and 7 moods.
make_store() {
    "$BIN" migrate --db "$1" >/dev/null
    sqlite3 "$1" <<SQL
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
-- author_key is what quotegen writes beside each author (case and accents folded; these are ASCII).
INSERT INTO quote (text, author, author_key, source, created_at, updated_at)
SELECT 'Synthetic quote ' || i || ': ' || substr('Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt', 1, 20 + i % 60),
       'Author ' || (i % 1000), 'author ' || (i % 1000), 'api', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
FROM n;
INSERT INTO quote_tag (quote_id, tag, position) SELECT id, 'topic' || (id % 50), 0 FROM quote;
INSERT INTO quote_tag (quote_id, tag, position) SELECT id, 'mood' || (id % 7), 1 FROM quote WHERE id % 2 = 0;
COMMIT;
SQL
}

# start_server DB: starts quotegen, waits for /healthz; sets PORT, SERVER_PID, STARTUP_MS.
start_server() {
    PORT=$(free_port)
    local log="$WORK/server-$PORT.log" start
    start=$(now_ms)
    QUOTEGEN_ADMIN_TOKEN="$TOKEN" QUOTEGEN_LOG_LEVEL="$LOG_LEVEL" setsid "$BIN" serve --host 127.0.0.1 --port "$PORT" \
        --db "$1" --seed "$WORK/no-seed.txt" >"$log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        if curl -fs --noproxy '*' -o /dev/null "http://127.0.0.1:$PORT/healthz"; then
            STARTUP_MS=$(( $(now_ms) - start )); return 0
        fi
        sleep 0.01
    done
    cat "$log" >&2; echo "bench: server did not start" >&2; exit 1
}

# index_loaded_ms: waits until GET /quote answers from the index (the log says when it loaded).
index_loaded_ms() {
    local start=$1
    for _ in $(seq 1 600); do
        grep -q "quote index loaded" "$WORK/server-$PORT.log" 2>/dev/null && { echo $(( $(now_ms) - start )); return; }
        sleep 0.01
    done
    echo "?"
}

# measure NAME CONNS THREADS PATH [LUA]: ROUNDS wrk runs; prints "rps p50 p99 non2xx" (medians).
measure() {
    local conns=$2 threads=$3 path=$4 lua=${5:-} results=()
    for round in $(seq 1 "$ROUNDS"); do
        local args=(-t"$threads" -c"$conns" -d"${DURATION}s" --latency)
        [ -n "$lua" ] && args+=(-s "$lua")
        BENCH_TOKEN="$TOKEN" BENCH_NONCE="$RANDOM$RANDOM-$round" wrk "${args[@]}" "http://127.0.0.1:$PORT$path" >"$WORK/wrk.txt"
        results+=("$(awk '
            function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
            /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
            /^Requests\/sec:/ { rps = $2 } /Non-2xx/ { bad = $NF }
            END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad }' "$WORK/wrk.txt")")
    done
    printf '%s\n' "${results[@]}" | sort -n | awk -v n="$ROUNDS" 'NR == int((n + 1) / 2)'
}

# warm_up: one unmeasured second of load, so that no server's first round pays for its start (the
# reference harness does the same for its contenders).
warm_up() { wrk -t"$THREADS" -c"$CONNS" -d1s "http://127.0.0.1:$PORT/quote" >/dev/null; }

rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }


# make_seed_file PATH N: a seed file of N distinct lines.
make_seed_file() {
    python3 -c "
with open('$1', 'w') as f:
    for i in range($2): f.write(f'Seed line {i}: the quick brown fox jumps over the lazy dog\\n')
"
}

# seed_ms DB SEED: milliseconds that `quotegen seed` takes to import SEED into the (new) database DB.
seed_ms() {
    local start
    start=$(now_ms)
    "$BIN" seed --db "$1" --seed "$2" >/dev/null 2>&1
    echo $(( $(now_ms) - start ))
}
