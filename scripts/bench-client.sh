#!/usr/bin/env bash
# Client publish benchmark: our Swift client (nats-client-bench) against the C client (libnats,
# ../shared/tools/natsbench -t pub), same nats-server, same run, interleaved, medians of ROUNDS.
#
#   scripts/bench-client.sh            # 16 B and 1 KiB, 1 M messages each, 3 rounds
#   MSGS=2000000 ROUNDS=5 SIZES="16 128 1024" TESTS="pub" scripts/bench-client.sh
#   TESTS="js_file js_mem" ROUNDS=3 scripts/bench-client.sh     # JetStream (JS_SYNC, JS_ASYNC msgs)
#
# Tests: pub (publish only, ends with a PING/PONG flush; the issue's goal), pubsub (one
# publisher and one subscriber connection, received rate) and reqrep (REQS sequential requests of
# 16 B to a responder on another connection; p50 and p99 latency with our tasks on the default executor
# and on the event loop, ratio C/swift so that > 1 is better), js_file and js_mem (JetStream sync publish,
# async publish with a window of 4096, fetch+ack of a durable pull consumer, against natsbench's; the
# server then runs with -js). Prints one line per run and, per test
# and size, both medians and the ratio swift/C (goal >= 1.0).
set -euo pipefail
cd "$(dirname "$0")/.."

MSGS=${MSGS:-1000000}
ROUNDS=${ROUNDS:-3}
SIZES=${SIZES:-"16 1024"}
TESTS=${TESTS:-"pub pubsub reqrep"}
REQS=${REQS:-20000}
JS_SYNC=${JS_SYNC:-50000}
JS_ASYNC=${JS_ASYNC:-200000}
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
STORE=$(mktemp -d)
JS_FLAGS=()
# JetStream only when a js test is asked for (the core figures are taken without it, as before).
case " $TESTS " in *" js"*) JS_FLAGS=(-js -sd "$STORE") ;; esac
"$SERVER" -a 127.0.0.1 -p "$PORT" "${JS_FLAGS[@]}" >"$LOG" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; rm -rf "$LOG" "$STORE"' EXIT
for _ in $(seq 100); do grep -q "Server is ready" "$LOG" && break; sleep 0.05; done
URL="nats://127.0.0.1:$PORT"
echo "== $("$SERVER" --version) on $URL, $MSGS msgs per run, $ROUNDS rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"

rate() { sed -n 's/.* rate=\([0-9]*\).*/\1/p'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

p50() { sed -n 's/.* p50_us=\([0-9.]*\).*/\1/p'; }
p99() { sed -n 's/.* p99_us=\([0-9.]*\).*/\1/p'; }

for TEST in $TESTS; do
if [ "$TEST" = js_file ] || [ "$TEST" = js_mem ]; then
    # natsbench's JetStream tests on one stream: sync publish, async publish (window 4096), fetch+ack
    # of a durable pull consumer. Our client (nats-client-bench -t js_file|js_mem) and libnats, rounds
    # interleaved, medians; ratio swift/C (> 1 means we are faster).
    declare -A JS
    for ROUND in $(seq "$ROUNDS"); do
        S=$("$BENCH" -s "$URL" -z 16 -t "$TEST" -j "$JS_SYNC" -J "$JS_ASYNC" -w 4096 -b 500)
        C=$(.build-tools/natsbench -s "$URL" -t "$TEST" -z 16 -j "$JS_SYNC" -J "$JS_ASYNC" -w 4096 -b 500 -P "$SERVER_PID" -L C)
        printf '%s\n' "$S" "$C" | sed "s/^/  round $ROUND  /"
        for KIND in js_pub_sync js_pub_async js_fetch_ack; do
            JS[swift.$KIND]+="$(printf '%s\n' "$S" | grep "test=$KIND " | rate) "
            JS[C.$KIND]+="$(printf '%s\n' "$C" | grep "test=$KIND " | rate) "
        done
    done
    for KIND in js_pub_sync js_pub_async js_fetch_ack; do
        SM=$(echo "${JS[swift.$KIND]}" | tr ' ' '\n' | grep -v '^$' | median)
        CM=$(echo "${JS[C.$KIND]}" | tr ' ' '\n' | grep -v '^$' | median)
        echo "$TEST $KIND 16 B: swift ${SM} msg/s, C (libnats) ${CM} msg/s, ratio $(awk -v s="$SM" -v c="$CM" 'BEGIN {printf "%.2f", s / c}')x"
    done
    unset JS
    continue
fi
if [ "$TEST" = reqrep ]; then
    # Three requesters, interleaved per round: our client with its tasks on Swift's default executor
    # (global), our client with requester and responder tasks on their connections' event loops
    # (loop: NATSConnection.eventLoopExecutor, the low-latency mode), and libnats (which runs in its
    # own "send ASAP" latency mode). Ratios are C/swift, so > 1 means we are faster.
    declare -A P50 P99
    for ROUND in $(seq "$ROUNDS"); do
        for EXEC in global loop; do
            S=$("$BENCH" -s "$URL" -n "$REQS" -z 16 -t reqrep --executor "$EXEC" --subject bench.swift.reqrep)
            echo "  round $ROUND  $S"
            P50[$EXEC]+="$(echo "$S" | p50) "
            P99[$EXEC]+="$(echo "$S" | p99) "
        done
        C=$(.build-tools/natsbench -s "$URL" -t reqrep -z 16 -r "$REQS" -P "$SERVER_PID" -L C)
        echo "  round $ROUND  $C"
        P50[C]+="$(echo "$C" | p50) "
        P99[C]+="$(echo "$C" | p99) "
    done
    med() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
    C50=$(echo "${P50[C]}" | med)
    C99=$(echo "${P99[C]}" | med)
    for EXEC in global loop; do
        S50=$(echo "${P50[$EXEC]}" | med)
        S99=$(echo "${P99[$EXEC]}" | med)
        echo "reqrep 16 B, swift ($EXEC executor): p50 ${S50} us vs C ${C50} us, ratio $(awk -v s="$S50" -v c="$C50" 'BEGIN {printf "%.2f", c / s}')x; p99 ${S99} us vs C ${C99} us, ratio $(awk -v s="$S99" -v c="$C99" 'BEGIN {printf "%.2f", c / s}')x"
    done
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
