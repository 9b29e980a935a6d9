#!/usr/bin/env bash
# Parser throughput on one core: NATSOpParser fed reads of 64 KiB, 4 KiB and 100 B (frames cut
# anywhere), for PUB, HPUB, MSG and PING. Compiled with swiftc -O -wmo together with the import-free
# NATSProtocol sources into .build-tools/parser-bench (no SwiftPM build needed).
#   scripts/bench-parser.sh [FRAMES]      (default 20,000,000 per case)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v swiftc > /dev/null || export PATH="/opt/swift/usr/bin:$PATH"
SRC="$ROOT/Sources/NATSProtocol"
OUT="$ROOT/.build-tools"
mkdir -p "$OUT"
# The benchmark and the import-free parser sources (as Fuzz/run.sh picks them).
SOURCES=("$ROOT/Benchmarks/ParserBench.swift" "$SRC/NATSLimits.swift")
while IFS= read -r f; do
    if ! grep -E '^\s*import ' "$f" | grep -vqE 'import (Glibc|Darwin|Musl)$'; then SOURCES+=("$f"); fi
done < <(find "$SRC/Parser" -name '*.swift' | sort)
BIN="$OUT/parser-bench"
rebuild=0
[[ -x "$BIN" ]] || rebuild=1
for f in "${SOURCES[@]}" "${BASH_SOURCE[0]}"; do [[ "$f" -nt "$BIN" ]] && rebuild=1; done
if [[ $rebuild == 1 ]]; then
    swiftc -O -wmo -parse-as-library -module-name NATSParserBench "${SOURCES[@]}" -o "$BIN"
fi
"$BIN" "${1:-20000000}"
