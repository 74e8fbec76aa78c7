#!/usr/bin/env bash
# Where does quotegen's data live? A narrated walk through images, containers, a named volume and bind
# mounts, that asserts every step: it exits non-zero on the first failure, naming the step.
#
#   scripts/volume-demo.sh [--port N] [--skip-build]
#
# For machines where containers use the host's network only: every container runs with --network host
# and listens on 127.0.0.1:PORT (a free port unless --port is given). Everything it creates (containers,
# the volume, the image tags, temporary folders) is removed at the end, also when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=""
SKIP_BUILD=0
while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT="$2"; shift 2 ;;
        --skip-build) SKIP_BUILD=1; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
[ -n "$PORT" ] || PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

VERSION=${VERSION:-0.1.0-demo}
IMAGE=quotegen
NEXT_TAG="$VERSION-next"
VOLUME=quotegen-demo-data
TOKEN="demo-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
URL="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /tmp/quotegen-demo.XXXXXX)
CONTAINERS=()
STEP="setup"

# BuildKit needs Debian's docker client on this machine (see ../shared/docker/README.md).
BUILD_DOCKER=docker
[ -x /usr/bin/docker ] && BUILD_DOCKER=/usr/bin/docker

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }
fail() { printf '\nFAILED at step "%s": %s\n' "$STEP" "$*" >&2; exit 1; }

cleanup() {
    local status=$?
    set +e
    say "8. Clean up everything the demo created"
    [ "${COMPOSE_UP:-0}" = 1 ] && compose down -v >/dev/null 2>&1
    for name in "${CONTAINERS[@]}"; do docker rm -f "$name" >/dev/null 2>&1; done
    docker volume rm -f "$VOLUME" "$VOLUME-minimal" >/dev/null 2>&1
    docker image rm "$IMAGE:$NEXT_TAG" >/dev/null 2>&1
    [ "$SKIP_BUILD" = 0 ] && docker image rm "$IMAGE:$VERSION-minimal" >/dev/null 2>&1
    if [ "$SKIP_BUILD" = 0 ]; then docker image rm "$IMAGE:$VERSION" "$IMAGE:latest" >/dev/null 2>&1; fi
    chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"
    echo "removed containers ${CONTAINERS[*]:-none}, volume $VOLUME and the tags it made"
    [ $status -eq 0 ] && say "All steps passed."
    exit $status
}
trap cleanup EXIT

# run NAME [docker run options...] -- starts a container in the background on the host network.
run() {
    local name="quotegen-demo-$1"; shift
    CONTAINERS+=("$name")
    docker rm -f "$name" >/dev/null 2>&1 || true
    show docker run -d --name "$name" --network host \
        -e QUOTEGEN_HOST=127.0.0.1 -e QUOTEGEN_PORT="$PORT" -e QUOTEGEN_ADMIN_TOKEN="$TOKEN" "$@" >/dev/null
    LAST="$name"
}

