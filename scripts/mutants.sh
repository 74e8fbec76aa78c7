#!/usr/bin/env bash
# The mutation check: breaks each promise listed in scripts/mutants/ on purpose, one at a time, and requires
# the tests named in the patch to fail. A mutant that survives (its tests pass) is a promise no test holds.
#
#   scripts/mutants.sh                 # every mutant
#   scripts/mutants.sh 03 11           # those whose file name starts with 03 or 11
#
# Each scripts/mutants/NN-name.patch is a small diff with two header lines:
#   # promise: what the code promises, which the patch breaks
#   # tests: the --filter of the tests that must catch it
# The tree is restored after each mutant, and on exit whatever happens (Ctrl-C included). Uncommitted changes
# to the patched files are kept: a patch is reverse-applied, never checked out. Each test run is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
# Where swift is not on PATH, the login profile says where this machine keeps its toolchain.
if ! command -v swift >/dev/null; then set +u; . /etc/profile; set -u; fi

per_mutant_timeout=${MUTANT_TIMEOUT:-300}
applied=""
restore() {
    if [ -n "$applied" ]; then
        git apply -R "$applied" && applied=""
    fi
}
trap restore EXIT INT TERM

# A build that dies of a signal (swift build has crashed with SIGSEGV on CI, on a patch that builds here) says
# nothing about the mutant: it is tried again, up to three times. A compile error is never retried.
build() {
    local attempt status
    for attempt in 1 2 3; do
        status=0
        swift build --build-tests "$@" || status=$?
        [ "$status" -le 128 ] && return "$status"
        echo "mutants: swift build died of signal $((status - 128)) (attempt $attempt)" >&2
    done
    return "$status"
}

patches=()
if [ $# -eq 0 ]; then
    patches=(scripts/mutants/*.patch)
else
    for prefix in "$@"; do patches+=(scripts/mutants/"$prefix"*.patch); done
fi

# The tests must pass on the unmutated tree, or every mutant would look killed.
build >/dev/null 2>&1 || { echo "mutants: the unmutated tree does not build" >&2; exit 1; }

survivors=()
broken=()
printf '%-45s %-10s %s\n' "mutant" "outcome" "tests"
for patch in "${patches[@]}"; do
    name=$(basename "$patch" .patch)
    filter=$(sed -n 's/^# tests: //p' "$patch")
    if ! git apply --check "$patch" 2>/dev/null; then
        printf '%-45s %-10s %s\n' "$name" "NO-APPLY" "$filter"
        broken+=("$name (does not apply: the code moved; update the patch)")
        continue
    fi
    git apply "$patch"
    applied="$patch"
    outcome=""
    if ! build >"/tmp/mutant-$name.log" 2>&1; then
        outcome="NO-BUILD"
        broken+=("$name (does not compile: /tmp/mutant-$name.log)")
    elif timeout "$per_mutant_timeout" swift test --skip-build --filter "$filter" >>"/tmp/mutant-$name.log" 2>&1; then
        outcome="SURVIVED"
        survivors+=("$name")
    else
        outcome="killed"
    fi
    # A test process that outlived the limit (swift test starts it in a process group of its own, out of
    # timeout's reach) would keep its ports and load the machine through every later mutant.
    pkill -KILL -f "$PWD/.build/.*PackageTests.xctest" 2>/dev/null || true
    restore
    printf '%-45s %-10s %s\n' "$name" "$outcome" "$filter"
done

# Leave the build matching the tree.
build >/dev/null 2>&1 || { echo "mutants: the unmutated tree does not build" >&2; exit 1; }

if [ ${#survivors[@]} -gt 0 ] || [ ${#broken[@]} -gt 0 ]; then
    for name in "${survivors[@]}"; do echo "mutants: $name survived: no test holds its promise (log: /tmp/mutant-$name.log)" >&2; done
    for line in "${broken[@]}"; do echo "mutants: $line" >&2; done
    exit 1
fi
echo "mutants: all ${#patches[@]} killed"
