#!/usr/bin/env bash
# Installs what is missing, builds everything with its tests, runs every test suite (the interop
# tests start their own nats-server / natsd processes on free ports), then fuzzes the parser.
# Runs every step even after a failure, prints a summary, and exits non-zero if any step failed.
#
#   scripts/test.sh                 everything
#   FUZZ_RUNS=1000000 scripts/test.sh
#   SWIFT_TEST_ARGS="--filter NATSProtocolTests" scripts/test.sh
#   TEST_PARALLEL=1 scripts/test.sh     tests in parallel instead of one at a time
#   TEST_RETRY=0 scripts/test.sh        no second run of the few tests that failed
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Swift lives at /opt/swift on our machines; it may not be on PATH in a bare shell.
command -v swift > /dev/null || export PATH="/opt/swift/usr/bin:$PATH"
FUZZ_RUNS="${FUZZ_RUNS:-200000}"
# A hung test must not eat CI's whole budget: swift test is stopped after this many seconds.
SWIFT_TEST_TIMEOUT="${SWIFT_TEST_TIMEOUT:-2700}"

scripts/setup.sh || { echo "test: setup failed"; exit 1; }
# shellcheck source=/dev/null
source .build-tools/env.sh
export NATS_SERVER_BIN NATS_SERVER_29_BIN NATSBENCH PYTHON

failed=()
step() {
    local name="$1"
    shift
    echo "==> $name"
    local start=$SECONDS
    if "$@"; then
        echo "==> $name: ok ($((SECONDS - start)) s)"
    else
        local rc=$?
        echo "==> $name: FAILED (exit $rc, $((SECONDS - start)) s)"
        failed+=("$name")
    fi
}

# The suites run one test at a time by default: on this 2-core machine the whole suite in parallel
# (hundreds of servers, clients and PTYs at once) makes timing-sensitive tests flaky, and serially
# it still takes well under a minute. TEST_PARALLEL=1 runs them in parallel (Swift Testing's default).
parallel="--no-parallel"
[[ "${TEST_PARALLEL:-0}" == 1 ]] && parallel=""

# Without XCTest tests, XCTest's runner only prints "Executed 0 tests": leave it out, so that the
# last word of the run is Swift Testing's summary. With any XCTest test it runs as usual.
xctest="--disable-xctest"
grep -rqsl --include='*.swift' '^import XCTest' Tests && xctest=""

# swift test, its output also kept in .build-tools/swift-test.log for the summary below.
TEST_LOG="$ROOT/.build-tools/swift-test.log"
RETRY_LOG="$ROOT/.build-tools/swift-test-retry.log"
flaky=()

# The function names of the tests that recorded an issue in a Swift Testing log.
failing_tests() { grep -oE '^✘ Test [A-Za-z_][A-Za-z0-9_]*\(' "$1" | sed -E 's/^✘ Test //; s/\($//' | sort -u; }

# Runs every suite. When a complete run has a few failing tests (at most 5), they are run once more,
# alone and one at a time: on a shared 2-core machine some timing-sensitive tests fail under load.
# A test that passes then is reported as FLAKY in the summary (never silently); one that fails again
# fails the step. TEST_RETRY=0 turns this off.
run_tests() {
    # shellcheck disable=SC2086
    timeout --signal=INT --kill-after=30 "$SWIFT_TEST_TIMEOUT" \
        swift test --skip-build $parallel $xctest ${SWIFT_TEST_ARGS:-} 2>&1 | tee "$TEST_LOG"
    local rc="${PIPESTATUS[0]}"
    ((rc == 0)) && return 0
    [[ "${TEST_RETRY:-1}" == 1 ]] || return "$rc"
    grep -q '^✘ Test run with' "$TEST_LOG" || return "$rc"  # crashed or timed out: no retry
    local names=()
    mapfile -t names < <(failing_tests "$TEST_LOG")
    ((${#names[@]} > 0 && ${#names[@]} <= 5)) || return "$rc"
    echo "==> swift test: ${#names[@]} failing test(s), running them once more, alone: ${names[*]}"
    local filters=()
    for n in "${names[@]}"; do filters+=(--filter "${n}\\("); done
    # shellcheck disable=SC2086
    timeout --signal=INT --kill-after=30 "$SWIFT_TEST_TIMEOUT" \
        swift test --skip-build --no-parallel $xctest "${filters[@]}" 2>&1 | tee "$RETRY_LOG"
    local rc2="${PIPESTATUS[0]}"
    local ran
    ran="$(grep -oE '^✔ Test run with [0-9]+ test' "$RETRY_LOG" | grep -oE '[0-9]+' || echo 0)"
    if ((rc2 == 0 && ran >= ${#names[@]})); then
        flaky=("${names[@]}")
        return 0
    fi
    return "$rc"
}

step "swift build --build-tests" swift build --build-tests
if ((${#failed[@]} == 0)); then
    # shellcheck disable=SC2086
    step "swift test" run_tests
else
    echo "==> swift test: not run, the build failed"
    failed+=("swift test")
fi
step "fuzz ($FUZZ_RUNS inputs)" Fuzz/run.sh "$FUZZ_RUNS"

echo
if ((${#flaky[@]})); then
    echo "test: FLAKY (failed in the full run, passed when run again alone): ${flaky[*]}"
    grep '^✘ Test .* recorded an issue' "$TEST_LOG" | awk '!seen[$3]++' | cut -c1-300 | sed 's/^/    /'
fi
if ((${#failed[@]})); then
    if [[ -f "$TEST_LOG" ]] && grep -q '^✘ Test .* recorded an issue' "$TEST_LOG"; then
        echo "test: failing tests (first issue of each):"
        grep '^✘ Test .* recorded an issue' "$TEST_LOG" | awk '!seen[$3]++' | cut -c1-300 | sed 's/^/    /'
    fi
    echo "test: FAILED: ${failed[*]}"
    exit 1
fi
echo "test: all steps passed"
