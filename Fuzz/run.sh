#!/usr/bin/env bash
# Builds the libFuzzer target for the NATS protocol parser and runs it for a fixed number of inputs.
#   Fuzz/run.sh [RUNS]        (default 1000000)
# Builds into .build-fuzz/ (git-ignored): the binary, a seed corpus of valid streams, crash artifacts.
# Exits non-zero if the fuzzer finds a crash or a broken invariant; the reproducer is printed.
set -euo pipefail

RUNS="${1:-1000000}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/.build-fuzz"
SRC="$ROOT/Sources/NATSProtocol"
command -v swiftc > /dev/null || export PATH="/opt/swift/usr/bin:$PATH"
SWIFTC="${SWIFTC:-swiftc}"
mkdir -p "$OUT/corpus" "$OUT/artifacts"

# Only the import-free parts of NATSProtocol (Parser/, Headers/, Subjects/, NATSLimits.swift): they
# compile alone, without NIO or Foundation. A file there that imports anything but the C library
# (such as Parser/NATSOpParser+ByteBuffer.swift) is left out.
SOURCES=("$ROOT/Fuzz/ParserFuzz.swift")
while IFS= read -r f; do
    if ! grep -E '^\s*import ' "$f" | grep -vqE 'import (Glibc|Darwin|Musl)$'; then SOURCES+=("$f"); fi
done < <(find "$SRC/Parser" "$SRC/Headers" "$SRC/Subjects" "$SRC/NATSLimits.swift" -name '*.swift' | sort)

# Rebuild only when a source is newer than the binary.
BIN="$OUT/ParserFuzz"
rebuild=0
[[ -x "$BIN" ]] || rebuild=1
for f in "${SOURCES[@]}" "${BASH_SOURCE[0]}"; do [[ "$f" -nt "$BIN" ]] && rebuild=1; done
if [[ $rebuild == 1 ]]; then
    echo "fuzz: compiling ${#SOURCES[@]} files with -sanitize=fuzzer,address -O -wmo"
    # The linker's "cannot export local symbol __asan_*" warnings are harmless: keep them in a log.
    if ! "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -wmo -module-name NATSParserFuzz \
        "${SOURCES[@]}" -o "$BIN" > "$OUT/compile.log" 2>&1; then
        grep -v 'Cannot export local symbol' "$OUT/compile.log" | tail -n 40
        echo "fuzz: compile FAILED (full log: $OUT/compile.log)"
        exit 1
    fi
    grep -E 'warning:|error:' "$OUT/compile.log" | grep -v 'Cannot export local symbol' || true
fi

# Seeds: valid streams of both directions. The first byte of each input is the fuzzer's control
# byte (limits and split points), hence the leading character.
seed() { printf '%b' "$2" > "$OUT/corpus/seed-$1"; }
seed server  'xCONNECT {"verbose":false}\r\nPING\r\nSUB foo 1\r\nSUB foo.* q 2\r\nPUB foo 5\r\nhello\r\nUNSUB 1 3\r\n'
seed hpub    '\x05HPUB foo reply 22 27\r\nNATS/1.0\r\nA: 1\r\nA: 2\r\n\r\nhello\r\n'
seed client  '\x33INFO {"server_id":"X","max_payload":1048576}\r\n+OK\r\nMSG foo 1 _INBOX.a 3\r\nabc\r\n-ERR '"'"'Stale Connection'"'"'\r\n'
seed hmsg    '\x91HMSG _INBOX.a.b 3 33 33\r\nNATS/1.0 503\r\nNats-Subject: x\r\n\r\n\r\nPONG\r\n'
seed status  '\x07HMSG s 1 r 31 33\r\nNATS/1.0 100 Idle Heartbeat\r\n\r\nhi\r\n'
seed lower   '\xc4pub\ta  b\t2\nhi\r\nping\nsub a q 1\r\n'
seed bad     '\x02PUB a 2\r\nhiX\r\nHPUB a 13 12\r\n'
seed headers '\x01NATS/1.0 503 No Responders\r\nA: 1\r\nA:  2 \r\n\r\n'
seed match   '\x01foo.*.>\tfoo.bar.baz.qux'

# libFuzzer and ASan print the stack of a crash themselves; Swift's own backtracer would only add a
# helper process that can outlive the fuzzer.
export SWIFT_BACKTRACE=enable=no
echo "fuzz: running $RUNS inputs"
LOG="$OUT/last-run.log"
set +e
"$BIN" -runs="$RUNS" -max_len=9000 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$OUT/artifacts/" "$OUT/corpus" > "$LOG" 2>&1
status=$?
set -e
if [[ $status -ne 0 ]]; then
    tail -n 60 "$LOG"
    echo "fuzz: FAILED (exit $status); reproducer in $OUT/artifacts/, full log in $LOG"
    exit 1
fi
done_line="$(grep -E '^Done [0-9]+ runs' "$LOG" | tail -n 1)"
execs="$(grep -E 'stat::number_of_executed_units' "$LOG" | awk '{print $2}')"
echo "fuzz: ${done_line:-finished}; executed units: ${execs:-?}; no crash"
