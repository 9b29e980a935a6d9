#!/usr/bin/env bash
# PubAck encode/decode: the hand-written encoder and the dedicated decoder against Foundation's
# JSONEncoder/JSONDecoder (PubAck's Codable path). Compiled with swiftc -O -wmo together with the
# JetStreamAPI sources PubAck needs into .build-tools/puback-bench (no SwiftPM build needed).
#   scripts/bench-puback.sh [OPERATIONS]      (default 200,000 per case)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v swiftc > /dev/null || export PATH="/opt/swift/usr/bin:$PATH"
SRC="$ROOT/Sources/JetStreamAPI"
OUT="$ROOT/.build-tools"
mkdir -p "$OUT"
SOURCES=("$ROOT/Benchmarks/PubAckBench.swift" "$SRC/PubAck.swift" "$SRC/FastJSON.swift" "$SRC/APIError.swift"
    "$SRC/JSONCoding.swift" "$SRC/NanoDuration.swift")
BIN="$OUT/puback-bench"
rebuild=0
[[ -x "$BIN" ]] || rebuild=1
for f in "${SOURCES[@]}" "${BASH_SOURCE[0]}"; do [[ "$f" -nt "$BIN" ]] && rebuild=1; done
if [[ $rebuild == 1 ]]; then
    swiftc -O -wmo -parse-as-library -module-name PubAckBench "${SOURCES[@]}" -o "$BIN"
fi
"$BIN" "${1:-200000}"
