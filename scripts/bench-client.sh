#!/usr/bin/env bash
# Client publish benchmark: our Swift client (nats-client-bench) against the C client (libnats,
# ../shared/tools/natsbench -t pub), same nats-server, same run, interleaved, medians of ROUNDS.
#
#   scripts/bench-client.sh            # 16 B and 1 KiB, 1 M messages each, 3 rounds
#   MSGS=2000000 ROUNDS=5 SIZES="16 128 1024" TESTS="pub" scripts/bench-client.sh
#
# Tests: pub (publish only, ends with a PING/PONG flush; the issue's goal), pubsub (one
# publisher and one subscriber connection, received rate) and reqrep (REQS sequential requests of
# 16 B to a responder on another connection; p50 latency, ratio C/swift so that > 1 is better). Prints one line per run and, per test
# and size, both medians and the ratio swift/C (goal >= 1.0).
set -euo pipefail
cd "$(dirname "$0")/.."

MSGS=${MSGS:-1000000}
ROUNDS=${ROUNDS:-3}
SIZES=${SIZES:-"16 1024"}
TESTS=${TESTS:-"pub pubsub reqrep"}
REQS=${REQS:-20000}
NATSBENCH_SRC=${NATSBENCH_SRC:-../shared/tools/natsbench.c}
[ -n "${NATS_SERVER_BIN:-}" ] || { [ -f .build-tools/env.sh ] && . .build-tools/env.sh; } || true
SERVER=${NATS_SERVER_BIN:-}
[ -n "$SERVER" ] || SERVER=$(command -v nats-server)

echo "== building nats-client-bench (release) and natsbench (libnats)"
swift build -c release --product nats-client-bench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/nats-client-bench
mkdir -p .build-tools
if [ ! -x .build-tools/natsbench ] || [ "$NATSBENCH_SRC" -nt .build-tools/natsbench ]; then
    cc -O2 -o .build-tools/natsbench "$NATSBENCH_SRC" $(pkg-config --cflags --libs libnats) -lpthread
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG=$(mktemp)
"$SERVER" -a 127.0.0.1 -p "$PORT" >"$LOG" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 100); do grep -q "Server is ready" "$LOG" && break; sleep 0.05; done
URL="nats://127.0.0.1:$PORT"
echo "== $("$SERVER" --version) on $URL, $MSGS msgs per run, $ROUNDS rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"

rate() { sed -n 's/.* rate=\([0-9]*\).*/\1/p'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

p50() { sed -n 's/.* p50_us=\([0-9.]*\).*/\1/p'; }

for TEST in $TESTS; do
if [ "$TEST" = reqrep ]; then
    SWIFT_P50=()
    C_P50=()
    for ROUND in $(seq "$ROUNDS"); do
        S=$("$BENCH" -s "$URL" -n "$REQS" -z 16 -t reqrep --subject bench.swift.reqrep)
        echo "  round $ROUND  $S"
        C=$(.build-tools/natsbench -s "$URL" -t reqrep -z 16 -r "$REQS" -P "$SERVER_PID" -L C)
        echo "  round $ROUND  $C"
        SWIFT_P50+=("$(echo "$S" | p50)")
        C_P50+=("$(echo "$C" | p50)")
    done
    SM=$(printf '%s\n' "${SWIFT_P50[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    CM=$(printf '%s\n' "${C_P50[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    RATIO=$(awk -v s="$SM" -v c="$CM" 'BEGIN {printf "%.2f", c / s}')
    echo "reqrep 16 B: swift p50 ${SM} us, C (libnats) p50 ${CM} us, ratio (C/swift) ${RATIO}x"
    continue
fi
for SIZE in $SIZES; do
    SWIFT_RATES=()
    C_RATES=()
    for ROUND in $(seq "$ROUNDS"); do
        S=$("$BENCH" -s "$URL" -n "$MSGS" -z "$SIZE" -t "$TEST" --subject "bench.swift.$TEST")
        echo "  round $ROUND  $S"
        C=$(.build-tools/natsbench -s "$URL" -t "$TEST" -z "$SIZE" -n "$MSGS" -P "$SERVER_PID" -L C)
        echo "  round $ROUND  $C"
        SWIFT_RATES+=("$(echo "$S" | rate)")
        C_RATES+=("$(echo "$C" | rate)")
    done
    SM=$(printf '%s\n' "${SWIFT_RATES[@]}" | median)
    CM=$(printf '%s\n' "${C_RATES[@]}" | median)
    RATIO=$(awk -v s="$SM" -v c="$CM" 'BEGIN {printf "%.2f", s / c}')
    echo "$TEST ${SIZE} B: swift ${SM} msg/s, C (libnats) ${CM} msg/s, ratio ${RATIO}x"
done
done
