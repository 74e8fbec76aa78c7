#!/usr/bin/env bash
# Runs schemathesis against a live quotegen (release build) seeded with test data, using the OpenAPI document
# the server itself serves, with the admin token, over every operation. Bounded: examples per operation and a
# time limit. Exits non-zero on any failure schemathesis reports.
#
#   scripts/contract-test.sh                 # builds the release binary first
#   QUOTEGEN_BIN=.build/debug/quotegen scripts/contract-test.sh
#
# Needs schemathesis (pip install schemathesis) and curl. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

max_examples=${CONTRACT_MAX_EXAMPLES:-25}
max_time=${CONTRACT_MAX_TIME:-240}

if [[ -z "${QUOTEGEN_BIN:-}" ]]; then
    swift build -c release --product quotegen
    QUOTEGEN_BIN="$(swift build -c release --show-bin-path)/quotegen"
fi
python3 -c "import schemathesis" 2>/dev/null || { echo "contract-test: schemathesis is missing: pip install schemathesis" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

token="contract-test-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
printf '%s\n' "Simplicity is the soul of efficiency." "Talk is cheap. Show me the code." \
    "Premature optimization is the root of all evil." > "$work/seed.txt"

# The ignored_auth check sends wrong tokens on purpose: with the default limit of 10 a minute, every admin call
# after them would be a 429 and the logic behind them untested.
QUOTEGEN_AUTH_FAILURES_PER_MINUTE=1000000 QUOTEGEN_ADMIN_TOKEN="$token" QUOTEGEN_LOG_LEVEL=warning "$QUOTEGEN_BIN" serve \
    --host 127.0.0.1 --port "$port" --db "$work/quotes.sqlite" --seed "$work/seed.txt" 2> "$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fsS "$base/healthz" >/dev/null

# Test data with authors and tags, so filters and tallies have something to match.
for body in '{"quote": "Stay hungry, stay foolish.", "author": "Steve Jobs", "tags": ["life", "work"]}' \
            '{"quote": "Less is more.", "author": "Ludwig Mies van der Rohe", "tags": ["design"]}' \
            '{"quote": "Make it work, make it right, make it fast.", "author": "Kent Beck", "tags": ["work", "code"]}'; do
    curl -fsS -o /dev/null -X POST "$base/quotes" -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -d "$body"
done

status=0
# Every check schemathesis has (all are on by default; `--checks all` is not given because a command-line choice
# overrides the configuration's one per-operation exception); the statuses it must accept for schema-valid data are
# widened, and that exception made, with reasons, in scripts/contract/schemathesis.toml.
python3 -m schemathesis.cli --config-file scripts/contract/schemathesis.toml run "$base/openapi.json" \
    --header "Authorization: Bearer $token" \
    --max-examples "$max_examples" --max-time "$max_time" --seed "${CONTRACT_SEED:-20261130}" \
    --generation-database none --no-color --report junit --report-dir "$work/report" || status=$?
# Quotable's API under /quotable/, from its own document (its server URL is /quotable); a share of the time limit.
python3 -m schemathesis.cli --config-file scripts/contract/schemathesis.toml run "$base/quotable/openapi.json" \
    --url "$base/quotable" \
    --max-examples "$max_examples" --max-time "$((max_time / 4 + 1))" --seed "${CONTRACT_SEED:-20261130}" \
    --generation-database none --no-color --report junit --report-dir "$work/report-quotable" || status=$?

kill -TERM "$server_pid"
wait "$server_pid" || { echo "contract-test: the server did not stop cleanly" >&2; status=1; }
server_pid=""
if grep -q "request failed" "$work/server.log"; then
    echo "contract-test: the server logged failed requests:" >&2
    grep "request failed" "$work/server.log" | head -5 >&2
    status=1
fi
exit "$status"
