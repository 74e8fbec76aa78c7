#!/usr/bin/env bash
# Several quotegen replicas on one PostgreSQL store behind nginx (compose.replicas.yaml), checked step by step:
# it exits non-zero on the first failure, naming the step, and removes everything it created.
#
#   scripts/replicas-demo.sh [--skip-build]
#
# Needs the Docker engine and the local images of ../shared/docker (engine-up.sh, base-images.sh; this script
# runs standin-images.sh for postgres:15 and nginx:1.22). Ports: 15000 (nginx), 15001-15003, 15432.
set -euo pipefail
cd "$(dirname "$0")/.."

SKIP_BUILD=0
[ "${1:-}" = "--skip-build" ] && SKIP_BUILD=1
SHARED=${QUOTEGEN_SHARED:-../shared}
export QUOTEGEN_VERSION=replicas-demo
export QUOTEGEN_PG_VOLUME=quotegen-replicas-demo-pg
export QUOTEGEN_DB_PASSWORD="demo-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export QUOTEGEN_ADMIN_TOKEN="demo-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
BALANCER=http://127.0.0.1:15000
REPLICAS=(15001 15002 15003)
READY=(http://127.0.0.1:15001/readyz http://127.0.0.1:15002/readyz http://127.0.0.1:15003/readyz)
STEP="setup"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }
fail() { printf '\nFAILED at step "%s": %s\n' "$STEP" "$*" >&2; compose logs --tail 15 >&2 || true; exit 1; }
compose() { docker-compose -p quotegen-replicas-demo -f compose.replicas.yaml "$@"; }
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true; }

cleanup() {
    local code=$?
    set +e
    say "Clean up"
    compose down -v >/dev/null 2>&1
    docker volume rm -f "$QUOTEGEN_PG_VOLUME" >/dev/null 2>&1
    [ "$SKIP_BUILD" = 0 ] && docker image rm "quotegen:$QUOTEGEN_VERSION" >/dev/null 2>&1
    [ $code -eq 0 ] && say "All steps passed."
    exit $code
}
trap cleanup EXIT

# Waits until every URL answers 200 (at most SECONDS).
wait_ready() {
    local seconds=$1; shift
    for _ in $(seq 1 $((seconds * 2))); do
        local all=1
        for url in "$@"; do [ "$(status "$url")" = 200 ] || all=0; done
        [ $all = 1 ] && return 0
        sleep 0.5
    done
    return 1
}

STEP="1. images"
say "$STEP"
BUILD_DOCKER=docker
[ -x /usr/bin/docker ] && BUILD_DOCKER=/usr/bin/docker   # BuildKit needs Debian's client here (../shared/docker)
if [ "$SKIP_BUILD" = 0 ]; then
    show env DOCKER_BUILDKIT=1 "$BUILD_DOCKER" build --network host -q -t "quotegen:$QUOTEGEN_VERSION" . >/dev/null \
        || fail "docker build failed"
fi
show bash "$SHARED/docker/standin-images.sh" >/dev/null

STEP="2. the stack comes up healthy"
say "$STEP"
show compose up -d
wait_ready 90 "$BALANCER/readyz" "${READY[@]}" || fail "not every replica became ready"
for port in "${REPLICAS[@]}"; do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || fail "replica $port is not ready"; done
echo "postgres, 3 replicas and nginx are up; every replica answers /readyz 200"
SEEDED=$(curl -sf "$BALANCER/quotes?limit=100" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
LINES=$(grep -cve '^\s*$' seed/quotes.txt)
[ "$SEEDED" = "$LINES" ] || fail "three replicas seeding one file stored $SEEDED quotes, not $LINES"
echo "the three replicas seeded the same file at once: $SEEDED quotes, each line once"

STEP="3. a write through the balancer is served by every replica"
say "$STEP"
CREATED=$(curl -sf -X POST -H "Authorization: Bearer $QUOTEGEN_ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"quote": "One store, three replicas.", "author": "Replicas Demo"}' "$BALANCER/quotes") || fail "POST through nginx failed"
ID=$(printf '%s' "$CREATED" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for port in "${REPLICAS[@]}"; do
    [ "$(status "http://127.0.0.1:$port/quotes/$ID")" = 200 ] || fail "replica $port does not serve quote $ID"
done
echo "quote $ID, written through nginx, is served by replicas ${REPLICAS[*]}"

STEP="4. one replica stops during a load through the balancer: no GET fails"
LOAD_OUT=$(mktemp /tmp/quotegen-replicas-load.XXXXXX)
say "$STEP"
python3 - "$BALANCER" >"$LOAD_OUT" 2>&1 <<'PY' &
import sys, threading, urllib.request
url, failures, done = sys.argv[1] + "/quote", [], [0]
def client():
    for _ in range(300):                       # bounded: 4 clients x 300 requests
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status != 200: failures.append(response.status)
        except Exception as error:
            failures.append(str(error))
        done[0] += 1
threads = [threading.Thread(target=client) for _ in range(4)]
[t.start() for t in threads]; [t.join() for t in threads]
print(f"{done[0]} GETs, {len(failures)} failed {failures[:3]}")
sys.exit(1 if failures else 0)
PY
LOAD=$!
sleep 1
show compose stop quotegen-2
wait $LOAD || { cat "$LOAD_OUT"; rm -f "$LOAD_OUT"; fail "GETs failed while a replica stopped"; }
cat "$LOAD_OUT"; rm -f "$LOAD_OUT"
show compose start quotegen-2
wait_ready 60 http://127.0.0.1:15002/readyz || fail "replica 15002 did not come back"

STEP="5. PostgreSQL restarts: the replicas recover by themselves"
say "$STEP"
STARTED=$(for s in quotegen-1 quotegen-2 quotegen-3; do docker inspect -f '{{.State.StartedAt}}' "$(compose ps -q $s)"; done)
show compose restart postgres
wait_ready 60 "${READY[@]}" || fail "the replicas did not recover after PostgreSQL restarted"
wait_ready 30 "$BALANCER/quotes/$ID" || fail "quote $ID is not served after the restart"
AFTER=$(for s in quotegen-1 quotegen-2 quotegen-3; do docker inspect -f '{{.State.StartedAt}}' "$(compose ps -q $s)"; done)
[ "$STARTED" = "$AFTER" ] || fail "a replica was restarted"
echo "every replica answers again, none was restarted"

STEP="6. down keeps the data; down -v removes it"
say "$STEP"
show compose down
docker volume inspect "$QUOTEGEN_PG_VOLUME" >/dev/null 2>&1 || fail "down removed the volume"
show compose up -d
wait_ready 90 "$BALANCER/quotes/$ID" || fail "quote $ID did not survive down and up"
echo "quote $ID survived down and up (volume $QUOTEGEN_PG_VOLUME)"
show compose down -v
docker volume inspect "$QUOTEGEN_PG_VOLUME" >/dev/null 2>&1 && fail "down -v kept the volume"
echo "down -v removed the volume"
