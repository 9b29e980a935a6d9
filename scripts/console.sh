#!/usr/bin/env bash
# Installs what is missing, builds the console and the broker in release mode, and starts the
# console. With --local, natsh uses the server at NATS_URL (or the default URL) when one answers,
# and otherwise starts our own broker (natsd) beside it and connects to that.
#
#   scripts/console.sh                    the interactive console
#   scripts/console.sh pub keji hello     any natsh arguments are passed through
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Swift lives at /opt/swift on our machines; it may not be on PATH in a bare shell.
command -v swift > /dev/null || export PATH="/opt/swift/usr/bin:$PATH"
scripts/setup.sh
# Build quietly; show the output only when the build fails.
log="$ROOT/.build-tools/console-build.log"
for product in natsd natsh; do
    if ! swift build -c release --product "$product" > "$log" 2>&1; then
        cat "$log"
        echo "console: building $product failed" >&2
        exit 1
    fi
done
BIN="$(swift build -c release --show-bin-path)"
exec "$BIN/natsh" --local "$@"
