#!/usr/bin/env bash
# Two quotegen binaries side by side, in one run, on the figures a restructuring must not move (issue 12):
# GET /quote req/s (64 clients), POST /quotes req/s (1 and 32 clients), on a 10,000-quote store, and the time
# to seed 1,000,000 lines. Rounds alternate between the binaries in ABBA order (A B, B A, A B, …), so drift on
# the machine hits both alike;
# each figure is the median of its rounds, and the last column is after/before.
#
#   scripts/bench-compare.sh BEFORE_BIN AFTER_BIN
#   ROUNDS=5 DURATION=5 SEED_LINES=1000000 scripts/bench-compare.sh /tmp/before/quotegen .build/release/quotegen
#
# Build BEFORE_BIN from the older commit (git worktree add /tmp/before REV && cd /tmp/before &&
# swift build -c release). Needs wrk, sqlite3, curl; servers bind 127.0.0.1 and are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
[ $# -eq 2 ] || { sed -n 2,10p "$0" >&2; exit 2; }
BINS=("$1" "$2")
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
SEED_LINES=${SEED_LINES:-1000000}
STORE_SIZE=${STORE_SIZE:-10000}
LOG_LEVEL=${LOG_LEVEL:-info}
WORK=$(mktemp -d /tmp/quotegen-compare.XXXXXX)
TOKEN="bench-$RANDOM$RANDOM"
SERVER_PID=""
# shellcheck source=scripts/bench/lib.sh
. "$ROOT/scripts/bench/lib.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

# The older binary makes the store, so that both can open it (the newer one migrates its own copy at start,
# before anything is measured); a store made by a newer schema is refused by an older binary.
BIN=${BINS[0]}
make_store "$WORK/store.sqlite" "$STORE_SIZE"
make_seed_file "$WORK/seed.txt" "$SEED_LINES"
declare -A figures
for round in $(seq 1 "$ROUNDS"); do
    order="0 1"; [ $((round % 2)) = 0 ] && order="1 0"
    for side in $order; do
        BIN=${BINS[$side]}
        echo "round $round, binary $side ($BIN)..." >&2
        cp "$WORK/store.sqlite" "$WORK/run.sqlite"
        start_server "$WORK/run.sqlite"
        index_loaded_ms "$(now_ms)" >/dev/null
        warm_up
        ROUNDS_SAVED=$ROUNDS; ROUNDS=1
        read -r get _ < <(measure get "$CONNS" "$THREADS" /quote)
        read -r post1 _ < <(measure post 1 1 /quotes "$ROOT/scripts/bench/post.lua")
        read -r post _ < <(measure post 32 2 /quotes "$ROOT/scripts/bench/post.lua")
        ROUNDS=$ROUNDS_SAVED
        stop_server
        rm -f "$WORK"/run.sqlite* "$WORK"/seeded.sqlite*
        seed=$(seed_ms "$WORK/seeded.sqlite" "$WORK/seed.txt")
        figures[get,$side]+="$get "; figures[post1,$side]+="$post1 "; figures[post,$side]+="$post "; figures[seed,$side]+="$seed "
    done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo
echo "## bench-compare: $ROUNDS alternating rounds, $(nproc) cores, wrk -d${DURATION}s, $STORE_SIZE-quote store, log level $LOG_LEVEL"
echo "before: ${BINS[0]}"
echo "after:  ${BINS[1]}"
echo
echo "| figure | before (median) | after (median) | after/before | rounds before | rounds after |"
echo "|---|---|---|---|---|---|"
for row in "get|GET /quote, $CONNS clients, req/s" "post1|POST /quotes, 1 client, req/s" "post|POST /quotes, 32 clients, req/s" "seed|seed $SEED_LINES lines, ms"; do
    key=${row%%|*}; label=${row#*|}
    before=$(echo "${figures[$key,0]}" | median); after=$(echo "${figures[$key,1]}" | median)
    ratio=$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.3f", a / b }')
    echo "| $label | $before | $after | $ratio | ${figures[$key,0]% } | ${figures[$key,1]% } |"
done