wait_healthy() {
    local name=$1 status=""
    for _ in $(seq 1 60); do
        status=$(docker inspect -f '{{.State.Health.Status}}' "$name" 2>/dev/null || echo gone)
        [ "$status" = healthy ] && { echo "$name is healthy"; return 0; }
        [ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || break
        sleep 1
    done
    docker logs --tail 20 "$name" >&2 || true
    fail "$name did not become healthy (last status: $status)"
}

remove() { show docker rm -f "$1" >/dev/null; }

get() { curl -sS --noproxy '*' --max-time 5 "$URL$1"; }

# serves_posted_quote NAME IMAGE WHEN: a new container NAME of IMAGE on the volume still serves the quote
# posted in step 3 (ID, TEXT); WHEN says after what, for the messages.
serves_posted_quote() {
    run "$1" -v "$VOLUME:/data" "$2"
    wait_healthy "$LAST"
    [[ "$(get "/quotes/$ID")" == *"$TEXT"* ]] || fail "quote $ID is gone after $3"
    echo "after $3, a container of $2 on $VOLUME still serves quote $ID"
    remove "$LAST"
}

# with_backups COMMAND...: a one-off quotegen command on the volume, with the host's backup folder at /backup.
with_backups() {
    docker run --rm --network host -v "$VOLUME:/data" -v "$WORK/backups:/backup" "$IMAGE:$VERSION" "$@"
}

# ------------------------------------------------------------------------------------------------------
STEP="1. build and tag"
say "$STEP"
if [ "$SKIP_BUILD" = 0 ]; then
    show env DOCKER_BUILDKIT=1 "$BUILD_DOCKER" build --network host --build-arg VERSION="$VERSION" \
        -t "$IMAGE:$VERSION" -t "$IMAGE:latest" . || fail "docker build failed"
fi
docker image inspect "$IMAGE:$VERSION" >/dev/null 2>&1 || fail "no image $IMAGE:$VERSION"
show docker image ls "$IMAGE"
echo "$ docker history $IMAGE:$VERSION | head -8"
docker history "$IMAGE:$VERSION" | head -8 || true
[ "$(docker image inspect -f '{{.Config.User}}' "$IMAGE:$VERSION")" = "10001:10001" ] || fail "the image does not run as 10001"
label=$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.version"}}' "$IMAGE:$VERSION")
[ "$label" = "$VERSION" ] || fail "org.opencontainers.image.version is '$label', not $VERSION"
echo "runs as 10001:10001, org.opencontainers.image.version=$label"

STEP="1b. the minimal image (FROM scratch)"
say "$STEP"
if [ "$SKIP_BUILD" = 0 ]; then
    show env DOCKER_BUILDKIT=1 "$BUILD_DOCKER" build --network host --build-arg VERSION="$VERSION" --target minimal \
        -t "$IMAGE:$VERSION-minimal" . || fail "docker build --target minimal failed"
fi
show docker image ls "$IMAGE"
bytes=$(docker image inspect -f '{{.Size}}' "$IMAGE:$VERSION-minimal")
echo "minimal image: $((bytes / 1000000)) MB"
[ "$bytes" -lt 100000000 ] || fail "the minimal image is $bytes bytes, not under 100 MB"
run minimal -v "$VOLUME-minimal:/data" "$IMAGE:$VERSION-minimal"
wait_healthy "$LAST"
[[ "$(get /quote)" == *'"quote"'* ]] || fail "the minimal image does not serve /quote"
remove "$LAST"
docker volume rm "$VOLUME-minimal" >/dev/null

STEP="2. a container on a named volume"
say "$STEP"
show docker volume create "$VOLUME" >/dev/null
run first -v "$VOLUME:/data" "$IMAGE:$VERSION"
wait_healthy "$LAST"
quote=$(get /quote)
echo "GET /quote -> $quote"
grep -qx "$(printf '%s' "$quote" | python3 -c 'import json,sys; print(json.load(sys.stdin)["quote"])')" seed/quotes.txt \
    || fail "GET /quote did not return a seed quote"
show docker logs --tail 5 "$LAST"

STEP="3. data outlives containers and image tags"
say "$STEP"
TEXT="Posted during the demo at $(date -u +%H:%M:%S)."
created=$(curl -sS --noproxy '*' --max-time 5 -X POST "$URL/quotes" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"quote\": \"$TEXT\"}")
echo "POST /quotes -> $created"
ID=$(printf '%s' "$created" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || fail "POST did not create a quote"
remove "$LAST"
serves_posted_quote second "$IMAGE:$VERSION" "docker rm -f of the first container"
show docker tag "$IMAGE:$VERSION" "$IMAGE:$NEXT_TAG"
serves_posted_quote upgraded "$IMAGE:$NEXT_TAG" "an 'upgrade' to the new tag"

STEP="3b. one-off commands through the same image"
say "$STEP"
out=$(docker run --rm --network host -v "$VOLUME:/data" "$IMAGE:$VERSION" migrate) || fail "docker run IMAGE migrate failed"
echo "$out"
[[ "$out" == *"is up to date"* ]] || fail "migrate said: $out"
out=$(docker run --rm --network host -v "$VOLUME:/data" "$IMAGE:$VERSION" seed 2>/dev/null) || fail "docker run IMAGE seed failed"
echo "$out"
# The image's seed file is the one the first container imported: recognised by its fingerprint, not read again.
[[ "$out" == "seed file unchanged since its last import"* ]] || fail "seed said: $out"

STEP="4. without the volume, the data is not there"
say "$STEP"
run novolume "$IMAGE:$VERSION"
wait_healthy "$LAST"
[ "$(get "/quotes?q=Posted%20during%20the%20demo" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')" = 0 ] \
    || fail "a container without the volume sees the posted quote"
echo "a container without $VOLUME has only the seed quotes: the data lived in the volume, not in the image"
remove "$LAST"

STEP="5. a bind-mounted seed file is read live"
say "$STEP"
cp seed/quotes.txt "$WORK/quotes.txt"
chmod 0644 "$WORK/quotes.txt"
run liveseed -v "$VOLUME:/data" -v "$WORK/quotes.txt:/app/seed/quotes.txt:ro" "$IMAGE:$VERSION"
wait_healthy "$LAST"
LINE="Appended on the host at $(date -u +%H:%M:%S)."
show sh -c "echo '$LINE' >> '$WORK/quotes.txt'"
found=0
for _ in $(seq 1 20); do
    if [[ "$(get "/quotes?q=Appended%20on%20the%20host")" == *"$LINE"* ]]; then found=1; break; fi
    sleep 0.5
done
[ $found = 1 ] || fail "the appended seed line did not show up"
echo "the new line is served without a restart"

STEP="5b. back up the named volume while the server runs"
say "$STEP"
mkdir -p "$WORK/backups"
chown 10001:10001 "$WORK/backups"   # the image runs as uid 10001: it must be able to write the host folder
show with_backups backup /backup/quotes-demo.sqlite || fail "backup failed"
[ -s "$WORK/backups/quotes-demo.sqlite" ] || fail "no backup file"
out=$(with_backups restore /backup/quotes-demo.sqlite 2>&1) && fail "restore ran while the server held the database"
echo "restore while serving: $out"
[[ "$out" == *"in use by a quotegen process"* ]] || fail "unclear refusal: $out"
# Deleted after the backup: in step 7 only a restore that works brings it back.
code=$(curl -sS --noproxy '*' --max-time 5 -o /dev/null -w '%{http_code}' -X DELETE "$URL/quotes/$ID" -H "Authorization: Bearer $TOKEN")
[ "$code" = 204 ] || fail "DELETE /quotes/$ID answered $code"
[[ "$(get "/quotes/$ID")" == *'"status":404'* ]] || fail "quote $ID is still served after its deletion"
echo "quote $ID deleted after the backup"

STEP="6. an unwritable bind mount at /data fails with one clear line"
say "$STEP"
mkdir -p "$WORK/readonly-data"
chmod 0755 "$WORK/readonly-data"   # owned by root here: uid 10001 cannot write it
CONTAINERS+=("quotegen-demo-unwritable")
show docker run --name quotegen-demo-unwritable --network host -e QUOTEGEN_HOST=127.0.0.1 -e QUOTEGEN_PORT="$PORT" \
    -v "$WORK/readonly-data:/data" "$IMAGE:$VERSION" && fail "the container did not fail"
message=$(docker logs quotegen-demo-unwritable 2>&1)
[ "$(printf '%s\n' "$message" | wc -l)" = 1 ] || fail "expected one line, got: $message"
case "$message" in
    *"/data is not writable by uid 10001"*"named volume"*"chown 10001"*) echo "one line: $message" ;;
    *) fail "unclear message: $message" ;;
esac

STEP="7. docker stop, inspect and system df"
say "$STEP"
name="quotegen-demo-liveseed"
show docker inspect -f 'health: {{.State.Health.Status}}' "$name"
show docker inspect -f '{{range .Mounts}}{{.Type}} {{.Source}} -> {{.Destination}}{{println}}{{end}}' "$name"
start=$(date +%s)
show docker stop "$name" >/dev/null
elapsed=$(( $(date +%s) - start ))
code=$(docker inspect -f '{{.State.ExitCode}}' "$name")
echo "docker stop took ${elapsed}s, exit code $code"
[ "$code" = 0 ] || fail "exit code $code after docker stop"
[ "$elapsed" -lt 10 ] || fail "docker stop took ${elapsed}s: SIGTERM was not handled"
# With the server stopped, the backup of step 5b can be restored into the volume: quote $ID, deleted since, is back.
show with_backups restore /backup/quotes-demo.sqlite || fail "restore failed"
serves_posted_quote restored "$IMAGE:$VERSION" "a restore of the backup"

STEP="7b. the same service with docker-compose (host-network file)"
say "$STEP"
COMPOSE_VOLUME=quotegen-demo-compose
compose() {
    QUOTEGEN_VERSION="$VERSION" QUOTEGEN_PORT="$PORT" QUOTEGEN_ADMIN_TOKEN="$TOKEN" QUOTEGEN_VOLUME="$COMPOSE_VOLUME" \
        docker-compose -p quotegen-demo -f compose.host.yaml "$@"
}
show compose up -d --no-build || fail "docker-compose up failed"
COMPOSE_UP=1
wait_healthy "$(compose ps -q quotegen)"
[[ "$(get /quote)" == *'"quote"'* ]] || fail "the compose service does not serve /quote"
show compose down
docker volume inspect "$COMPOSE_VOLUME" >/dev/null 2>&1 || fail "docker-compose down removed the named volume"
echo "docker-compose down kept the volume $COMPOSE_VOLUME; down -v removes it:"
show compose down -v
docker volume inspect "$COMPOSE_VOLUME" >/dev/null 2>&1 && fail "docker-compose down -v kept the volume"
COMPOSE_UP=0

docker system df -v > "$WORK/df.txt"
grep -E "^VOLUME NAME|^$VOLUME " "$WORK/df.txt" || fail "docker system df -v does not list $VOLUME"
